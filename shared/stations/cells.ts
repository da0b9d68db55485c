import { type LatLng, boundsOfCircle, cellsCovering, countCellsCovering, distanceMetres } from '../geo/geo';
import { decodeBox } from '../geo/geohash';
import { ProblemError } from '../http/errors';

/**
 * Which parts of the station index a nearby search reads. Stations are indexed under their geohash
 * cell of precision 5 (≈ 4.9 × 4.1 km here), sorted inside it by their full geohash. A 2 km circle
 * touches 2–4 such cells but only part of each, so inside a cell the search reads only the sort-key
 * ranges of the precision-6 sub-cells (≈ 0.6 × 1.0 km) that touch the circle. Sub-cells sort in
 * Z-order, so neighbours mostly sort together; runs that lie close are merged, which bounds the
 * queries per cell, and each run's ends are trimmed one precision finer. The cost then follows the circle — its area and its edge — not how many
 * stations the city has.
 */

export const CELL_PRECISION = 5;
/** The largest radius a nearby search takes, metres: what the range budget below is measured for. */
export const MAX_RADIUS_METRES = 5000;
/**
 * The most index ranges (Queries) one search may read: a search needing more is refused with
 * `search_too_broad` before any Query is sent. In Nanjing a 2 km circle needs at most 8 ranges and a
 * 5 km circle (the largest radius) at most 21, over 5,000 random centres across the service area;
 * near the poles cells narrow and a 5 km circle needed 24,576.
 */
export const MAX_SEARCH_RANGES = 32;
/** At most this many range queries per cell: more queries cost more than the few extra items they skip. */
const MAX_RANGES_PER_CELL = 2;
/** The geohash alphabet, in Z-order, which is also its ASCII order. */
const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz';
/** Sorts after every geohash character (and after `#`, which ends the geohash in a sort key). */
const AFTER = '~';

/** One Query of the station index: a cell, and a range of its sort keys. */
export interface CellRange {
  cell: string;
  from: string;
  to: string;
}

/** Whether a geohash cell's box comes within `radius` of the centre. */
function touches(hash: string, centre: LatLng, radiusMetres: number): boolean {
  const [minLat, minLng, maxLat, maxLng] = decodeBox(hash);
  const nearest = { lat: Math.min(Math.max(centre.lat, minLat), maxLat), lng: Math.min(Math.max(centre.lng, minLng), maxLng) };
  return distanceMetres(centre, nearest) <= radiusMetres;
}

/** The 400 for a search that would read more than {@link MAX_SEARCH_RANGES} ranges. */
const tooBroad = (detail: string) => new ProblemError('search_too_broad', detail);

/**
 * The sort-key ranges to read for a circle, cell by cell: never more than {@link MAX_SEARCH_RANGES}.
 * The cells of the circle's box are counted first, without listing them, so the work done before a
 * refusal is bounded too; then the ranges themselves.
 */
export function rangesAround(centre: LatLng, radiusMetres: number): CellRange[] {
  const bounds = boundsOfCircle(centre, radiusMetres);
  const cells = countCellsCovering(bounds, CELL_PRECISION);
  if (cells > MAX_SEARCH_RANGES) {
    throw tooBroad(`this circle covers ${Number.isFinite(cells) ? cells : 'too many'} index cells; a search reads at most ${MAX_SEARCH_RANGES}`);
  }
  const ranges: CellRange[] = [];
  for (const cell of cellsCovering(bounds, CELL_PRECISION, MAX_SEARCH_RANGES)) {
    const inside = [...BASE32].map((char, index) => ({ index, touches: touches(cell + char, centre, radiusMetres) }));
    // Runs of consecutive sub-cells that touch the circle.
    let runs: { first: number; last: number }[] = [];
    for (const { index, touches: touching } of inside) {
      if (!touching) continue;
      const last = runs[runs.length - 1];
      if (last && last.last === index - 1) last.last = index;
      else runs.push({ first: index, last: index });
    }
    // Merge the two runs with the smallest gap until few enough remain.
    while (runs.length > MAX_RANGES_PER_CELL) {
      let best = 0;
      for (let i = 1; i < runs.length - 1; i += 1) {
        if (runs[i + 1]!.first - runs[i]!.last < runs[best + 1]!.first - runs[best]!.last) best = i;
      }
      runs = [...runs.slice(0, best), { first: runs[best]!.first, last: runs[best + 1]!.last }, ...runs.slice(best + 2)];
    }
    for (const run of runs) {
      // The run's two end sub-cells are trimmed to their own sub-cells (precision 7) that touch.
      const first = cell + BASE32[run.first]!;
      const last = cell + BASE32[run.last]!;
      const from = [...BASE32].find((char) => touches(first + char, centre, radiusMetres)) ?? BASE32[0]!;
      const to = [...BASE32].reverse().find((char) => touches(last + char, centre, radiusMetres)) ?? BASE32[31]!;
      ranges.push({ cell, from: first + from, to: last + to + AFTER });
    }
  }
  if (ranges.length > MAX_SEARCH_RANGES) {
    throw tooBroad(`this circle needs ${ranges.length} index ranges; a search reads at most ${MAX_SEARCH_RANGES}`);
  }
  return ranges;
}
