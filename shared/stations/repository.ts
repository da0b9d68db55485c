import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../aws/clients';
import { config } from '../config';
import { type PendingEvent, putNewWithEvents, updateWithEvents } from '../events/outbox';
import { type LatLng, geohashOf } from '../geo/geo';
import { notFound, preconditionFailed } from '../http/errors';
import type { Page } from '../http/pagination';
import { writeOrUndefined } from '../table/conditions';
import { indexEntry, stationKeys as keys } from '../table/design';
import { type PageRequest, queryPage } from '../table/query';
import { CELL_PRECISION } from './cells';
import { stateOf, stored } from './codec';
import { walkInSeatsOf } from './domain';
import { announceStation, settleStation, summaryToken, withdrawStation } from './summary';
import type { Station } from './model';

/**
 * Station items: one per station, holding the station (see codec.ts) and who is in it now (see
 * occupancy.ts). The station is indexed under its geohash cell and in its community's list, and the
 * same writes keep it in its cell's search summary for nearby search (summary.ts, search.ts). Other
 * features read stations only through this module (and lookups.ts).
 */

const table = () => config().tableName;

/** Where a station is indexed: its geohash cell (sorted by its full geohash), and its community's list by name. */
const stationIndexEntries = (station: Station) => ({
  ...indexEntry('byPlace', keys.stationCell(geohashOf(station.location, CELL_PRECISION)), `${geohashOf(station.location, 9)}#${station.id}`),
  ...indexEntry('byParent', keys.stationsOfCommunity(station.communityId), `${station.name}#${station.id}`),
});

/**
 * Opens a station; an existing id is a {@link KeyTakenError} (409). `fingerprint`: the creating
 * request's, under an Idempotency-Key (see shared/http/creation.ts).
 */
export async function createStation(station: Station, events: readonly PendingEvent[], fingerprint?: string): Promise<void> {
  const key = keys.station(station.id);
  const attributes = {
    entity: 'station',
    ...stored(station),
    ...stationIndexEntries(station),
    occupied: 0,
    walkIns: 0,
    full: walkInSeatsOf(station.seats) === 0,
  };
  await withSummary(station, undefined, () => putNewWithEvents(key, `station ${station.id}`, attributes, events, fingerprint));
}

/**
 * Writes a station with its cell's search summary in step (summary.ts): the new state is announced
 * before the write, then the summary is narrowed to it (and the station leaves `previousLocation`'s
 * cell if it moved); a write that throws takes its state back. Whatever a crash interrupts leaves
 * the summary holding more than is true, never less, which the search tolerates.
 */
async function withSummary<T>(station: Station, previousLocation: LatLng | undefined, write: () => Promise<T>): Promise<T> {
  const token = summaryToken();
  await announceStation(station, token);
  let written: T;
  try {
    written = await write();
  } catch (error) {
    await withdrawStation(station, token);
    throw error;
  }
  await settleStation(station, token, previousLocation);
  return written;
}

/** Reads a station with its visits (strongly consistent: check-ins decide on it). */
export async function getStationState(stationId: string): Promise<ReturnType<typeof stateOf> | undefined> {
  const output = await documents().send(new GetCommand({ TableName: table(), Key: keys.station(stationId), ConsistentRead: true }));
  return output.Item ? stateOf(output.Item) : undefined;
}

/** A station with its visits, as {@link getStationState} reads it; a 404 when there is none. */
export async function requireStationState(stationId: string): Promise<ReturnType<typeof stateOf>> {
  const state = await getStationState(stationId);
  if (!state) throw notFound(`station ${stationId}`);
  return state;
}

/**
 * Writes a station's new details if nobody changed it since `expectedVersion` (412 otherwise), and
 * returns the station as written. The occupancy attributes are left alone, so a patch never races a
 * check-in.
 */
export async function saveStation(
  station: Station,
  expectedVersion: number,
  events: readonly PendingEvent[],
): Promise<ReturnType<typeof stateOf>> {
  const stale = () => preconditionFailed(`station ${station.id} changed since version ${expectedVersion}`);
  // Where the station stands before this write, for its search summary: read at the version the write
  // expects, so it is the location this write moves it from (any other version fails the write).
  const before = (await getStationState(station.id))?.station;
  if (before?.version !== expectedVersion) throw stale();
  const saved = await withSummary(station, before.location, async () => {
    const written = await writeOrUndefined(
      updateWithEvents(
        {
          key: keys.station(station.id),
          set: { ...stored(station), ...stationIndexEntries(station) },
          condition: 'attribute_exists(pk) AND #version = :expected',
          names: { '#version': 'version' },
          values: { ':expected': expectedVersion },
          returnValues: 'ALL_NEW',
        },
        events,
      ),
    );
    if (!written) throw stale();
    return written;
  });
  return stateOf(saved);
}

/** A community's stations, by name. */
export async function listStationsOfCommunity(communityId: string, page: PageRequest): Promise<Page<ReturnType<typeof stateOf>>> {
  const result = await queryPage({ ...page, index: 'byParent', partition: keys.stationsOfCommunity(communityId) });
  return { ...result, items: result.items.map(stateOf) };
}
