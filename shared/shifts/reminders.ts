import { shiftReminderDue, shiftUnfilled } from '../../events/shifts';
import { type PendingEvent, makeEvent } from '../events/outbox';
import { nextReminder } from './domain/reminders';
import { shiftFacts } from './domain/shift';
import { gridWorkersOf } from './micro-grids';
import { REMINDER_SHARDS, dueReminderItems, markReminder, reminderDue, rescheduleReminder } from './repository/reminders';
import { getShift } from './repository/shifts';
import { withQueueServed } from './waitlist';

/**
 * The reminders of shifts, sent by the `shift-reminders` schedule. A shift item carries its next
 * reminder in the byDue index; the schedule queries what is due, and for each
 * shift marks the reminder sent *and* writes its events in one conditional update, compare-and-set
 * on the `dueSort` it saw. Two runs at once (or a retried run) cannot both send; the events, once
 * in the item's outbox, are published at least once, and the notifications consumer drops
 * duplicates by event id. So each reminder reaches each volunteer once.
 *
 * The day reminder (24 h before) also checks the headcount and alerts the grid worker if the shift
 * is short; the hour reminder (1 h before) goes to the volunteers only. Volunteers see who is on
 * the shift at the moment the reminder goes.
 */

export interface ReminderRun {
  sent: number;
  events: number;
  rescheduled: number;
}

/** Sends every reminder due by `now`, each once (see above). */
export async function sendDueReminders(now: Date): Promise<ReminderRun> {
  const run: ReminderRun = { sent: 0, events: 0, rescheduled: 0 };
  // Shards are independent: read them side by side rather than one after another.
  const shards = Array.from({ length: REMINDER_SHARDS }, (_, shard) => shard);
  await Promise.all(
    shards.map(async (shard) => {
      let cursor: string | undefined;
      do {
        const page = await dueReminderItems(shard, now, { limit: 100, ...(cursor ? { cursor } : {}) });
        for (const due of page.items) await remind(due.shiftId, due.dueSort, now, run);
        cursor = page.nextCursor;
      } while (cursor);
    }),
  );
  return run;
}

async function remind(shiftId: string, observedDueSort: string, now: Date, run: ReminderRun): Promise<void> {
  // The index is eventually consistent; the item is the truth, and the write is conditional on what the index showed.
  const read = await getShift(shiftId);
  if (!read) return;
  if (read.status !== 'open') {
    await rescheduleReminder(shiftId, observedDueSort, undefined);
    return;
  }
  const next = nextReminder(read.start, read.reminders, now);
  if (!next || next.dueAt.getTime() > now.getTime()) {
    // Overtaken (a day reminder an hour before the start) or early: move on to what is left.
    if (await rescheduleReminder(shiftId, observedDueSort, reminderDue(read, now))) run.rescheduled += 1;
    return;
  }
  // A free seat and a queue (a crash after a withdrawal) is repaired before anyone is told.
  const shift = await withQueueServed(read, now);
  const volunteerIds = Object.entries(shift.volunteers)
    .filter(([, slot]) => !slot.noShow)
    .map(([userId]) => userId)
    .sort();
  const facts = shiftFacts(shift);
  const events: PendingEvent[] = [];
  if (volunteerIds.length > 0) {
    events.push(
      makeEvent(shiftReminderDue, {
        ...facts,
        kind: next.kind,
        volunteerIds,
        ...(shift.location ? { location: shift.location } : {}),
        ...(shift.stationId ? { stationId: shift.stationId } : {}),
      }),
    );
  }
  if (next.kind === 'day' && shift.signedUpCount < shift.headcount) {
    events.push(
      makeEvent(shiftUnfilled, {
        ...facts,
        headcount: shift.headcount,
        signedUp: shift.signedUpCount,
        missing: shift.headcount - shift.signedUpCount,
        gridWorkerIds: await gridWorkersOf(shift.microGridId),
      }),
    );
  }
  if (await markReminder(shift, observedDueSort, next.kind, now, events)) {
    run.sent += 1;
    run.events += events.length;
  }
}
