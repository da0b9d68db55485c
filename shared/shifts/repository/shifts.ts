import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../../aws/clients';
import { config } from '../../config';
import { type PendingEvent, updateWithEvents } from '../../events/outbox';
import type { Page } from '../../http/pagination';
import { batchGetItems } from '../../table/batch';
import { writeIf, writeOrUndefined } from '../../table/conditions';
import { KeyTakenError, putNew } from '../../table/creation';
import { indexEntry, shiftKeys as keys } from '../../table/design';
import { type PageRequest, queryAll, queryPage } from '../../table/query';
import type { UpdateSpec } from '../../table/update';
import type { ShiftRecord } from '../domain/shift';
import { reminderDue } from './reminders';

/**
 * The shift item: its seats, waitlist, attendance and next reminder, each invariant in this one
 * item. The multi-item protocols (claim, then seat) are in `shared/shifts/seats.ts` and around;
 * every function here touches one item per call.
 */

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

/**
 * Creates a shift unless one with its id exists (generated ids are deterministic, so generating
 * twice creates nothing): false then. It is listed under its micro-grid, at its station, and in the
 * reminders' worklist.
 */
export async function createShift(shift: ShiftRecord, now: Date): Promise<boolean> {
  try {
    await insertShift(shift, now);
    return true;
  } catch (error) {
    if (error instanceof KeyTakenError) return false;
    throw error;
  }
}

/**
 * {@link createShift} for a shift made by hand: an id already used is a {@link KeyTakenError} (409).
 * `fingerprint`: the creating request's, under an Idempotency-Key (see shared/http/creation.ts). No
 * event says a shift was created (its seats' events come as they are taken), so a plain put: the
 * function that plans carries no outbox and no EventBridge client.
 */
export async function insertShift(shift: ShiftRecord, now: Date, fingerprint?: string): Promise<void> {
  const key = keys.shift(shift.id);
  const byStart = `${shift.start}#${shift.id}`;
  const attributes = {
    entity: 'shift',
    ...indexEntry('byParent', keys.shiftsOf(shift.microGridId), byStart),
    ...(shift.stationId ? indexEntry('byPlace', keys.stationDuty(shift.stationId), byStart) : {}),
    ...reminderDue(shift, now),
    ...shift,
  };
  await putNew(key, `shift ${shift.id}`, attributes, fingerprint);
}

/** Reads a shift; consistent by default, since seats are decided on it. */
export async function getShift(shiftId: string, consistent = true): Promise<ShiftRecord | undefined> {
  const output = await documents().send(new GetCommand({ TableName: config().tableName, Key: keys.shift(shiftId), ConsistentRead: consistent }));
  return output.Item ? shiftFromItem(output.Item) : undefined;
}

/** Reads several shifts at once; missing ids are skipped. */
export async function getShifts(shiftIds: readonly string[]): Promise<Map<string, ShiftRecord>> {
  const items = await batchGetItems(shiftIds.map((id) => keys.shift(id)), { consistent: true });
  return new Map(items.map((item) => shiftFromItem(item)).map((shift) => [shift.id, shift]));
}

/** The sort-key range of shifts starting in [from, to). */
const startingBetween = (from: Date, to: Date): [string, string] => [from.toISOString(), to.toISOString()];

/** A page of a micro-grid's shifts starting in [from, to), by start. */
export async function listShiftsOfMicroGrid(unitId: string, from: Date, to: Date, page: PageRequest): Promise<Page<ShiftRecord>> {
  const result = await queryPage({ ...page, index: 'byParent', partition: keys.shiftsOf(unitId), sortBetween: startingBetween(from, to) });
  return { ...result, items: result.items.map(shiftFromItem) };
}

/** Every shift of a micro-grid starting in [from, to) (a week: bounded). */
export async function allShiftsOfMicroGrid(unitId: string, from: Date, to: Date): Promise<ShiftRecord[]> {
  return (await queryAll({ index: 'byParent', partition: keys.shiftsOf(unitId), sortBetween: startingBetween(from, to) })).map(shiftFromItem);
}

/** Every shift at a station starting in [from, to). */
export async function shiftsAtStation(stationId: string, from: Date, to: Date): Promise<ShiftRecord[]> {
  return (await queryAll({ index: 'byPlace', partition: keys.stationDuty(stationId), sortBetween: startingBetween(from, to) })).map(shiftFromItem);
}

/** A conditional update of one shift with its events; false when the condition failed. */
export async function updateShift(shiftId: string, update: Omit<UpdateSpec, 'key'>, events: readonly PendingEvent[]): Promise<boolean> {
  return writeIf(updateWithEvents({ key: keys.shift(shiftId), ...update }, events));
}

/** A conditional update of one shift with its events, returning the shift as written; undefined when the condition failed. */
export async function updateShiftReturning(
  shiftId: string,
  update: Omit<UpdateSpec, 'key' | 'returnValues'>,
  events: readonly PendingEvent[],
): Promise<ShiftRecord | undefined> {
  const attributes = await writeOrUndefined(updateWithEvents({ key: keys.shift(shiftId), ...update, returnValues: 'ALL_NEW' }, events));
  return attributes ? shiftFromItem(attributes) : undefined;
}
