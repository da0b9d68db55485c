import { CITY_SCOPE, type Identity } from '../../shared/auth/identity';
import { httpFunction } from '../../shared/http/function';
import { notFound } from '../../shared/http/errors';
import type { OrgUnit } from '../../shared/organisation/model';
import { getOrgUnits } from '../../shared/organisation/repository';
import { stationsManagedBy } from '../../shared/stations/managers';
import { assertCanChange, assertCanSee, assertNotSelf, placesOf, placingUnitIdsOf, planRoleAssignment } from '../../shared/users/domain';
import type { User } from '../../shared/users/model';
import * as users from '../../shared/users/repository';
import { userRoutes } from '../../shared/users/routes';

/** Loads org units by id (deduplicated; `city` and unknown ids are simply absent from the map). */
async function unitsById(ids: readonly string[]): Promise<Map<string, OrgUnit>> {
  const found = await getOrgUnits([...new Set(ids)].filter((id) => id !== CITY_SCOPE));
  return new Map(found.map((unit) => [unit.id, unit]));
}

/**
 * A person with where they sit: the units placing them and the stations they run (read from the
 * stations' own managers lists). Bounded: ≤ 51 unit ids in one BatchGet, ≤ 50 station hints and
 * their stations. `extraUnitIds` are loaded in the same BatchGet (the units a request names).
 */
async function placedUser(userId: string, extraUnitIds: readonly string[] = []) {
  const user = await users.getUser(userId);
  if (!user) throw notFound();
  const [units, managed] = await Promise.all([unitsById([...placingUnitIdsOf(user), ...extraUnitIds]), stationsManagedBy(user.id)]);
  const shown: User = { ...user, stations: managed.stations.map((station) => station.id) };
  return { user: shown, units, places: placesOf(user, units, managed.stations), complete: managed.complete };
}

/** Loads a person the admin may change, or answers 404/403 as the scope rule says. */
async function changeableUser(identity: Identity, userId: string, extraUnitIds: readonly string[] = []) {
  assertNotSelf(identity, userId);
  const placed = await placedUser(userId, extraUnitIds);
  assertCanChange(identity, placed.user, placed.places, placed.complete);
  return placed;
}

/**
 * A person's own profile: with the stations they run, and the language they read (Chinese when they
 * never chose), so the mini-program can show the choice.
 */
async function myProfile(user: User): Promise<User> {
  const mine = { ...user, language: user.language ?? 'zh' };
  if (user.role !== 'station_manager') return mine;
  return { ...mine, stations: (await stationsManagedBy(user.id)).stations.map((station) => station.id) };
}

/** The profile after a change, with the stations the person runs as before. */
const withStations = (changed: User, before: User): User => ({ ...changed, stations: before.stations });

export const handler = httpFunction(userRoutes, {
  async getMe({ identity }) {
    const user = await users.getUser(identity.userId);
    if (!user) throw notFound();
    return myProfile(user);
  },

  async setMyLanguage({ identity, body }) {
    return myProfile(await users.setLanguage(identity.userId, body.language));
  },

  async getUser({ identity, params }) {
    const { user, places } = await placedUser(params.userId);
    assertCanSee(identity, places);
    return user;
  },

  async assignRole({ identity, params, body }) {
    const { user, units } = await changeableUser(identity, params.userId, body.units);
    const assignment = planRoleAssignment(identity, body, units);
    return withStations(await users.assignRole(user.id, assignment, identity.userId), user);
  },

  async deactivateUser({ identity, params }) {
    const { user } = await changeableUser(identity, params.userId);
    return withStations(await users.setDeactivated(user.id, new Date(), identity.userId), user);
  },

  async reactivateUser({ identity, params }) {
    const { user } = await changeableUser(identity, params.userId);
    return withStations(await users.setDeactivated(user.id, null, identity.userId), user);
  },
});
