import { requestKeys as keys } from '../../table/design';
import { queryPage } from '../../table/query';
import type { Request, RequestStatus } from '../model';
import type { OpenRequest } from '../nearby';

const fields = ['id', 'categoryId', 'categoryName', 'status', 'createdAt', 'location', 'residentId', 'followers'] as const;

/**
 * A grid's open requests of one category, newest first, at most `limit`: one Query of byPlace
 * (`OPEN_REQUESTS#<grid>#<category>`, on the request items while open, see item.ts), projected to
 * the fields above, so neither what residents wrote nor their photos leave the table.
 */
export async function openRequestsOf(gridId: string, categoryId: string, limit: number): Promise<OpenRequest[]> {
  const page = await queryPage({ index: 'byPlace', partition: keys.openRequestsOf(gridId, categoryId), limit, newestFirst: true, attributes: fields });
  return page.items.map((item) => ({
    id: String(item.id),
    categoryId: String(item.categoryId),
    categoryName: String(item.categoryName),
    status: item.status as RequestStatus,
    createdAt: String(item.createdAt),
    ...(item.location ? { location: item.location as { lat: number; lng: number } } : {}),
    residentId: String(item.residentId),
    followers: Number(item.followers ?? 0),
  }));
}

const publicFields = ['id', 'categoryId', 'categoryName', 'categoryNameEn', 'status', 'createdAt', 'updatedAt', 'location', 'department', 'acceptDueAt', 'resolveDueAt'] as const;

/**
 * What anyone may see of a request (the Open311 adapter, shared/open311/): its category, status,
 * times, place and department; never its resident, what they wrote, the address or the photos. A
 * whole `Request` is one too, so a request read by id is shown through the same mapping.
 */
export type PublicRequestFacts = Pick<Request, (typeof publicFields)[number]>;

/**
 * A grid's open requests of one category, newest first, at most `limit`, as anyone may see them:
 * the same Query as {@link openRequestsOf}, projected to {@link PublicRequestFacts} only.
 */
export async function publicOpenRequestsOf(gridId: string, categoryId: string, limit: number): Promise<PublicRequestFacts[]> {
  const page = await queryPage({ index: 'byPlace', partition: keys.openRequestsOf(gridId, categoryId), limit, newestFirst: true, attributes: publicFields });
  // Only the projected fields, whatever else the page carries (its keys, for the cursor).
  return page.items.map((item) => Object.fromEntries(publicFields.filter((name) => item[name] !== undefined).map((name) => [name, item[name]])) as PublicRequestFacts);
}
