import * as z from 'zod/mini';
import { type ServiceArea, config } from '../config';
import type { Polygon } from './polygon';
import type { LatLng } from './geo';

/**
 * Where the service works: one box (`SERVICE_AREA`, default Nanjing's municipal area; see
 * shared/config.ts). Every location a client sends — a station search's centre, a station's place,
 * a request's location, a unit's boundary — is checked against it by the checks below, which the
 * route schemas use, so a point in Beijing or at the North Pole is a 400 before any handler runs.
 *
 * A point outside is a field error with the code `outside_service_area`; a 400 whose field errors
 * are all of that code is answered as the problem `outside_service_area` (shared/http/validation.ts),
 * one mixed with other faults as `validation_failed`.
 */

/** The field-error code, and the problem's. */
export const OUTSIDE_SERVICE_AREA = 'outside_service_area';

/** Whether a point lies inside (or on the edge of) the area. */
export const isInServiceArea = (point: LatLng, area: ServiceArea): boolean =>
  point.lat >= area.minLat && point.lat <= area.maxLat && point.lng >= area.minLng && point.lng <= area.maxLng;

/** The area as people read it, for messages: `31.18–32.67° N, 118.31–119.29° E`. */
export const describeServiceArea = (area: ServiceArea): string =>
  `${area.minLat}–${area.maxLat}° N, ${area.minLng}–${area.maxLng}° E`;

/**
 * A check for anything holding `lat` and `lng` (a location in a body, or a search's query): each
 * coordinate outside the service area is a field error on that coordinate (`body.location.lat`,
 * `query.lng`…).
 */
export const inServiceArea = <T extends LatLng>() =>
  z.superRefine<T>((point, context) => {
    const area = config().serviceArea;
    if (isInServiceArea(point, area)) return;
    const outside: ('lat' | 'lng')[] = [];
    if (point.lat < area.minLat || point.lat > area.maxLat) outside.push('lat');
    if (point.lng < area.minLng || point.lng > area.maxLng) outside.push('lng');
    for (const coordinate of outside) {
      context.issues.push({
        code: 'custom',
        path: [coordinate],
        input: point[coordinate],
        params: { code: OUTSIDE_SERVICE_AREA },
        message: `${coordinate} ${point[coordinate]} is outside the service area (${describeServiceArea(area)})`,
      });
    }
  });

/** A check for a GeoJSON polygon: every vertex of every ring inside the service area. */
export const boundaryInServiceArea = () =>
  z.superRefine<Polygon>((polygon, context) => {
    const area = config().serviceArea;
    const outside = polygon.coordinates.flat().find(([lng, lat]) => !isInServiceArea({ lat, lng }, area));
    if (!outside) return;
    context.issues.push({
      code: 'custom',
      input: polygon,
      params: { code: OUTSIDE_SERVICE_AREA },
      message: `the boundary reaches outside the service area (${describeServiceArea(area)}) at [${outside.join(', ')}]`,
    });
  });
