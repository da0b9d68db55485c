import { type FieldDoc, type FieldDocs, apiDocsOf } from '../http/api-docs';
import { invitationSchema } from '../organisation/model';
import {
  assigneeSeatingSchema,
  availabilityExceptionSchema,
  availabilitySchema,
  clockSchema,
  dutyKindSchema,
  dutySchema,
  eligibilitySchema,
  generationResultSchema,
  hoursEntrySchema,
  memberHoursSchema,
  myHoursSchema,
  recurrenceSchema,
  rosterSchema,
  shiftOptionSchema,
  shiftSchema,
  shiftSlotSchema,
  signUpResultSchema,
  stationDutySchema,
  suggestionSchema,
  swapSchema,
  unitHoursSchema,
  weekdaySchema,
  weeklyWindowSchema,
} from './model';
import { shiftRoutes } from './routes';
import { calendarFeedSchema, myShiftSchema } from './routes/seats';

// ─── Example data: one micro-grid of Gulou's Hunan Road community, one week of July 2026 ──────────
// Ids are shaped as the service makes them (shared/ids.ts newId: 16 url-safe characters; a generated
// shift's id is its duty's id and the date), org units and stations as the demo data names them.

const microGridId = 'gulou-hunan-g1-m1';
const stationId = 'hunan-road-station';
const gridWorker = '0mqz3k1a0GwLi5Rb';
const zhang = '0mr1fha80ZhXq2Lk';
const wang = '0mr1fhb21WaN8sWc';
const chen = '0mr2c4d70ChS9pTe';
const patrolDuty = '0mr0x7c2kP4nD8wQ';
const stationDuty = '0mr0x9d4mS7tQ2vH';
const patrolShift = `${patrolDuty}-20260715`;
const stationShift = `${stationDuty}-20260715`;
const swapId = '0mrm2a9d1Sw4pZ8e';
const feedToken = 'gdBbvidAeWujaLM_PL57yQz-UJbIp-1DC_YkGx7Tyos';
const cursor = 'eyJwayI6Ik1JQ1JPR1JJRCNndWxvdS1odW5hbi1nMS1tMSJ9';

const recurrenceExample = { frequency: 'weekly', days: ['MO', 'WE', 'FR'], start: '09:00', end: '11:00', from: '2026-07-01' };

const dutyExample = {
  id: patrolDuty,
  microGridId,
  title: '楼栋安全巡查',
  kind: 'patrol',
  description: '检查楼道消防通道是否畅通、有无电动车违规充电，发现隐患拍照上报。',
  location: '湖南路 10 号小区 1-6 号楼',
  assigneeId: zhang,
  recurrence: recurrenceExample,
  headcount: 2,
  createdAt: '2026-06-28T01:15:00.000Z',
  createdBy: gridWorker,
};

/** The patrol of Wednesday 15 July 2026, 09:00–11:00 in Nanjing: 张阿姨 (the duty's assignee) and 王大伯 seated, 陈先生 waiting. */
const shiftExample = {
  id: patrolShift,
  microGridId,
  dutyId: patrolDuty,
  kind: 'patrol',
  title: '楼栋安全巡查',
  location: '湖南路 10 号小区 1-6 号楼',
  start: '2026-07-15T01:00:00.000Z',
  end: '2026-07-15T03:00:00.000Z',
  date: '2026-07-15',
  headcount: 2,
  status: 'open',
  signedUp: [
    { userId: zhang, via: 'assigned', at: '2026-07-06T02:00:00.000Z' },
    { userId: wang, via: 'sign_up', at: '2026-07-08T11:20:00.000Z' },
  ],
  waitlist: [chen],
  openSeats: 0,
  createdAt: '2026-07-06T02:00:00.000Z',
  createdBy: gridWorker,
};

/** The patrol shift with the first seat changed (a check-in, a check-out, a no-show). */
const withFirstSeat = (seat: Record<string, unknown>) => ({
  ...shiftExample,
  signedUp: [{ ...shiftExample.signedUp[0], ...seat }, shiftExample.signedUp[1]],
});

/** Staffing the rest station the same afternoon, 14:00–17:00 in Nanjing: 陈先生 checked in, one seat free. */
const stationShiftExample = {
  id: stationShift,
  microGridId,
  dutyId: stationDuty,
  kind: 'station_duty',
  title: '宁小蜂驿站值守',
  stationId,
  start: '2026-07-15T06:00:00.000Z',
  end: '2026-07-15T09:00:00.000Z',
  date: '2026-07-15',
  headcount: 2,
  status: 'open',
  signedUp: [{ userId: chen, via: 'sign_up', at: '2026-07-09T12:05:00.000Z', checkedInAt: '2026-07-15T05:48:00.000Z' }],
  waitlist: [],
  openSeats: 1,
  createdAt: '2026-07-06T02:00:00.000Z',
  createdBy: gridWorker,
};

/** The two shifts as the roster and a station's duty show them: with the seat holders' names. */
const namedShiftExample = {
  ...shiftExample,
  signedUp: [
    { ...shiftExample.signedUp[0], displayName: '张阿姨' },
    { ...shiftExample.signedUp[1], displayName: '王大伯' },
  ],
};
const namedStationShiftExample = { ...stationShiftExample, signedUp: [{ ...stationShiftExample.signedUp[0], displayName: '陈先生' }] };

const eligibilityExample = { shiftId: stationShift, outcome: 'sign_up', reason: 'free', warnings: [], availability: 'fits' };

const availabilityExample = {
  userId: zhang,
  timeZone: 'Asia/Shanghai',
  weekly: [
    { day: 'MO', start: '08:30', end: '11:30' },
    { day: 'WE', start: '08:30', end: '11:30' },
    { day: 'SA', start: '14:00', end: '17:00' },
  ],
  exceptions: [
    { date: '2026-07-20', available: false },
    { date: '2026-07-22', available: true, start: '14:00', end: '17:00' },
  ],
  updatedAt: '2026-07-05T13:40:00.000Z',
};

