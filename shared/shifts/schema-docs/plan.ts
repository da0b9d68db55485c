import type { ApiDocs, FieldDoc } from '../../http/api-docs';
import { invitationSchema } from '../../organisation/model';
import {
  availabilityExample,
  dutyExample,
  gridWorker,
  invitationExample,
  microGridId,
  patrolDuty,
  patrolShift,
  recurrenceExample,
  stationId,
  stationShift,
  zhang,
} from '../api-examples';
import {
  assigneeSeatingSchema,
  availabilityExceptionSchema,
  availabilitySchema,
  clockSchema,
  dutyKindSchema,
  dutySchema,
  generationResultSchema,
  recurrenceSchema,
  weekdaySchema,
  weeklyWindowSchema,
} from '../model';
import { microGrid, overlapsShiftId } from './common';

/** A time of day in a window, local time. */
const clock = (description: string, example: string): FieldDoc => ({ description, example });

/** The plan's named schemas: duties and their recurrence, members' availability, what a generation run did, invitations to a micro-grid. */
export const planSchemaDocs: NonNullable<ApiDocs['schemas']> = [
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
