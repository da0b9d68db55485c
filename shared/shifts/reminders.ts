import { shiftReminderDue, shiftUnfilled } from '../../events/shifts';
import { type PendingEvent, makeEvent } from '../events/outbox';
import { fillFromWaitlist, gridWorkersOf } from './booking';
import { nextReminder } from './domain';
import * as shifts from './repository';

/**
 * The reminders of shifts, sent by the `shift-reminders` schedule. A shift item carries its next
 * reminder in the byDue index (`dueKey`/`dueSort`); the schedule queries what is due, and for each
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

export async function sendDueReminders(now: string): Promise<ReminderRun> {
  const run: ReminderRun = { sent: 0, events: 0, rescheduled: 0 };
  // Shards are independent: read them side by side rather than one after another.
  const shards = Array.from({ length: shifts.REMINDER_SHARDS }, (_, shard) => shard);
  await Promise.all(
    shards.map(async (shard) => {
      let cursor: string | undefined;
      do {
        const page = await shifts.dueReminderItems(shard, now, { limit: 100, ...(cursor ? { cursor } : {}) });
        for (const due of page.items) await remind(due.shiftId, due.dueSort, now, run);
        cursor = page.nextCursor;
      } while (cursor);
    }),
  );
  return run;
}

async function remind(shiftId: string, observedDueSort: string, now: string, run: ReminderRun): Promise<void> {
  // The index is eventually consistent; the item is the truth, and the write is conditional on what the index showed.
  let shift = await shifts.getShift(shiftId);
  if (!shift) return;
  if (shift.status !== 'open') {
    await shifts.rescheduleReminder(shiftId, observedDueSort, undefined);
    return;
  }
  const next = nextReminder(shift.start, shift.reminders, now);
  if (!next || next.dueAt > now) {
    // Overtaken (a day reminder an hour before the start) or early: move on to what is left.
    if (await shifts.rescheduleReminder(shiftId, observedDueSort, shifts.reminderDue(shift, now))) run.rescheduled += 1;
    return;
  }
  // A free seat and a queue (a crash after a withdrawal) is repaired before anyone is told.
  if (shift.signedUpCount < shift.headcount && shift.waitQueue.length > 0) {
    await fillFromWaitlist(shiftId, now);
    shift = (await shifts.getShift(shiftId))!;
  }
  const volunteerIds = Object.entries(shift.volunteers)
    .filter(([, slot]) => !slot.noShow)
    .map(([userId]) => userId)
    .sort();
  const facts = { shiftId: shift.id, microGridId: shift.microGridId, title: shift.title, start: shift.start, end: shift.end };
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
  if (await shifts.markReminder(shift, observedDueSort, next.kind, now, events)) {
    run.sent += 1;
    run.events += events.length;
  }
}
