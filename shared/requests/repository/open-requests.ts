import { requestKeys as keys } from '../../table/design';
import { queryPage } from '../../table/query';
import type { RequestStatus } from '../model';
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
