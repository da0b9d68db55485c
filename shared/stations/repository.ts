import { type AttributeValue, QueryCommand as RawQueryCommand } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { stationAvailable, stationFull, visitEnded, visitStarted } from '../../events/stations';
import { documents, dynamoClient } from '../aws/clients';
import { config } from '../config';
import { type PendingEvent, makeEvent, putWithEvents, updateWithEvents } from '../events/outbox';
import { distanceMetres, geohashOf } from '../geo/geo';
import { ProblemError, preconditionFailed } from '../http/errors';
import type { Page } from '../http/pagination';
import { creating, creationStamp } from '../table/creation';
import { keys } from '../table/design';
import { type PageRequest, queryPage } from '../table/query';
import { mapLimit } from '../concurrency';
import { CELL_PRECISION, type CellRange, rangesAround } from './cells';
import { type SearchFilters, type StationState, rankNearby, walkInSeatsOf } from './domain';
import { VISIT_PREFIX, stateOf, stored } from './codec';
import type { Station, StationView, Visit } from './model';
import { isConditionFailure } from '../table/conditions';

/**
 * Stations and their live occupancy. One item per station holds the station and the visits in it
 * now (`v_<userId>` attributes), with two counters bounded by conditional `ADD`s: `occupied` ≤ seats,
 * `walkIns` ≤ walk-in seats. A person's current visit is a second item (`USER#<id>`/`VISIT`), which
 * keeps "one station at a time". The station is indexed under its geohash cell for nearby search.
 */

/** Cells of this precision (≈ 4.9 × 4.9 km at the equator) index stations (see `cells.ts`). */
export const STATION_CELL_PRECISION = CELL_PRECISION;
const table = () => config().tableName;

/** Where a station is indexed: its cell, and its community's list. */
function indexAttributes(station: Station): Record<string, string> {
  return {
    placeKey: keys.stationCell(geohashOf(station.location, STATION_CELL_PRECISION)),
    placeSort: `${geohashOf(station.location, 9)}#${station.id}`,
    parentKey: keys.stationsOfCommunity(station.communityId),
    parentSort: `${station.name}#${station.id}`,
  };
}

/**
 * Opens a station; an existing id is a {@link KeyTakenError} (409). `fingerprint`: the creating
 * request's, under an Idempotency-Key (see shared/http/creation.ts).
 */
