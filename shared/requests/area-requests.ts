import type { Identity } from '../auth/identity';
import { fieldProblem } from '../http/errors';
import type { Page } from '../http/pagination';
import type { PageRequest } from '../table/query';
import type { RequestSummary } from './model';
import { listAreaRequests } from './repository/lists';
import { scopeUnitOf } from './scope';

/**
 * An admin's list of the requests submitted in a month in a community (newest first) or a
 * subdistrict (by community) within their scope.
 */
export async function listRequestsInScope(identity: Identity, scopeId: string, month: string, page: PageRequest): Promise<Page<RequestSummary>> {
  const unit = await scopeUnitOf(identity, scopeId);
  if (unit.kind === 'community') return listAreaRequests({ subdistrictId: unit.parentId!, communityId: unit.id }, month, page);
  if (unit.kind === 'subdistrict') return listAreaRequests({ subdistrictId: unit.id }, month, page);
  throw fieldProblem('query.scope', 'a community or a subdistrict');
}
