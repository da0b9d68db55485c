import { stationKeys as keys } from '../../table/design';
import { queryPage } from '../../table/query';
import { readShards } from '../../table/shards';
import { recordOf } from './codec';
import type { Reservation } from '../model';
import { getSlot, slotKeyOf } from './items';
import { type SeatSlot, isRemindable, slotTruthOf } from './rules';
import { RESERVATION_REMINDER_SHARDS, recordStore } from './record-store';

/**
 * The reminder before a reservation, sent once by the `stations-sweep` schedule, as the shift
 * reminders are (shared/shifts/reminders.ts). A record carries its reminder's due time in the byDue
 * index from its booking (record-store.ts, `putRecord`); cancelling takes it out. The sweep reads what is due,
 * asks the slot (the truth, strongly consistent) whether the reservation still holds a seat, and
 * marks the reminder sent *and* writes `reservation.reminder-due` into the record's outbox in one
 * conditional update, compare-and-set on the entry it saw and only if none was sent: two sweeps at once,
 * or a retried one, cannot both remind. The event, once in the outbox, is published at least once and
 * the notifications consumer drops duplicates by event id, so each holder hears it once.
 */

export interface ReservationReminderRun {
  reminded: number;
  passedOver: number;
}

/** Sends the reminders due by `now`, at most `max` records a run (the rest wait a minute). */
export async function sendReservationReminders(now: Date, max = 200): Promise<ReservationReminderRun> {
  const run: ReservationReminderRun = { reminded: 0, passedOver: 0 };
  const due = await readShards(RESERVATION_REMINDER_SHARDS, max, 100, (shard, limit, cursor) =>
    queryPage({
      index: 'byDue',
      partition: keys.reservationReminders(shard),
      // `~` sorts after `#`: everything due at `now` itself, whatever its ids.
      sortUpTo: `${now.toISOString()}~`,
      limit,
      ...(cursor ? { cursor } : {}),
    }),
  );
  // The run's records share slots (a slot's holders are due together): each slot is read once. The
  // sweep writes records, never slots, so the run's own writes never make a slot read stale.
  const slots = new Map<string, Promise<SeatSlot | undefined>>();
  const slotOfRecord = (record: Reservation) => {
    const key = slotKeyOf(record);
    if (!slots.has(key)) slots.set(key, getSlot(record.stationId, record.start));
    return slots.get(key)!;
  };
  for (const listed of due) {
    const record = recordOf(listed);
    const slot = await slotOfRecord(record);
    if (isRemindable(slot && slotTruthOf(slot, record.id, now), record.start, now)) {
      if (await recordStore.markReminded(listed, record, now)) run.reminded += 1;
    } else {
      // Cancelled, released, still waiting, or the slot began: no reminder now, nor later.
      await recordStore.dropReminder(listed, record);
      run.passedOver += 1;
    }
  }
  return run;
}
