import type { ApiDocs } from '../../http/api-docs';
import {
  feedToken,
  handMadeStationShift,
  microGridId,
  namedShiftExample,
  namedStationShiftExample,
  stationId,
  wang,
} from '../api-examples';
import { rosterSchema, stationDutySchema } from '../model';
import { calendarFeedSchema } from '../routes/seats';
import { microGrid } from './common';

/** The named schemas of what the plan shows: a micro-grid's weekly roster, a station's duty today, the caller's calendar feed. */
export const viewSchemaDocs: NonNullable<ApiDocs['schemas']> = [
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
];
