import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../../aws/clients';
import { config } from '../../config';
import type { Page } from '../../http/pagination';
import { indexEntry, shiftKeys as keys } from '../../table/design';
import { type PageRequest, queryAll, queryPage, withoutKeys } from '../../table/query';
import type { HoursEntry } from '../model';
import { expiresAfter } from './retention';

/** The hours log: one line per stint (or no-show) under its micro-grid and month, and in the volunteer's log (byUser). */

/** Writes one line of the hours log. Its key is the shift and the volunteer: writing it twice is the same item. */
export async function putHoursEntry(entry: HoursEntry): Promise<void> {
  await documents().send(
    new PutCommand({
      TableName: config().tableName,
      Item: {
        ...keys.hoursEntry(entry.microGridId, entry.month, entry.userId, entry.shiftId),
        entity: 'hours',
        ...indexEntry('byUser', keys.hoursOf(entry.userId), `${entry.month}#${entry.shiftId}`),
        expiresAt: expiresAfter(entry.recordedAt),
        ...entry,
      },
    }),
  );
}

const hoursEntryOfItem = (item: Record<string, unknown>): HoursEntry => withoutKeys<HoursEntry>(item);

/** Every line of a micro-grid's hours log for a month. */
export async function hoursOfMicroGrid(unitId: string, month: string): Promise<HoursEntry[]> {
  const { pk, skPrefix } = keys.hoursOfUnit(unitId, month);
  return (await queryAll({ partition: pk, sortPrefix: skPrefix })).map(hoursEntryOfItem);
}

/** A page of a micro-grid's hours log for a month (for reads that bound how much they take). */
export async function hoursPageOfMicroGrid(unitId: string, month: string, page: PageRequest): Promise<Page<HoursEntry>> {
  const { pk, skPrefix } = keys.hoursOfUnit(unitId, month);
  const result = await queryPage({ ...page, partition: pk, sortPrefix: skPrefix });
  return { ...result, items: result.items.map(hoursEntryOfItem) };
}

/** Every line of a volunteer's hours log for a month. */
export async function hoursOfVolunteer(userId: string, month: string): Promise<HoursEntry[]> {
  return (await queryAll({ index: 'byUser', partition: keys.hoursOf(userId), sortPrefix: `${month}#` })).map(hoursEntryOfItem);
}
