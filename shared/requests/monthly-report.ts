import type { Identity } from '../auth/identity';
import { mapLimit } from '../concurrency';
import { validationFailed } from '../http/errors';
import type { OrgUnit } from '../organisation/model';
import { listAllChildUnits } from '../organisation/repository';
import { TIME_ZONE } from '../time/local';
import { monthlyFigures } from './figures';
import type { MonthlyReport } from './model';
import { type AreaReportRow, reportRows } from './repository/report-rows';
import { scopeUnitOf } from './scope';

/** Subdistricts of a district whose rows are read at once. */
const SUBDISTRICT_CONCURRENCY = 4;

/** The rows of a unit's month: Queries on the month's `byArea` partitions, a few at a time. */
async function rowsOf(unit: OrgUnit, month: string): Promise<AreaReportRow[]> {
  switch (unit.kind) {
    case 'grid': {
      const [, subdistrictId, communityId] = unit.ancestors;
      const rows = await reportRows({ subdistrictId: subdistrictId!, communityIds: [communityId!] }, month);
      return rows.filter((row) => row.gridId === unit.id);
    }
    case 'community':
      return reportRows({ subdistrictId: unit.parentId!, communityIds: [unit.id] }, month);
    case 'subdistrict': {
      const communities = (await listAllChildUnits(unit.id)).map((child) => child.id);
      return reportRows({ subdistrictId: unit.id, communityIds: communities }, month);
    }
    case 'district': {
      const subdistricts = await listAllChildUnits(unit.id);
      const parts = await mapLimit(subdistricts, SUBDISTRICT_CONCURRENCY, (subdistrict) => reportRows({ subdistrictId: subdistrict.id }, month));
      return parts.flat();
    }
    default:
      throw validationFailed([{ field: 'query.scope', code: 'invalid', message: 'a grid, community, subdistrict or district' }]);
  }
}

/**
 * The monthly report of a grid, community, subdistrict or district within the admin's scope, as
 * of `now`: figures overall and by category, from the requests submitted in that Beijing month.
 */
export async function monthlyReportOf(identity: Identity, scopeId: string, month: string, now: Date): Promise<MonthlyReport> {
  const unit = await scopeUnitOf(identity, scopeId);
  const rows = await rowsOf(unit, month);
  return {
    scope: { id: unit.id, kind: unit.kind, name: unit.name },
    month,
    timeZone: TIME_ZONE,
    ...monthlyFigures(rows, now),
    generatedAt: now.toISOString(),
  };
}
