/**
 * The plan of the staff: each row's account change, and the memberships and admin entries its role
 * makes, checked against the table so that those an earlier import left unwritten are written, and
 * those a changed row no longer holds are removed.
 */
import { mapLimit } from '../../../shared/concurrency';
import type { Member, OrgUnit } from '../../../shared/organisation/model';
import { getMembers, listMembershipsOf } from '../../../shared/organisation/repository';
import { indexedAdmins } from '../../../shared/requests/escalation-targets';
import type { TableCity } from '../export';
import type { CityStaff } from '../model';
import { type Change, changeOf, sameSet } from './compare';

/** `addedBy` of the memberships an import makes: the only ones a later import removes. */
export const IMPORT_MEMBERSHIP_MARK = 'import';

/** One staff row's plan. */
export interface StaffPlan {
  row: CityStaff;
  change: Change;
  userId?: string;
  /** Memberships the row makes, by `unitId/memberRole`. */
  expected: { unitId: string; memberRole: Member['memberRole'] }[];
  /** Of those, the ones the table lacks. */
  missing: { unitId: string; memberRole: Member['memberRole'] }[];
  /** Memberships an earlier import made that the row no longer holds. */
  stale: string[];
  adminUnits: string[];
  missingAdminUnits: string[];
  staleAdminUnits: string[];
}

/**
 * Each staff row's account change, and the memberships and admin entries it makes: a grid worker is
 * a `grid_worker` member of each of their grids and of every micro-grid in them (so they hear of
 * the micro-grids' shifts and swaps, as the demo's grid worker does), a volunteer a `volunteer`
 * member of their micro-grids, an admin is indexed under their units for escalations; a station
 * manager has none (the stations' managers lists say what they run).
 */
export async function planStaff(rows: readonly CityStaff[], table: TableCity, known: ReadonlyMap<string, OrgUnit>, limit: number): Promise<StaffPlan[]> {
  const microGridsOf = new Map<string, string[]>();
  for (const unit of known.values()) {
    if (unit.kind === 'micro_grid' && unit.parentId) microGridsOf.set(unit.parentId, [...(microGridsOf.get(unit.parentId) ?? []), unit.id]);
  }
  const membershipsOf = (role: string, units: readonly string[]): StaffPlan['expected'] => {
    const expected = new Map<string, StaffPlan['expected'][number]>();
    const add = (unitId: string, memberRole: Member['memberRole']) => expected.set(unitId, { unitId, memberRole });
    for (const unitId of units) {
      const kind = known.get(unitId)?.kind;
      if (role === 'grid_worker' && kind === 'grid') {
        add(unitId, 'grid_worker');
        (microGridsOf.get(unitId) ?? []).forEach((microGridId) => add(microGridId, 'grid_worker'));
      }
      if (role === 'grid_worker' && kind === 'micro_grid') add(unitId, 'grid_worker');
      if (role === 'volunteer' && kind === 'micro_grid') add(unitId, 'volunteer');
    }
    return [...expected.values()];
  };
  const plans: StaffPlan[] = rows.map((row) => {
    const existing = table.staff.get(row.phone);
    const change = changeOf(existing, (existing) => existing.displayName === row.name && existing.role === row.role && sameSet(existing.units, row.units));
    const expected = membershipsOf(row.role, row.units);
    const adminUnits = row.role === 'admin' ? [...new Set(row.units)] : [];
    const wasAdmin = existing?.role === 'admin' ? existing.units : [];
    return {
      row,
      change,
      ...(existing ? { userId: existing.userId } : {}),
      expected,
      missing: existing ? [] : expected,
      stale: [],
      adminUnits,
      missingAdminUnits: existing ? [] : adminUnits,
      staleAdminUnits: change === 'updated' ? wasAdmin.filter((unitId) => !adminUnits.includes(unitId)) : [],
    };
  });
  // What the table holds of the existing accounts' memberships and admin entries: BatchGets.
  const existing = plans.filter((plan) => plan.userId !== undefined);
  const present = new Set(
    (await getMembers(existing.flatMap((plan) => plan.expected.map(({ unitId }) => ({ unitId, userId: plan.userId! }))))).map(
      (member) => `${member.unitId}/${member.userId}/${member.memberRole}`,
    ),
  );
  const admins = await indexedAdmins(existing.flatMap((plan) => plan.adminUnits.map((unitId) => ({ unitId, userId: plan.userId! }))));
  for (const plan of existing) {
    plan.missing = plan.expected.filter(({ unitId, memberRole }) => !present.has(`${unitId}/${plan.userId}/${memberRole}`));
    plan.missingAdminUnits = plan.adminUnits.filter((unitId) => !admins.has(`${unitId}/${plan.userId}`));
  }
  // A changed row may no longer hold memberships an earlier import made: those go (only those: a
  // membership made by a grid worker or an invitation is not the import's to end).
  await mapLimit(
    existing.filter((plan) => plan.change === 'updated'),
    limit,
    async (plan) => {
      // A unit still expected (perhaps with another member role) is written over, not ended.
      const kept = new Set(plan.expected.map(({ unitId }) => unitId));
      const current: Member[] = [];
      let cursor: string | undefined;
      do {
        const page = await listMembershipsOf(plan.userId!, { limit: 100, ...(cursor ? { cursor } : {}) });
        current.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      plan.stale = current
        .filter((member) => member.addedBy === IMPORT_MEMBERSHIP_MARK && !kept.has(member.unitId))
        .map((member) => member.unitId);
    },
  );
  return plans;
}
