import { type AttributeValue, QueryCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { dynamoClient } from '../aws/clients';
import { mapLimit } from '../concurrency';
import { config } from '../config';
import { type LatLng, distanceMetres } from '../geo/geo';
import { type IndexName, stationKeys as keys, tableDesign } from '../table/design';
import { type CellRange, rangesAround } from './cells';
import { stateOf } from './codec';
import { type StationState, viewOf } from './domain';
import type { Amenity, StationView } from './model';

/**
 * Nearby search without a Scan: one Query per part of a geohash cell the circle touches (which parts:
 * cells.ts), a first look at the raw items, then exact distances, filters and live availability in
 * memory, nearest first.
 */

/**
 * How many of one search's Queries are in flight at once. A 2 km search in Nanjing needs at most 8
 * ranges (one round); a 5 km one at most 21 (three rounds). The number of ranges is itself capped
 * (`MAX_SEARCH_RANGES` in cells.ts), so one search sends at most that many Queries, this many at a time.
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
    if (filters.amenity && !state.station.amenities.includes(filters.amenity)) continue;
    const view = viewOf(state, now, distance);
    if (filters.openNow && !view.availability.openNow) continue;
    if (filters.minFreeSeats !== undefined && view.availability.freeSeats < filters.minFreeSeats) continue;
    found.push(view);
  }
  return found.sort((a, b) => a.distanceMetres! - b.distanceMetres! || a.id.localeCompare(b.id)).slice(0, filters.limit);
}

const STATION_INDEX: IndexName = 'byPlace';

/**
 * Every station of one range of a geohash cell, as raw attribute values: a cell holds a few dozen
 * stations and most fail the first look (too far, no such amenity), so turning each whole item into
 * plain data (the costly part of reading it) is left for the few that pass. Hence the low-level
 * client rather than `queryAll`, which returns plain data.
 */
async function rawStationsIn(range: CellRange): Promise<Record<string, AttributeValue>[]> {
  const { partitionKey, sortKey } = tableDesign.indexes[STATION_INDEX];
  const items: Record<string, AttributeValue>[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const output = await dynamoClient().send(
      new QueryCommand({
        TableName: config().tableName,
        IndexName: STATION_INDEX,
        KeyConditionExpression: '#p = :p AND #s BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#p': partitionKey, '#s': sortKey },
        ExpressionAttributeValues: { ':p': { S: keys.stationCell(range.cell) }, ':from': { S: range.from }, ':to': { S: range.to } },
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(output.Items ?? []));
    startKey = output.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** The first look at a raw station item: in the circle, not closed, with the amenity asked for. */
function passesFirstLook(item: Record<string, AttributeValue>, filters: SearchFilters): boolean {
  const location = item.location?.M;
  const point = { lat: Number(location?.lat?.N), lng: Number(location?.lng?.N) };
  if (!Number.isFinite(point.lat) || !Number.isFinite(point.lng)) return false;
  if (distanceMetres(filters.centre, point) > filters.radiusMetres) return false;
  if (item.status?.S === 'closed') return false;
  return !filters.amenity || (item.amenities?.L ?? []).some((value) => value.S === filters.amenity);
}

/**
 * The stations near a point that pass the filters, nearest first, with live availability. A circle
 * needing too many Queries is refused (`search_too_broad`) before any is sent; the Queries it needs
 * run {@link SEARCH_CONCURRENCY} at a time.
 */
export async function searchNearby(filters: SearchFilters, now: Date): Promise<StationView[]> {
  const ranges = rangesAround(filters.centre, filters.radiusMetres);
  const raw = (await mapLimit(ranges, SEARCH_CONCURRENCY, rawStationsIn)).flat();
  const candidates = raw.filter((item) => passesFirstLook(item, filters)).map((item) => stateOf(unmarshall(item)));
  return rankNearby(candidates, filters, now);
}
