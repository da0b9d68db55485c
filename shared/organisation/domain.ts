import type { Identity } from '../auth/identity';
import { assertReaches, isCityWide } from '../auth/scope';
import { fieldProblem, forbidden } from '../http/errors';
import type { Member, OrgUnit, OrgUnitKind } from './model';
import { orgUnitKinds } from './terms';

/** The kind a unit of `kind` must sit under, or null for the top of the hierarchy. */
export function parentKindOf(kind: OrgUnitKind): OrgUnitKind | null {
  const index = orgUnitKinds.indexOf(kind);
  return index === 0 ? null : orgUnitKinds[index - 1]!;
}

/** Units people are members of: grids and micro-grids. */
export const hasMembers = (kind: OrgUnitKind): boolean => kind === 'grid' || kind === 'micro_grid';

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
  now: Date,
): OrgUnit {
  const expectedParentKind = parentKindOf(input.kind);
  if (expectedParentKind === null) {
    if (parent) throw fieldProblem('body.parentId', 'a district has no parent');
    if (!isCityWide(identity)) throw forbidden('only city-wide admins create districts');
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
    createdAt: now.toISOString(),
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
export function planMembership(identity: Identity, unit: OrgUnit, userId: string, memberRole: Member['memberRole'], now: Date): Member {
  assertCanManageMembers(identity, unit);
  if (memberRole === 'grid_worker' && identity.role !== 'admin') throw forbidden('only admins appoint grid workers');
  return { unitId: unit.id, userId, memberRole, joinedAt: now.toISOString(), addedBy: identity.userId };
}

