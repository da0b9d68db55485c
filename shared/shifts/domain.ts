import type { Identity } from '../auth/identity';
import { ProblemError, fieldProblem, forbidden } from '../http/errors';
import { reaches } from '../auth/scope';
import type { OrgUnit } from '../organisation/model';
import type {
  AssigneeRefusal,
  Availability,
  AvailabilityFit,
  Duty,
  DutyInput,
  DutyKind,
  Eligibility,
  HoursEntry,
  MemberHours,
  Recurrence,
  ShiftView,
  Slot,
  Suggestion,
  Swap,
} from './model';
import {
  MINUTE_MS,
  type LocalDate,
  addDays,
  instantOf,
  localDateOf,
  localMinuteOf,
  minuteOfClock,
  weekdayOf,
} from './time';

/**
 * The shifts feature's decisions, over plain data. Every function that depends on the time takes
 * `now` (an ISO instant), so tests choose the clock.
 */

/** A shift lies within one local day and lasts at most this long (overnight duty is two shifts). */
export const MAX_SHIFT_MINUTES = 12 * 60;
/**
 * A volunteer who has withdrawn from (or left the waitlist of) this many shifts in an hour cannot
 * sign up for another until the hour ends (429, with Retry-After): a sign-up/withdraw loop stops,
 * while signing up for a month of shifts at once is never limited. A withdrawal itself is never
 * refused (it frees a seat for the waitlist).
 */
export const SHIFT_WITHDRAWAL_LIMIT = { action: 'shift-withdrawals', max: 10, windowSeconds: 3600 } as const;
/** Check-in opens this long before the start. */
export const CHECK_IN_EARLY_MINUTES = 30;
/** Time after the end that still counts when someone checks out late. */
export const CHECK_OUT_GRACE_MINUTES = 60;
/** How far ahead shifts may be generated from a responsibility list. */
export const MAX_GENERATION_WEEKS = 8;
/**
 * A claim on a volunteer's schedule whose shift does not list them is a leftover of a crash (or a
 * sign-up that is still finishing). Younger than this it counts as real; older, it is released.
 */
export const CLAIM_SETTLE_MS = 2 * 60_000;

const staffRoles = new Set(['admin', 'grid_worker']);
export const isStaff = (identity: Pick<Identity, 'role'>): boolean => staffRoles.has(identity.role);

// ─── Who may see and manage ────────────────────────────────────────────────────────────────────

/**
 * Whether someone sees a micro-grid's schedule: its members (the membership is the one source of
 * truth), and whoever's scope reaches it (its grid worker, admins above it). Anyone else gets a 404.
 */
export function canSeeMicroGrid(identity: Identity, unit: Pick<OrgUnit, 'id' | 'ancestors'>, isMember: boolean): boolean {
  return isMember || reaches(identity, unit);
}

/** Grid workers and admins whose scope reaches the micro-grid manage its shifts; others get 404 or 403. */
export function assertManages(identity: Identity, unit: Pick<OrgUnit, 'id' | 'ancestors'>): void {
  if (!reaches(identity, unit)) throw new ProblemError('not_found');
  if (!isStaff(identity)) throw forbidden('only the grid worker manages shifts');
}

// ─── Responsibility lists and recurrences ──────────────────────────────────────────────────────

/** Decides a new duty of a micro-grid's responsibility list. */
export function planDuty(identity: Identity, unit: OrgUnit, input: DutyInput, id: string, now: string): Duty {
  assertManages(identity, unit);
  if (unit.kind !== 'micro_grid') throw fieldProblem('path.unitId', 'responsibility lists belong to micro-grids');
  const { recurrence } = input;
  if (recurrence.from && recurrence.until && recurrence.until < recurrence.from) {
    throw fieldProblem('body.recurrence.until', 'until must not be before from');
  }
  return {
    id,
    microGridId: unit.id,
    title: input.title,
    kind: input.kind,
    ...(input.description ? { description: input.description } : {}),
    ...(input.location ? { location: input.location } : {}),
    ...(input.stationId ? { stationId: input.stationId } : {}),
    ...(input.assigneeId ? { assigneeId: input.assigneeId } : {}),
    recurrence,
    headcount: input.headcount,
    createdAt: now,
    createdBy: identity.userId,
  };
}

