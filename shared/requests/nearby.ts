import { type CoordSystem, fromWgs84 } from '../geo/coordinates';
import { type LatLng, distanceMetres } from '../geo/geo';
import type { NearbyRequest, RequestStatus } from './model';

/**
 * "Already reported?": which open requests near a point a resident about to report is shown, and
 * how much of each. No AWS here.
 */

/** What "already reported?" reads of an open request: its public fields, its place, and whose it is (never shown). */
export interface OpenRequest {
  id: string;
  categoryId: string;
  categoryName: string;
  status: RequestStatus;
  createdAt: string;
  location?: LatLng;
  residentId: string;
  followers: number;
}

/** Metres around the point, unless asked otherwise. */
export const NEARBY_RADIUS_METRES = 300;
/** At most this many grids around the point are read (the one containing it, then its nearest neighbours). */
export const NEARBY_MAX_GRIDS = 3;
/** At most this many open requests of a grid are read, newest first: older ones are not offered. */
export const NEARBY_READ_PER_GRID = 50;

/**
 * Three decimals (about 100 m north–south): enough to draw it on a map near the caller, too coarse
 * to point at a doorway. The distance is measured from the exact location first.
 */
const roughly = (degrees: number) => Math.round(degrees * 1e3) / 1e3;

/**
 * The open requests within `radiusMetres` of `centre` (WGS-84), nearest first, as anyone may see
 * them: no resident, no description, no address, no photos, a rounded location in `coordSystem`.
 * A request without a location (an address only) cannot be placed and is left out.
 */
export function nearbyRequests(
  found: readonly OpenRequest[],
  options: { centre: LatLng; radiusMetres: number; coordSystem: CoordSystem; callerId: string; followed: ReadonlySet<string> },
): NearbyRequest[] {
  return found
    .flatMap((request) => {
      if (!request.location) return [];
      const distance = distanceMetres(options.centre, request.location);
      if (distance > options.radiusMetres) return [];
      const shown = fromWgs84({ lat: roughly(request.location.lat), lng: roughly(request.location.lng) }, options.coordSystem);
      return [
        {
          id: request.id,
          categoryId: request.categoryId,
          categoryName: request.categoryName,
          status: request.status,
          submittedAt: request.createdAt,
          location: { ...shown, lat: roughly(shown.lat), lng: roughly(shown.lng) },
          distanceMetres: Math.round(distance / 10) * 10,
          followers: request.followers,
          following: options.followed.has(request.id),
          mine: request.residentId === options.callerId,
        },
      ];
    })
    .sort((a, b) => a.distanceMetres - b.distanceMetres || b.submittedAt.localeCompare(a.submittedAt));
}
