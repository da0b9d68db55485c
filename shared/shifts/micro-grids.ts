import type { Identity } from '../auth/identity';
import { notFound } from '../http/errors';
import type { Member, OrgUnit } from '../organisation/model';
import { getMember, getOrgUnit, listGridWorkers } from '../organisation/repository';
import { assertManages, canSeeMicroGrid } from './domain/access';
import type { ShiftRecord } from './domain/shift';
import { getShift } from './repository/shifts';

/**
 * The micro-grids shifts belong to, as the organisation records them, loaded for a caller: what
 * they see and what they manage. Anything else answers 404, so ids outside one's reach reveal nothing.
 */

/** Loads a micro-grid the caller sees (a member, or within their scope), with their membership if any. */
export async function visibleMicroGrid(identity: Identity, unitId: string): Promise<{ unit: OrgUnit; member?: Member }> {
  const unit = await getOrgUnit(unitId);
  if (!unit || unit.kind !== 'micro_grid') throw notFound();
  const member = await getMember(unitId, identity.userId);
  if (!canSeeMicroGrid(identity, unit, member !== undefined)) throw notFound();
  return { unit, ...(member ? { member } : {}) };
}

/** Loads a micro-grid the caller manages (its grid worker, admins above it). */
export async function managedMicroGrid(identity: Identity, unitId: string): Promise<OrgUnit> {
  const unit = await getOrgUnit(unitId);
  if (!unit || unit.kind !== 'micro_grid') throw notFound();
  assertManages(identity, unit);
  return unit;
}

/** Loads a shift of a micro-grid the caller sees. */
export async function visibleShift(identity: Identity, shiftId: string): Promise<{ shift: ShiftRecord; unit: OrgUnit; member?: Member }> {
  const shift = await getShift(shiftId);
  if (!shift) throw notFound();
  return { shift, ...(await visibleMicroGrid(identity, shift.microGridId)) };
}

/** Loads a shift of a micro-grid the caller manages. */
export async function managedShift(identity: Identity, shiftId: string): Promise<{ shift: ShiftRecord; unit: OrgUnit }> {
  const shift = await getShift(shiftId);
  if (!shift) throw notFound();
  return { shift, unit: await managedMicroGrid(identity, shift.microGridId) };
}

/** Whether someone is a current member of a micro-grid. */
export const isMemberOf = async (unitId: string, userId: string): Promise<boolean> => (await getMember(unitId, userId)) !== undefined;

/** How many grid workers a micro-grid's notices go to at most (a unit has a handful). */
const MAX_GRID_WORKERS = 100;

/** A micro-grid's grid workers: one Query of its workers list. */
export const gridWorkersOf = (unitId: string): Promise<string[]> => listGridWorkers(unitId, MAX_GRID_WORKERS);
