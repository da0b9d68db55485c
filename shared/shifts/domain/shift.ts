import { fieldProblem } from '../../http/errors';
import { type LocalDate, MINUTE_MS, addDays, localDateOf, localMinuteOf } from '../../time/local';
import type { DutyKind, ShiftSlot, ShiftView } from '../model';
import type { ReminderKind } from './reminders';

/** A shift lies within one local day and lasts at most this long (overnight duty is two shifts). */
export const MAX_SHIFT_MINUTES = 12 * 60;

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
  volunteers: Record<string, Omit<ShiftSlot, 'userId'> & { claimToken?: string }>;
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

/** Whether a shift is over at `now`. */
export const hasEnded = (shift: Pick<ShiftRecord, 'end'>, now: Date): boolean => Date.parse(shift.end) <= now.getTime();

/** Whether a shift has started at `now`. */
export const hasStarted = (shift: Pick<ShiftRecord, 'start'>, now: Date): boolean => Date.parse(shift.start) <= now.getTime();

/** The facts about a shift every event of it carries. */
export const shiftFacts = (shift: Pick<ShiftRecord, 'id' | 'microGridId' | 'title' | 'start' | 'end'>) => ({
  shiftId: shift.id,
  microGridId: shift.microGridId,
  title: shift.title,
  start: shift.start,
  end: shift.end,
});

/** A shift as planned: by hand, or from a duty of the responsibility list. */
export type NewShiftInput = Pick<
  ShiftRecord,
  'id' | 'microGridId' | 'dutyId' | 'kind' | 'title' | 'notes' | 'location' | 'stationId' | 'start' | 'end' | 'headcount' | 'createdAt' | 'createdBy'
> & {
  /** Only generated shifts have one: the duty's assignee, to be seated once the shift exists. */
  pendingAssignee?: string | undefined;
};

/** A shift the grid worker creates by hand: within one local day, at most 12 hours, not over yet. */
export function planShift(input: NewShiftInput, now: Date): ShiftRecord {
  if (input.end <= input.start) throw fieldProblem('body.end', 'end must be after start');
  if (hasEnded(input, now)) throw fieldProblem('body.end', 'the shift is already over');
  const minutes = (Date.parse(input.end) - Date.parse(input.start)) / MINUTE_MS;
  if (minutes > MAX_SHIFT_MINUTES) throw fieldProblem('body.end', `a shift lasts at most ${MAX_SHIFT_MINUTES / 60} hours`);
  const [start, end] = [new Date(input.start), new Date(input.end)];
  const sameDay =
    localDateOf(start) === localDateOf(end) || (localMinuteOf(end) === 0 && localDateOf(end) === addDays(localDateOf(start), 1));
  if (!sameDay) throw fieldProblem('body.end', 'a shift lies within one local day (Asia/Shanghai); split overnight duty');
  if ((input.kind === 'station_duty') !== (input.stationId !== undefined)) {
    throw fieldProblem('body.stationId', 'station duty names its station (stationId), and only station duty does');
  }
  return newShiftRecord(input);
}

/** What describes a shift, as planned and as the API shows it (optional fields only when set). */
function descriptionOf(shift: Omit<NewShiftInput, 'headcount' | 'pendingAssignee' | 'createdAt' | 'createdBy'>) {
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
  };
}

/** A new, empty shift: no seats, no waitlist, no reminder sent. */
export function newShiftRecord(input: NewShiftInput): ShiftRecord {
  return {
    ...descriptionOf(input),
    date: localDateOf(new Date(input.start)),
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
    ...descriptionOf(shift),
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
