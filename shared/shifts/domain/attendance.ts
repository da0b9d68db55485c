import { ProblemError } from '../../http/errors';
import { MINUTE_MS } from '../../time/local';
import { type ShiftRecord, hasEnded, hasStarted } from './shift';

/**
 * Attendance on a seat: check-in, check-out, no-show, and the minutes a stint is credited. The
 * writes are `shared/shifts/attendance.ts`; the hours log they feed is `./hours.ts`.
 */

/** Check-in opens this long before the start. */
export const CHECK_IN_EARLY_MINUTES = 30;
/** Time after the end that still counts when someone checks out late. */
export const CHECK_OUT_GRACE_MINUTES = 60;

/** Checks a check-in: a seat on the shift, the window from 30 minutes before the start to its end. */
export function assertCanCheckIn(shift: ShiftRecord, userId: string, now: Date): void {
  const slot = shift.volunteers[userId];
  if (shift.status !== 'open') throw new ProblemError('conflict', 'the shift was cancelled');
  if (!slot) throw new ProblemError('conflict', 'you are not signed up for this shift');
  if (slot.checkedInAt) throw new ProblemError('conflict', 'already checked in');
  if (slot.noShow) throw new ProblemError('conflict', 'marked as a no-show');
  const opens = Date.parse(shift.start) - CHECK_IN_EARLY_MINUTES * MINUTE_MS;
  if (now.getTime() < opens) throw new ProblemError('conflict', `check-in opens ${CHECK_IN_EARLY_MINUTES} minutes before the start`);
  if (hasEnded(shift, now)) throw new ProblemError('conflict', 'the shift has ended');
}

/** Checks a check-out: checked in on this shift, not out yet. */
export function assertCanCheckOut(shift: ShiftRecord, userId: string): void {
  const slot = shift.volunteers[userId];
  if (!slot) throw new ProblemError('conflict', 'not signed up for this shift');
  if (!slot.checkedInAt) throw new ProblemError('conflict', 'check in first');
  if (slot.checkedOutAt) throw new ProblemError('conflict', 'already checked out');
}

/**
 * Minutes credited for a stint: from check-in to check-out, but nothing after an hour past the
 * shift's end (someone who forgot to check out is not credited the night).
 */
export function creditedMinutes(shift: Pick<ShiftRecord, 'end'>, checkedInAt: string, checkedOutAt: string): number {
  const until = Math.min(Date.parse(checkedOutAt), Date.parse(shift.end) + CHECK_OUT_GRACE_MINUTES * MINUTE_MS);
  return Math.max(0, Math.floor((until - Date.parse(checkedInAt)) / MINUTE_MS));
}

/** A no-show can be marked once the shift has started, for someone seated who never checked in. */
export function assertCanMarkNoShow(shift: ShiftRecord, userId: string, now: Date): void {
  const slot = shift.volunteers[userId];
  if (!slot) throw new ProblemError('not_found', `${userId} is not on this shift`);
  if (slot.checkedInAt) throw new ProblemError('conflict', 'they checked in');
  if (slot.noShow) throw new ProblemError('conflict', 'already marked');
  if (!hasStarted(shift, now)) throw new ProblemError('conflict', 'the shift has not started');
}
