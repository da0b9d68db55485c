import type { ApiDocs } from '../../http/api-docs';
import {
  hoursEntryExample,
  microGridId,
  patrolShift,
  wang,
  zhang,
} from '../api-examples';
import {
  hoursEntrySchema,
  memberHoursSchema,
  myHoursSchema,
  unitHoursSchema,
} from '../model';
import { microGrid } from './common';

/** A figure in minutes, again in hours. */
const hours = 'The same in hours, rounded to two decimals.';

/** The named schemas of volunteer hours: the hours log and its monthly sums. */
export const hoursSchemaDocs: NonNullable<ApiDocs['schemas']> = [
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
];
