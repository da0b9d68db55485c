/**
 * Bounding boxes, and buckets of them: what keeps the units' checks from clipping every pair of
 * polygons in a city of tens of thousands (validate/units.ts).
 */
import type { Polygon } from '../../../shared/organisation/model';

/** [minLat, minLng, maxLat, maxLng], as shared/geo gives bounds. */
export type Box = [number, number, number, number];

export const boxesOverlap = (a: Box, b: Box) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
export const boxWithin = (inner: Box, outer: Box) => inner[0] >= outer[0] && inner[1] >= outer[1] && inner[2] <= outer[2] && inner[3] <= outer[3];
export const intersectionOf = (a: Box, b: Box): Box => [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
export const boxPolygon = ([minLat, minLng, maxLat, maxLng]: Box): Polygon => ({
  type: 'Polygon',
  coordinates: [[[minLng, minLat], [maxLng, minLat], [maxLng, maxLat], [minLng, maxLat], [minLng, minLat]]],
});

/** Whether a polygon is its own bounding box (one ring of four corners joined by north–south and east–west edges): then whatever lies in the box lies in it. */
export function isBoxPolygon(polygon: Polygon, box: Box): boolean {
  const ring = polygon.coordinates[0]!;
  if (polygon.coordinates.length !== 1 || ring.length !== 5) return false;
  const corner = ([lng, lat]: readonly number[]) => (lat === box[0] || lat === box[2]) && (lng === box[1] || lng === box[3]);
  if (!ring.every(corner)) return false;
  for (let index = 1; index < 5; index += 1) {
    const [a, b] = [ring[index - 1]!, ring[index]!];
    if ((a[0] === b[0]) === (a[1] === b[1])) return false;
  }
  return true;
}

/**
 * Shapes in buckets of a square grid in degrees, sized to the shapes (their median extent), each in
 * every bucket its box touches: shapes that may overlap share a bucket, and a point looks in one.
 */
export class Buckets<Shape extends { box: Box }> {
  private readonly size: number;
  private readonly buckets = new Map<number, Shape[]>();

  constructor(shapes: readonly Shape[]) {
    const extents = shapes.map(({ box }) => Math.max(box[2] - box[0], box[3] - box[1])).sort((a, b) => a - b);
    this.size = Math.max(extents[Math.floor(extents.length / 2)] ?? 0.01, 0.0005);
    for (const shape of shapes) {
      const [minX, minY, maxX, maxY] = this.cellsOf(shape.box);
      for (let x = minX; x <= maxX; x += 1) {
        for (let y = minY; y <= maxY; y += 1) {
          const key = this.key(x, y);
          const bucket = this.buckets.get(key);
          if (bucket) bucket.push(shape);
          else this.buckets.set(key, [shape]);
        }
      }
    }
  }

  private cell = (degrees: number) => Math.floor(degrees / this.size);
  private key = (x: number, y: number) => (x + 2_000_000) * 4_000_000 + (y + 2_000_000);
  private cellsOf = (box: Box) => [this.cell(box[1]), this.cell(box[0]), this.cell(box[3]), this.cell(box[2])] as const;

  /** Each pair of shapes whose boxes overlap, once: in the bucket holding the south-west corner of what the boxes share. */
  forEachOverlappingPair(visit: (a: Shape, b: Shape) => void): void {
    for (const [key, bucket] of this.buckets) {
      for (let i = 0; i < bucket.length; i += 1) {
        for (let j = i + 1; j < bucket.length; j += 1) {
          const [a, b] = [bucket[i]!, bucket[j]!];
          if (!boxesOverlap(a.box, b.box)) continue;
          const shared = intersectionOf(a.box, b.box);
          if (this.key(this.cell(shared[1]), this.cell(shared[0])) !== key) continue;
          visit(a, b);
        }
      }
    }
  }

  /** The shapes whose box holds a point. */
  at(point: { lat: number; lng: number }): Shape[] {
    const bucket = this.buckets.get(this.key(this.cell(point.lng), this.cell(point.lat))) ?? [];
    return bucket.filter(({ box }) => point.lat >= box[0] && point.lat <= box[2] && point.lng >= box[1] && point.lng <= box[3]);
  }
}
