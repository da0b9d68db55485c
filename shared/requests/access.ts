import type { Identity, Role } from '../auth/identity';
import { notFound } from '../http/errors';
import { reaches } from '../auth/scope';
import type { Request } from './model';

/** Who sees a request and who acts on it, decided from where the request is placed. No AWS here. */

/** Members of the public who file requests from the mini-program. */
export const SUBMITTER_ROLES = ['resident', 'outdoor_worker', 'volunteer'] as const satisfies readonly Role[];

/** What visibility reads of a request: its resident, its place in the organisation, its assignee. */
export type PlacedRequest = Pick<Request, 'residentId' | 'gridId' | 'communityId' | 'subdistrictId' | 'districtId' | 'assigneeId'>;

const unitOf = (request: PlacedRequest) => ({
  id: request.gridId,
  ancestors: [request.districtId, request.subdistrictId, request.communityId],
});

/** Staff who handle a request: a grid worker of its grid (or its assignee), an admin whose scope reaches its grid. */
export function isStaffFor(identity: Identity, request: PlacedRequest): boolean {
  if (identity.role === 'grid_worker') return reaches(identity, unitOf(request)) || request.assigneeId === identity.userId;
  if (identity.role === 'admin') return reaches(identity, unitOf(request));
  return false;
}

/** A resident sees their own requests; grid workers their grids'; admins their scope's. */
export const canSee = (identity: Identity, request: PlacedRequest): boolean =>
  request.residentId === identity.userId || isStaffFor(identity, request);

/** Throws 404 (never 403: we do not confirm what exists) unless the caller may see the request. */
export function assertCanSee(identity: Identity, request: PlacedRequest | undefined): asserts request is PlacedRequest {
  if (!request || !canSee(identity, request)) throw notFound();
}
