import { mapLimit } from '../../shared/concurrency';
import { httpFunction } from '../../shared/http/function';
import { ProblemError, notFound } from '../../shared/http/errors';
import { nowIso } from '../../shared/ids';
import { assertReaches } from '../../shared/auth/scope';
import type { OrgUnit } from '../../shared/organisation/model';
import { getOrgUnit, listAllChildUnits } from '../../shared/organisation/repository';
import { TIME_ZONE, monthlyFigures } from '../../shared/requests/domain';
import { reportRows } from '../../shared/requests/repository';
import { reportRoutes } from '../../shared/requests/routes';

/** The rows of a unit's month: Queries on the month's `byArea` partitions, a few at a time. */
async function rowsOf(unit: OrgUnit, month: string) {
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
      const parts = await mapLimit(subdistricts, 4, (subdistrict) => reportRows({ subdistrictId: subdistrict.id }, month));
      return parts.flat();
    }
    default:
      throw new ProblemError('validation_failed', undefined, [
        { field: 'query.scope', code: 'invalid', message: 'a grid, community, subdistrict or district' },
      ]);
  }
}

export const handler = httpFunction(reportRoutes, {
  async monthlyReport({ identity, query }) {
    const unit = await getOrgUnit(query.scope);
    if (!unit) throw notFound();
    assertReaches(identity, unit);
    const now = nowIso();
    const rows = await rowsOf(unit, query.month);
    return {
      scope: { id: unit.id, kind: unit.kind, name: unit.name },
      month: query.month,
      timeZone: TIME_ZONE,
      ...monthlyFigures(rows, now),
      generatedAt: now,
    };
  },
});
