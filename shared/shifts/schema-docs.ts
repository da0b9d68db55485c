import { type ApiDocs, type FieldDoc, type FieldDocs } from '../http/api-docs';
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
import { calendarFeedSchema, myShiftSchema } from './routes/seats';
import {
  availabilityExample,
  chen,
  dutyExample,
  eligibilityExample,
  feedToken,
  gridWorker,
  hoursEntryExample,
  invitationExample,
  microGridId,
  namedShiftExample,
  namedStationShiftExample,
  patrolDuty,
  patrolShift,
  recurrenceExample,
  shiftExample,
  stationId,
  stationShift,
  stationShiftExample,
  swapExample,
  swapId,
  wang,
  zhang,
  handMadeStationShift,
} from './api-examples';

// ─── Words several schemas and operations share ──────────────────────────────────────────────────

/** A time of day in a window, local time. */
const clock = (description: string, example: string): FieldDoc => ({ description, example });
const microGrid: FieldDoc = { description: 'The micro-grid (微网格): an org unit id.', example: microGridId };
const warnings = '`outside_availability`: the shift lies wholly or partly outside your availability; signing up is allowed all the same. Empty when there is nothing to warn of.';
const availabilityFit =
  'How the shift fits the member’s availability (weekly windows and exceptions): `fits` wholly inside, `partly`, `outside`, or `unknown` when they have set none.';
const overlapsShiftId = 'The other shift of theirs at the same time, for `overlaps`; absent otherwise.';
export const month: FieldDocs = { month: { description: 'The local month (Asia/Shanghai), `YYYY-MM`; default this month.', example: '2026-07' } };
const hours = 'The same in hours, rounded to two decimals.';

/** The named schemas of the shifts feature and the words of their fields; the operations' words are in ./api-docs.ts. */
export const shiftSchemaDocs: NonNullable<ApiDocs['schemas']> = [
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
];
