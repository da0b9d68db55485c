import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../aws/clients';
import { config } from '../config';
import { stationKeys as keys } from '../table/design';

/**
 * What other features ask of one station they name (a duty or shift at a station, who is on duty
 * there), read from its item with a projection. Its own module, beside the station repository, so
 * that they do not carry the repository's codec, the station schema and the geohash package (about
 * 6 KiB of a bundle).
 */

/** A station's item, these attributes only (names escaped, so reserved words are fine). */
async function getStationItem(stationId: string, attributes: readonly string[], consistent = false): Promise<Record<string, unknown> | undefined> {
  const names = Object.fromEntries(attributes.map((name, index) => [`#a${index}`, name]));
  const read = { ProjectionExpression: Object.keys(names).join(', '), ExpressionAttributeNames: names, ...(consistent ? { ConsistentRead: true } : {}) };
  return (await documents().send(new GetCommand({ TableName: config().tableName, Key: keys.station(stationId), ...read }))).Item;
}

/** Whether a station exists (its key only: nothing of it is read). */
export async function stationExists(stationId: string): Promise<boolean> {
  return (await getStationItem(stationId, ['pk'])) !== undefined;
}

/**
 * The people a station's managers list names, or undefined when there is no such station: read
 * strongly consistent, as the repository reads a station, so a manager just removed is no longer
 * one. The list is kept in the item's `profile` (see codec.ts: a plain attribute of the same name
 * wins, as there).
 */
export async function stationManagersOf(stationId: string): Promise<string[] | undefined> {
  const item = await getStationItem(stationId, ['pk', 'profile', 'managers'], true);
  if (!item) return undefined;
  const profile = typeof item.profile === 'string' ? (JSON.parse(item.profile) as { managers?: string[] }) : {};
  return (Array.isArray(item.managers) ? (item.managers as string[]) : profile.managers) ?? [];
}
