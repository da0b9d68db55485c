import { shiftCheckedOut, shiftNoShow } from '../../events/shifts';
import { makeEvent } from '../events/outbox';
import { conflict } from '../http/errors';
import {
  type ShiftRecord,
  assertCanCheckIn,
  assertCanCheckOut,
  assertCanMarkNoShow,
  creditedMinutes,
  hoursEntryOf,
} from './domain';
import * as shifts from './repository';

/**
 * Attendance lives on the seat (`volunteers.<id>.checkedInAt` …), so check-in, check-out and
 * no-show are single conditional updates of the shift item. The hours log is derived from them:
 * the check-out (or no-show) writes its event into the shift item (outbox) and the log line right
 * after; the `shift-hours` consumer writes the same line again from the event, so a crash between
 * the two loses nothing, and a repeat writes the same item (deterministic key and content).
 */

export async function checkIn(shift: ShiftRecord, userId: string, now: string): Promise<ShiftRecord> {
  assertCanCheckIn(shift, userId, now);
  const done = await shifts.updateShift(
    shift.id,
    {
      setPaths: [[['volunteers', userId, 'checkedInAt'], now]],
      condition: 'attribute_exists(#vol.#who) AND attribute_not_exists(#vol.#who.#in) AND attribute_not_exists(#vol.#who.#noShow)',
      names: { '#vol': 'volunteers', '#who': userId, '#in': 'checkedInAt', '#noShow': 'noShow' },
    },
    [],
  );
  if (!done) throw conflict('your seat changed meanwhile (checked in already, or no longer on the shift)');
  return (await shifts.getShift(shift.id))!;
}

export async function checkOut(shift: ShiftRecord, userId: string, by: string, now: string): Promise<ShiftRecord> {
  assertCanCheckOut(shift, userId);
  const checkedInAt = shift.volunteers[userId]!.checkedInAt!;
  const minutes = creditedMinutes(shift, checkedInAt, now);
  const entry = hoursEntryOf(shift, userId, { checkedInAt, checkedOutAt: now, minutes });
  const done = await shifts.updateShift(
    shift.id,
    {
      setPaths: [[['volunteers', userId, 'checkedOutAt'], now]],
      condition: 'attribute_exists(#vol.#who.#in) AND attribute_not_exists(#vol.#who.#out)',
      names: { '#vol': 'volunteers', '#who': userId, '#in': 'checkedInAt', '#out': 'checkedOutAt' },
    },
    [
      makeEvent(shiftCheckedOut, {
        shiftId: shift.id,
        microGridId: shift.microGridId,
        userId,
        title: shift.title,
        date: shift.date,
        month: entry.month,
        checkedInAt,
        checkedOutAt: now,
        minutes,
        by,
      }),
    ],
  );
  if (!done) throw conflict('already checked out');
  await shifts.putHoursEntry(entry);
  return (await shifts.getShift(shift.id))!;
}

export async function markNoShow(shift: ShiftRecord, userId: string, by: string, comment: string | undefined, now: string): Promise<ShiftRecord> {
  assertCanMarkNoShow(shift, userId, now);
  const done = await shifts.updateShift(
    shift.id,
    {
      setPaths: [[['volunteers', userId, 'noShow'], { at: now, by, ...(comment ? { comment } : {}) }]],
      condition: 'attribute_exists(#vol.#who) AND attribute_not_exists(#vol.#who.#in) AND attribute_not_exists(#vol.#who.#noShow)',
      names: { '#vol': 'volunteers', '#who': userId, '#in': 'checkedInAt', '#noShow': 'noShow' },
    },
    [
      makeEvent(shiftNoShow, {
        shiftId: shift.id,
        microGridId: shift.microGridId,
        userId,
        title: shift.title,
        date: shift.date,
        month: shift.date.slice(0, 7),
        markedAt: now,
        markedBy: by,
        ...(comment ? { comment } : {}),
      }),
    ],
  );
  if (!done) throw conflict('they checked in, or were marked already');
  await shifts.putHoursEntry(hoursEntryOf(shift, userId, { noShowAt: now, ...(comment ? { comment } : {}) }));
  return (await shifts.getShift(shift.id))!;
}
