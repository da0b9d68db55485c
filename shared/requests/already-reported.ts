import type { Identity } from '../auth/identity';
import type { CoordSystem } from '../geo/coordinates';
import type { LatLng } from '../geo/geo';
import { conflict, notFound } from '../http/errors';
import { mapLimit } from '../concurrency';
import { gridsAround } from './grid-cells';
import type { Follow, NearbyRequest } from './model';
import { NEARBY_MAX_GRIDS, NEARBY_READ_PER_GRID, nearbyRequests } from './nearby';
import { MAX_FOLLOWERS, follow, followedAmong } from './repository/followers';
import { openRequestsOf } from './repository/open-requests';
import { getRequest } from './repository/request';
import { isOpen } from './terms';

/**
 * "Already reported?": before submitting, a resident sees the open requests of the same category
 * near the place, and may follow one ("me too") instead of filing it again.
 *
 * Cost of a look, whatever the city holds: one Query of the grid cells (cached a minute), at most
 * {@link NEARBY_MAX_GRIDS} Queries of at most {@link NEARBY_READ_PER_GRID} projected items, and one
 * BatchGet of the caller's follow items for those found within the radius.
 */
export async function findNearbyRequests(
  identity: Identity,
  query: { centre: LatLng; categoryId: string; radiusMetres: number; coordSystem: CoordSystem },
): Promise<NearbyRequest[]> {
  const grids = await gridsAround(query.centre, query.radiusMetres, NEARBY_MAX_GRIDS);
  const found = (await mapLimit(grids, NEARBY_MAX_GRIDS, (gridId) => openRequestsOf(gridId, query.categoryId, NEARBY_READ_PER_GRID))).flat();
  const options = { centre: query.centre, radiusMetres: query.radiusMetres, coordSystem: query.coordSystem, callerId: identity.userId };
  const near = nearbyRequests(found, { ...options, followed: new Set() });
  const followed = await followedAmong(identity.userId, near.map((request) => request.id));
  return near.map((request) => ({ ...request, following: followed.has(request.id) }));
}

/**
 * Follows a request ("me too"): once however often it is sent. Any submitter may follow any open
 * request they can find nearby — but not their own (409: its resident hears of it anyway), nor one
 * closed, rejected or marked a duplicate (409), nor one {@link MAX_FOLLOWERS} people follow already (409).
 */
export async function followRequest(identity: Identity, requestId: string, now: Date): Promise<Follow> {
  const refusal = (request: Awaited<ReturnType<typeof getRequest>>) => {
    if (!request) return notFound();
    if (request.residentId === identity.userId) return conflict('this is your own request: you are told of every step anyway');
    if (!isOpen(request.status)) return conflict(`the request is ${request.status}: it can no longer be followed`);
    if (request.followers >= MAX_FOLLOWERS) return conflict(`${MAX_FOLLOWERS} people follow this request already`);
    return undefined;
  };
  const before = await getRequest(requestId);
  const early = refusal(before);
  if (early) throw early;
  const outcome = await follow(requestId, identity.userId, now);
  if (outcome.kind === 'counted') return { requestId, followers: outcome.followers, following: true };
  const current = await getRequest(requestId);
  if (outcome.kind === 'refused') throw refusal(current) ?? conflict('the request changed meanwhile; try again');
  return { requestId, followers: current?.followers ?? 0, following: true };
}
