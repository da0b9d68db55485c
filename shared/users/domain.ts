import { CITY_SCOPE, type Identity } from '../auth/identity';
import { type Placed, isCityWide, reaches, reachesPerson } from '../auth/scope';
import { type FieldError, ProblemError, forbidden, notFound } from '../http/errors';
import type { OrgUnit } from '../organisation/model';
import type { User } from './model';

/**
 * Rules about people: who an admin may see and change, and what roles and scopes an admin may
 * give. Plain functions over plain data; the handler loads what they need. Scope itself is the
 * one rule of shared/auth/scope.ts.
 */

/** A role and the scope that goes with it. Which stations a manager runs is set on the stations. */
export type RoleAssignment = Pick<Identity, 'role' | 'units'>;

/** The ids of the org units that may place a user: the units their role holds and their home grid. */
export function placingUnitIdsOf(user: Pick<User, 'units' | 'homeGridId'>): string[] {
  return [...new Set([...user.units, ...(user.homeGridId ? [user.homeGridId] : [])])];
}

/**
 * Where a user sits in the organisation: each unit their role holds and their home grid (as loaded;
 * an id that names no unit, `city` among them, is a place only the city-wide scope reaches), and
 * each station they run.
 */
export function placesOf(
  user: Pick<User, 'units' | 'homeGridId'>,
  units: ReadonlyMap<string, OrgUnit>,
  managedStations: readonly Placed[],
): Placed[] {
  const unitPlaces = placingUnitIdsOf(user).map((id) => {
    const unit = id === CITY_SCOPE ? undefined : units.get(id);
    // Unknown ids get an ancestor only the city-wide scope holds, so no unit id can match them.
    return unit ? { id: unit.id, ancestors: unit.ancestors } : { id: `${CITY_SCOPE}:${id}`, ancestors: [CITY_SCOPE] };
  });
  return [...unitPlaces, ...managedStations];
}

/** Throws 404 (not 403: we do not confirm who exists outside someone's scope) unless the admin may see the user. */
export function assertCanSee(admin: Pick<Identity, 'units'>, places: readonly Placed[]): void {
  if (!reachesPerson(admin, places, 'see')) throw notFound();
}

/** An admin never changes their own role, scope or standing: someone above them does. */
export function assertNotSelf(admin: Pick<Identity, 'userId'>, userId: string): void {
  if (admin.userId === userId) throw forbidden('admins cannot change their own role or standing');
}

/**
 * Whether an admin may change a person (their role, scope, deactivation): not themselves (403), and
 * every place of the person within the admin's scope (404), so no admin takes away what another,
 * outside their scope, gave. `complete` is false when the person's places could not all be read.
 */
export function assertCanChange(admin: Identity, target: Pick<User, 'id'>, places: readonly Placed[], complete = true): void {
  assertNotSelf(admin, target.id);
  if (!complete && !isCityWide(admin)) throw notFound();
  if (!reachesPerson(admin, places, 'change')) throw notFound();
}

/**
 * Decides a role assignment for a person the admin may change ({@link assertCanChange} first).
 * `units` holds the org units the request names, keyed by id (missing ids are simply absent).
 * Every unit given must exist (400, field `body.units.N`) and be reached by the admin (404);
 * `city` may be given only by a city-wide admin.
 */
export function planRoleAssignment(admin: Identity, request: RoleAssignment, units: ReadonlyMap<string, OrgUnit>): RoleAssignment {
  const missing: FieldError[] = [];
  request.units.forEach((id, index) => {
    if (id !== CITY_SCOPE && !units.has(id)) {
      missing.push({ field: `body.units.${index}`, code: 'unknown_unit', message: `no org unit ${id}` });
    }
  });
  if (missing.length > 0) throw new ProblemError('validation_failed', undefined, missing);
  for (const id of request.units) {
    const unit = units.get(id);
    const given = id === CITY_SCOPE ? isCityWide(admin) : unit !== undefined && reaches(admin, unit);
    if (!given) throw notFound(`org unit ${id}`);
  }
  return { role: request.role, units: [...new Set(request.units)] };
}