/** The local dates in [from, to) on which a recurrence falls. */
export function occurrences(recurrence: Recurrence, from: LocalDate, to: LocalDate): LocalDate[] {
  const dates: LocalDate[] = [];
  for (let date = from; date < to; date = addDays(date, 1)) {
    if (recurrence.from && date < recurrence.from) continue;
    if (recurrence.until && date > recurrence.until) continue;
    if (recurrence.days.includes(weekdayOf(date))) dates.push(date);
  }
  return dates;
}

/** A generated shift's id: the same duty on the same day is always the same shift. */
export const generatedShiftId = (dutyId: string, date: LocalDate): string => `${dutyId}-${date.replaceAll('-', '')}`;

/** The shift as stored: the seats map and the waitlist live in this one item, with their invariants. */
export interface ShiftRecord {
  id: string;
  microGridId: string;
  dutyId?: string;
  kind: DutyKind;
  title: string;
  notes?: string;
  location?: string;
  stationId?: string;
  start: string;
  end: string;
  date: LocalDate;
  headcount: number;
  status: 'open' | 'cancelled';
  /**
   * Seats taken, by volunteer id. `signedUpCount` is its size, kept in the same item. A seat keeps
   * the token of the claim on the volunteer's day it was taken with, so leaving releases that claim only.
   */
  volunteers: Record<string, Omit<Slot, 'userId'> & { claimToken?: string }>;
  signedUpCount: number;
  waitQueue: string[];
  /** Reminders already sent, by kind. */
  reminders: Partial<Record<ReminderKind, string>>;
  /**
   * A shift generated from a duty with an assignee is created naming them here, and the name stays
   * until they first hold a seat on it (by any path, removed in the seat's own write) or the
   * generation turns them away with a reason: it is seated once, never again after they leave.
   */
  pendingAssignee?: string;
  /**
   * Set in the very write in which a generation seats the pending assignee, and removed once the
   * run's one notice to them that lists this shift (`shifts.duties-assigned`) is written. A run that
   * died in between leaves it behind, and the next run that covers the shift tells them.
   */
  assigneeNoticeDue?: AssigneeNoticeDue;
  createdAt: string;
  createdBy: string;
}

/** A generated seat whose notice is owed: to whom, by which generation run, since when. */
export interface AssigneeNoticeDue {
  userId: string;
  runId: string;
  at: string;
}

/**
 * Plans the shifts of a duty for the weeks from `from` (a local date): one per occurrence, with
 * deterministic ids so that running the generation twice creates nothing new. Occurrences already
 * over are skipped. A duty that is one member's names them as each shift's pending assignee.
 */
export function planShiftsFromDuty(duty: Duty, from: LocalDate, weeks: number, identity: Identity, now: string): ShiftRecord[] {
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
        start: instantOf(date, startMinute),
        end: instantOf(date, endMinute),
        headcount: duty.headcount,
        pendingAssignee: duty.assigneeId,
        createdAt: now,
        createdBy: identity.userId,
      }),
    )
    .filter((shift) => shift.end > now);
}

export interface NewShiftInput {
  id: string;
  microGridId: string;
  dutyId?: string;
  kind: DutyKind;
  title: string;
  notes?: string;
  location?: string;
  stationId?: string;
  start: string;
  end: string;
  headcount: number;
  /** Only generated shifts have one: the duty's assignee, to be seated once the shift exists. */
  pendingAssignee?: string | undefined;
  createdAt: string;
  createdBy: string;
}

