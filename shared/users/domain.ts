import { CITY_SCOPE, type Identity } from '../auth/identity';
import { type FieldError, ProblemError, forbidden, notFound } from '../http/errors';
import { reaches } from '../organisation/domain';
import type { OrgUnit } from '../organisation/model';
import type { User } from './model';

/**
 * Rules about people: who an admin may see, and what roles and scopes an admin may give.
 * Plain functions over plain data; the handler loads what they need.
 */

/** A role and the scope that goes with it. */
export type RoleAssignment = Pick<Identity, 'role' | 'units' | 'stations'>;

/** Whether a caller's scope is the whole city. */
export const isCityWide = (identity: Pick<Identity, 'units'>): boolean => identity.units.includes(CITY_SCOPE);

/**
 * The org units that place a user in the organisation: the units their role reaches and the grid
 * they live in. `city` is not a unit and is left out (only city-wide admins reach such a user).
 */
export function placingUnitIdsOf(user: Pick<User, 'units' | 'homeGridId'>): string[] {
  const ids = [...user.units, ...(user.homeGridId ? [user.homeGridId] : [])];
  return [...new Set(ids)].filter((id) => id !== CITY_SCOPE);
}

/**
 * Whether an admin sees a user: city-wide admins see everyone; others see a user one of whose
 * placing units (loaded from {@link placingUnitIdsOf}) they reach.
 */
export function isWithinScope(admin: Pick<Identity, 'units'>, placingUnits: readonly OrgUnit[]): boolean {
  return isCityWide(admin) || placingUnits.some((unit) => reaches(admin, unit));
}

/** Throws 404 (not 403: we do not confirm who exists outside someone's scope) unless the admin sees the user. */
export function assertWithinScope(admin: Pick<Identity, 'units'>, placingUnits: readonly OrgUnit[]): void {
  if (!isWithinScope(admin, placingUnits)) throw notFound();
}

/** An admin never changes their own role or scope: someone above them does. */
export function assertNotSelf(admin: Pick<Identity, 'userId'>, userId: string): void {
  if (admin.userId === userId) throw forbidden('admins cannot change their own role');
}

/** Whether an admin reaches a unit id: `city` only when city-wide; an id that names no unit only when city-wide. */
function reachesId(admin: Pick<Identity, 'units'>, unitId: string, units: ReadonlyMap<string, OrgUnit>): boolean {
  const unit = units.get(unitId);
  return isCityWide(admin) || (unit !== undefined && reaches(admin, unit));
}

/**
 * Decides a role assignment. `units` holds the org units named by the target's current units and
 * by the request, keyed by id (missing ids are simply absent).
 *
 * - An admin cannot change their own role (403).
 * - The admin must reach every unit the target holds now, so no admin takes away what another,
 *   outside their scope, gave (404: the user is outside their scope). A user with no units (a new
 *   resident) may be given a role by any admin, within that admin's scope.
 * - Every unit given must exist (400, field `body.units.N`) and be reached by the admin (404);
 *   `city` may be given only by a city-wide admin.
 * - Stations go with the station manager role only (400, field `body.stations`).
 */
export function planRoleAssignment(
  admin: Identity,
  target: Pick<User, 'id' | 'units'>,
  request: RoleAssignment,
  units: ReadonlyMap<string, OrgUnit>,
): RoleAssignment {
  assertNotSelf(admin, target.id);
  if (!target.units.every((id) => reachesId(admin, id, units))) throw notFound();

  const missing: FieldError[] = [];
  request.units.forEach((id, index) => {
    if (id !== CITY_SCOPE && !units.has(id)) {
      missing.push({ field: `body.units.${index}`, code: 'unknown_unit', message: `no org unit ${id}` });
    }
  });
  if (request.stations.length > 0 && request.role !== 'station_manager') {
    missing.push({ field: 'body.stations', code: 'invalid', message: 'only station managers run stations' });
  }
  if (missing.length > 0) throw new ProblemError(400, 'validation_failed', undefined, missing);

  for (const id of request.units) {
    if (!reachesId(admin, id, units)) throw notFound(`org unit ${id}`);
  }
  return { role: request.role, units: [...new Set(request.units)], stations: [...new Set(request.stations)] };
}
