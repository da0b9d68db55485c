import { type FieldDocs, apiDocsOf } from '../http/api-docs';
import { shiftRoutes } from './routes';
import {
  availabilityExample,
  chen,
  dutyExample,
  dutyPage,
  feedToken,
  gridWorker,
  microGridId,
  page,
  pageWords,
  patrolDuty,
  patrolShift,
  proposedSwapExample,
  recurrenceExample,
  shiftExample,
  stationDuty,
  stationId,
  stationShift,
  stationShiftExample,
  swapExample,
  swapId,
  withFirstSeat,
  zhang,
} from './api-examples';
import { shiftSchemaDocs } from './schema-docs';

/** The `month` query parameter of the hours operations (local months, as the hours log counts them). */
const month: FieldDocs = { month: { description: 'The local month (Asia/Shanghai), `YYYY-MM`; default this month.', example: '2026-07' } };

/** The path parameters several operations share. */
const microGridParam: FieldDocs = { unitId: { description: 'The micro-grid (微网格): its org unit id.', example: microGridId } };
const shiftParam: FieldDocs = { shiftId: { description: 'The shift: its id (`Shift.id`).', example: patrolShift } };
const swapParam: FieldDocs = { swapId: { description: 'The swap request: its id (`ShiftSwap.id`).', example: swapId } };
/** The `from`/`to` query of a list of shifts by local date, with its default and longest span. */
const dateRange = (defaultDays: number, maxDays: number): FieldDocs => ({
  from: { description: 'The first local date (Asia/Shanghai), `YYYY-MM-DD`; default today.', example: '2026-07-13' },
  to: {
    description: `The last local date, inclusive; default: ${defaultDays} days in all. Not before \`from\`, and at most ${maxDays} days in all.`,
    example: '2026-07-26',
  },
});

/**
 * The words of the shifts feature (shared/http/api-docs.ts): responsibility lists and their
 * recurrence, shifts and their seats, sign-up, waitlist and eligibility, attendance and the hours
 * log, swaps, availability, the roster and a station's duty, invitation codes, and the calendar feed.
 * `Invitation` is named here although its schema is the organisation's: only these routes answer it.
 */
export const shiftDocs = apiDocsOf(shiftRoutes, {
  schemas: shiftSchemaDocs,

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