export async function createStation(station: Station, events: readonly PendingEvent[], fingerprint?: string): Promise<void> {
  const key = keys.station(station.id);
  await creating(key, `station ${station.id}`, () =>
    putWithEvents(
      {
        TableName: table(),
        Item: {
          ...key,
          entity: 'station',
          ...stored(station),
          ...indexAttributes(station),
          occupied: 0,
          walkIns: 0,
          full: walkInSeatsOf(station.seats) === 0,
          ...creationStamp(fingerprint),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
      events,
    ),
  );
}

/** Reads a station with its visits (strongly consistent: check-ins decide on it). */
export async function getStationState(stationId: string): Promise<ReturnType<typeof stateOf> | undefined> {
  const output = await documents().send(new GetCommand({ TableName: table(), Key: keys.station(stationId), ConsistentRead: true }));
  return output.Item ? stateOf(output.Item) : undefined;
}

/**
 * Writes a station's new details if nobody changed it since `expectedVersion` (412 otherwise). The
 * occupancy attributes are left alone, so a patch never races a check-in.
 */
export async function saveStation(station: Station, expectedVersion: number, events: readonly PendingEvent[]): Promise<void> {
  try {
    await updateWithEvents(
      {
        key: keys.station(station.id),
        set: { ...stored(station), ...indexAttributes(station) },
        condition: 'attribute_exists(pk) AND #version = :expected',
        names: { '#version': 'version' },
        values: { ':expected': expectedVersion },
      },
      events,
    );
  } catch (error) {
    if (isConditionFailure(error)) throw preconditionFailed(`station ${station.id} changed since version ${expectedVersion}`);
    throw error;
  }
}

/** A community's stations, by name. */
export async function listStationsOfCommunity(communityId: string, page: PageRequest): Promise<Page<ReturnType<typeof stateOf>>> {
  const result = await queryPage({ ...page, index: 'byParent', partition: keys.stationsOfCommunity(communityId) });
  return { ...result, items: result.items.map(stateOf) };
}

/**
 * Every station of one geohash cell, as raw attribute values: a cell holds a few dozen stations and
 * most fail the first look (too far, no such amenity), so turning each whole item into plain data
 * (the costly part of reading it) is left for the few that pass.
 */
async function rawStationsIn(range: CellRange): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const output = await dynamoClient().send(
      new RawQueryCommand({
        TableName: table(),
        IndexName: 'byPlace',
        KeyConditionExpression: '#p = :p AND #s BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#p': 'placeKey', '#s': 'placeSort' },
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
 * How many of one search's Queries are in flight at once. A 2 km search in Nanjing needs at most 8
 * ranges (one round); a 5 km one at most 21 (three rounds). The number of ranges is itself capped
 * (`MAX_SEARCH_RANGES` in cells.ts), so one search sends at most that many Queries, this many at a time.
 */
export const SEARCH_CONCURRENCY = 8;

/**
 * Nearby search without a Scan: one Query per part of a geohash cell the circle touches (a few in
 * parallel), then exact distances, filters and live availability in memory, nearest first. A circle
 * needing too many Queries is refused (`search_too_broad`) before any is sent.
 */
export async function searchNearby(filters: SearchFilters, now: Date): Promise<StationView[]> {
  const ranges = rangesAround(filters.centre, filters.radiusMetres);
  const raw = (await mapLimit(ranges, SEARCH_CONCURRENCY, rawStationsIn)).flat();
  const candidates = raw.filter((item) => passesFirstLook(item, filters)).map((item) => stateOf(unmarshall(item)));
  return rankNearby(candidates, filters, now);
}

// ————— visits —————

interface VisitItem extends Visit {
  stationId: string;
}

/** A person's current visit item, as written (it may have ended by itself, or be orphaned). */
export async function getVisitItem(userId: string): Promise<VisitItem | undefined> {
  const output = await documents().send(new GetCommand({ TableName: table(), Key: keys.visit(userId), ConsistentRead: true }));
  if (!output.Item) return undefined;
  const { visitId, stationId, kind, seats, reservationId, since, endsAt } = output.Item as VisitItem;
  return { visitId, userId, stationId, kind, seats, ...(reservationId ? { reservationId } : {}), since, endsAt };
}

async function deleteVisitItem(userId: string, visitId: string): Promise<void> {
  try {
    await documents().send(
      new DeleteCommand({
        TableName: table(),
        Key: keys.visit(userId),
        ConditionExpression: 'visitId = :visitId',
        ExpressionAttributeValues: { ':visitId': visitId },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/**
 * Claims "this person is in one station" for a new visit. A previous visit that ended by itself, or
 * whose station no longer holds it (a crash between the two writes), is replaced; a live one is a 409.
 */
async function claimVisit(visit: Visit, now: Date): Promise<void> {
  const previous = await getVisitItem(visit.userId);
  if (previous && Date.parse(previous.endsAt) > now.getTime()) {
    const holder = previous.stationId === visit.stationId ? undefined : await getStationState(previous.stationId);
    const stillThere = holder?.visits.some((v) => v.visitId === previous.visitId);
    if (stillThere) throw new ProblemError('already_checked_in', `checked in at ${previous.stationId}`);
  }
  try {
    await documents().send(
      new PutCommand({
        TableName: table(),
        Item: {
          ...keys.visit(visit.userId),
          entity: 'visit',
          ...visit,
          dueKey: keys.visitEnds,
          dueSort: `${visit.endsAt}#${visit.userId}`,
          expiresAt: Math.floor(Date.parse(visit.endsAt) / 1000) + 7 * 24 * 3600,
        },
        ConditionExpression: previous ? 'visitId = :previous' : 'attribute_not_exists(pk)',
        ...(previous ? { ExpressionAttributeValues: { ':previous': previous.visitId } } : {}),
      }),
    );
  } catch (error) {
    // The same person checking in twice at once: one of them wins.
    if (isConditionFailure(error)) throw new ProblemError('already_checked_in');
    throw error;
  }
}

/**
 * Starts a visit: first the person's visit item (one station at a time), then the station's
 * occupancy, a conditional `ADD` that never passes the seats. If the station refuses (full), the
 * visit item is taken back; if the process dies in between, the orphan is replaced at the next
 * check-in and swept when it would have ended.
 */
export async function startVisit(visit: Visit, seats: { total: number; walkIn: number }, now: Date): Promise<Record<string, unknown>> {
  await claimVisit(visit, now);
  const { userId, stationId, ...entry } = visit;
  const walkIn = visit.kind === 'walk_in';
  try {
    const item = await updateWithEvents(
      {
        key: keys.station(stationId),
        add: { occupied: visit.seats, ...(walkIn ? { walkIns: visit.seats } : {}) },
        set: { [VISIT_PREFIX + userId]: entry },
        condition: `attribute_not_exists(#visit) AND #status = :active AND occupied <= :maxOccupied${walkIn ? ' AND walkIns <= :maxWalkIns' : ''}`,
        names: { '#visit': VISIT_PREFIX + userId, '#status': 'status' },
        values: {
          ':active': 'active',
          ':maxOccupied': seats.total - visit.seats,
          ...(walkIn ? { ':maxWalkIns': seats.walkIn - visit.seats } : {}),
        },
        returnValues: 'ALL_NEW',
      },
      [
        makeEvent(visitStarted, {
          stationId,
          userId,
          visitId: visit.visitId,
          kind: visit.kind,
          seats: visit.seats,
          ...(visit.reservationId ? { reservationId: visit.reservationId } : {}),
          endsAt: visit.endsAt,
        }),
      ],
    );
    await syncFullFlag(item!);
    return item!;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    await deleteVisitItem(userId, visit.visitId);
    throw new ProblemError('station_full');
  }
}

/**
 * Ends a visit in the station (checked out, or past its end), then removes the person's visit
 * item. Returns false when the station no longer held that visit.
 */
export async function endVisit(visit: Visit, reason: 'checked_out' | 'expired'): Promise<boolean> {
  let released = true;
  try {
    const item = await updateWithEvents(
      {
        key: keys.station(visit.stationId),
        add: { occupied: -visit.seats, ...(visit.kind === 'walk_in' ? { walkIns: -visit.seats } : {}) },
        remove: [VISIT_PREFIX + visit.userId],
        condition: '#visit.visitId = :visitId',
        names: { '#visit': VISIT_PREFIX + visit.userId },
        values: { ':visitId': visit.visitId },
        returnValues: 'ALL_NEW',
      },
      [makeEvent(visitEnded, { stationId: visit.stationId, userId: visit.userId, visitId: visit.visitId, reason })],
    );
    await syncFullFlag(item!);
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    released = false;
  }
  await deleteVisitItem(visit.userId, visit.visitId);
  return released;
}

/** Ends the visits of a station that are past their end (reads count them as gone already). */
export async function releaseEndedVisits(state: StationState, now: Date): Promise<number> {
  const ended = state.visits.filter((visit) => Date.parse(visit.endsAt) <= now.getTime());
  for (const visit of ended) await endVisit(visit, 'expired');
  return ended.length;
}

/**
 * Keeps the station's `full` flag in step with its walk-in counter, announcing `station.full` or
 * `station.available` with the flip. The flip is a conditional write of its own, so concurrent
 * check-ins announce each crossing once; a flip lost to a crash is made by the next change.
 */
export async function syncFullFlag(item: Record<string, unknown>): Promise<void> {
  const { station, full, counters } = stateOf(item);
  const walkInSeats = walkInSeatsOf(station.seats);
  const nowFull = counters.walkIns >= walkInSeats;
  if (nowFull === full) return;
  const data = { stationId: station.id, walkInSeats, occupied: counters.occupied };
  try {
    await updateWithEvents(
      {
        key: keys.station(station.id),
        set: { full: nowFull },
        condition: nowFull
          ? 'walkIns >= :walkInSeats AND (attribute_not_exists(#full) OR #full = :false)'
          : 'walkIns < :walkInSeats AND #full = :true',
        names: { '#full': 'full' },
        values: { ':walkInSeats': walkInSeats, ...(nowFull ? { ':false': false } : { ':true': true }) },
      },
      [makeEvent(nowFull ? stationFull : stationAvailable, data)],
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/**
 * The schedule's part: ends visits past their end, found by the byDue index (no TTL involved), and
 * removes visit items whose station never got the visit.
 */
export async function sweepEndedVisits(now: Date, max = 500): Promise<number> {
  const output = await documents().send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'byDue',
      KeyConditionExpression: '#due = :due AND #sort < :now',
      ExpressionAttributeNames: { '#due': 'dueKey', '#sort': 'dueSort' },
      ExpressionAttributeValues: { ':due': keys.visitEnds, ':now': now.toISOString() },
      Limit: max,
    }),
  );
  let ended = 0;
  for (const item of output.Items ?? []) {
    const visit = { ...(item as unknown as Visit), userId: String(item.userId) };
    if (await endVisit(visit, 'expired')) ended += 1;
  }
  return ended;
}
