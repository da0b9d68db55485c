import { memberAdded, memberRemoved, unitCreated } from '../../events/organisation';
import { CITY_SCOPE, type Identity } from '../../shared/auth/identity';
import { makeEvent } from '../../shared/events/outbox';
import { httpFunction } from '../../shared/http/function';
import { notFound } from '../../shared/http/errors';
import { encodeCursor, decodeCursor } from '../../shared/http/pagination';
import { newId, nowIso } from '../../shared/ids';
import { assertCanManageMembers, assertReaches, planMembership, planNewUnit } from '../../shared/organisation/domain';
import type { OrgUnit } from '../../shared/organisation/model';
import * as units from '../../shared/organisation/repository';
import { organisationRoutes } from '../../shared/organisation/routes';
import { listActivity } from '../../shared/organisation/activity';

/** Loads a unit the caller reaches; anything else is a 404, so ids outside one's scope reveal nothing. */
async function reachableUnit(identity: Identity, unitId: string): Promise<OrgUnit> {
  const unit = await units.getOrgUnit(unitId);
  if (!unit) throw notFound();
  assertReaches(identity, unit);
  return unit;
}

export const handler = httpFunction(organisationRoutes, {
  async createOrgUnit({ identity, body }) {
    const parent = body.parentId ? ((await units.getOrgUnit(body.parentId)) ?? null) : null;
    if (body.parentId && !parent) throw notFound(`parent ${body.parentId}`);
    const unit = planNewUnit(identity, { ...body, id: body.id ?? newId() }, parent, nowIso());
    await units.createOrgUnit(unit, [
      makeEvent(unitCreated, {
        unitId: unit.id,
        kind: unit.kind,
        name: unit.name,
        parentId: unit.parentId,
        ancestors: unit.ancestors,
        createdBy: identity.userId,
      }),
    ]);
    return unit;
  },

  async listOrgUnits({ identity, query }) {
    if (identity.units.includes(CITY_SCOPE)) return units.listChildUnits(null, query);
    // A scope is a short list (≤ 50 units): page through it by position.
    const offset = query.cursor ? Number(decodeCursor(query.cursor, { attribute: 'list', value: 'scope' })?.offset) : 0;
    const ids = identity.units.slice(offset, offset + query.limit);
    const next = offset + query.limit < identity.units.length ? offset + query.limit : undefined;
    return {
      items: await units.getOrgUnits(ids),
      ...(next !== undefined ? { nextCursor: encodeCursor({ list: 'scope', offset: next }) } : {}),
    };
  },

  async getOrgUnit({ identity, params }) {
    return reachableUnit(identity, params.unitId);
  },

  async listChildUnits({ identity, params, query }) {
    await reachableUnit(identity, params.unitId);
    return units.listChildUnits(params.unitId, query);
  },

  async addMember({ identity, params, body }) {
    const unit = await reachableUnit(identity, params.unitId);
    const member = planMembership(identity, unit, params.userId, body.memberRole, nowIso());
    await units.saveMember(member, [
      makeEvent(memberAdded, {
        unitId: unit.id,
        userId: member.userId,
        memberRole: member.memberRole,
        addedBy: identity.userId,
      }),
    ]);
    return member;
  },

  async removeMember({ identity, params }) {
    const unit = await reachableUnit(identity, params.unitId);
    assertCanManageMembers(identity, unit);
    await units.removeMember(unit.id, params.userId, nowIso(), [
      makeEvent(memberRemoved, { unitId: unit.id, userId: params.userId, removedBy: identity.userId }),
    ]);
    return undefined;
  },

  async listMembers({ identity, params, query }) {
    await reachableUnit(identity, params.unitId);
    return units.listMembers(params.unitId, query);
  },

  async listUnitActivity({ identity, params, query }) {
    await reachableUnit(identity, params.unitId);
    return listActivity(params.unitId, query);
  },

  async listMyUnits({ identity, query }) {
    return units.listMembershipsOf(identity.userId, query);
  },
});
