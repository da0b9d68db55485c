import { shiftCheckedOut, shiftNoShow } from '../../events/shifts';
import { makeEvent } from '../events/outbox';
import { conflict } from '../http/errors';
import { assertCanCheckIn, assertCanCheckOut, assertCanMarkNoShow, creditedMinutes } from './domain/attendance';
import { hoursEntryOf } from './domain/hours';
import type { ShiftRecord } from './domain/shift';
import { putHoursEntry } from './repository/hours';
import { updateShiftReturning } from './repository/shifts';

/**
 * Attendance lives on the seat (`volunteers.<id>.checkedInAt` …), so check-in, check-out and
 * no-show are single conditional updates of the shift item. The hours log is derived from them:
 * the check-out (or no-show) writes its event into the shift item (outbox) and the log line right
 * after; the `shift-hours` consumer writes the same line again from the event, so a crash between
 * the two loses nothing, and a repeat writes the same item (deterministic key and content).
 */

/** Seated, and neither checked in nor marked a no-show: the condition of a check-in and of a no-show. */
const seatedAndAbsent = (userId: string) => ({
  condition: 'attribute_exists(#vol.#who) AND attribute_not_exists(#vol.#who.#in) AND attribute_not_exists(#vol.#who.#noShow)',
  names: { '#vol': 'volunteers', '#who': userId, '#in': 'checkedInAt', '#noShow': 'noShow' },
});

/** A volunteer checks in on their seat. */
export async function checkIn(shift: ShiftRecord, userId: string, now: Date): Promise<ShiftRecord> {
  assertCanCheckIn(shift, userId, now);
  const updated = await updateShiftReturning(
    shift.id,
    { setPaths: [[['volunteers', userId, 'checkedInAt'], now.toISOString()]], ...seatedAndAbsent(userId) },
    [],
  );
  if (!updated) throw conflict('your seat changed meanwhile (checked in already, or no longer on the shift)');
  return updated;
}

/** A volunteer checks out: the stint goes into the hours log. */
export async function checkOut(shift: ShiftRecord, userId: string, by: string, now: Date): Promise<ShiftRecord> {
  assertCanCheckOut(shift, userId);
  const checkedInAt = shift.volunteers[userId]!.checkedInAt!;
  const checkedOutAt = now.toISOString();
  const minutes = creditedMinutes(shift, checkedInAt, checkedOutAt);
  const entry = hoursEntryOf(shift, userId, { checkedInAt, checkedOutAt, minutes });
  const updated = await updateShiftReturning(
    shift.id,
    {
      setPaths: [[['volunteers', userId, 'checkedOutAt'], checkedOutAt]],
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
        checkedOutAt,
        minutes,
        by,
      }),
    ],
  );
  if (!updated) throw conflict('already checked out');
  await putHoursEntry(entry);
  return updated;
}

/** The grid worker marks someone seated who never checked in as a no-show: a line of the hours log too. */
export async function markNoShow(shift: ShiftRecord, userId: string, by: string, comment: string | undefined, now: Date): Promise<ShiftRecord> {
  assertCanMarkNoShow(shift, userId, now);
  const markedAt = now.toISOString();
  const updated = await updateShiftReturning(
    shift.id,
    { setPaths: [[['volunteers', userId, 'noShow'], { at: markedAt, by, ...(comment ? { comment } : {}) }]], ...seatedAndAbsent(userId) },
    [
      makeEvent(shiftNoShow, {
        shiftId: shift.id,
        microGridId: shift.microGridId,
        userId,
        title: shift.title,
        date: shift.date,
        month: shift.date.slice(0, 7),
        markedAt,
        markedBy: by,
        ...(comment ? { comment } : {}),
      }),
    ],
  );
  if (!updated) throw conflict('they checked in, or were marked already');
  await putHoursEntry(hoursEntryOf(shift, userId, { noShowAt: markedAt, ...(comment ? { comment } : {}) }));
  return updated;
}
