import { unitCreated } from '../../events/organisation';
import type { Identity } from '../../shared/auth/identity';
import { makeEvent } from '../../shared/events/outbox';
import { httpFunction } from '../../shared/http/function';
import { notFound } from '../../shared/http/errors';
import { decodeCursor, encodeCursor, invalidCursor } from '../../shared/http/pagination';
import { newId } from '../../shared/ids';
import { assertReaches, isCityWide, reaches } from '../../shared/auth/scope';
import { assertBoundaryFits } from '../../shared/organisation/boundaries';
import { assertCanManageMembers, planMembership, planNewUnit } from '../../shared/organisation/domain';
import type { OrgUnit, Polygon } from '../../shared/organisation/model';
import { gridsNear } from '../../shared/requests/grid-cells';
import * as units from '../../shared/organisation/repository';
import { admitMember, endMembership } from '../../shared/organisation/membership';
import { organisationRoutes } from '../../shared/organisation/routes';
import { listActivity } from '../../shared/organisation/activity';

/** Loads a unit the caller reaches; anything else is a 404, so ids outside one's scope reveal nothing. */
async function reachableUnit(identity: Identity, unitId: string): Promise<OrgUnit> {
  const unit = await units.getOrgUnit(unitId);
  if (!unit) throw notFound();
  assertReaches(identity, unit);
  return unit;
}

/**
 * Where a page of the caller's scope starts: a cursor made below is `{ list: 'scope', offset }` with
 * an offset inside the scope (0 < offset < its length). Any other is a 400, not a slice at -5 or NaN.
 */
function scopeOffset(cursor: string | undefined, scopeSize: number): number {
  const decoded = decodeCursor(cursor);
  if (!decoded) return 0;
  const { list, offset, ...rest } = decoded;
  const valid =
    list === 'scope' && Object.keys(rest).length === 0 && Number.isSafeInteger(offset) && (offset as number) > 0 && (offset as number) < scopeSize;
  if (!valid) throw invalidCursor();
  return offset as number;
}

/**
 * A new boundary against its parent's and its neighbours': the parent's other children and, for a
 * grid, every grid indexed near it in any community (routing must never find two grids at a place).
 */
async function assertFitsAmongNeighbours(identity: Identity, unit: OrgUnit & { boundary: Polygon }, parent: OrgUnit | null): Promise<void> {
  const [siblings, grids] = await Promise.all([
    units.listAllChildUnits(unit.parentId),
    unit.kind === 'grid' ? gridsNear(unit.boundary) : Promise.resolve([]),
  ]);
  const neighbours = new Map<string, Pick<OrgUnit, 'id' | 'ancestors' | 'boundary'>>();
  for (const neighbour of [...siblings, ...grids]) if (neighbour.id !== unit.id) neighbours.set(neighbour.id, neighbour);
  assertBoundaryFits(unit, parent, [...neighbours.values()], (id) => {
    const neighbour = neighbours.get(id);
    return neighbour !== undefined && reaches(identity, neighbour);
  });
}

export const handler = httpFunction(organisationRoutes, {
  async createOrgUnit({ identity, body }) {
    const parent = body.parentId ? ((await units.getOrgUnit(body.parentId)) ?? null) : null;
    if (body.parentId && !parent) throw notFound(`parent ${body.parentId}`);
    const unit = planNewUnit(identity, { ...body, id: body.id ?? newId() }, parent, new Date());
    if (unit.boundary) await assertFitsAmongNeighbours(identity, { ...unit, boundary: unit.boundary }, parent);
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
    if (isCityWide(identity)) return units.listChildUnits(null, query);
    // A scope is a short list (≤ 50 units): page through it by position.
    const offset = scopeOffset(query.cursor, identity.units.length);
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
    const member = planMembership(identity, unit, params.userId, body.memberRole, new Date());
    await admitMember(member);
    return member;
  },

  async removeMember({ identity, params }) {
    const unit = await reachableUnit(identity, params.unitId);
    assertCanManageMembers(identity, unit);
    await endMembership(unit.id, params.userId, identity.userId, new Date());
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
