import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import ngeohash from 'ngeohash';
import type { Polygon } from '../organisation/model';

/** A point on the map, WGS-84 degrees (what WeChat's `wx.getLocation` gives with type `wgs84`). */
export interface LatLng {
  lat: number;
  lng: number;
}

const EARTH_RADIUS_METRES = 6_371_008.8;
const toRadians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance in metres (haversine; well under 0.5 % off at city scale). */
export function distanceMetres(a: LatLng, b: LatLng): number {
  const dLat = toRadians(b.lat - a.lat);
  const dLng = toRadians(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRadians(a.lat)) * Math.cos(toRadians(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The geohash of a point at a precision (5 ≈ 4.9 × 4.9 km cells, 6 ≈ 1.2 × 0.6 km). */
export const geohashOf = (point: LatLng, precision: number): string => ngeohash.encode(point.lat, point.lng, precision);

/** The bounding box of a circle: [minLat, minLng, maxLat, maxLng]. */
export function boundsOfCircle(centre: LatLng, radiusMetres: number): [number, number, number, number] {
  const dLat = (radiusMetres / EARTH_RADIUS_METRES) * (180 / Math.PI);
  const dLng = dLat / Math.cos(toRadians(centre.lat));
  return [centre.lat - dLat, centre.lng - dLng, centre.lat + dLat, centre.lng + dLng];
}

/** The bounding box of a polygon's outer ring: [minLat, minLng, maxLat, maxLng]. */
export function boundsOfPolygon(polygon: Polygon): [number, number, number, number] {
  const ring = polygon.coordinates[0] ?? [];
  const lngs = ring.map(([lng]) => lng);
  const lats = ring.map(([, lat]) => lat);
  return [Math.min(...lats), Math.min(...lngs), Math.max(...lats), Math.max(...lngs)];
}

/**
 * The geohash cells at `precision` that cover a bounding box. A nearby search queries one index
 * partition per cell instead of scanning; a polygon is indexed under each cell it may touch.
 */
export function cellsCovering(bounds: [number, number, number, number], precision: number): string[] {
  const [minLat, minLng, maxLat, maxLng] = bounds;
  return ngeohash.bboxes(minLat, minLng, maxLat, maxLng, precision);
}

/** Whether a point lies inside (or on the edge of) a GeoJSON polygon, holes respected. */
export function containsPoint(polygon: Polygon, point: LatLng): boolean {
  return booleanPointInPolygon([point.lng, point.lat], polygon as never);
}
