import type { Identity } from '../../auth/identity';
import { fieldProblem, notFound } from '../../http/errors';
import { type LocalDate, addDays, instantAt, minuteOfClock } from '../../time/local';
import type { Duty } from '../model';
import { hasSettled } from './claims';
import { occurrences } from './recurrence';
import { type ShiftRecord, hasEnded, newShiftRecord } from './shift';

/**
 * Generating shifts from the responsibility list: which shifts a run plans, and what it tells the
 * members it seated. The run itself (create, seat, announce) is `shared/shifts/generation.ts`.
 */

/** How far ahead shifts may be generated from a responsibility list. */
export const MAX_GENERATION_WEEKS = 8;

/** A generated shift's id: the same duty on the same day is always the same shift. */
export const generatedShiftId = (dutyId: string, date: LocalDate): string => `${dutyId}-${date.replaceAll('-', '')}`;

/** The duties a run covers: those named (each must be on the list, else 404), or the whole list. */
export function chooseDuties(list: readonly Duty[], dutyIds: readonly string[] | undefined): Duty[] {
  if (!dutyIds) return [...list];
  const chosen = list.filter((duty) => dutyIds.includes(duty.id));
  if (chosen.length !== new Set(dutyIds).size) throw notFound('a duty of dutyIds is not on this list');
  return chosen;
}

/**
 * Plans the shifts of a duty for the weeks from `from` (a local date): one per occurrence, with
 * deterministic ids so that running the generation twice creates nothing new. Occurrences already
 * over are skipped. A duty that is one member's names them as each shift's pending assignee.
 */
export function planShiftsFromDuty(duty: Duty, from: LocalDate, weeks: number, identity: Identity, now: Date): ShiftRecord[] {
  if (weeks < 1 || weeks > MAX_GENERATION_WEEKS) throw fieldProblem('body.weeks', `1 to ${MAX_GENERATION_WEEKS} weeks`);
  const startMinute = minuteOfClock(duty.recurrence.start);
  const endMinute = minuteOfClock(duty.recurrence.end);
  return occurrences(duty.recurrence, from, addDays(from, weeks * 7))
    .map((date) =>
      newShiftRecord({
        id: generatedShiftId(duty.id, date),
        microGridId: duty.microGridId,
        dutyId: duty.id,
        kind: duty.kind,
        title: duty.title,
        location: duty.location,
        stationId: duty.stationId,
        start: instantAt(date, startMinute).toISOString(),
        end: instantAt(date, endMinute).toISOString(),
        headcount: duty.headcount,
        pendingAssignee: duty.assigneeId,
        createdAt: now.toISOString(),
        createdBy: identity.userId,
      }),
    )
    .filter((shift) => !hasEnded(shift, now));
}

/** How many shifts one `shifts.duties-assigned` event lists at most: it, and the item carrying it, stay small. */
export const MAX_SHIFTS_PER_NOTICE = 100;

/** One notice of a generation run to a member: the seats it gave them, by start. */
export interface AssignmentNotice {
  microGridId: string;
  userId: string;
  shifts: ShiftRecord[];
}

/**
 * What a generation run tells members about the seats it gave them, from the shifts it covered: one
 * notice per member (per {@link MAX_SHIFTS_PER_NOTICE} shifts) listing the shifts whose notice is
 * due. Due means marked by this run, or left marked by a run that died before telling (older than
 * `CLAIM_SETTLE_MS`: a run still under way tells its own). A marked shift the member no longer
 * holds, cancelled or over, is not told of: `unmark` only.
 */
export function planAssignmentNotices(
  shifts: readonly ShiftRecord[],
  runId: string,
  now: Date,
): { notices: AssignmentNotice[]; unmark: ShiftRecord[] } {
  const byMember = new Map<string, AssignmentNotice>();
  const unmark: ShiftRecord[] = [];
  for (const shift of shifts) {
    const due = shift.assigneeNoticeDue;
    if (!due) continue;
    if (due.runId !== runId && !hasSettled(due, now)) continue;
    if (shift.status !== 'open' || hasEnded(shift, now) || !shift.volunteers[due.userId]) {
      unmark.push(shift);
      continue;
    }
    const key = JSON.stringify([shift.microGridId, due.userId]);
    const theirs = byMember.get(key) ?? { microGridId: shift.microGridId, userId: due.userId, shifts: [] };
    theirs.shifts.push(shift);
    byMember.set(key, theirs);
  }
  const notices: AssignmentNotice[] = [];
  for (const { microGridId, userId, shifts: theirs } of byMember.values()) {
    const sorted = [...theirs].sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
    for (let start = 0; start < sorted.length; start += MAX_SHIFTS_PER_NOTICE) {
      notices.push({ microGridId, userId, shifts: sorted.slice(start, start + MAX_SHIFTS_PER_NOTICE) });
    }
  }
  return { notices, unmark };
}

