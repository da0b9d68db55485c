import { batchGetItems, batchWriteItems } from '../table/batch';
import { requestKeys as keys } from '../table/design';
import { queryPage } from '../table/query';
import { rolesOf } from '../users/repository';

/**
 * Who an overdue request escalates to: admins are indexed by the unit they administer
 * (`UNIT#<unit>` / `ADMIN#<user>`, kept by the request-routing consumer), so a community's or
 * subdistrict's admins are one Query away.
 */

/**
 * Records that a user administers these units (`city` for city-wide admins), as of `since`. Entries
 * are never trusted alone: {@link adminsOf} checks each against the user's current role and scope,
 * so a role taken away later needs no clean-up here.
 */
export async function indexAdmin(userId: string, unitIds: readonly string[], since: Date): Promise<void> {
  const sinceIso = since.toISOString();
  await batchWriteItems(
    unitIds.map((unitId) => ({ put: { ...keys.unitAdmin(unitId, userId), entity: 'unit-admin', unitId, userId, since: sinceIso } })),
  );
}

/**
 * Takes a user out of the admins of these units. Not needed for correctness ({@link adminsOf}
 * checks every entry against the user's role), but an import that moves an admin keeps the index
 * to what the files say.
 */
export async function unindexAdmin(userId: string, unitIds: readonly string[]): Promise<void> {
  await batchWriteItems(unitIds.map((unitId) => ({ delete: keys.unitAdmin(unitId, userId) })));
}

/**
 * Which of these (unit, user) pairs the admin index holds, as `unitId/userId` strings: BatchGets of
 * keys only, a hundred a call, for checking a city's admins at once.
 */
export async function indexedAdmins(pairs: readonly { unitId: string; userId: string }[]): Promise<Set<string>> {
  const found = await batchGetItems(pairs.map(({ unitId, userId }) => keys.unitAdmin(unitId, userId)), { attributes: ['unitId', 'userId'] });
  return new Set(found.map((item) => `${String(item.unitId)}/${String(item.userId)}`));
}

/** The current admins of a unit: indexed entries whose user is still an admin of that unit. */
export async function adminsOf(unitId: string): Promise<string[]> {
  const { pk, skPrefix } = keys.unitAdminsOf(unitId);
  // A unit has a handful of admins; the first hundred are plenty to escalate to.
  const { items } = await queryPage({ partition: pk, sortPrefix: skPrefix, limit: 100 });
  const userIds = items.map((item) => item.userId as string);
  if (userIds.length === 0) return [];
  const current = (await rolesOf(userIds)).filter((user) => user.role === 'admin' && user.units.includes(unitId));
  return current.map((user) => user.id).sort();
}

/** The admins of the first unit in `unitIds` that has any (nearest first, `city` last). */
export async function escalationTargets(unitIds: readonly string[]): Promise<string[]> {
  for (const unitId of unitIds) {
    const admins = await adminsOf(unitId);
    if (admins.length > 0) return admins;
  }
  return [];
}
