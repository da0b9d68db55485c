import { mapLimit } from '../concurrency';
import { type Language, fieldProblem, notFound } from '../http/errors';
import { MAX_PAGE_SIZE } from '../http/pagination';
import { cachedCategory, listCategories } from '../requests/categories/repository';
import type { Category } from '../requests/categories/model';
import { gridsAround } from '../requests/grid-cells';
import { NEARBY_MAX_GRIDS } from '../requests/nearby';
import { type PublicRequestFacts, publicOpenRequestsOf } from '../requests/repository/open-requests';
import { getRequest } from '../requests/repository/request';
import type { Open311Service, Open311ServiceDefinition, Open311ServiceRequest } from './model';
import { open311Definition, open311Request, open311Service } from './mapping';
import { OPEN311_MAX_SERVICE_CODES, OPEN311_READ_PER_GRID, type Open311Search, searchResults } from './search';

/**
 * The Open311 adapter's reads, over the requests feature's repositories (it builds no keys).
 *
 * Cost of a call, whatever the city holds: services, one Query of at most {@link MAX_PAGE_SIZE}
 * categories; a service definition, one (cached) GetItem; a request, one GetItem; a search by ids,
 * at most 50 GetItems; a search by place, one Query of the grid cells (cached), at most
 * {@link NEARBY_MAX_GRIDS} × {@link OPEN311_MAX_SERVICE_CODES} Queries of at most
 * {@link OPEN311_READ_PER_GRID} projected items (and the category page, when no service is named).
 */

/** Reads in flight at once for one call. */
const CONCURRENT_READS = 6;

/** The categories that take requests, in display order (a catalogue has a dozen: one page). */
async function activeCategories(): Promise<Category[]> {
  const page = await listCategories({ limit: MAX_PAGE_SIZE });
  return page.items.filter((category) => category.active);
}

/** `GET services`: every category that takes requests, as an Open311 service. */
export async function listOpen311Services(language: Language): Promise<Open311Service[]> {
  return (await activeCategories()).map((category) => open311Service(category, language));
}

/** `GET services/{code}`: a category's extra fields; 404 for none, or one that takes no requests. */
export async function getOpen311ServiceDefinition(serviceCode: string, language: Language): Promise<Open311ServiceDefinition> {
  const category = await cachedCategory(serviceCode);
  if (!category?.active) throw notFound(`no service ${serviceCode}`);
  return open311Definition(category, language);
}

/** `GET requests/{id}`: one request's public fields; 404 when there is none. */
export async function getOpen311Request(requestId: string, language: Language): Promise<Open311ServiceRequest> {
  const request = await getRequest(requestId);
  if (!request) throw notFound(`no service request ${requestId}`);
  return open311Request(request, language);
}

/** `GET requests`: a planned search (./search.ts), read through one of its two bounded ways in. */
export async function findOpen311Requests(search: Open311Search, language: Language): Promise<Open311ServiceRequest[]> {
  const read = search.by === 'ids' ? await requestsByIds(search.ids) : await openRequestsNear(search);
  return searchResults(search, read).map((request) => open311Request(request, language));
}

async function requestsByIds(ids: readonly string[]): Promise<PublicRequestFacts[]> {
  const found = await mapLimit(ids, CONCURRENT_READS, (id) => getRequest(id));
  return found.filter((request) => request !== undefined);
}

async function openRequestsNear(search: Extract<Open311Search, { by: 'place' }>): Promise<PublicRequestFacts[]> {
  const codes = search.serviceCodes ?? (await activeCategories()).map((category) => category.id);
  // Checked again here: without `service_code`, the catalogue decides how many there are.
  if (codes.length > OPEN311_MAX_SERVICE_CODES) {
    throw fieldProblem('query.service_code', `name at most ${OPEN311_MAX_SERVICE_CODES} services: the catalogue has ${codes.length}`, 'required');
  }
  const grids = await gridsAround(search.centre, search.radiusMetres, NEARBY_MAX_GRIDS);
  const pairs = grids.flatMap((gridId) => codes.map((code) => [gridId, code] as const));
  const read = await mapLimit(pairs, CONCURRENT_READS, ([gridId, code]) => publicOpenRequestsOf(gridId, code, OPEN311_READ_PER_GRID));
  return read.flat();
}
