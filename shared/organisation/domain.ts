import { CITY_SCOPE, type Identity } from '../auth/identity';
import { ProblemError, fieldProblem, forbidden } from '../http/errors';
import type { Member, OrgUnit, OrgUnitKind } from './model';
import { orgUnitKinds } from './model';

/** The kind a unit of `kind` must sit under, or null for the top of the hierarchy. */
export function parentKindOf(kind: OrgUnitKind): OrgUnitKind | null {
  const index = orgUnitKinds.indexOf(kind);
  return index === 0 ? null : orgUnitKinds[index - 1]!;
}

/** Units people are members of: grids and micro-grids. */
export const hasMembers = (kind: OrgUnitKind): boolean => kind === 'grid' || kind === 'micro_grid';

/**
 * Whether a caller's scope reaches a unit: the unit itself or one of its ancestors is in scope.
 * Admins scoped to the city reach everything.
 */
export function reaches(identity: Pick<Identity, 'units'>, unit: Pick<OrgUnit, 'id' | 'ancestors'>): boolean {
  if (identity.units.includes(CITY_SCOPE)) return true;
  return identity.units.includes(unit.id) || unit.ancestors.some((id) => identity.units.includes(id));
}

/** Throws 404 (not 403: we do not confirm what exists outside someone's scope) unless the caller reaches the unit. */
export function assertReaches(identity: Pick<Identity, 'units'>, unit: Pick<OrgUnit, 'id' | 'ancestors'>): void {
  if (!reaches(identity, unit)) throw new ProblemError(404, 'not_found');
}

export interface NewUnitInput {
  id: string;
  kind: OrgUnitKind;
  name: string;
  boundary?: OrgUnit['boundary'];
  households?: number;
}

/**
 * Decides a new unit: it must sit under a parent of the kind above it (districts under nothing),
 * and the admin must reach that parent (or be city-wide, for districts).
 */
export function planNewUnit(
  identity: Identity,
  input: NewUnitInput,
  parent: OrgUnit | null,
  now: string,
): OrgUnit {
  const expectedParentKind = parentKindOf(input.kind);
  if (expectedParentKind === null) {
    if (parent) throw fieldProblem('body.parentId', 'a district has no parent');
    if (!identity.units.includes(CITY_SCOPE)) throw forbidden('only city-wide admins create districts');
  } else {
    if (!parent) throw fieldProblem('body.parentId', `a ${input.kind} needs a parent ${expectedParentKind}`);
    if (parent.kind !== expectedParentKind) {
      throw fieldProblem('body.parentId', `a ${input.kind} sits under a ${expectedParentKind}, not a ${parent.kind}`);
    }
    assertReaches(identity, parent);
  }
  if (input.boundary && input.kind !== 'grid' && input.kind !== 'micro_grid' && input.kind !== 'community') {
    throw fieldProblem('body.boundary', 'boundaries are kept for communities, grids and micro-grids');
  }
  return {
    id: input.id,
    kind: input.kind,
    name: input.name,
    parentId: parent?.id ?? null,
    ancestors: parent ? [...parent.ancestors, parent.id] : [],
    ...(input.boundary ? { boundary: input.boundary } : {}),
    ...(input.households !== undefined ? { households: input.households } : {}),
    createdAt: now,
    createdBy: identity.userId,
  };
}

/**
 * Who may change a unit's membership: admins reaching it, and grid workers for their own grids
 * and those grids' micro-grids.
 */
export function assertCanManageMembers(identity: Identity, unit: OrgUnit): void {
  assertReaches(identity, unit);
  if (!hasMembers(unit.kind)) throw fieldProblem('path.unitId', 'only grids and micro-grids have members');
  if (identity.role !== 'admin' && identity.role !== 'grid_worker') throw forbidden();
}

/** A membership, as recorded when someone joins. */
export function planMembership(identity: Identity, unit: OrgUnit, userId: string, memberRole: Member['memberRole'], now: string): Member {
  assertCanManageMembers(identity, unit);
  if (memberRole === 'grid_worker' && identity.role !== 'admin') throw forbidden('only admins appoint grid workers');
  return { unitId: unit.id, userId, memberRole, joinedAt: now, addedBy: identity.userId };
}

