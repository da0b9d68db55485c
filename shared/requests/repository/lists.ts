import type { Page } from '../../http/pagination';
import { requestKeys as keys } from '../../table/design';
import { type PageRequest, queryPage, withExistingItems } from '../../table/query';
import type { RequestStatus, RequestSummary } from '../model';
import { toSummary } from './item';

/** The lists people page through: each a Query on the index that answers it (see item.ts). */

/** A list page as summaries, without entries whose request is gone (see `withExistingItems`). */
const summaries = async (page: Page<Record<string, unknown>>): Promise<Page<RequestSummary>> => {
  const confirmed = await withExistingItems(page);
  return { ...confirmed, items: confirmed.items.map(toSummary) };
};

/** A resident's requests, newest first. */
export async function listRequestsOf(residentId: string, page: PageRequest): Promise<Page<RequestSummary>> {
  return summaries(await queryPage({ ...page, index: 'byUser', partition: keys.requestsOf(residentId), newestFirst: true }));
}

/** A grid worker's queue of one status, soonest due first. */
export async function listQueue(assigneeId: string, status: RequestStatus, page: PageRequest): Promise<Page<RequestSummary>> {
  return summaries(await queryPage({ ...page, index: 'byParent', partition: keys.requestQueue(assigneeId, status) }));
}

/** A subdistrict's requests of a month (or one community's, newest first). */
export async function listAreaRequests(
  area: { subdistrictId: string; communityId?: string },
  month: string,
  page: PageRequest,
): Promise<Page<RequestSummary>> {
  return summaries(
    await queryPage({
      ...page,
      index: 'byArea',
      partition: keys.requestArea(area.subdistrictId, month),
      ...(area.communityId ? { sortPrefix: keys.requestAreaCommunity(area.communityId) } : {}),
      newestFirst: true,
    }),
  );
}
