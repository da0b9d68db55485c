import * as z from 'zod/mini';
import { idSchema, text } from '../http/common';
import { TIME_ZONE, minuteOfClock } from '../time/local';
import { weekdays } from './domain/recurrence';

/** `HH:MM` on the 24-hour clock; `24:00` means the end of the day. */
export const clockSchema = z.string().check(z.regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'expected HH:MM (00:00–24:00)'));
export const weekdaySchema = z.enum(weekdays);

const endAfterStart = z.refine<{ start: string; end: string }>((window) => minuteOfClock(window.end) > minuteOfClock(window.start), {
  message: 'end must be after start (a window lies within one day)',
});

/** A window of one local day, e.g. 09:00–11:00. */
export const windowSchema = z.strictObject({ start: clockSchema, end: clockSchema }).check(endAfterStart);

/**
 * A recurrence, RRULE-like but explicit: weekly on these days, this local time window, optionally
 * between two dates. `FREQ=WEEKLY;BYDAY=MO,WE` with a window is all a responsibility list needs.
 */
export const recurrenceSchema = z
  .strictObject({
    frequency: z.literal('weekly'),
    days: z.array(weekdaySchema).check(
      z.minLength(1),
      z.maxLength(7),
      z.refine((days) => new Set(days).size === days.length, { message: 'days must not repeat' }),
    ),
    start: clockSchema,
    end: clockSchema,
    /** First local date it applies (inclusive). */
    from: z.optional(z.iso.date()),
    /** Last local date it applies (inclusive). */
    until: z.optional(z.iso.date()),
  })
  .check(endAfterStart);
export type Recurrence = z.infer<typeof recurrenceSchema>;

export const dutyKinds = ['visit', 'patrol', 'station_duty', 'publicity', 'other'] as const;
export const dutyKindSchema = z.enum(dutyKinds);
export type DutyKind = z.infer<typeof dutyKindSchema>;

