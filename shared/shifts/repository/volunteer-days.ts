import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../../aws/clients';
import { config } from '../../config';
import { updateWithEvents } from '../../events/outbox';
import { batchGetItems } from '../../table/batch';
import { writeIf } from '../../table/conditions';
import { shiftKeys as keys } from '../../table/design';
import { queryAll } from '../../table/query';
import type { UpdateSpec } from '../../table/update';
import type { ShiftClaim } from '../domain/claims';
import { expiresAfter } from './retention';

/**
 * A volunteer's day (`USER#<id>` / `SCHEDULE#<date>`): the intervals they have claimed that day,
 * with a version, and the shifts they wait for. One place at a time is the invariant of this item.
 */

/** A volunteer's day as read: their claims, the shifts they wait for, and the version claims are written against. */
export interface VolunteerDay {
  userId: string;
  date: string;
  claims: ShiftClaim[];
  /** Shifts they wait for that day (a secondary record for "my shifts"; the shift item is the truth). */
  waiting: { shiftId: string; at: string }[];
  /** 0 when the item does not exist yet. */
  version: number;
}

/** A volunteer's day as stored (an absent item is an empty day at version 0). */
export function dayFromItem(userId: string, date: string, item: Record<string, unknown> | undefined): VolunteerDay {
  const claims = Object.entries((item?.claims as Record<string, Omit<ShiftClaim, 'shiftId'>> | undefined) ?? {}).map(([shiftId, claim]) => ({
    shiftId,
    ...claim,
  }));
  const waiting = Object.entries((item?.waiting as Record<string, { at: string }> | undefined) ?? {}).map(([shiftId, entry]) => ({
    shiftId,
    at: entry.at,
  }));
  return { userId, date, claims, waiting, version: (item?.version as number | undefined) ?? 0 };
}

/** Reads a volunteer's day, consistently (claims are decided on it). */
export async function getVolunteerDay(userId: string, date: string): Promise<VolunteerDay> {
  const output = await documents().send(
    new GetCommand({ TableName: config().tableName, Key: keys.volunteerDay(userId, date), ConsistentRead: true }),
  );
  return dayFromItem(userId, date, output.Item);
}

/** A volunteer's days in [from, to] (local dates). */
export async function getVolunteerDays(userId: string, from: string, to: string): Promise<VolunteerDay[]> {
  const items = await queryAll({
    partition: keys.volunteerDay(userId, from).pk,
    sortBetween: [`${keys.volunteerDaysPrefix}${from}`, `${keys.volunteerDaysPrefix}${to}`],
  });
  return items.map((item) => dayFromItem(userId, item.date as string, item));
}

/** Several volunteers' same day, by user id (every one present, empty when they have no item): BatchGets of 100. */
export async function volunteerDaysOn(userIds: readonly string[], date: string): Promise<Map<string, VolunteerDay>> {
  const items = await batchGetItems(userIds.map((userId) => keys.volunteerDay(userId, date)), { consistent: true });
  const byPartition = new Map(items.map((item) => [item.pk as string, item]));
  return new Map(userIds.map((userId) => [userId, dayFromItem(userId, date, byPartition.get(keys.volunteerDay(userId, date).pk))]));
}

/** An update of one volunteer's day; false when its condition failed. */
const updateDay = (userId: string, date: string, update: Omit<UpdateSpec, 'key'>): Promise<boolean> =>
  writeIf(updateWithEvents({ key: keys.volunteerDay(userId, date), ...update }, []));

/**
 * Writes a claim on a volunteer's day if the day is still at the version the caller read: the one
 * item two sign-ups of the same person contend on. Returns false when someone wrote first.
 */
export async function writeClaim(day: VolunteerDay, claim: ShiftClaim): Promise<boolean> {
  const { shiftId, ...value } = claim;
  return day.version === 0
    ? updateDay(day.userId, day.date, {
        set: { claims: { [shiftId]: value }, version: 1, userId: day.userId, date: day.date, entity: 'volunteer-day', expiresAt: expiresAfter(day.date) },
        condition: 'attribute_not_exists(#version)',
        names: { '#version': 'version' },
      })
    : updateDay(day.userId, day.date, {
        set: { version: day.version + 1 },
        setPaths: [[['claims', shiftId], value]],
        condition: '#version = :version',
        names: { '#version': 'version' },
        values: { ':version': day.version },
      });
}

/** Releases a claim, only if it is still the one with this token (a newer attempt's claim stays). */
export async function releaseClaim(userId: string, date: string, shiftId: string, token: string): Promise<boolean> {
  return updateDay(userId, date, {
    removePaths: [['claims', shiftId]],
    condition: '#claims.#shift.#token = :token',
    names: { '#claims': 'claims', '#shift': shiftId, '#token': 'token' },
    values: { ':token': token },
  });
}

/**
 * Notes a shift someone waits for on their day, since `since`: secondary, so best effort ("my
 * shifts" checks every entry against the shift and tidies what is off).
 */
export async function noteWaiting(userId: string, date: string, shiftId: string, since: Date): Promise<void> {
  const entry = { at: since.toISOString() };
  // The map may not exist yet: set the one entry when it does, else the whole map.
  const added = await updateDay(userId, date, {
    setPaths: [[['waiting', shiftId], entry]],
    condition: 'attribute_exists(#waiting)',
    names: { '#waiting': 'waiting' },
  });
  if (added) return;
  await updateDay(userId, date, {
    set: { waiting: { [shiftId]: entry }, userId, date, expiresAt: expiresAfter(date) },
    condition: 'attribute_not_exists(#waiting)',
    names: { '#waiting': 'waiting' },
  });
}

/** Forgets a shift someone waited for on their day (best effort, like {@link noteWaiting}). */
export async function forgetWaiting(userId: string, date: string, shiftId: string): Promise<void> {
  await updateDay(userId, date, {
    removePaths: [['waiting', shiftId]],
    condition: 'attribute_exists(#waiting)',
    names: { '#waiting': 'waiting' },
  });
}
