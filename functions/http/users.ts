import { CITY_SCOPE } from '../../shared/auth/identity';
import { httpFunction } from '../../shared/http/function';
import { notFound } from '../../shared/http/errors';
import type { OrgUnit } from '../../shared/organisation/model';
import { getOrgUnits } from '../../shared/organisation/repository';
import { assertNotSelf, assertWithinScope, isCityWide, placingUnitIdsOf, planRoleAssignment } from '../../shared/users/domain';
import * as users from '../../shared/users/repository';
import { userRoutes } from '../../shared/users/routes';

/** Loads org units by id (deduplicated; `city` and unknown ids are simply absent from the map). */
async function unitsById(ids: readonly string[]): Promise<Map<string, OrgUnit>> {
  const unique = [...new Set(ids)].filter((id) => id !== CITY_SCOPE);
  const units = unique.length > 0 ? await getOrgUnits(unique) : [];
  return new Map(units.map((unit) => [unit.id, unit]));
}

export const handler = httpFunction(userRoutes, {
  async getMe({ identity }) {
    const user = await users.getUser(identity.userId);
    if (!user) throw notFound();
    return user;
  },

  async getUser({ identity, params }) {
    const user = await users.getUser(params.userId);
    if (!user) throw notFound();
    if (!isCityWide(identity)) {
      assertWithinScope(identity, [...(await unitsById(placingUnitIdsOf(user))).values()]);
    }
    return user;
  },

  async assignRole({ identity, params, body }) {
    assertNotSelf(identity, params.userId);
    const target = await users.getUser(params.userId);
    if (!target) throw notFound();
    const units = await unitsById([...target.units, ...body.units]);
    const assignment = planRoleAssignment(identity, target, body, units);
    return users.assignRole(target.id, assignment, identity.userId);
  },
});
