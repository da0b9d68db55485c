import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Placed } from '../auth/scope';
import { documents } from '../aws/clients';
import { config } from '../config';
import { keys } from '../table/design';
import { queryPage } from '../table/query';

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

const table = () => config().tableName;

/**
 * Brings the hints in step with a station's managers: puts one for each manager, deletes those of
 * people no longer listed. Idempotent; hints written out of order are harmless (reads check them).
 */
export async function recordStationManagers(stationId: string, managers: readonly string[], previous: readonly string[] = []): Promise<void> {
  const removed = previous.filter((userId) => !managers.includes(userId));
  const requests = [
    ...managers.map((userId) => ({ PutRequest: { Item: { ...keys.managedStation(userId, stationId), entity: 'managed-station', stationId, userId } } })),
    ...removed.map((userId) => ({ DeleteRequest: { Key: keys.managedStation(userId, stationId) } })),
  ];
  for (let start = 0; start < requests.length; start += 25) {
    let pending: Record<string, unknown[]> | undefined = { [table()]: requests.slice(start, start + 25) };
    for (let attempt = 0; pending && Object.keys(pending).length > 0; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** Math.min(attempt, 6)));
      const output = await documents().send(new BatchWriteCommand({ RequestItems: pending as never }));
      pending = output.UnprocessedItems as typeof pending;
    }
  }
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
  const stations: ManagedStation[] = [];
  let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined =
    stationIds.length > 0 ? { [table()]: { Keys: stationIds.map((id) => keys.station(id)) } } : undefined;
  while (request && Object.keys(request).length > 0) {
    const output = await documents().send(new BatchGetCommand({ RequestItems: request }));
    for (const item of output.Responses?.[table()] ?? []) {
      const profile = typeof item.profile === 'string' ? (JSON.parse(item.profile) as { managers?: string[]; ancestors?: string[] }) : {};
      if (profile.managers?.includes(userId)) {
        stations.push({ id: item.id as string, name: item.name as string, ancestors: profile.ancestors ?? [] });
      }
    }
    request = output.UnprocessedKeys as typeof request;
  }
  stations.sort((a, b) => a.id.localeCompare(b.id));
  return { stations, complete: hints.nextCursor === undefined };
}