const swapExample = {
  id: swapId,
  microGridId,
  shiftId: patrolShift,
  fromUserId: wang,
  toUserId: chen,
  note: '那天要带孙子去医院复查，麻烦您替我一下，谢谢！',
  status: 'accepted',
  createdAt: '2026-07-12T10:02:00.000Z',
  acceptedAt: '2026-07-12T11:30:00.000Z',
};

const hoursEntryExample = {
  shiftId: patrolShift,
  microGridId,
  userId: zhang,
  title: '楼栋安全巡查',
  date: '2026-07-15',
  month: '2026-07',
  minutes: 125,
  noShow: false,
  checkedInAt: '2026-07-15T00:52:00.000Z',
  checkedOutAt: '2026-07-15T02:57:00.000Z',
  recordedAt: '2026-07-15T02:57:00.000Z',
};

const invitationExample = {
  code: 'K7MRX2QH',
  microGridId,
  createdBy: gridWorker,
  createdAt: '2026-07-01T01:30:00.000Z',
  validUntil: '2026-07-08T01:30:00.000Z',
};

/** A shift made by hand has no duty. */
const { dutyId: _duty, ...handMadeStationShift } = namedStationShiftExample;
const { acceptedAt: _accepted, ...proposedSwapExample } = { ...swapExample, status: 'proposed' };

const page = (item: unknown) => ({ items: [item], nextCursor: cursor });

/**
 * A page's words. Every operation answering a page of the same item must give the same ones: the
 * builder names a page `DutyPage` only when its fields equal the first such page's, and that one
 * got its default words before the comparison (see the report on shared/http/openapi.ts).
 */
const pageWords = (items: string): FieldDocs => ({ items, nextCursor: 'Send as `cursor` to get the next page; absent on the last page.' });
const dutyPage = { fields: pageWords('This page’s duties.'), example: page(dutyExample) };

// ─── Words several schemas and operations share ──────────────────────────────────────────────────

/** A time of day in a window, local time. */
const clock = (description: string, example: string): FieldDoc => ({ description, example });
const microGrid: FieldDoc = { description: 'The micro-grid (微网格): an org unit id.', example: microGridId };
const microGridParam: FieldDocs = { unitId: { description: 'The micro-grid (微网格): its org unit id.', example: microGridId } };
const shiftParam: FieldDocs = { shiftId: { description: 'The shift: its id (`Shift.id`).', example: patrolShift } };
const swapParam: FieldDocs = { swapId: { description: 'The swap request: its id (`ShiftSwap.id`).', example: swapId } };
const warnings = '`outside_availability`: the shift lies wholly or partly outside your availability; signing up is allowed all the same. Empty when there is nothing to warn of.';
const availabilityFit =
  'How the shift fits the member’s availability (weekly windows and exceptions): `fits` wholly inside, `partly`, `outside`, or `unknown` when they have set none.';
const overlapsShiftId = 'The other shift of theirs at the same time, for `overlaps`; absent otherwise.';
/** The `from`/`to` query of a list of shifts by local date, with its default and longest span. */
const dateRange = (defaultDays: number, maxDays: number): FieldDocs => ({
  from: { description: 'The first local date (Asia/Shanghai), `YYYY-MM-DD`; default today.', example: '2026-07-13' },
  to: {
    description: `The last local date, inclusive; default: ${defaultDays} days in all. Not before \`from\`, and at most ${maxDays} days in all.`,
    example: '2026-07-26',
  },
});
const month: FieldDocs = { month: { description: 'The local month (Asia/Shanghai), `YYYY-MM`; default this month.', example: '2026-07' } };
const hours = 'The same in hours, rounded to two decimals.';

/**
 * The words of the shifts feature (shared/http/api-docs.ts): responsibility lists and their
 * recurrence, shifts and their seats, sign-up, waitlist and eligibility, attendance and the hours
 * log, swaps, availability, the roster and a station's duty, invitation codes, and the calendar feed.
 * `Invitation` is named here although its schema is the organisation's: only these routes answer it.
 */