/** One line of a responsibility list (责任清单): what, where, when it recurs, how many people. */
export const dutySchema = z.object({
  id: z.string(),
  microGridId: z.string(),
  title: z.string(),
  kind: dutyKindSchema,
  description: z.optional(z.string()),
  /** Free text: "3号楼", "小区东门". */
  location: z.optional(z.string()),
  /** The 宁小蜂 station, for station duty. */
  stationId: z.optional(z.string()),
  /** The member responsible for it, if it is one person's. */
  assigneeId: z.optional(z.string()),
  recurrence: recurrenceSchema,
  headcount: z.number(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type Duty = z.infer<typeof dutySchema>;

/** An exception to the weekly pattern: a day (or part of one) off, or an extra window. */
export const availabilityExceptionSchema = z
  .strictObject({
    date: z.iso.date(),
    available: z.boolean(),
    /** Absent: the whole day. */
    start: z.optional(clockSchema),
    end: z.optional(clockSchema),
  })
  .check(
    z.refine((e) => (e.start === undefined) === (e.end === undefined), { message: 'give both start and end, or neither' }),
    z.refine((e) => e.start === undefined || minuteOfClock(e.end!) > minuteOfClock(e.start), { message: 'end must be after start' }),
    z.refine((e) => !e.available || e.start !== undefined, { message: 'an extra window needs start and end' }),
  );
export type AvailabilityException = z.infer<typeof availabilityExceptionSchema>;

export const weeklyWindowSchema = z.strictObject({ day: weekdaySchema, start: clockSchema, end: clockSchema }).check(endAfterStart);

export const availabilitySchema = z.object({
  userId: z.string(),
  timeZone: z.literal(TIME_ZONE),
  weekly: z.array(weeklyWindowSchema),
  exceptions: z.array(availabilityExceptionSchema),
  updatedAt: z.string(),
});
export type Availability = z.infer<typeof availabilitySchema>;

export const slotVias = ['sign_up', 'assigned', 'promoted', 'swap'] as const;

/** A volunteer on a shift, with their attendance. */
export const shiftSlotSchema = z.object({
  userId: z.string(),
  /** Filled in where names help (the roster, station duty). */
  displayName: z.optional(z.string()),
  via: z.enum(slotVias),
  at: z.string(),
  checkedInAt: z.optional(z.string()),
  checkedOutAt: z.optional(z.string()),
  noShow: z.optional(z.object({ at: z.string(), by: z.string(), comment: z.optional(z.string()) })),
});
export type ShiftSlot = z.infer<typeof shiftSlotSchema>;

export const shiftStatuses = ['open', 'cancelled'] as const;

export const shiftSchema = z.object({
  id: z.string(),
  microGridId: z.string(),
  dutyId: z.optional(z.string()),
  kind: dutyKindSchema,
  title: z.string(),
  notes: z.optional(z.string()),
  location: z.optional(z.string()),
  stationId: z.optional(z.string()),
  /** UTC instants; `date` is the local (Asia/Shanghai) date the shift lies in. */
  start: z.string(),
  end: z.string(),
  date: z.string(),
  headcount: z.number(),
  status: z.enum(shiftStatuses),
  signedUp: z.array(shiftSlotSchema),
  /** Waiting volunteers, first come first served. */
  waitlist: z.array(z.string()),
  openSeats: z.number(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type ShiftView = z.infer<typeof shiftSchema>;

/** Why one may or may not sign up, after engelsystem's reasons. */
export const eligibilityReasons = [
  'free',
  'full',
  'signed_up',
  'waitlisted',
  'overlaps',
  'ended',
  'cancelled',
  'not_member',
] as const;
export type EligibilityReason = (typeof eligibilityReasons)[number];
export const availabilityFits = ['fits', 'partly', 'outside', 'unknown'] as const;
export type AvailabilityFit = (typeof availabilityFits)[number];

export const eligibilitySchema = z.object({
  shiftId: z.string(),
  /** What a sign-up would do now: take a seat, join the waitlist, or nothing. */
  outcome: z.enum(['sign_up', 'waitlist', 'none']),
  reason: z.enum(eligibilityReasons),
  warnings: z.array(z.enum(['outside_availability'])),
  /** The shift of yours it collides with, for `overlaps`. */
  overlapsShiftId: z.optional(z.string()),
  availability: z.enum(availabilityFits),
});
export type Eligibility = z.infer<typeof eligibilitySchema>;

export const signUpResultSchema = z.object({
  status: z.enum(['signed_up', 'waitlisted']),
  /** 1-based place on the waitlist. */
  position: z.optional(z.number()),
  warnings: z.array(z.enum(['outside_availability'])),
  shift: shiftSchema,
});

export const shiftOptionSchema = z.object({ shift: shiftSchema, eligibility: eligibilitySchema });

export const hoursEntrySchema = z.object({
  shiftId: z.string(),
  microGridId: z.string(),
  userId: z.string(),
  title: z.string(),
  date: z.string(),
  month: z.string(),
  minutes: z.number(),
  noShow: z.boolean(),
  checkedInAt: z.optional(z.string()),
  checkedOutAt: z.optional(z.string()),
  comment: z.optional(z.string()),
  recordedAt: z.string(),
});
export type HoursEntry = z.infer<typeof hoursEntrySchema>;

export const memberHoursSchema = z.object({
  userId: z.string(),
  minutes: z.number(),
  hours: z.number(),
  shifts: z.number(),
  noShows: z.number(),
});
export type MemberHours = z.infer<typeof memberHoursSchema>;

export const unitHoursSchema = z.object({
  unitId: z.string(),
  month: z.string(),
  totalMinutes: z.number(),
  totalHours: z.number(),
  members: z.array(memberHoursSchema),
});

export const myHoursSchema = z.object({
  userId: z.string(),
  month: z.string(),
  totalMinutes: z.number(),
  totalHours: z.number(),
  noShows: z.number(),
  entries: z.array(hoursEntrySchema),
});

export const suggestionSchema = z.object({
  userId: z.string(),
  displayName: z.optional(z.string()),
  availability: z.enum(availabilityFits),
  /** Share of the shift inside their availability (null when they gave none). */
  fitRatio: z.nullable(z.number()),
  /** Minutes credited in this micro-grid over the last 30 days: fewer ranks first (fairness). */
  recentMinutes: z.number(),
  waitlisted: z.boolean(),
});
export type Suggestion = z.infer<typeof suggestionSchema>;

export const swapStatuses = ['proposed', 'accepted', 'approved', 'done', 'declined', 'rejected', 'cancelled', 'failed'] as const;
export type SwapStatus = (typeof swapStatuses)[number];

/** A hand-over of one's seat on a shift to another member, which the grid worker approves. */
export const swapSchema = z.object({
  id: z.string(),
  microGridId: z.string(),
  shiftId: z.string(),
  fromUserId: z.string(),
  toUserId: z.string(),
  note: z.optional(z.string()),
  status: z.enum(swapStatuses),
  createdAt: z.string(),
  acceptedAt: z.optional(z.string()),
  decidedAt: z.optional(z.string()),
  decidedBy: z.optional(z.string()),
  failure: z.optional(z.string()),
});
export type Swap = z.infer<typeof swapSchema>;

export const rosterSchema = z.object({
  unitId: z.string(),
  weekStart: z.string(),
  weekEnd: z.string(),
  shifts: z.array(shiftSchema),
});

export const stationDutySchema = z.object({
  stationId: z.string(),
  at: z.string(),
  /** Shifts under way now, with who is on them. */
  onDuty: z.array(shiftSchema),
  /** Later today. */
  later: z.array(shiftSchema),
});

/**
 * Why a generated shift's assignee was not seated: `overlaps` another shift of theirs, `not_member`
 * of the micro-grid any more, the shift is `full` (only when an interrupted generation is resumed
 * late), `cancelled` or `ended` meanwhile, or `in_progress`: another attempt to seat them on it is
 * under way (a generation running at the same time); running the generation again tells.
 */
export const assigneeRefusals = ['overlaps', 'not_member', 'full', 'cancelled', 'ended', 'in_progress'] as const;
export type AssigneeRefusal = (typeof assigneeRefusals)[number];

/** What generation did with a shift's assignee (the member whose duty it is). */
export const assigneeSeatingSchema = z.object({
  shiftId: z.string(),
  userId: z.string(),
  seated: z.boolean(),
  /** Why not, when not seated. */
  reason: z.optional(z.enum(assigneeRefusals)),
  /** The shift of theirs it collides with, for `overlaps`. */
  overlapsShiftId: z.optional(z.string()),
  /** `outside_availability`: seated all the same, since the duty is theirs. */
  warnings: z.array(z.enum(['outside_availability'])),
});
export type AssigneeSeating = z.infer<typeof assigneeSeatingSchema>;

export const generationResultSchema = z.object({
  from: z.string(),
  to: z.string(),
  created: z.array(z.string()),
  existing: z.array(z.string()),
  /**
   * The duties' assignees, one entry per shift whose assignee was decided in this run: seated, or
   * not with the reason. A shift's assignee is decided once, when it is created; an existing shift
   * has an entry only when that was interrupted and this run finished it.
   */
  assignees: z.array(assigneeSeatingSchema),
});

/** Inputs shared by routes. */
export const dutyInputSchema = z
  .strictObject({
    title: text(100),
    kind: dutyKindSchema,
    description: z.optional(text(1000)),
    location: z.optional(text(100)),
    stationId: z.optional(idSchema),
    assigneeId: z.optional(idSchema),
    recurrence: recurrenceSchema,
    headcount: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(50)), 1),
  })
  .check(
    z.refine((duty) => (duty.kind === 'station_duty') === (duty.stationId !== undefined), {
      message: 'station duty names its station (stationId), and only station duty does',
      path: ['stationId'],
    }),
  );
export type DutyInput = z.infer<typeof dutyInputSchema>;
