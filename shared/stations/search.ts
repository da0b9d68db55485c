import { mapLimit } from '../concurrency';
import { type LatLng, distanceMetres } from '../geo/geo';
import { batchGetItems } from '../table/batch';
import { stationKeys as keys } from '../table/design';
import { offersNow } from './amenities';
import { rangesAround } from './cells';
import { stateOf } from './codec';
import { type StationState, viewOf } from './domain';
import type { Amenity, StationView } from './model';
import { buildSummary, hasAmenity, mayBeOpenAt, readSummaries } from './summary';
import { withThumbnail } from './views';

/**
 * Nearby search without a Scan: the search summaries of the geohash cells the circle touches (which
 * cells: cells.ts; the summaries: summary.ts) give a first look at every station there; the items of
 * the nearest that pass it are read, as many as the answer needs, and ranked with exact distances,
 * filters and live availability in memory, nearest first.
 */

/**
 * How many cells one search summarises from the station index at once (a cell no search has read
 * since its stations were written by code older than the summaries, or a new table's). The cells a
 * search reads are bounded by the range budget (`MAX_SEARCH_RANGES` in cells.ts, checked before
 * any table call): a 5 km search in Nanjing touches at most a dozen.
 */
export const SEARCH_CONCURRENCY = 8;

export interface SearchFilters {
  centre: LatLng;
  radiusMetres: number;
  openNow?: boolean;
  amenity?: Amenity;
  minFreeSeats?: number;
  limit: number;
}

/**
 * From the stations in the cells around a point: those within the radius that pass the filters,
 * nearest first, each with its live availability.
 */
export function rankNearby(candidates: readonly StationState[], filters: SearchFilters, now: Date): StationView[] {
  const seen = new Set<string>();
  const found: StationView[] = [];
  for (const state of candidates) {
    if (seen.has(state.station.id) || state.station.status === 'closed') continue;
    seen.add(state.station.id);
    const distance = distanceMetres(filters.centre, state.station.location);
    if (distance > filters.radiusMetres) continue;
    // What the station gives now: declared, and not out with its facilities (amenities.ts).
    if (filters.amenity && !offersNow(state.station.amenities, state.amenityProviders, filters.amenity)) continue;
    const view = viewOf(state, now, distance);
    if (filters.openNow && !view.availability.openNow) continue;
    if (filters.minFreeSeats !== undefined && view.availability.freeSeats < filters.minFreeSeats) continue;
    found.push(view);
  }
  return found.sort((a, b) => a.distanceMetres! - b.distanceMetres! || a.id.localeCompare(b.id)).slice(0, filters.limit);
}

/**
 * Stations are read this many at least at a time, nearest first (more when the answer needs more):
 * the first read usually holds the whole answer.
 */
const MIN_READ = 10;

/** What orders candidates and answers alike: distance in whole metres, then id (as {@link rankNearby} sorts). */
const order = (a: { distanceMetres: number; id: string }, b: { distanceMetres: number; id: string }): number =>
  a.distanceMetres - b.distanceMetres || a.id.localeCompare(b.id);

/**
 * The stations near a point that pass the filters, nearest first, with live availability. A circle
 * needing too many index ranges is refused (`search_too_broad`) before any table call.
 *
 * The cells the circle touches are read from their search summaries (summary.ts), in one BatchGet;
 * a cell without a complete summary is summarised from the station index first (one Query each,
 * {@link SEARCH_CONCURRENCY} at a time; once per cell). A station may pass if any state its
 * summary holds passes the filters that do not change by the minute (distance, status, declared
 * amenity, hours, walk-in seats), and the candidates are ordered by that state's distance. Their items are
 * then read nearest first and ranked exactly as before (live availability included), until the
 * answer is full and no unread candidate could come before its last station (an amenity out with
 * its facilities is seen only there, as a full station is: such a station is read and passed over,
 * and few are). As a summary holds
 * every station's true state (and maybe more), the answer is the one ranking every station item
 * of the circle would give. Each station of it carries its first picture's thumbnail.
 */
export async function searchNearby(filters: SearchFilters, now: Date): Promise<StationView[]> {
  const cells = [...new Set(rangesAround(filters.centre, filters.radiusMetres).map((range) => range.cell))];
  const read = await readSummaries(cells);
  const incomplete = read.filter((summary) => !summary.complete).map((summary) => summary.cell);
  const built = new Map((await mapLimit(incomplete, SEARCH_CONCURRENCY, buildSummary)).map((summary) => [summary.cell, summary]));
  const summaries = read.map((summary) => built.get(summary.cell) ?? summary);

  // Free seats are 0 unless open, so asking for some asks for open stations with enough walk-in seats.
  const seats = filters.minFreeSeats ?? 0;
  const wantsOpen = filters.openNow === true || seats > 0;
  const nearest = new Map<string, number>();
  for (const summary of summaries) {
    for (const [id, states] of summary.stations) {
      for (const state of states) {
        const distance = distanceMetres(filters.centre, state.location);
        if (distance > filters.radiusMetres || state.status === 'closed' || state.walkInSeats < seats) continue;
        if (filters.amenity && !hasAmenity(state, filters.amenity)) continue;
        if (wantsOpen && !mayBeOpenAt(state, now)) continue;
        const rounded = Math.round(distance);
        if (rounded < (nearest.get(id) ?? Infinity)) nearest.set(id, rounded);
      }
    }
  }
  const candidates = [...nearest].map(([id, distanceMetres]) => ({ id, distanceMetres })).sort(order);

  const states: StationState[] = [];
  let answer: StationView[] = [];
  for (let next = 0; next < candidates.length; ) {
    const count = Math.max(MIN_READ, filters.limit - answer.length);
    const batch = candidates.slice(next, next + count);
    next += batch.length;
    states.push(...(await batchGetItems(batch.map((candidate) => keys.station(candidate.id)))).map(stateOf));
    answer = rankNearby(states, filters, now);
    const last = answer[filters.limit - 1];
    const following = candidates[next];
    if (last && (!following || order(following, { distanceMetres: last.distanceMetres!, id: last.id }) > 0)) break;
  }
  // Each station of the answer with its first picture's thumbnail (signed here: no call).
  const photosOf = new Map(states.map((state) => [state.station.id, state.station.photos]));
  return Promise.all(answer.map((view) => withThumbnail(view, photosOf.get(view.id))));
}