export const shiftDocs = apiDocsOf(shiftRoutes, {
  schemas: [
    [
      clockSchema,
      {
        name: 'ClockTime',
        description: 'A time of day in Nanjing (Asia/Shanghai), `HH:MM` on the 24-hour clock from `00:00` to `24:00`; `24:00` is the end of the day.',
        example: '09:00',
      },
    ],
    [weekdaySchema, { name: 'Weekday', description: 'A day of the week as iCalendar’s RRULE spells it (BYDAY): `MO` Monday … `SU` Sunday.', example: 'MO' }],
    [
      dutyKindSchema,
      {
        name: 'DutyKind',
        description:
          'The kind of work: `visit` home visits (入户走访), `patrol` inspection rounds (巡查), `station_duty` staffing a 宁小蜂驿站 rest station (names the station), `publicity` information work (宣传), `other`.',
        example: 'patrol',
      },
    ],
    [
      recurrenceSchema,
      {
        name: 'Recurrence',
        description:
          'When a duty recurs: every week on `days`, from `start` to `end` local time (Asia/Shanghai), optionally only between the dates `from` and `until`. Like iCalendar’s `FREQ=WEEKLY;BYDAY=…` with a time window.',
        fields: {
          frequency: 'How often: only `weekly` for now.',
          days: 'The weekdays it falls on, each at most once.',
          start: clock('When each occurrence starts, local time.', '09:00'),
          end: clock('When each occurrence ends, local time: after `start` on the same day (`24:00` for midnight).', '11:00'),
          from: { description: 'The first local date it applies on (inclusive), `YYYY-MM-DD`; absent: no start.', example: '2026-07-01' },
          until: { description: 'The last local date it applies on (inclusive), `YYYY-MM-DD`; absent: no end. Not before `from`.', example: '2026-12-31' },
        },
        example: recurrenceExample,
      },
    ],
    [
      dutySchema,
      {
        name: 'Duty',
        description:
          'One line of a micro-grid’s responsibility list (责任清单): a recurring piece of work, where, when and for how many people. The grid worker generates shifts from it (`generateShifts`); the list is seen by the micro-grid’s members and staff.',
        fields: {
          id: { description: 'The duty’s id: `dutyId` in paths, and the `dutyId` of the shifts generated from it.', example: patrolDuty },
          microGridId: { ...microGrid, description: 'The micro-grid (微网格) whose list it is on: an org unit id.' },
          title: { description: 'What is to be done, in a few words; each generated shift’s title.', example: '楼栋安全巡查' },
          kind: 'The kind of work; `station_duty` names its station in `stationId`.',
          description: { description: 'What the work involves, for the people doing it; absent when not given.', example: dutyExample.description },
          location: { description: 'Where, in free text (“3号楼”, “小区东门”); absent when not given.', example: dutyExample.location },
          stationId: { description: 'The 宁小蜂驿站 (rest station) to staff: present for `station_duty` only.', example: stationId },
          assigneeId: {
            description:
              'The member whose duty it is, when it is one person’s (a user id): generation seats them on each new shift and tells them. Absent: every seat is open to sign-up.',
            example: zhang,
          },
          recurrence: 'When it recurs.',
          headcount: { description: 'How many people each shift needs, the assignee included.', example: 2 },
          createdBy: { description: 'The grid worker (or admin) who added it: a user id.', example: gridWorker },
        },
        example: dutyExample,
      },
    ],
    [
      weeklyWindowSchema,
      {
        name: 'WeeklyWindow',
        description: 'A window of one weekday when a member is usually available, local time (Asia/Shanghai); it repeats every week.',
        fields: {
          day: 'The weekday.',
          start: clock('When the window opens, local time.', '08:30'),
          end: clock('When it closes, local time: after `start` on the same day (`24:00` for midnight).', '11:30'),
        },
        example: availabilityExample.weekly[0],
      },
    ],
    [
      availabilityExceptionSchema,
      {
        name: 'AvailabilityException',
        description:
          'One date that differs from the weekly windows: time off (`available: false`, the whole day or from `start` to `end`), or an extra window (`available: true`, with `start` and `end`).',
        fields: {
          date: { description: 'The local date it applies to (Asia/Shanghai), `YYYY-MM-DD`.', example: '2026-07-20' },
          available: '`false`: not available, the whole day or from `start` to `end`; `true`: available from `start` to `end`, besides the weekly windows.',
          start: clock('When the exception begins, local time; give both `start` and `end` or neither (a whole day off). Required when `available`.', '14:00'),
          end: clock('When it ends, local time: after `start`.', '17:00'),
        },
        example: availabilityExample.exceptions[1],
      },
    ],
    [
      availabilitySchema,
      {
        name: 'Availability',
        description:
          'When a member can usually help: weekly windows and exceptions on particular dates, all in Asia/Shanghai local time. It ranks who to ask for a shift and warns on sign-ups outside it; it never prevents one. Seen only by the member.',
        fields: {
          userId: { description: 'The member whose availability it is: a user id.', example: zhang },
          timeZone: 'The time zone of every window: always `Asia/Shanghai`.',
          weekly: 'The windows of each week; empty when never set.',
          exceptions: 'The dates that differ from the weekly windows; empty when none.',
          updatedAt: { description: 'When it was last set (ISO 8601, UTC); `1970-01-01T00:00:00.000Z` when never set.', example: availabilityExample.updatedAt },
        },
        example: availabilityExample,
      },
    ],
    [
      shiftSlotSchema,
      {
        name: 'ShiftSeat',
        description: 'A seat taken on a shift: who holds it, how they got it, and their attendance.',
        fields: {
          userId: { description: 'The member holding the seat: a user id.', example: zhang },
          displayName: { description: 'Their display name, where names help (the week’s roster, a station’s duty); absent elsewhere.', example: '张阿姨' },
          via: 'How they got it: `sign_up` themselves, `assigned` by the grid worker (or by generation, as the duty’s assignee), `promoted` off the waitlist when a seat came free, `swap` handed over by another member.',
          at: { description: 'When they got it (ISO 8601, UTC).', example: '2026-07-06T02:00:00.000Z' },
          checkedInAt: { description: 'When they checked in (ISO 8601, UTC); absent until they do.', example: '2026-07-15T00:52:00.000Z' },
          checkedOutAt: { description: 'When they checked out (ISO 8601, UTC); absent until they do. The time between goes into the hours log.', example: '2026-07-15T02:57:00.000Z' },
          noShow: 'Present when the grid worker marked them a no-show (they never checked in).',
          'noShow.at': { description: 'When they were marked (ISO 8601, UTC).', example: '2026-07-15T01:40:00.000Z' },
          'noShow.by': { description: 'The grid worker who marked them: a user id.', example: gridWorker },
          'noShow.comment': { description: 'The grid worker’s comment; absent when none.', example: '电话未接通' },
        },
        example: shiftExample.signedUp[0],
      },
    ],
    [
      shiftSchema,
      {
        name: 'Shift',
        description:
          'A stretch of work in a micro-grid within one local day, at most 12 hours, with `headcount` seats that members take by signing up (or the grid worker assigns), and a first-come-first-served waitlist once they are taken. Made by hand (`createShift`) or generated from a duty; seen by the micro-grid’s members and staff.',
        fields: {
          id: {
            description: 'The shift’s id: `shiftId` in paths. A generated shift’s is its duty’s id and the date (`<dutyId>-YYYYMMDD`), so generating twice makes no duplicates.',
            example: patrolShift,
          },
          microGridId: { ...microGrid, description: 'The micro-grid (微网格) it belongs to: an org unit id.' },
          dutyId: { description: 'The duty of the responsibility list it was generated from; absent for a shift made by hand.', example: patrolDuty },
          kind: 'The kind of work; `station_duty` names its station in `stationId`.',
          title: { description: 'What is to be done, in a few words.', example: '楼栋安全巡查' },
          notes: { description: 'The grid worker’s notes for the people on it; absent when none.', example: '请佩戴红袖章，带好手电筒。' },
          location: { description: 'Where, in free text; absent when not given.', example: shiftExample.location },
          stationId: { description: 'The 宁小蜂驿站 (rest station) staffed: present for `station_duty` only.', example: stationId },
          start: { description: 'When it starts (ISO 8601, UTC).', example: shiftExample.start },
          end: { description: 'When it ends (ISO 8601, UTC): after `start`, at most 12 hours later, on the same local day (or at its midnight).', example: shiftExample.end },
          date: { description: 'The local date (Asia/Shanghai) it lies on, `YYYY-MM-DD`: the day to show it under.', example: '2026-07-15' },
          headcount: { description: 'How many seats it has.', example: 2 },
          status: '`open`, or `cancelled` by the grid worker: everyone on it or waiting was told, and nobody can sign up.',
          signedUp: 'Who holds its seats, in the order they took them.',
          waitlist: {
            description: 'The members waiting for a seat (user ids), first come first served: the first is seated automatically, and told, when a seat comes free.',
            example: [chen],
          },
          openSeats: {
            description: 'Seats nobody holds: `headcount` minus the seats held. While someone waits, a free seat is theirs, not open to sign-up (`Eligibility` says `full`).',
            example: 0,
          },
          createdBy: { description: 'The grid worker who made it, or who ran the generation that did: a user id.', example: gridWorker },
        },
        example: shiftExample,
      },
    ],
    [
      eligibilitySchema,
      {
        name: 'Eligibility',
        description:
          'What signing up for a shift would do for the caller now, and why: one reason, checked in this order: cancelled, ended, not a member, already on it, overlapping another shift of theirs, then free or full. Outside their availability is allowed, with a warning.',
        fields: {
          shiftId: { description: 'The shift it is about.', example: stationShift },
          outcome: 'What signing up now would do: `sign_up` take a seat, `waitlist` join the waitlist, `none` nothing (it answers 409 `shift_not_eligible` with this `reason`).',
          reason:
            'Why: `free` a seat is free; `full` no seat is free, or people already wait for one (the waitlist); `signed_up` you hold a seat already; `waitlisted` you wait already; `overlaps` another shift of yours is at the same time (`overlapsShiftId`); `ended` it is over; `cancelled` it was cancelled; `not_member` you are not a member of its micro-grid.',
          warnings,
          overlapsShiftId: { description: overlapsShiftId, example: patrolShift },
          availability: availabilityFit,
        },
        example: eligibilityExample,
      },
    ],
    [
      signUpResultSchema,
      {
        name: 'SignUpResult',
        description:
          'Where a sign-up left the caller: on a seat, or on the waitlist at a position. Signing up again changes nothing: it answers 409 `shift_not_eligible` (`signed_up` or `waitlisted`).',
        fields: {
          status: '`signed_up`: you hold a seat; `waitlisted`: you wait, and are seated automatically (and told) when a seat comes free.',
          position: { description: 'Your place on the waitlist, 1 being next; only when `waitlisted`.', example: 1 },
          warnings,
          shift: 'The shift as it is after the sign-up.',
        },
        example: { status: 'waitlisted', position: 1, warnings: [], shift: shiftExample },
      },
    ],
    [
      shiftOptionSchema,
      {
        name: 'ShiftOption',
        description: 'A shift the caller can take, with what signing up would do.',
        fields: {
          shift: 'The shift, with its seats and waitlist as they are now.',
          eligibility: 'What signing up now would do (`sign_up` or `waitlist`), and how the shift fits your availability.',
        },
        example: { shift: stationShiftExample, eligibility: eligibilityExample },
      },
    ],
    [
      myShiftSchema,
      {
        name: 'MyShift',
        description: 'One of the caller’s shifts: a seat they hold, or one they wait for.',
        fields: {
          shift: 'The shift, with its seats and waitlist as they are now.',
          status: '`signed_up`: you hold a seat; `waitlisted`: you wait for one.',
          position: { description: 'Your place on the waitlist, 1 being next; only when `waitlisted`.', example: 1 },
        },
        example: { shift: shiftExample, status: 'signed_up' },
      },
    ],
    [
      hoursEntrySchema,
      {
        name: 'HoursEntry',
        description: 'One line of the volunteer hours log (志愿时长): a stint on a shift, from check-in to check-out, or a no-show.',
        fields: {
          shiftId: { description: 'The shift worked, or missed.', example: patrolShift },
          microGridId: { ...microGrid, description: 'The micro-grid (微网格) of the shift: an org unit id.' },
          userId: { description: 'The volunteer: a user id.', example: zhang },
          title: { description: 'The shift’s title.', example: '楼栋安全巡查' },
          date: { description: 'The local date (Asia/Shanghai) of the shift, `YYYY-MM-DD`.', example: '2026-07-15' },
          month: { description: 'The local month it counts in, `YYYY-MM`.', example: '2026-07' },
          minutes: { description: 'Minutes credited: from check-in to check-out, but none later than an hour after the shift’s end; 0 for a no-show.', example: 125 },
          noShow: 'Whether the line records a no-show rather than a stint.',
          checkedInAt: { description: 'When they checked in (ISO 8601, UTC); absent for a no-show.', example: hoursEntryExample.checkedInAt },
          checkedOutAt: { description: 'When they checked out (ISO 8601, UTC); absent for a no-show.', example: hoursEntryExample.checkedOutAt },
          comment: { description: 'The grid worker’s comment on a no-show; absent otherwise.', example: '电话未接通' },
          recordedAt: { description: 'When the line was recorded: the check-out, or the no-show marking (ISO 8601, UTC).', example: hoursEntryExample.recordedAt },
        },
        example: hoursEntryExample,
      },
    ],
    [
      memberHoursSchema,
      {
        name: 'MemberHours',
        description: 'One member’s volunteer hours in a micro-grid over a month.',
        fields: {
          userId: { description: 'The member: a user id.', example: zhang },
          minutes: { description: 'Minutes credited for their stints that month.', example: 740 },
          hours: { description: hours, example: 12.33 },
          shifts: { description: 'Stints worked that month (no-shows not counted).', example: 6 },
          noShows: { description: 'Times they were marked a no-show that month.', example: 0 },
        },
        example: { userId: zhang, minutes: 740, hours: 12.33, shifts: 6, noShows: 0 },
      },
    ],
    [
      unitHoursSchema,
      {
        name: 'MicroGridHours',
        description: 'A micro-grid’s volunteer hours of one month, per member, summed from the hours log when asked.',
        fields: {
          unitId: microGrid,
          month: { description: 'The local month (Asia/Shanghai), `YYYY-MM`.', example: '2026-07' },
          totalMinutes: { description: 'Minutes credited to all members that month.', example: 1220 },
          totalHours: { description: hours, example: 20.33 },
          members: 'Each member with a stint or a no-show that month, most minutes first; members with neither are not listed.',
        },
        example: {
          unitId: microGridId,
          month: '2026-07',
          totalMinutes: 1220,
          totalHours: 20.33,
          members: [
            { userId: zhang, minutes: 740, hours: 12.33, shifts: 6, noShows: 0 },
            { userId: wang, minutes: 480, hours: 8, shifts: 4, noShows: 1 },
          ],
        },
      },
    ],
    [
      myHoursSchema,
      {
        name: 'MyHours',
        description: 'The caller’s volunteer hours of one month across their micro-grids, with every line of the hours log behind them.',
        fields: {
          userId: { description: 'The caller: a user id.', example: zhang },
          month: { description: 'The local month (Asia/Shanghai), `YYYY-MM`.', example: '2026-07' },
          totalMinutes: { description: 'Minutes credited that month (no-shows count none).', example: 125 },
          totalHours: { description: hours, example: 2.08 },
          noShows: { description: 'Times marked a no-show that month.', example: 0 },
          entries: 'The month’s lines of the log, stints and no-shows, by date.',
        },
        example: { userId: zhang, month: '2026-07', totalMinutes: 125, totalHours: 2.08, noShows: 0, entries: [hoursEntryExample] },
      },
    ],
    [
      suggestionSchema,
      {
        name: 'VolunteerSuggestion',
        description:
          'A member to ask to cover a shift short of people: not on it, and without another shift at that time. Ranked by how the shift fits their availability (`fits`, `partly`, `unknown`, `outside`), then by fewest recent minutes.',
        fields: {
          userId: { description: 'The member: a user id.', example: chen },
          displayName: { description: 'Their display name; absent when they have none.', example: '陈先生' },
          availability: availabilityFit,
          fitRatio: { description: 'The share of the shift inside their availability, 0 to 1; null when they have set none.', example: 1 },
          recentMinutes: { description: 'Minutes credited in this micro-grid over the last 30 days: fewer rank first, so the same people are not always asked.', example: 180 },
          waitlisted: 'Whether they already wait for a seat on it (assigning them takes them off the waitlist).',
        },
        example: { userId: chen, displayName: '陈先生', availability: 'fits', fitRatio: 1, recentMinutes: 180, waitlisted: true },
      },
    ],
    [
      swapSchema,
      {
        name: 'ShiftSwap',
        description:
          'A request to hand one’s seat on a shift to another member of its micro-grid: the other member accepts (or declines), the proposer may cancel, and the grid worker approves (or rejects); approval hands the seat over. Seen by its two members and the micro-grid’s staff.',
        fields: {
          id: { description: 'The swap’s id: `swapId` in paths.', example: swapId },
          microGridId: { ...microGrid, description: 'The micro-grid (微网格) of the shift: an org unit id.' },
          shiftId: { description: 'The shift whose seat is handed over.', example: patrolShift },
          fromUserId: { description: 'The member giving up their seat, who proposed the swap: a user id.', example: wang },
          toUserId: { description: 'The member asked to take the seat: a user id.', example: chen },
          note: { description: 'The proposer’s message to the other member; absent when none.', example: swapExample.note },
          status:
            '`proposed`: waiting for the other member; `accepted` by them, waiting for the grid worker; `approved`: being carried out; `done`: the seat was handed over; `declined` by the other member; `rejected` by the grid worker; `cancelled` by the proposer; `failed`: approved, but the hand-over was impossible (`failure` says why).',
          createdAt: { description: 'When it was proposed (ISO 8601, UTC).', example: swapExample.createdAt },
          acceptedAt: { description: 'When the other member accepted (ISO 8601, UTC); absent before.', example: swapExample.acceptedAt },
          decidedAt: { description: 'When it was approved, rejected, declined or cancelled (ISO 8601, UTC); absent while undecided.', example: '2026-07-13T01:10:00.000Z' },
          decidedBy: { description: 'Who made that decision: a user id; absent while undecided.', example: gridWorker },
          failure: { description: 'Why an approved hand-over could not be made (the proposer checked in, the other member has a shift at that time…); only when `failed`.', example: `${chen} has an overlapping shift (0mrr4t7b2Xp1KdGe)` },
        },
        example: swapExample,
      },
    ],
    [
      rosterSchema,
      {
        name: 'Roster',
        description: 'A micro-grid’s roster (排班表) of one week, Monday to Sunday in Nanjing: every shift, with who holds its seats by name.',
        fields: {
          unitId: microGrid,
          weekStart: { description: 'The week’s Monday, a local date `YYYY-MM-DD`.', example: '2026-07-13' },
          weekEnd: { description: 'The week’s Sunday, a local date `YYYY-MM-DD`.', example: '2026-07-19' },
          shifts: 'The week’s shifts by start, cancelled ones included; each seat carries its holder’s `displayName`.',
        },
        example: { unitId: microGridId, weekStart: '2026-07-13', weekEnd: '2026-07-19', shifts: [namedShiftExample, namedStationShiftExample] },
      },
    ],
    [
      stationDutySchema,
      {
        name: 'StationDuty',
        description:
          'Who staffs a 宁小蜂驿站 (rest station) today: open shifts under way and those still to come, with names. The station’s manager sees them all; others only the shifts of micro-grids they belong to or oversee.',
        fields: {
          stationId: { description: 'The station.', example: stationId },
          at: { description: 'The moment this answer describes (ISO 8601, UTC).', example: '2026-07-15T06:30:00.000Z' },
          onDuty: 'Shifts at the station under way now, with who is on them.',
          later: 'Shifts at the station starting later today (local date).',
        },
        example: {
          stationId,
          at: '2026-07-15T06:30:00.000Z',
          onDuty: [namedStationShiftExample],
          later: [
            {
              ...handMadeStationShift,
              id: '0mrq1v8c3Ev9NkLs',
              title: '宁小蜂驿站值守（晚班）',
              start: '2026-07-15T09:00:00.000Z',
              end: '2026-07-15T12:00:00.000Z',
              headcount: 1,
              signedUp: [{ userId: wang, displayName: '王大伯', via: 'sign_up', at: '2026-07-10T03:00:00.000Z' }],
              openSeats: 0,
            },
          ],
        },
      },
    ],
    [
      assigneeSeatingSchema,
      {
        name: 'AssigneeSeating',
        description: 'What a generation run did with a shift’s assignee (the member whose duty it is): seated, or why not.',
        fields: {
          shiftId: { description: 'The generated shift.', example: patrolShift },
          userId: { description: 'The duty’s assignee: a user id.', example: zhang },
          seated: 'Whether they now hold a seat on it. A run tells each member once, of all the seats it gave them.',
          reason:
            'Why not, when not seated: `overlaps` another shift of theirs (`overlapsShiftId`); `not_member` of the micro-grid any more; `full`; `cancelled` or `ended` meanwhile; `in_progress`: another attempt to seat them is under way (running the generation again tells).',
          overlapsShiftId: { description: overlapsShiftId, example: stationShift },
          warnings: '`outside_availability`: seated all the same, since the duty is theirs. Empty otherwise.',
        },
        example: { shiftId: patrolShift, userId: zhang, seated: true, warnings: [] },
      },
    ],
    [
      generationResultSchema,
      {
        name: 'GenerationResult',
        description:
          'What a generation run did for the dates from `from` to `to`: the shifts it created, those that existed already (it is idempotent), and each new shift’s assignee. Occurrences already over are skipped.',
        fields: {
          from: { description: 'The first local date covered, `YYYY-MM-DD`.', example: '2026-07-13' },
          to: { description: 'The last local date covered (inclusive): `from` plus `weeks` × 7 − 1 days.', example: '2026-07-19' },
          created: { description: 'The ids of the shifts this run created.', example: [patrolShift, `${patrolDuty}-20260717`] },
          existing: { description: 'The ids of the shifts an earlier run had created, left as they are.', example: [`${patrolDuty}-20260713`] },
          assignees:
            'One entry per shift whose assignee this run decided on: seated, or why not. A shift’s assignee is decided once, when it is created; an existing shift has an entry only when an interrupted run left that undone.',
        },
        example: {
          from: '2026-07-13',
          to: '2026-07-19',
          created: [patrolShift, `${patrolDuty}-20260717`],
          existing: [`${patrolDuty}-20260713`],
          assignees: [
            { shiftId: patrolShift, userId: zhang, seated: true, warnings: [] },
            { shiftId: `${patrolDuty}-20260717`, userId: zhang, seated: false, reason: 'overlaps', overlapsShiftId: '0mrr4t7b2Xp1KdGe', warnings: [] },
          ],
        },
      },
    ],
    [
      calendarFeedSchema,
      {
        name: 'CalendarFeed',
        description:
          'The caller’s calendar feed after a change: active, with its secret subscription address (shown in this answer only), or revoked. The feed holds their shifts and seat reservations of the next 60 days.',
        fields: {
          active: 'Whether a feed address works now: true after `issue`, false after `revoke`.',
          url: {
            description:
              'The feed (iCalendar), to paste into a calendar app’s “subscribe by URL” (Google Calendar, Outlook, Android apps); only after `issue`. Whoever holds it sees your schedule: keep it like a password.',
            example: `https://api.grid.example.cn/calendar-feeds/${feedToken}.ics`,
          },
          webcalUrl: { description: 'The same feed as a `webcal://` address, which iOS and macOS Calendar open as a subscription; only after `issue`.', example: `webcal://api.grid.example.cn/calendar-feeds/${feedToken}.ics` },
        },
        example: {
          active: true,
          url: `https://api.grid.example.cn/calendar-feeds/${feedToken}.ics`,
          webcalUrl: `webcal://api.grid.example.cn/calendar-feeds/${feedToken}.ics`,
        },
      },
    ],
    [
      invitationSchema,
      {
        name: 'Invitation',
        description: 'An invitation code for a micro-grid: whoever joins with it (`joinMicroGrid`) before it expires becomes a volunteer member. The grid worker reads it out or posts it in the WeChat group.',
        fields: {
          code: { description: 'The code: 8 letters and digits without look-alikes (no I, O, 0 or 1); any case works when joining.', example: 'K7MRX2QH' },
          microGridId: { ...microGrid, description: 'The micro-grid (微网格) it admits to: an org unit id.' },
          createdBy: { description: 'The grid worker who made it: a user id.', example: gridWorker },
          createdAt: { description: 'When it was made (ISO 8601, UTC).', example: invitationExample.createdAt },
          validUntil: { description: 'When it stops working (ISO 8601, UTC): `validDays` after it was made.', example: invitationExample.validUntil },
        },
        example: invitationExample,
      },
    ],
  ],

  operations: {
    // ─── Invitation codes ─────────────────────────────────────────────────────────────────────────
    createInvitation: {
      parameters: microGridParam,
      request: { fields: { validDays: { description: 'How many days the code works, 1 to 30; default 7.', example: 7 } }, example: { validDays: 7 } },
      // A clash of random codes is answered 409 rather than retried: send again.
      errors: ['conflict'],
    },
    joinMicroGrid: {
      parameters: microGridParam,
      request: {
        fields: { code: { description: 'The invitation code the grid worker gave out, in any case. A wrong or expired code, or another micro-grid’s, answers 404.', example: 'K7MRX2QH' } },
        example: { code: 'k7mrx2qh' },
      },
    },
    leaveMicroGrid: {
      parameters: microGridParam,
      // Releasing the future seats may meet one already checked in (check-in opens 30 minutes early) or a busy shift.
      errors: ['conflict'],
    },

    // ─── Responsibility lists ─────────────────────────────────────────────────────────────────────
    createDuty: {
      parameters: microGridParam,
      request: {
        fields: {
          title: { description: 'What is to be done, in a few words (at most 100 characters); each generated shift’s title.', example: '楼栋安全巡查' },
          kind: 'The kind of work; `station_duty` must name its station in `stationId`, and only it may.',
          description: { description: 'What the work involves, for the people doing it (at most 1000 characters).', example: dutyExample.description },
          location: { description: 'Where, in free text (at most 100 characters): “3号楼”, “小区东门”.', example: dutyExample.location },
          stationId: { description: 'The 宁小蜂驿站 (rest station) to staff: required for `station_duty`, refused otherwise; an unknown station answers 404.', example: stationId },
          assigneeId: {
            description: 'The member whose duty it is, when it is one person’s: a current member of the micro-grid (else 400). Generation seats them on each new shift.',
            example: zhang,
          },
          recurrence: 'When it recurs.',
          headcount: { description: 'How many people each shift needs, the assignee included; default 1.', example: 2 },
        },
        example: {
          title: dutyExample.title,
          kind: 'patrol',
          description: dutyExample.description,
          location: dutyExample.location,
          assigneeId: zhang,
          recurrence: recurrenceExample,
          headcount: 2,
        },
      },
      errors: ['idempotency_in_progress'],
    },
    listDuties: { parameters: microGridParam, response: dutyPage },
    listMemberDuties: {
      parameters: { ...microGridParam, userId: { description: 'The member whose duties to list (a user id); one who is not a member answers 404.', example: zhang } },
      response: dutyPage,
    },
    deleteDuty: {
      parameters: { ...microGridParam, dutyId: { description: 'The duty to remove: its id (`Duty.id`).', example: patrolDuty } },
    },
    listMyDuties: { response: dutyPage },

    // ─── Shifts ───────────────────────────────────────────────────────────────────────────────────
    createShift: {
      parameters: microGridParam,
      request: {
        fields: {
          title: { description: 'What is to be done, in a few words (at most 100 characters).', example: '社区垃圾分类宣传' },
          kind: 'The kind of work; `station_duty` must name its station in `stationId`, and only it may.',
          notes: { description: 'Notes for the people on it (at most 1000 characters).', example: '在小区东门摆摊，宣传册和小礼品在居委会领取。' },
          location: { description: 'Where, in free text (at most 100 characters).', example: '湖南路 10 号小区东门' },
          stationId: { description: 'The 宁小蜂驿站 (rest station) to staff: required for `station_duty`, refused otherwise; an unknown station answers 404.', example: stationId },
          start: { description: 'When it starts: ISO 8601 with `Z` or an offset (`+08:00` for Nanjing time).', example: '2026-07-18T09:00:00+08:00' },
          end: {
            description: 'When it ends: after `start`, not already past, at most 12 hours later and on the same local day (midnight at the latest); split overnight work into two shifts.',
            example: '2026-07-18T11:30:00+08:00',
          },
          headcount: { description: 'How many seats it has, 1 to 50.', example: 3 },
        },
        example: {
          title: '社区垃圾分类宣传',
          kind: 'publicity',
          notes: '在小区东门摆摊，宣传册和小礼品在居委会领取。',
          location: '湖南路 10 号小区东门',
          start: '2026-07-18T09:00:00+08:00',
          end: '2026-07-18T11:30:00+08:00',
          headcount: 3,
        },
      },
      response: {
        example: {
          id: '0mrlgpsg0Yt6HcM2',
          microGridId,
          kind: 'publicity',
          title: '社区垃圾分类宣传',
          notes: '在小区东门摆摊，宣传册和小礼品在居委会领取。',
          location: '湖南路 10 号小区东门',
          start: '2026-07-18T01:00:00.000Z',
          end: '2026-07-18T03:30:00.000Z',
          date: '2026-07-18',
          headcount: 3,
          status: 'open',
          signedUp: [],
          waitlist: [],
          openSeats: 3,
          createdAt: '2026-07-10T02:20:00.000Z',
          createdBy: gridWorker,
        },
      },
      errors: ['idempotency_in_progress'],
    },
    listShifts: {
      parameters: { ...microGridParam, ...dateRange(14, 62) },
      response: { fields: pageWords('This page’s shifts, by start; cancelled ones included.'), example: page(shiftExample) },
    },
    getRoster: {
      parameters: {
        ...microGridParam,
        week: { description: 'Any local date (`YYYY-MM-DD`) in the week wanted; default today.', example: '2026-07-15' },
      },
    },
    suggestVolunteers: {
      parameters: shiftParam,
      response: { fields: { items: 'The members to ask, best first.' } },
    },
    getStationDuty: {
      parameters: { stationId: { description: 'The 宁小蜂驿站 (rest station): its id. A station manager asking about another’s station gets 404.', example: stationId } },
    },
    generateShifts: {
      parameters: microGridParam,
      request: {
        fields: {
          weeks: { description: 'How many weeks to generate, counting from `from`: 1 to 8; default 1.', example: 2 },
          from: { description: 'The first local date (Asia/Shanghai) to generate for, `YYYY-MM-DD`; default today.', example: '2026-07-13' },
          dutyIds: { description: 'Only these duties of the list (each must be on it, else 404); default the whole list.', example: [patrolDuty, stationDuty] },
        },
        example: { weeks: 1, from: '2026-07-13' },
      },
    },

    // ─── A shift's seats ──────────────────────────────────────────────────────────────────────────
    getShift: { parameters: shiftParam },
    getEligibility: { parameters: { shiftId: { description: 'The shift: its id (`Shift.id`).', example: stationShift } } },
    signUp: {
      parameters: shiftParam,
      // shift_not_eligible: refused, the reason in errors[0].code; conflict: a sign-up of yours for it is under way, or the shift is busy.
      errors: ['shift_not_eligible', 'conflict'],
    },
    withdraw: {
      parameters: shiftParam,
      // Checked in already, the shift has started (the grid worker takes you off), or it is busy.
      errors: ['conflict'],
    },
    assignVolunteer: {
      parameters: { ...shiftParam, userId: { description: 'The member to seat (a user id); one who is not a member of the micro-grid answers 404.', example: chen } },
      // shift_not_eligible: they have another shift at that time; conflict: cancelled, ended, full, or busy.
      errors: ['shift_not_eligible', 'conflict'],
    },
    unassignVolunteer: {
      parameters: { ...shiftParam, userId: { description: 'The member to take off the shift or its waitlist: a user id.', example: chen } },
      // They checked in already, or the shift is busy.
      errors: ['conflict'],
    },
    cancelShift: {
      parameters: shiftParam,
      request: {
        fields: { reason: { description: 'Why, in a sentence (at most 200 characters): told to everyone on it or waiting.', example: '高温橙色预警，暂停户外巡查。' } },
        example: { reason: '高温橙色预警，暂停户外巡查。' },
      },
      response: { example: { ...shiftExample, status: 'cancelled' } },
      // The shift is over.
      errors: ['conflict'],
    },

    // ─── Attendance ───────────────────────────────────────────────────────────────────────────────
    checkInToShift: {
      parameters: shiftParam,
      response: { example: withFirstSeat({ checkedInAt: '2026-07-15T00:52:00.000Z' }) },
      // Not seated, checked in already, marked a no-show, cancelled, too early or over.
      errors: ['conflict'],
    },
    checkOutOfShift: {
      parameters: shiftParam,
      response: { example: withFirstSeat({ checkedInAt: '2026-07-15T00:52:00.000Z', checkedOutAt: '2026-07-15T02:57:00.000Z' }) },
      // Not checked in, or checked out already.
      errors: ['conflict'],
    },
    markNoShow: {
      parameters: shiftParam,
      request: {
        fields: {
          userId: { description: 'The member seated on the shift who never checked in (a user id); someone not on it answers 404.', example: zhang },
          comment: { description: 'A note for the hours log (at most 500 characters).', example: '电话未接通' },
        },
        example: { userId: zhang, comment: '电话未接通' },
      },
      response: { example: withFirstSeat({ noShow: { at: '2026-07-15T01:40:00.000Z', by: gridWorker, comment: '电话未接通' } }) },
      // They checked in, were marked already, or the shift has not started.
      errors: ['conflict'],
    },

    // ─── Swaps ────────────────────────────────────────────────────────────────────────────────────
    proposeSwap: {
      parameters: shiftParam,
      request: {
        fields: {
          toUserId: { description: 'The member to take your seat: a member of the same micro-grid (else 404), not you, and not on the shift already.', example: chen },
          note: { description: 'A message to them (at most 500 characters).', example: swapExample.note },
        },
        example: { toUserId: chen, note: swapExample.note },
      },
      response: { example: proposedSwapExample },
      // You hold no seat on it, it has started, or they are on it already.
      errors: ['conflict'],
    },
    getSwap: { parameters: swapParam },
    decideSwap: {
      parameters: swapParam,
      request: {
        fields: {
          decision:
            '`accept` or `decline`: the member asked, while `proposed`; `cancel`: the proposer, until decided; `approve`: the grid worker, once `accepted` (it hands the seat over, or ends `failed`); `reject`: the grid worker, until decided. Anyone else gets 403.',
        },
        example: { decision: 'approve' },
      },
      response: { example: { ...swapExample, status: 'done', decidedAt: '2026-07-13T01:10:00.000Z', decidedBy: gridWorker } },
      // The swap has moved on (the answer's detail says to which status).
      errors: ['conflict'],
    },
    listSwaps: { parameters: microGridParam, response: { fields: pageWords('This page’s swap requests, newest first.'), example: page(swapExample) } },

    // ─── Availability and hours ───────────────────────────────────────────────────────────────────
    putMyAvailability: {
      request: {
        fields: {
          weekly: 'All your weekly windows (at most 50): they replace the earlier ones; an empty list clears them.',
          exceptions: 'All your exceptions (at most 200): they replace the earlier ones; default none.',
        },
        example: { weekly: availabilityExample.weekly, exceptions: availabilityExample.exceptions },
      },
    },
    getMicroGridHours: { parameters: { ...microGridParam, ...month } },
    getMyHours: { parameters: month },

    // ─── Mine ─────────────────────────────────────────────────────────────────────────────────────
    listMyShifts: {
      parameters: dateRange(28, 62),
      response: {
        fields: { items: 'Your seats and waitlist places in the range, by start; cancelled shifts are left out.' },
        // 陈先生's day: waiting for the morning patrol, seated at the station in the afternoon.
        example: { items: [{ shift: shiftExample, status: 'waitlisted', position: 1 }, { shift: stationShiftExample, status: 'signed_up' }] },
      },
    },
    listShiftOptions: {
      parameters: dateRange(14, 28),
      response: {
        fields: { items: 'The shifts of your micro-grids in the range you can sign up for or wait on, by start: open, not over, not yours already, not at the same time as one of yours.' },
      },
    },

    // ─── Calendar feed ────────────────────────────────────────────────────────────────────────────
    changeCalendarFeed: {
      request: {
        fields: { action: '`issue` (default): a new secret address, replacing any earlier one (which then answers 404); `revoke`: no address works any more.' },
        example: { action: 'issue' },
      },
    },
    getCalendarFeed: {
      parameters: {
        token: { description: 'The secret of the feed address `changeCalendarFeed` gave (43 characters), with or without `.ics`. Unknown, replaced and revoked ones answer 404.', example: `${feedToken}.ics` },
      },
    },
  },
});
