import type { Placed } from '../auth/scope';
import { batchGetItems, batchWriteItems } from '../table/batch';
import { stationKeys as keys } from '../table/design';
import { queryPage } from '../table/query';
import { stateOf } from './codec';

/**
 * Who runs a station has one truth: the station's own `managers` list, read with the station and
 * changed only by a write to the station (admins over it). The reverse question — which stations
 * does this person run? — is what an admin's scope over a station manager is decided by, and is
 * answered by hint items under the person (`USER#<id>` / `MANAGES#<station>`), written by the
 * `station-managers` consumer from the stations' events and never trusted alone: every hint is
 * checked against its station's list, so a stale hint grants and places nothing.
 */

/** A person runs at most this many stations; a longer list is read as "too many to decide on". */
export const MAX_MANAGED_STATIONS = 50;

/** A station a person runs, with where it is placed (for admins' scope over that person). */
export interface ManagedStation extends Placed {
  name: string;
}

/**
 * Brings the hints in step with a station's managers: puts one for each manager, deletes those of
 * people no longer listed. Idempotent; hints written out of order are harmless (reads check them).
 */
export async function recordStationManagers(stationId: string, managers: readonly string[], previous: readonly string[] = []): Promise<void> {
  const removed = previous.filter((userId) => !managers.includes(userId));
  await batchWriteItems([
    ...managers.map((userId) => ({ put: { ...keys.managedStation(userId, stationId), entity: 'managed-station', stationId, userId } })),
    ...removed.map((userId) => ({ delete: keys.managedStation(userId, stationId) })),
  ]);
}

/** What other features need to place a station: its name, and what scope checks walk. */
export interface StationPlace {
  id: string;
  name: string;
  ancestors: string[];
  managers: string[];
}

/**
 * Stations by id, as places (one BatchGet per hundred, only the attributes a place needs, no
 * visits); missing ids are skipped.
 */
export async function stationPlacesOf(stationIds: readonly string[]): Promise<Map<string, StationPlace>> {
  const places = new Map<string, StationPlace>();
  for (const item of await batchGetItems(stationIds.map((id) => keys.station(id)), { attributes: ['id', 'name', 'profile', 'ancestors', 'managers'] })) {
    const { station } = stateOf(item);
    places.set(station.id, { id: station.id, name: station.name, ancestors: station.ancestors ?? [], managers: station.managers ?? [] });
  }
  return places;
}

/**
 * The stations a person runs now: their hints, each checked against the station's own list.
 * `complete` is false when the person has more hints than are read ({@link MAX_MANAGED_STATIONS}):
 * a decision that needs every station (changing their role) must then be left to city-wide admins.
 */
export async function stationsManagedBy(userId: string): Promise<{ stations: ManagedStation[]; complete: boolean }> {
  const { pk, skPrefix } = keys.managedStationsOf(userId);
  const hints = await queryPage({ partition: pk, sortPrefix: skPrefix, limit: MAX_MANAGED_STATIONS });
  const stationIds = hints.items.map((item) => item.stationId as string);
  const stations: ManagedStation[] = [...(await stationPlacesOf(stationIds)).values()]
    .filter((place) => place.managers.includes(userId))
    .map(({ id, name, ancestors }) => ({ id, name, ancestors }));
  stations.sort((a, b) => a.id.localeCompare(b.id));
  return { stations, complete: hints.nextCursor === undefined };
}
