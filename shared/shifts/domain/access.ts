import type { Identity } from '../../auth/identity';
import { reaches } from '../../auth/scope';
import { ProblemError, forbidden } from '../../http/errors';
import type { OrgUnit } from '../../organisation/model';

/** Who sees a micro-grid's schedule and who manages it. */

const staffRoles = new Set(['admin', 'grid_worker']);

/** Grid workers and admins: the roles that manage shifts (within their scope). */
export const isStaff = (identity: Pick<Identity, 'role'>): boolean => staffRoles.has(identity.role);

/**
 * Whether someone sees a micro-grid's schedule: its members (the membership is the one source of
 * truth), and whoever's scope reaches it (its grid worker, admins above it). Anyone else gets a 404.
 */
export function canSeeMicroGrid(identity: Identity, unit: Pick<OrgUnit, 'id' | 'ancestors'>, isMember: boolean): boolean {
  return isMember || reaches(identity, unit);
}

/** Grid workers and admins whose scope reaches the micro-grid manage its shifts; others get 404 or 403. */
export function assertManages(identity: Identity, unit: Pick<OrgUnit, 'id' | 'ancestors'>): void {
  if (!reaches(identity, unit)) throw new ProblemError('not_found');
  if (!isStaff(identity)) throw forbidden('only the grid worker manages shifts');
}

/** Whether someone manages a micro-grid's shifts: staff whose scope reaches it. */
export const managesMicroGrid = (identity: Identity, unit: Pick<OrgUnit, 'id' | 'ancestors'>): boolean => isStaff(identity) && reaches(identity, unit);
