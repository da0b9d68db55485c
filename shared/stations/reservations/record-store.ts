import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { reservationReminderDue } from '../../../events/stations';
import { documents } from '../../aws/clients';
import { makeEvent, updateWithEvents } from '../../events/outbox';
import { writeIf } from '../../table/conditions';
import { creationStamp } from '../../table/creation';
import { indexEntry, stationKeys as keys } from '../../table/design';
import { expiresAfter } from '../../table/expiry';
import { shardOf } from '../../table/shards';
import type { Cancellation, Reservation, ReservationStatus } from '../model';
import { isOngoing, reminderDueAt } from './rules';
import { DUE_KEY, DUE_SORT, eventData, table, update } from './store';

/**
 * The writes of a reservation's **record** (`USER#<id>`/`RESERVATION#<id>`), the last of the three
 * items (store.ts): what "my reservations" lists, its status, and its place in the reminders' worklist.
 */

/**
 * Shards of the reminders' worklist: a record sits there from its booking until its reminder goes,
 * and the noon peak's bookings would otherwise all write one partition of the index.
 */
export const RESERVATION_REMINDER_SHARDS = 8;
/**
 * A record's place in the reminders' worklist (byDue), by when its reminder is due; none when it gets
 * no reminder (booked inside the lead, or no longer holding or waiting).
 */
const reminderWorklistEntry = (record: Reservation) => {
  const dueAt = isOngoing(record.status) ? reminderDueAt(record.start, record.createdAt) : undefined;
  return dueAt
    ? indexEntry('byDue', keys.reservationReminders(shardOf(record.id, RESERVATION_REMINDER_SHARDS)), `${dueAt}#${record.userId}#${record.id}`)
    : {};
};

export const recordStore = {
  /** 3. The record "my reservations" lists (with the claim's fingerprint, if it has one). */
  async putRecord(reservation: Reservation, fingerprint?: string): Promise<void> {
    await documents().send(
      new PutCommand({
        TableName: table(),
        Item: {
          ...keys.reservation(reservation.userId, reservation.id),
          entity: 'reservation',
          ...reservation,
          ...creationStamp(fingerprint),
          ...indexEntry('byUser', keys.reservationsOf(reservation.userId), `${reservation.start}#${reservation.id}`),
          ...reminderWorklistEntry(reservation),
          expiresAt: expiresAfter(new Date(reservation.end), 400 * 24 * 3600),
        },
      }),
    );
  },

  /**
   * A record's new status, unless it says so already (absent records are left to the read path,
   * which rebuilds them). Idempotent: settling a departure twice changes nothing.
   */
  async setRecordStatus(userId: string, reservationId: string, status: ReservationStatus, now: Date): Promise<void> {
    await writeIf(
      update({
        key: keys.reservation(userId, reservationId),
        set: { status, updatedAt: now.toISOString() },
        condition: 'attribute_exists(pk) AND #status <> :status',
        names: { '#status': 'status' },
        values: { ':status': status },
      }),
    );
  },

  /**
   * A cancelled record: its status, what the holder said (if anything), and out of the reminders'
   * worklist, unless it says `cancelled` already (settled before, or repaired by a read).
   */
  async cancelRecord(userId: string, reservationId: string, cancellation: Cancellation | undefined, now: Date): Promise<void> {
    await writeIf(
      update({
        key: keys.reservation(userId, reservationId),
        set: { status: 'cancelled', updatedAt: now.toISOString(), ...(cancellation ? { cancellation } : {}) },
        remove: [DUE_KEY, DUE_SORT],
        condition: 'attribute_exists(pk) AND #status <> :status',
        names: { '#status': 'status' },
        values: { ':status': 'cancelled' },
      }),
    );
  },

  /**
   * A moved record: `moved`, naming the reservation that took its place, and out of the reminders'
   * worklist (the new record has its own entry, for its own slot), unless it says so already.
   */
  async markMoved(userId: string, reservationId: string, movedTo: string, now: Date): Promise<void> {
    await writeIf(
      update({
        key: keys.reservation(userId, reservationId),
        set: { status: 'moved', movedTo, updatedAt: now.toISOString() },
        remove: [DUE_KEY, DUE_SORT],
        condition: 'attribute_exists(pk) AND (#status <> :status OR attribute_not_exists(movedTo))',
        names: { '#status': 'status' },
        values: { ':status': 'moved' },
      }),
    );
  },

  /**
   * Marks a record's reminder sent and takes it out of the worklist, with `reservation.reminder-due`
   * in its outbox: compare-and-set on the worklist entry the sweep saw, and never a second time, so of
   * two sweeps at once (or a retried one) exactly one reminds. False when refused.
   */
  async markReminded(listed: Record<string, unknown>, record: Reservation, now: Date): Promise<boolean> {
    return writeIf(
      updateWithEvents(
        {
          key: keys.reservation(record.userId, record.id),
          set: { remindedAt: now.toISOString() },
          remove: [DUE_KEY, DUE_SORT],
          condition: '#sort = :seen AND attribute_not_exists(remindedAt)',
          names: { '#sort': DUE_SORT },
          values: { ':seen': listed[DUE_SORT] },
        },
        [makeEvent(reservationReminderDue, { ...eventData({ ...record, reservationId: record.id }, record.userId), stationName: record.stationName })],
      ),
    );
  },

  /** Takes a record out of the reminders' worklist without reminding, unless its entry changed since the sweep saw it. */
  async dropReminder(listed: Record<string, unknown>, record: Reservation): Promise<void> {
    await writeIf(
      update({
        key: keys.reservation(record.userId, record.id),
        remove: [DUE_KEY, DUE_SORT],
        condition: '#sort = :seen',
        names: { '#sort': DUE_SORT },
        values: { ':seen': listed[DUE_SORT] },
      }),
    );
  },
};
