import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { cellsOfBox, encode, gridOfBox } from './geohash';
import type { Polygon } from './polygon';

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
export const geohashOf = (point: LatLng, precision: number): string => encode(point.lat, point.lng, precision);

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
 * How far a bounding box reaches, in metres: north to south, and west to east along its parallel
 * nearest the equator (its widest). What bounds a boundary's size before any cell is computed from it.
 */
export function extentMetres(bounds: [number, number, number, number]): { northSouth: number; eastWest: number } {
  const [minLat, minLng, maxLat, maxLng] = bounds;
  const widest = Math.abs(minLat) < Math.abs(maxLat) ? minLat : maxLat;
  const crossesEquator = minLat <= 0 && maxLat >= 0;
  const lat = crossesEquator ? 0 : widest;
  return {
    northSouth: (Math.max(0, maxLat - minLat) * Math.PI * EARTH_RADIUS_METRES) / 180,
    eastWest: (Math.max(0, maxLng - minLng) * Math.PI * EARTH_RADIUS_METRES * Math.cos(toRadians(lat))) / 180,
  };
}

/**
 * How many geohash cells at `precision` {@link cellsCovering} lists for a bounding box, counted from
 * its two corners without listing any: what a caller checks against its budget first. A box that is
 * not finite counts as Infinity.
 */
export function countCellsCovering(bounds: [number, number, number, number], precision: number): number {
  if (!bounds.every(Number.isFinite)) return Number.POSITIVE_INFINITY;
  const [minLat, minLng, maxLat, maxLng] = bounds;
  // cellsOfBox lists (rows + 1) × (columns + 1) cells of this grid.
  const { rows, columns } = gridOfBox(minLat, minLng, maxLat, maxLng, precision);
  return rows < 0 || columns < 0 ? 0 : (rows + 1) * (columns + 1);
}

/** {@link cellsCovering} lists no more cells than this unless told otherwise. */
export const MAX_CELLS_LISTED = 5_000;

/** Thrown, before any cell is listed, for a box that needs more cells than allowed. */
export class TooManyCells extends RangeError {
  constructor(
    readonly cells: number,
    readonly max: number,
  ) {
    super(`a box needing ${cells} geohash cells, more than ${max}`);
    this.name = 'TooManyCells';
  }
}

/**
 * The geohash cells at `precision` that cover a bounding box. A nearby search queries one index
 * partition per cell instead of scanning; a polygon is indexed under each cell it may touch. More
 * than `max` cells throws {@link TooManyCells} before any is listed: near the poles, or for a
 * continent-sized box, the count explodes (the box of a 5 km circle at 90° N holds 16,384 cells of precision 5).
 */
export function cellsCovering(bounds: [number, number, number, number], precision: number, max = MAX_CELLS_LISTED): string[] {
  const cells = countCellsCovering(bounds, precision);
  if (cells > max) throw new TooManyCells(cells, max);
  const [minLat, minLng, maxLat, maxLng] = bounds;
  return cellsOfBox(minLat, minLng, maxLat, maxLng, precision);
}

/** Whether a point lies inside (or on the edge of) a GeoJSON polygon, holes respected. */
export function containsPoint(polygon: Polygon, point: LatLng): boolean {
  return booleanPointInPolygon([point.lng, point.lat], polygon as never);
}
