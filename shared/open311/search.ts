import { type LatLng, distanceMetres } from '../geo/geo';
import { fieldProblem } from '../http/errors';
import type { PublicRequestFacts } from '../requests/repository/open-requests';
import { isOpen } from '../requests/terms';
import type { Open311Status } from './model';

/**
 * Which Open311 `GET requests` searches this service answers, and with what bound. No AWS here.
 *
 * The standard lets a client ask for every request of the city in a window of dates; that would be
 * a Scan. Two ways in are bounded Queries, and a search must take one:
 * - `service_request_id`: at most {@link OPEN311_MAX_IDS} requests by id (one read each), in any status;
 * - `lat` and `long` (with `radius`): the open requests near the point, as "already reported?" finds
 *   them (the grids around the point, at most three, then each grid's open requests of each
 *   service, newest {@link OPEN311_READ_PER_GRID} first): at most {@link OPEN311_MAX_SERVICE_CODES}
 *   services, those named in `service_code` or else every active one.
 * Everything else (`service_code`, `status`, `start_date`, `end_date`) filters what these read; a
 * search by place cannot ask for closed requests (closed ones leave the index it reads).
 */

/** Open311's own bound on ids in one search. */
export const OPEN311_MAX_IDS = 50;
/** Open311's bound on a window of dates. */
export const OPEN311_MAX_DAYS = 90;
/** At most this many services in a search by place: each is one Query per grid around the point. */
export const OPEN311_MAX_SERVICE_CODES = 10;
/** A grid's open requests of one service read at most, newest first (as "already reported?" reads). */
export const OPEN311_READ_PER_GRID = 50;
/** At most this many requests answered, newest first (Open311 allows 1,000). */
export const OPEN311_MAX_RESULTS = 200;
/** Metres around the point, unless asked otherwise (as `GET /requests/nearby`). */
export const OPEN311_RADIUS_METRES = 300;

/** The query of `GET /open311/v2/requests.json`, as the route parses it. */
export interface Open311RequestsQuery {
  service_request_id?: string;
  service_code?: string;
  start_date?: string;
  end_date?: string;
  status?: string;
  lat?: number;
  long?: number;
  radius: number;
}

/** What every search filters by, after reading. */
export interface Open311Filter {
  serviceCodes?: ReadonlySet<string>;
  statuses: ReadonlySet<Open311Status>;
  from?: string;
  to?: string;
}

/** A search, by the way in it takes. */
export type Open311Search =
  | { by: 'ids'; ids: string[]; filter: Open311Filter }
  | { by: 'place'; centre: LatLng; radiusMetres: number; serviceCodes?: string[]; filter: Open311Filter };

const listOf = (value: string | undefined) => (value === undefined ? undefined : [...new Set(value.split(',').filter(Boolean))]);

/** The search a query asks for, or a 400 naming what makes it unbounded or inconsistent. */
export function planSearch(query: Open311RequestsQuery): Open311Search {
  const ids = listOf(query.service_request_id);
  const serviceCodes = listOf(query.service_code);
  const statuses = new Set((listOf(query.status) ?? ['open', 'closed']) as Open311Status[]);
  const from = query.start_date === undefined ? undefined : new Date(query.start_date).toISOString();
  const to = query.end_date === undefined ? undefined : new Date(query.end_date).toISOString();
  if (from && to && from > to) throw fieldProblem('query.end_date', 'end_date is before start_date');
  if (from && to && Date.parse(to) - Date.parse(from) > OPEN311_MAX_DAYS * 86_400_000) {
    throw fieldProblem('query.end_date', `a window of at most ${OPEN311_MAX_DAYS} days`);
  }
  const filter: Open311Filter = { statuses, ...(serviceCodes ? { serviceCodes: new Set(serviceCodes) } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) };
  if (ids) {
    if (ids.length > OPEN311_MAX_IDS) throw fieldProblem('query.service_request_id', `at most ${OPEN311_MAX_IDS} ids`);
    return { by: 'ids', ids, filter };
  }
  if ((query.lat === undefined) !== (query.long === undefined)) {
    throw fieldProblem(query.lat === undefined ? 'query.lat' : 'query.long', 'send lat and long together', 'required');
  }
  if (query.lat === undefined || query.long === undefined) {
    throw fieldProblem('query.lat', 'send lat and long (the open requests near a point) or service_request_id: the whole city is not listed', 'required');
  }
  if (!statuses.has('open')) {
    throw fieldProblem('query.status', 'a search by place finds open requests; closed ones are found by service_request_id');
  }
  if (serviceCodes && serviceCodes.length > OPEN311_MAX_SERVICE_CODES) {
    throw fieldProblem('query.service_code', `at most ${OPEN311_MAX_SERVICE_CODES} service codes`);
  }
  return {
    by: 'place',
    centre: { lat: query.lat, lng: query.long },
    radiusMetres: query.radius,
    ...(serviceCodes ? { serviceCodes } : {}),
    filter: { ...filter, statuses: new Set<Open311Status>(['open']) },
  };
}

/**
 * What a search answers of what it read: those its filter keeps (and, by place, those within the
 * radius; a request with only an address cannot be placed), newest first, at most {@link OPEN311_MAX_RESULTS}.
 */
export function searchResults<T extends PublicRequestFacts>(search: Open311Search, read: readonly T[]): T[] {
  const { filter } = search;
  const kept = read.filter((request) => {
    if (filter.serviceCodes && !filter.serviceCodes.has(request.categoryId)) return false;
    if (!filter.statuses.has(isOpen(request.status) ? 'open' : 'closed')) return false;
    if (filter.from && request.createdAt < filter.from) return false;
    if (filter.to && request.createdAt > filter.to) return false;
    if (search.by === 'place') return request.location !== undefined && distanceMetres(search.centre, request.location) <= search.radiusMetres;
    return true;
  });
  const unique = [...new Map(kept.map((request) => [request.id, request])).values()];
  return unique.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id)).slice(0, OPEN311_MAX_RESULTS);
}
