import turfArea from '@turf/area';
import { featureCollection, polygon as turfPolygon } from '@turf/helpers';
import intersect from '@turf/intersect';
import type { Polygon } from './polygon';

/**
 * Areas of GeoJSON polygons on the sphere, and what two of them share: what keeps org-unit
 * boundaries nested and apart. Admin-time only (creating a unit), never on a request's hot path.
 */

/** A polygon's area in square metres (geodesic). */
export const areaSquareMetres = (polygon: Polygon): number => turfArea(turfPolygon(polygon.coordinates));

/** The area two polygons share, in square metres (0 when they only touch). */
export function sharedSquareMetres(a: Polygon, b: Polygon): number {
  const shared = intersect(featureCollection([turfPolygon(a.coordinates), turfPolygon(b.coordinates)]));
  return shared ? turfArea(shared) : 0;
}

/** How much of `inner` lies outside `outer`, in square metres. */
export const outsideSquareMetres = (inner: Polygon, outer: Polygon): number =>
  Math.max(0, areaSquareMetres(inner) - sharedSquareMetres(inner, outer));
