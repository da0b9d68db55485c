import type { Polygon } from '../../../shared/organisation/model';
import type { Random } from './random';

/**
 * Axis-aligned boxes in lng/lat: every boundary the generator makes is one. Boxes make the
 * importer's checks true by construction — a parent split into boxes along shared edges is tiled
 * exactly, with no overlap and no sliver outside it — and let tests check them by arithmetic.
 */
export interface Box {
  west: number;
  south: number;
  east: number;
  north: number;
}

const METRES_PER_DEGREE_LAT = 111_320;
const metresPerDegreeLng = (lat: number) => METRES_PER_DEGREE_LAT * Math.cos((lat * Math.PI) / 180);

/**
 * Coordinates are kept to 6 decimals (about 0.1 m): short files, and still exact, because rounding
 * is monotonic and idempotent — two boxes that share an edge before rounding share it after, and a
 * child's edge taken from its parent's stays equal to it.
 */
export const roundDegrees = (degrees: number): number => Math.round(degrees * 1e6) / 1e6;

export const widthMetres = (box: Box): number => (box.east - box.west) * metresPerDegreeLng((box.south + box.north) / 2);
export const heightMetres = (box: Box): number => (box.north - box.south) * METRES_PER_DEGREE_LAT;

/** The box as a closed GeoJSON ring, counter-clockwise as RFC 7946 asks of an exterior ring. */
export const polygonOf = (box: Box): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [box.west, box.south],
      [box.east, box.south],
      [box.east, box.north],
      [box.west, box.north],
      [box.west, box.south],
    ],
  ],
});

/** `count` cuts of [from, to] weighted by `sizes`, ends exactly `from` and `to`. */
function cuts(from: number, to: number, sizes: readonly number[]): number[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  const edges = [from];
  let before = 0;
  for (const size of sizes.slice(0, -1)) {
    before += size;
    edges.push(roundDegrees(from + ((to - from) * before) / total));
  }
  edges.push(to);
  return edges;
}

/**
 * Splits a box into `count` boxes of about equal area that tile it exactly: columns (as many as
 * keep the cells near square, measured in metres), each cut into rows. Columns holding one more
 * cell are wider, so every cell has the same share of the box.
 */
export function tile(box: Box, count: number): Box[] {
  if (count < 1) throw new Error('a box is split into at least one part');
  const aspect = widthMetres(box) / heightMetres(box);
  const columns = Math.min(count, Math.max(1, Math.round(Math.sqrt(count * aspect))));
  const perColumn = Array.from({ length: columns }, (_, column) => Math.floor(count / columns) + (column < count % columns ? 1 : 0));
  const xs = cuts(box.west, box.east, perColumn);
  return perColumn.flatMap((rows, column) => {
    const ys = cuts(box.south, box.north, Array.from({ length: rows }, () => 1));
    return Array.from({ length: rows }, (_, row) => ({ west: xs[column]!, east: xs[column + 1]!, south: ys[row]!, north: ys[row + 1]! }));
  });
}

/**
 * A box of about `widthM` × `heightM` metres placed at random inside `slot`, never wider or taller
 * than `fill` of it, and never touching its edges: boxes placed in the slots of one tiling keep
 * streets and fields between them, as communities do.
 */
export function placeInside(slot: Box, widthM: number, heightM: number, random: Random, fill = 0.85): Box {
  const slotWidth = slot.east - slot.west;
  const slotHeight = slot.north - slot.south;
  const width = Math.min(widthM / metresPerDegreeLng((slot.south + slot.north) / 2), slotWidth * fill);
  const height = Math.min(heightM / METRES_PER_DEGREE_LAT, slotHeight * fill);
  const west = slot.west + (slotWidth - width) * random.between(0.2, 0.8);
  const south = slot.south + (slotHeight - height) * random.between(0.2, 0.8);
  return { west: roundDegrees(west), south: roundDegrees(south), east: roundDegrees(west + width), north: roundDegrees(south + height) };
}

/** A point well inside a box (a fifth of its size from every edge), rounded like the boxes. */
export function pointInside(box: Box, random: Random): { lat: number; lng: number } {
  return {
    lng: roundDegrees(box.west + (box.east - box.west) * random.between(0.2, 0.8)),
    lat: roundDegrees(box.south + (box.north - box.south) * random.between(0.2, 0.8)),
  };
}