/** A shift the grid worker creates by hand: within one local day, at most 12 hours, not over yet. */
export function planShift(input: NewShiftInput, now: string): ShiftRecord {
  if (input.end <= input.start) throw fieldProblem('body.end', 'end must be after start');
  if (input.end <= now) throw fieldProblem('body.end', 'the shift is already over');
  const minutes = (Date.parse(input.end) - Date.parse(input.start)) / MINUTE_MS;
  if (minutes > MAX_SHIFT_MINUTES) throw fieldProblem('body.end', `a shift lasts at most ${MAX_SHIFT_MINUTES / 60} hours`);
  const sameDay =
    localDateOf(input.start) === localDateOf(input.end) ||
    (localMinuteOf(input.end) === 0 && localDateOf(input.end) === addDays(localDateOf(input.start), 1));
  if (!sameDay) throw fieldProblem('body.end', 'a shift lies within one local day (Asia/Shanghai); split overnight duty');
  if ((input.kind === 'station_duty') !== (input.stationId !== undefined)) {
    throw fieldProblem('body.stationId', 'station duty names its station (stationId), and only station duty does');
  }
  return newShiftRecord(input);
}

function newShiftRecord(input: NewShiftInput): ShiftRecord {
  return {
    id: input.id,
    microGridId: input.microGridId,
    ...(input.dutyId ? { dutyId: input.dutyId } : {}),
    kind: input.kind,
    title: input.title,
    ...(input.notes ? { notes: input.notes } : {}),
    ...(input.location ? { location: input.location } : {}),
    ...(input.stationId ? { stationId: input.stationId } : {}),
    start: input.start,
    end: input.end,
    date: localDateOf(input.start),
    headcount: input.headcount,
    status: 'open',
    volunteers: {},
    signedUpCount: 0,
    waitQueue: [],
    reminders: {},
    ...(input.pendingAssignee ? { pendingAssignee: input.pendingAssignee } : {}),
    createdAt: input.createdAt,
    createdBy: input.createdBy,
  };
}

/** The shift as the API shows it: seats in the order they were taken. */
export function viewOf(shift: ShiftRecord): ShiftView {
  const signedUp = Object.entries(shift.volunteers)
    .map(([userId, { claimToken: _token, ...slot }]) => ({ userId, ...slot }))
    .sort((a, b) => a.at.localeCompare(b.at) || a.userId.localeCompare(b.userId));
  return {
    id: shift.id,
    microGridId: shift.microGridId,
    ...(shift.dutyId ? { dutyId: shift.dutyId } : {}),
    kind: shift.kind,
    title: shift.title,
    ...(shift.notes ? { notes: shift.notes } : {}),
    ...(shift.location ? { location: shift.location } : {}),
    ...(shift.stationId ? { stationId: shift.stationId } : {}),
    start: shift.start,
    end: shift.end,
    date: shift.date,
    headcount: shift.headcount,
    status: shift.status,
    signedUp,
    waitlist: shift.waitQueue,
    openSeats: Math.max(0, shift.headcount - shift.signedUpCount),
    createdAt: shift.createdAt,
    createdBy: shift.createdBy,
  };
}

// ─── Availability ──────────────────────────────────────────────────────────────────────────────

type Interval = [number, number];

