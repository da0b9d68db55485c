import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../../aws/clients';
import { config } from '../../config';
import { batchGetItems } from '../../table/batch';
import { shiftKeys as keys } from '../../table/design';
import { withoutKeys } from '../../table/query';
import type { Availability } from '../model';

/** A volunteer's availability: one item under the person, replaced whole when they change it. */

/** A volunteer's availability, if they ever gave one. */
export async function getAvailability(userId: string): Promise<Availability | undefined> {
  const output = await documents().send(new GetCommand({ TableName: config().tableName, Key: keys.availability(userId) }));
  return output.Item ? withoutKeys<Availability>(output.Item) : undefined;
}

/** The availability of several people, by user id (those who never gave one are absent): BatchGets of 100. */
export async function availabilitiesOf(userIds: readonly string[]): Promise<Map<string, Availability>> {
  const items = await batchGetItems(userIds.map((userId) => keys.availability(userId)), { consistent: true });
  return new Map(items.map((item) => withoutKeys<Availability>(item)).map((availability) => [availability.userId, availability]));
}

/** Replaces a volunteer's availability. */
export async function saveAvailability(availability: Availability): Promise<void> {
  await documents().send(
    new PutCommand({ TableName: config().tableName, Item: { ...keys.availability(availability.userId), entity: 'availability', ...availability } }),
  );
}
