import { createHash, randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../aws/clients';
import { config } from '../config';
import { type PendingEvent, putWithEvents, updateWithEvents } from '../events/outbox';
import { conflict } from '../http/errors';
import { type Page, encodeCursor } from '../http/pagination';
import { KeyTakenError, creating, creationStamp } from '../table/creation';
import { batchGetItems } from '../table/batch';
import { keys, tableDesign } from '../table/design';
import { type PageRequest, queryAll, queryFrom, queryPage, startKeyFrom, withoutKeys } from '../table/query';
import { type UpdateSpec, buildUpdate } from '../table/update';
import { type Claim, type ReminderKind, type ShiftRecord, nextReminder } from './domain';
import type { Availability, Duty, HoursEntry, Invitation, Swap } from './model';
import { isConditionFailure } from '../table/conditions';

/**
 * Reads and writes of the shifts feature, one function per access pattern. The multi-item
 * protocols (claim, then seat) live in `booking.ts`; this module touches one item per call.
 */

const table = () => config().tableName;

/** Partitions of the reminders' byDue worklist, so a city's week of shifts never lands on one key. */
export const REMINDER_SHARDS = 8;
const shardOf = (id: string): number => Number.parseInt(createHash('sha256').update(id).digest('hex').slice(0, 8), 16) % REMINDER_SHARDS;

/** How long day schedules, hours and swaps are kept before TTL collects them. */
const KEEP_SECONDS = 400 * 24 * 3600;
const expiresAfter = (isoOrDate: string) => Math.floor(Date.parse(isoOrDate.length === 10 ? `${isoOrDate}T00:00:00Z` : isoOrDate) / 1000) + KEEP_SECONDS;

// ─── Responsibility lists ──────────────────────────────────────────────────────────────────────

/**
 * Adds a duty to a micro-grid's list; an id already used there is a {@link KeyTakenError} (409).
 * `fingerprint`: the creating request's, under an Idempotency-Key (see shared/http/creation.ts).
 */
export async function createDuty(duty: Duty, events: readonly PendingEvent[], fingerprint?: string): Promise<void> {
  const key = keys.duty(duty.microGridId, duty.id);
  await creating(key, `duty ${duty.id}`, () =>
    putWithEvents(
      {
        TableName: table(),
        Item: {
          ...key,
          entity: 'duty',
          ...(duty.assigneeId ? { userKey: keys.dutiesOfMember(duty.assigneeId), userSort: `${duty.microGridId}#${duty.id}` } : {}),
          ...duty,
          ...creationStamp(fingerprint),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
      events,
    ),
  );
}

/** A duty as stored, without the table's bookkeeping. */
export const dutyOf = (item: Record<string, unknown>): Duty => withoutKeys<Duty>(item);

export async function getDuty(unitId: string, dutyId: string): Promise<Duty | undefined> {
  const output = await documents().send(new GetCommand({ TableName: table(), Key: keys.duty(unitId, dutyId) }));
  return output.Item ? dutyOf(output.Item) : undefined;
}

export async function deleteDuty(unitId: string, dutyId: string): Promise<boolean> {
  const output = await documents().send(new DeleteCommand({ TableName: table(), Key: keys.duty(unitId, dutyId), ReturnValues: 'ALL_OLD' }));
  return output.Attributes !== undefined;
}

/** A micro-grid's whole responsibility list. */
export async function listDuties(unitId: string, page: PageRequest): Promise<Page<Duty>> {
  const { pk, skPrefix } = keys.dutiesOf(unitId);
  const result = await queryPage({ ...page, partition: pk, sortPrefix: skPrefix });
  return { ...result, items: result.items.map((item) => withoutKeys<Duty>(item)) };
}

/** One member's responsibility list in a micro-grid, or in all their micro-grids. */
export async function listDutiesOfMember(unitId: string | undefined, userId: string, page: PageRequest): Promise<Page<Duty>> {
  const result = await queryPage({
    ...page,
    index: 'byUser',
    partition: keys.dutiesOfMember(userId),
    ...(unitId ? { sortPrefix: `${unitId}#` } : {}),
  });
  return { ...result, items: result.items.map((item) => withoutKeys<Duty>(item)) };
}

/**
 * Whether a 宁小蜂 station exists: station duty names one. Read by its key only, so this function
 * does not carry the stations feature's code.
 */
export async function stationExists(stationId: string): Promise<boolean> {
  const output = await documents().send(
    new GetCommand({ TableName: table(), Key: keys.station(stationId), ProjectionExpression: 'pk' }),
  );
  return output.Item !== undefined;
}

// ─── Availability ──────────────────────────────────────────────────────────────────────────────

export async function getAvailability(userId: string): Promise<Availability | undefined> {
  const output = await documents().send(new GetCommand({ TableName: table(), Key: keys.availability(userId) }));
  return output.Item ? withoutKeys<Availability>(output.Item) : undefined;
}

export async function saveAvailability(availability: Availability): Promise<void> {
  await documents().send(
    new PutCommand({ TableName: table(), Item: { ...keys.availability(availability.userId), entity: 'availability', ...availability } }),
  );
}

// ─── Shifts ────────────────────────────────────────────────────────────────────────────────────

const shiftAttributes = [
  'id', 'microGridId', 'dutyId', 'kind', 'title', 'notes', 'location', 'stationId', 'start', 'end', 'date', 'headcount',
  'status', 'volunteers', 'signedUpCount', 'waitQueue', 'reminders', 'pendingAssignee', 'assigneeNoticeDue',
  'createdAt', 'createdBy',
] as const;

/** The stored shift, without keys, outbox and index attributes. */
export function shiftFromItem(item: Record<string, unknown>): ShiftRecord {
  const shift = Object.fromEntries(shiftAttributes.filter((name) => item[name] !== undefined).map((name) => [name, item[name]]));
  return {
    volunteers: {},
    waitQueue: [],
    reminders: {},
    signedUpCount: 0,
    ...shift,
  } as unknown as ShiftRecord;
}

/** The byDue attributes for a shift's next reminder, or nothing when none is left. */
export function reminderDue(shift: Pick<ShiftRecord, 'id' | 'start' | 'reminders'>, now: string): { dueKey: string; dueSort: string } | undefined {
  const next = nextReminder(shift.start, shift.reminders, now);
  return next ? { dueKey: keys.shiftReminders(shardOf(shift.id)), dueSort: `${next.dueAt}#${shift.id}` } : undefined;
}

/**
 * Creates a shift unless one with its id exists (generated ids are deterministic, so generating
 * twice creates nothing): false then. It is listed under its micro-grid, at its station, and in the
 * reminders' worklist.
 */
export async function createShift(shift: ShiftRecord, events: readonly PendingEvent[], now: string): Promise<boolean> {
  try {
    await insertShift(shift, events, now);
    return true;
  } catch (error) {
    if (error instanceof KeyTakenError) return false;
    throw error;
  }
}

/**
 * {@link createShift} for a shift made by hand: an id already used is a {@link KeyTakenError} (409).
 * `fingerprint`: the creating request's, under an Idempotency-Key (see shared/http/creation.ts).
 */
export async function insertShift(shift: ShiftRecord, events: readonly PendingEvent[], now: string, fingerprint?: string): Promise<void> {
  const key = keys.shift(shift.id);
  await creating(key, `shift ${shift.id}`, () =>
    putWithEvents(
      {
        TableName: table(),
        Item: {
          ...key,
          entity: 'shift',
          parentKey: keys.shiftsOf(shift.microGridId),
          parentSort: `${shift.start}#${shift.id}`,
          ...(shift.stationId ? { placeKey: keys.stationDuty(shift.stationId), placeSort: `${shift.start}#${shift.id}` } : {}),
          ...reminderDue(shift, now),
          ...shift,
          ...creationStamp(fingerprint),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
      events,
    ),
  );
}

/** Reads a shift; consistent by default, since seats are decided on it. */
export async function getShift(shiftId: string, consistent = true): Promise<ShiftRecord | undefined> {
  const output = await documents().send(new GetCommand({ TableName: table(), Key: keys.shift(shiftId), ConsistentRead: consistent }));
  return output.Item ? shiftFromItem(output.Item) : undefined;
}

/** Reads several shifts at once; missing ids are skipped. */
export async function getShifts(shiftIds: readonly string[]): Promise<Map<string, ShiftRecord>> {
  const items = await batchGetItems(shiftIds.map((id) => keys.shift(id)), { consistent: true });
  return new Map(items.map((item) => shiftFromItem(item)).map((shift) => [shift.id, shift]));
}

/** A page of a micro-grid's shifts starting in [from, to), by start. */
export async function listShiftsOfMicroGrid(unitId: string, from: string, to: string, page: PageRequest): Promise<Page<ShiftRecord>> {
  const result = await queryPage({ ...page, index: 'byParent', partition: keys.shiftsOf(unitId), sortBetween: [from, to] });
  return { ...result, items: result.items.map(shiftFromItem) };
}

/** Every shift of a micro-grid starting in [from, to) (a week: bounded). */
export async function allShiftsOfMicroGrid(unitId: string, from: string, to: string): Promise<ShiftRecord[]> {
  return (await queryAll({ index: 'byParent', partition: keys.shiftsOf(unitId), sortBetween: [from, to] })).map(shiftFromItem);
}

/** Every shift at a station starting in [from, to). */
export async function shiftsAtStation(stationId: string, from: string, to: string): Promise<ShiftRecord[]> {
  return (await queryAll({ index: 'byPlace', partition: keys.stationDuty(stationId), sortBetween: [from, to] })).map(shiftFromItem);
}

/** A conditional update of one shift with its events; false when the condition failed. */
export async function updateShift(shiftId: string, update: Omit<UpdateSpec, 'key'>, events: readonly PendingEvent[]): Promise<boolean> {
  try {
    await updateWithEvents({ key: keys.shift(shiftId), ...update }, events);
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** A conditional update of one shift with its events, returning the shift as written; undefined when the condition failed. */
export async function updateShiftReturning(
  shiftId: string,
  update: Omit<UpdateSpec, 'key' | 'returnValues'>,
  events: readonly PendingEvent[],
): Promise<ShiftRecord | undefined> {
  try {
    const attributes = await updateWithEvents({ key: keys.shift(shiftId), ...update, returnValues: 'ALL_NEW' }, events);
    return attributes ? shiftFromItem(attributes) : undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

/** The reminders' worklist: shifts whose next reminder is due by `now`, one shard at a time. */
export async function dueReminderItems(shard: number, now: string, page: PageRequest): Promise<Page<{ shiftId: string; dueSort: string }>> {
  const output = await queryFrom(
    new QueryCommand({
      TableName: table(),
      IndexName: 'byDue',
      KeyConditionExpression: '#p = :p AND #s <= :now',
      ExpressionAttributeNames: { '#p': tableDesign.indexes.byDue.partitionKey, '#s': tableDesign.indexes.byDue.sortKey },
      ExpressionAttributeValues: { ':p': keys.shiftReminders(shard), ':now': `${now}~` },
      Limit: page.limit,
      ExclusiveStartKey: startKeyFrom(page.cursor, { index: 'byDue', partition: keys.shiftReminders(shard), sortBetween: ['', `${now}~`] }),
    }),
  );
  return {
    items: (output.Items ?? []).map((item) => ({ shiftId: item.id as string, dueSort: item.dueSort as string })),
    ...(output.LastEvaluatedKey ? { nextCursor: encodeCursor(output.LastEvaluatedKey) } : {}),
  };
}

/**
 * Marks a reminder sent and moves the shift to its next one, with the reminder's events in the same
 * write. The condition on the observed `dueSort` makes it compare-and-set: of two schedule runs
 * (or a retried one) exactly one sends.
 */
export async function markReminder(
  shift: ShiftRecord,
  observedDueSort: string,
  kind: ReminderKind | undefined,
  now: string,
  events: readonly PendingEvent[],
): Promise<boolean> {
  const reminders = kind ? { ...shift.reminders, [kind]: now } : shift.reminders;
  const due = shift.status === 'open' ? reminderDue({ ...shift, reminders }, now) : undefined;
  return updateShift(
    shift.id,
    {
      ...(due ? { set: due } : { remove: ['dueKey', 'dueSort'] }),
      ...(kind ? { setPaths: [[['reminders', kind], now]] } : {}),
      condition: `#due = :observed${kind ? ' AND attribute_not_exists(#reminders.#kind)' : ''}`,
      names: { '#due': 'dueSort', ...(kind ? { '#reminders': 'reminders', '#kind': kind } : {}) },
      values: { ':observed': observedDueSort },
    },
    events,
  );
}

/** Moves a shift's reminder slot (the schedule found it early, or nothing is left to send). */
export async function rescheduleReminder(shiftId: string, observedDueSort: string, due: { dueKey: string; dueSort: string } | undefined): Promise<boolean> {
  try {
    await documents().send(
      new UpdateCommand(
        buildUpdate(table(), {
          key: keys.shift(shiftId),
          ...(due ? { set: due } : { remove: ['dueKey', 'dueSort'] }),
          condition: '#due = :observed',
          names: { '#due': 'dueSort' },
          values: { ':observed': observedDueSort },
        }),
      ),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

// ─── A volunteer's days: the booked intervals ──────────────────────────────────────────────────

export interface VolunteerDay {
  userId: string;
  date: string;
  claims: Claim[];
  /** Shifts they wait for that day (a secondary record for "my shifts"; the shift item is the truth). */
  waiting: { shiftId: string; at: string }[];
  /** 0 when the item does not exist yet. */
  version: number;
}

/** A volunteer's day as stored (an absent item is an empty day at version 0). */
export function dayFromItem(userId: string, date: string, item: Record<string, unknown> | undefined): VolunteerDay {
  const claims = Object.entries((item?.claims as Record<string, Omit<Claim, 'shiftId'>> | undefined) ?? {}).map(([shiftId, claim]) => ({
    shiftId,
    ...claim,
  }));
  const waiting = Object.entries((item?.waiting as Record<string, { at: string }> | undefined) ?? {}).map(([shiftId, entry]) => ({
    shiftId,
    at: entry.at,
  }));
  return { userId, date, claims, waiting, version: (item?.version as number | undefined) ?? 0 };
}

export async function getVolunteerDay(userId: string, date: string): Promise<VolunteerDay> {
  const output = await documents().send(new GetCommand({ TableName: table(), Key: keys.volunteerDay(userId, date), ConsistentRead: true }));
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

/**
 * Writes a claim on a volunteer's day if the day is still at the version the caller read: the one
 * item two sign-ups of the same person contend on. Returns false when someone wrote first.
 */
export async function writeClaim(day: VolunteerDay, claim: Claim): Promise<boolean> {
  const { shiftId, ...value } = claim;
  const key = keys.volunteerDay(day.userId, day.date);
  const update =
    day.version === 0
      ? buildUpdate(table(), {
          key,
          set: { claims: { [shiftId]: value }, version: 1, userId: day.userId, date: day.date, entity: 'volunteer-day', expiresAt: expiresAfter(day.date) },
          condition: 'attribute_not_exists(#version)',
          names: { '#version': 'version' },
        })
      : buildUpdate(table(), {
          key,
          set: { version: day.version + 1 },
          setPaths: [[['claims', shiftId], value]],
          condition: '#version = :version',
          names: { '#version': 'version' },
          values: { ':version': day.version },
        });
  try {
    await documents().send(new UpdateCommand(update));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Releases a claim, only if it is still the one with this token (a newer attempt's claim stays). */
export async function releaseClaim(userId: string, date: string, shiftId: string, token: string): Promise<boolean> {
  try {
    await documents().send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.volunteerDay(userId, date),
        UpdateExpression: 'REMOVE #claims.#shift',
        ConditionExpression: '#claims.#shift.#token = :token',
        ExpressionAttributeNames: { '#claims': 'claims', '#shift': shiftId, '#token': 'token' },
        ExpressionAttributeValues: { ':token': token },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Notes (or forgets) a shift someone waits for on their day: secondary, repaired on read. */
export async function noteWaiting(userId: string, date: string, shiftId: string, at: string | undefined): Promise<void> {
  const key = keys.volunteerDay(userId, date);
  try {
    if (at) {
      // The map may not exist yet: set it whole when absent, else the one entry.
      await documents()
        .send(
          new UpdateCommand({
            TableName: table(),
            Key: key,
            UpdateExpression: 'SET #waiting.#shift = :entry',
            ConditionExpression: 'attribute_exists(#waiting)',
            ExpressionAttributeNames: { '#waiting': 'waiting', '#shift': shiftId },
            ExpressionAttributeValues: { ':entry': { at } },
          }),
        )
        .catch(async (error: unknown) => {
          if (!isConditionFailure(error)) throw error;
          await documents().send(
            new UpdateCommand({
              TableName: table(),
              Key: key,
              UpdateExpression: 'SET #waiting = :map, #userId = :userId, #date = :date, #expiresAt = :expiresAt',
              ConditionExpression: 'attribute_not_exists(#waiting)',
              ExpressionAttributeNames: { '#waiting': 'waiting', '#userId': 'userId', '#date': 'date', '#expiresAt': 'expiresAt' },
              ExpressionAttributeValues: { ':map': { [shiftId]: { at } }, ':userId': userId, ':date': date, ':expiresAt': expiresAfter(date) },
            }),
          );
        });
    } else {
      await documents().send(
        new UpdateCommand({
          TableName: table(),
          Key: key,
          UpdateExpression: 'REMOVE #waiting.#shift',
          ConditionExpression: 'attribute_exists(#waiting)',
          ExpressionAttributeNames: { '#waiting': 'waiting', '#shift': shiftId },
        }),
      );
    }
  } catch (error) {
    // Best effort: "my shifts" checks every entry against the shift and tidies what is off.
    if (!isConditionFailure(error)) throw error;
  }
}

// ─── Hours log ─────────────────────────────────────────────────────────────────────────────────

/** Writes one line of the hours log. Its key is the shift and the volunteer: writing it twice is the same item. */
export async function putHoursEntry(entry: HoursEntry): Promise<void> {
  await documents().send(
    new PutCommand({
      TableName: table(),
      Item: {
        ...keys.hoursEntry(entry.microGridId, entry.month, entry.userId, entry.shiftId),
        entity: 'hours',
        userKey: keys.hoursOf(entry.userId),
        userSort: `${entry.month}#${entry.shiftId}`,
        expiresAt: expiresAfter(entry.recordedAt),
        ...entry,
      },
    }),
  );
}

/** Every line of a micro-grid's hours log for a month. */
export async function hoursOfMicroGrid(unitId: string, month: string): Promise<HoursEntry[]> {
  const { pk, skPrefix } = keys.hoursOfUnit(unitId, month);
  return (await queryAll({ partition: pk, sortPrefix: skPrefix })).map((item) => withoutKeys<HoursEntry>(item));
}

/** Every line of a volunteer's hours log for a month. */
export async function hoursOfVolunteer(userId: string, month: string): Promise<HoursEntry[]> {
  return (await queryAll({ index: 'byUser', partition: keys.hoursOf(userId), sortPrefix: `${month}#` })).map((item) =>
    withoutKeys<HoursEntry>(item),
  );
}

// ─── Swaps ─────────────────────────────────────────────────────────────────────────────────────

export async function createSwap(swap: Swap, events: readonly PendingEvent[]): Promise<void> {
  await putWithEvents(
    {
      TableName: table(),
      Item: {
        ...keys.shiftSwap(swap.id),
        entity: 'shift-swap',
        parentKey: keys.shiftSwapsOf(swap.microGridId),
        parentSort: `${swap.createdAt}#${swap.id}`,
        expiresAt: expiresAfter(swap.createdAt),
        ...swap,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
    events,
  );
}

export async function getSwap(swapId: string): Promise<Swap | undefined> {
  const output = await documents().send(new GetCommand({ TableName: table(), Key: keys.shiftSwap(swapId), ConsistentRead: true }));
  return output.Item ? withoutKeys<Swap>(output.Item) : undefined;
}

/** Moves a swap from one of `from` to `to` (a state machine on one item); false when it moved first. */
export async function transitionSwap(
  swapId: string,
  from: readonly Swap['status'][],
  to: Swap['status'],
  set: Partial<Swap>,
  events: readonly PendingEvent[],
): Promise<boolean> {
  const values: Record<string, unknown> = {};
  from.forEach((status, index) => (values[`:from${index}`] = status));
  try {
    await updateWithEvents(
      {
        key: keys.shiftSwap(swapId),
        set: { ...set, status: to },
        condition: `#status IN (${from.map((_, index) => `:from${index}`).join(', ')})`,
        names: { '#status': 'status' },
        values,
      },
      events,
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** A micro-grid's swap requests, newest first. */
export async function listSwaps(unitId: string, page: PageRequest): Promise<Page<Swap>> {
  const result = await queryPage({ ...page, index: 'byParent', partition: keys.shiftSwapsOf(unitId), newestFirst: true });
  return { ...result, items: result.items.map((item) => withoutKeys<Swap>(item)) };
}

// ─── Invitations ───────────────────────────────────────────────────────────────────────────────

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A short code a grid worker reads out or posts in the WeChat group: 8 characters, no look-alikes. */
export function newInvitationCode(): string {
  return [...randomBytes(8)].map((byte) => CODE_ALPHABET[byte % CODE_ALPHABET.length]).join('');
}

export async function createInvitation(invitation: Invitation): Promise<void> {
  try {
    await documents().send(
      new PutCommand({
        TableName: table(),
        Item: { ...keys.invitation(invitation.code), entity: 'invitation', expiresAt: Math.floor(Date.parse(invitation.validUntil) / 1000), ...invitation },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw conflict('invitation code collision; try again');
    throw error;
  }
}

/** Reads an invitation; TTL only collects garbage, so expiry is checked here. */
export async function getInvitation(code: string, now: string): Promise<Invitation | undefined> {
  const output = await documents().send(new GetCommand({ TableName: table(), Key: keys.invitation(code) }));
  if (!output.Item) return undefined;
  const invitation = withoutKeys<Invitation>(output.Item);
  return invitation.validUntil > now ? invitation : undefined;
}