function merge(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const merged: Interval[] = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

function subtract(intervals: Interval[], cut: Interval): Interval[] {
  return intervals.flatMap(([start, end]): Interval[] => {
    if (cut[1] <= start || cut[0] >= end) return [[start, end]];
    return [
      ...(cut[0] > start ? [[start, cut[0]] as Interval] : []),
      ...(cut[1] < end ? [[cut[1], end] as Interval] : []),
    ];
  });
}

/** The minutes of a local date someone is available: weekly windows, plus extra windows, minus days off. */
export function availableWindows(availability: Pick<Availability, 'weekly' | 'exceptions'>, date: LocalDate): Interval[] {
  const weekday = weekdayOf(date);
  const exceptions = availability.exceptions.filter((e) => e.date === date);
  let windows = merge([
    ...availability.weekly.filter((w) => w.day === weekday).map((w): Interval => [minuteOfClock(w.start), minuteOfClock(w.end)]),
    ...exceptions.filter((e) => e.available).map((e): Interval => [minuteOfClock(e.start!), minuteOfClock(e.end!)]),
  ]);
  for (const off of exceptions.filter((e) => !e.available)) {
    windows = subtract(windows, off.start ? [minuteOfClock(off.start), minuteOfClock(off.end!)] : [0, 1440]);
  }
  return windows;
}

/** How well a shift fits someone's availability: the share of its minutes inside their windows. */
export function availabilityFit(
  availability: Pick<Availability, 'weekly' | 'exceptions'> | undefined,
  shift: Pick<ShiftRecord, 'start' | 'end' | 'date'>,
): { fit: AvailabilityFit; ratio: number | null } {
  if (!availability || (availability.weekly.length === 0 && availability.exceptions.length === 0)) {
    return { fit: 'unknown', ratio: null };
  }
  const start = localMinuteOf(shift.start);
  const end = localDateOf(shift.end) === shift.date ? localMinuteOf(shift.end) : 1440;
  const covered = availableWindows(availability, shift.date).reduce(
    (sum, [from, to]) => sum + Math.max(0, Math.min(to, end) - Math.max(from, start)),
    0,
  );
  const ratio = end > start ? covered / (end - start) : 0;
  return { fit: ratio >= 1 ? 'fits' : ratio > 0 ? 'partly' : 'outside', ratio };
}

// ─── One volunteer, one place at a time ────────────────────────────────────────────────────────

/** A booked interval on a volunteer's day: the shift it is for, and who wrote it (a token per attempt). */
export interface Claim {
  shiftId: string;
  start: string;
  end: string;
  token: string;
  at: string;
}

export const overlaps = (a: Pick<Claim, 'start' | 'end'>, b: Pick<Claim, 'start' | 'end'>): boolean =>
  a.start < b.end && b.start < a.end;

/** The first claim (for another shift) that collides with a shift. */
export const collidingClaim = (claims: readonly Claim[], shift: Pick<ShiftRecord, 'id' | 'start' | 'end'>): Claim | undefined =>
  claims.find((claim) => claim.shiftId !== shift.id && overlaps(claim, shift));

/**
 * Whether a claim is a leftover: its shift does not seat the volunteer (or is gone or cancelled),
 * and it is old enough that no sign-up can still be finishing with it.
 */
export function isStaleClaim(claim: Claim, shift: ShiftRecord | undefined, userId: string, now: string): boolean {
  if (shift && shift.status === 'open' && shift.volunteers[userId]) return false;
  return Date.parse(now) - Date.parse(claim.at) >= CLAIM_SETTLE_MS;
}

// ─── Eligibility ───────────────────────────────────────────────────────────────────────────────

export interface EligibilityInput {
  shift: ShiftRecord;
  userId: string;
  isMember: boolean;
  availability: Availability | undefined;
  /** The volunteer's live claims on the shift's day (leftovers already repaired). */
  claims: readonly Claim[];
  now: string;
}

/**
 * Whether a volunteer may sign up, and why, in engelsystem's spirit: one reason, checked in a fixed
 * order. Outside one's availability is allowed, with a warning; a full shift means the waitlist.
 */
export function decideEligibility({ shift, userId, isMember, availability, claims, now }: EligibilityInput): Eligibility {
  const { fit } = availabilityFit(availability, shift);
  const base = { shiftId: shift.id, availability: fit, warnings: [] as Eligibility['warnings'] };
  const refuse = (reason: Eligibility['reason'], extra: Partial<Eligibility> = {}): Eligibility => ({
    ...base,
    outcome: 'none',
    reason,
    ...extra,
  });
  if (shift.status === 'cancelled') return refuse('cancelled');
  if (shift.end <= now) return refuse('ended');
  if (!isMember) return refuse('not_member');
  if (shift.volunteers[userId]) return refuse('signed_up');
  if (shift.waitQueue.includes(userId)) return refuse('waitlisted');
  const collision = collidingClaim(claims, shift);
  if (collision) return refuse('overlaps', { overlapsShiftId: collision.shiftId });
  const warnings: Eligibility['warnings'] = fit === 'outside' || fit === 'partly' ? ['outside_availability'] : [];
  // Waiting people go first: a free seat with a queue belongs to the queue.
  const full = shift.signedUpCount >= shift.headcount || shift.waitQueue.length > 0;
  return { ...base, warnings, outcome: full ? 'waitlist' : 'sign_up', reason: full ? 'full' : 'free' };
}

/** Whether a generated shift's assignee is seated on it, or why not. */
export type AssigneeDecision =
  | { seat: true; alreadySeated: boolean; warnings: Eligibility['warnings'] }
  | { seat: false; reason: Exclude<AssigneeRefusal, 'in_progress'>; overlapsShiftId?: string };

/**
 * Whether the member a duty belongs to is seated on a shift generated from it, as the grid worker's
 * direct assignment would seat them: a member, free at that time, a seat within the headcount. The
 * waitlist does not stand in the way (an assignment takes them off it), and their availability does
 * not either: it is their duty, so outside it they are seated with a warning.
 */
export function decideAssigneeSeat({ shift, userId, isMember, availability, claims, now }: EligibilityInput): AssigneeDecision {
  if (shift.status === 'cancelled') return { seat: false, reason: 'cancelled' };
  if (shift.end <= now) return { seat: false, reason: 'ended' };
  if (!isMember) return { seat: false, reason: 'not_member' };
  const { fit } = availabilityFit(availability, shift);
  const warnings: Eligibility['warnings'] = fit === 'outside' || fit === 'partly' ? ['outside_availability'] : [];
  if (shift.volunteers[userId]) return { seat: true, alreadySeated: true, warnings };
  const collision = collidingClaim(claims, shift);
  if (collision) return { seat: false, reason: 'overlaps', overlapsShiftId: collision.shiftId };
  if (shift.signedUpCount >= shift.headcount) return { seat: false, reason: 'full' };
  return { seat: true, alreadySeated: false, warnings };
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
 * {@link CLAIM_SETTLE_MS}: a run still under way tells its own). A marked shift the member no longer
 * holds, cancelled or over, is not told of: `unmark` only.
 */
export function planAssignmentNotices(
  shifts: readonly ShiftRecord[],
  runId: string,
  now: string,
): { notices: AssignmentNotice[]; unmark: ShiftRecord[] } {
  const byMember = new Map<string, AssignmentNotice>();
  const unmark: ShiftRecord[] = [];
  for (const shift of shifts) {
    const due = shift.assigneeNoticeDue;
    if (!due) continue;
    if (due.runId !== runId && Date.parse(now) - Date.parse(due.at) < CLAIM_SETTLE_MS) continue;
    if (shift.status !== 'open' || shift.end <= now || !shift.volunteers[due.userId]) {
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

/** A refusal as the API answers it: 409 with the reason as the field error's code. */
export function ineligible(eligibility: Eligibility): ProblemError {
  const messages: Record<Eligibility['reason'], string> = {
    free: 'free',
    full: 'the shift is full',
    signed_up: 'you are already signed up for this shift',
    waitlisted: 'you are already on the waitlist',
    overlaps: `it overlaps your shift ${eligibility.overlapsShiftId ?? ''}`.trim(),
    ended: 'the shift has ended',
    cancelled: 'the shift was cancelled',
    not_member: 'only members of the micro-grid sign up for its shifts',
  };
  const message = messages[eligibility.reason];
  return new ProblemError('shift_not_eligible', message, [{ field: 'path.shiftId', code: eligibility.reason, message }]);
}

// ─── Check-in, check-out, hours ────────────────────────────────────────────────────────────────

/** Checks a check-in: a seat on the shift, the window from 30 minutes before the start to its end. */
export function assertCanCheckIn(shift: ShiftRecord, userId: string, now: string): void {
  const slot = shift.volunteers[userId];
  if (shift.status !== 'open') throw new ProblemError('conflict', 'the shift was cancelled');
  if (!slot) throw new ProblemError('conflict', 'you are not signed up for this shift');
  if (slot.checkedInAt) throw new ProblemError('conflict', 'already checked in');
  if (slot.noShow) throw new ProblemError('conflict', 'marked as a no-show');
  const opens = Date.parse(shift.start) - CHECK_IN_EARLY_MINUTES * MINUTE_MS;
  if (Date.parse(now) < opens) throw new ProblemError('conflict', `check-in opens ${CHECK_IN_EARLY_MINUTES} minutes before the start`);
  if (now >= shift.end) throw new ProblemError('conflict', 'the shift has ended');
}

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
export function assertCanMarkNoShow(shift: ShiftRecord, userId: string, now: string): void {
  const slot = shift.volunteers[userId];
  if (!slot) throw new ProblemError('not_found', `${userId} is not on this shift`);
  if (slot.checkedInAt) throw new ProblemError('conflict', 'they checked in');
  if (slot.noShow) throw new ProblemError('conflict', 'already marked');
  if (now < shift.start) throw new ProblemError('conflict', 'the shift has not started');
}

const hoursOf = (minutes: number) => Math.round((minutes / 60) * 100) / 100;

/** Monthly hours per member of a micro-grid, from the log entries: computed, never counted. */
export function summariseUnitHours(unitId: string, month: string, entries: readonly HoursEntry[]) {
  const byMember = new Map<string, MemberHours>();
  for (const entry of entries) {
    const member = byMember.get(entry.userId) ?? { userId: entry.userId, minutes: 0, hours: 0, shifts: 0, noShows: 0 };
    if (entry.noShow) member.noShows += 1;
    else {
      member.minutes += entry.minutes;
      member.shifts += 1;
    }
    member.hours = hoursOf(member.minutes);
    byMember.set(entry.userId, member);
  }
  const members = [...byMember.values()].sort((a, b) => b.minutes - a.minutes || a.userId.localeCompare(b.userId));
  const totalMinutes = members.reduce((sum, member) => sum + member.minutes, 0);
  return { unitId, month, totalMinutes, totalHours: hoursOf(totalMinutes), members };
}

export function summariseMyHours(userId: string, month: string, entries: readonly HoursEntry[]) {
  const worked = entries.filter((entry) => !entry.noShow);
  const totalMinutes = worked.reduce((sum, entry) => sum + entry.minutes, 0);
  return {
    userId,
    month,
    totalMinutes,
    totalHours: hoursOf(totalMinutes),
    noShows: entries.length - worked.length,
    entries: [...entries].sort((a, b) => a.date.localeCompare(b.date) || a.shiftId.localeCompare(b.shiftId)),
  };
}

// ─── Reminders ─────────────────────────────────────────────────────────────────────────────────

export const reminderKinds = ['day', 'hour'] as const;
export type ReminderKind = (typeof reminderKinds)[number];
/** Minutes before the start each reminder is due. The day reminder also checks the headcount. */
export const reminderLeadMinutes: Record<ReminderKind, number> = { day: 24 * 60, hour: 60 };

/**
 * The next reminder of a shift still worth sending: the first kind not yet sent whose moment has
 * not been overtaken (a day reminder an hour before the start is pointless: the hour one goes).
 * Its `dueAt` may be in the past (the schedule was late, or the shift was created within a day).
 */
export function nextReminder(
  start: string,
  sent: Partial<Record<ReminderKind, string>>,
  now: string,
): { kind: ReminderKind; dueAt: string } | undefined {
  const startMs = Date.parse(start);
  for (const [index, kind] of reminderKinds.entries()) {
    if (sent[kind]) continue;
    const next = reminderKinds[index + 1];
    const windowEnd = next ? startMs - reminderLeadMinutes[next] * MINUTE_MS : startMs;
    if (Date.parse(now) >= windowEnd) continue;
    return { kind, dueAt: new Date(startMs - reminderLeadMinutes[kind] * MINUTE_MS).toISOString() };
  }
  return undefined;
}

/** The hours-log line of a check-out or a no-show: handler and consumer derive the very same item from it. */
export function hoursEntryOf(
  shift: Pick<ShiftRecord, 'id' | 'microGridId' | 'title' | 'date'>,
  userId: string,
  stint: { checkedInAt: string; checkedOutAt: string; minutes: number } | { noShowAt: string; comment?: string },
): HoursEntry {
  const base = { shiftId: shift.id, microGridId: shift.microGridId, userId, title: shift.title, date: shift.date, month: shift.date.slice(0, 7) };
  if ('noShowAt' in stint) {
    return { ...base, minutes: 0, noShow: true, ...(stint.comment ? { comment: stint.comment } : {}), recordedAt: stint.noShowAt };
  }
  return { ...base, minutes: stint.minutes, noShow: false, checkedInAt: stint.checkedInAt, checkedOutAt: stint.checkedOutAt, recordedAt: stint.checkedOutAt };
}

// ─── Suggestions ───────────────────────────────────────────────────────────────────────────────

export interface Candidate {
  userId: string;
  displayName?: string;
  availability: Availability | undefined;
  /** Their claims on the shift's day. */
  claims: readonly Claim[];
  recentMinutes: number;
}

const fitRank: Record<AvailabilityFit, number> = { fits: 0, partly: 1, unknown: 2, outside: 3 };

/**
 * Who to ask to cover a shift short of people: members not on it and free at that time, those whose
 * availability covers it first (then partly, then unknown, then outside), and within each group
 * the fewest minutes given the micro-grid over the last 30 days first, so the same people are not
 * always asked. (What is read for it, and its bounds: `suggestions.ts`.)
 */
export function rankSuggestions(shift: ShiftRecord, candidates: readonly Candidate[]): Suggestion[] {
  return candidates
    .filter((candidate) => !shift.volunteers[candidate.userId] && !collidingClaim(candidate.claims, shift))
    .map((candidate) => {
      const { fit, ratio } = availabilityFit(candidate.availability, shift);
      return {
        userId: candidate.userId,
        ...(candidate.displayName ? { displayName: candidate.displayName } : {}),
        availability: fit,
        fitRatio: ratio,
        recentMinutes: candidate.recentMinutes,
        waitlisted: shift.waitQueue.includes(candidate.userId),
      };
    })
    .sort(
      (a, b) =>
        fitRank[a.availability] - fitRank[b.availability] ||
        a.recentMinutes - b.recentMinutes ||
        (b.fitRatio ?? 0) - (a.fitRatio ?? 0) ||
        a.userId.localeCompare(b.userId),
    );
}

// ─── Swaps ─────────────────────────────────────────────────────────────────────────────────────

/** A member hands their seat to another member: they must hold it, the other must not, before it starts. */
export function planSwap(
  shift: ShiftRecord,
  fromUserId: string,
  toUserId: string,
  toIsMember: boolean,
  id: string,
  note: string | undefined,
  now: string,
): Swap {
  if (!shift.volunteers[fromUserId]) throw new ProblemError('conflict', 'you hold no seat on this shift');
  if (now >= shift.start) throw new ProblemError('conflict', 'the shift has started');
  if (fromUserId === toUserId) throw fieldProblem('body.toUserId', 'choose someone else');
  if (!toIsMember) throw new ProblemError('not_found', `${toUserId} is not a member of this micro-grid`);
  if (shift.volunteers[toUserId]) throw new ProblemError('conflict', `${toUserId} is already on this shift`);
  return {
    id,
    microGridId: shift.microGridId,
    shiftId: shift.id,
    fromUserId,
    toUserId,
    ...(note ? { note } : {}),
    status: 'proposed',
    createdAt: now,
  };
}

/** The moves a swap may make: the other member accepts or declines, the proposer cancels, the grid worker decides. */
export const swapTransitions: Record<'accept' | 'decline' | 'cancel' | 'approve' | 'reject', readonly Swap['status'][]> = {
  accept: ['proposed'],
  decline: ['proposed'],
  cancel: ['proposed', 'accepted'],
  // `approved` again resumes an approval a crash interrupted: every step of it is idempotent.
  approve: ['accepted', 'approved'],
  reject: ['proposed', 'accepted'],
};

