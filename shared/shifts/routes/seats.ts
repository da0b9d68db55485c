import * as z from 'zod/mini';
import { idSchema, text } from '../../http/common';
import { defineRoute } from '../../http/route';
import { memberSchema } from '../../organisation/model';
import { MAX_GENERATION_WEEKS } from '../domain/generation';
import { swapDecisions } from '../domain/swaps';
import {
  eligibilitySchema,
  generationResultSchema,
  shiftOptionSchema,
  shiftSchema,
  signUpResultSchema,
  swapSchema,
} from '../model';
import { dateRangeQuery, inMicroGrids, members, shiftParams, staff, tag, unitParams } from './common';

/** The function that serves them: functions/http/shift-seats.ts. */
const fn = 'shift-seats';

/**
 * The media type a calendar feed is served as. Spelled here, not imported from domain/calendar.ts:
 * every bundle carries the route catalogue, and only this function should carry the feed's writer.
 */
export const CALENDAR_CONTENT_TYPE = 'text/calendar; charset=utf-8';

/** Who may have a calendar feed: those who can hold a shift (members) or a seat reservation (visitors of stations). */
const feedHolders = ['volunteer', 'resident', 'outdoor_worker', 'grid_worker'] as const;

/** My calendar feed after a change: active with its new URL (the token in it is shown only here), or revoked. */
export const calendarFeedSchema = z.object({
  active: z.boolean(),
  /** The feed, to paste into a calendar app's "subscribe by URL" (Google, Outlook, Android apps). */
  url: z.optional(z.string()),
  /** The same feed as `webcal://`, which iOS and macOS Calendar open as a subscription. */
  webcalUrl: z.optional(z.string()),
});

export const myShiftSchema = z.object({
  shift: shiftSchema,
  status: z.enum(['signed_up', 'waitlisted']),
  position: z.optional(z.number()),
});

/**
 * Who sits on a shift (served by functions/http/shift-seats.ts): every route that can take or
 * release a seat, or serve a waitlist on the way: signing up and withdrawing, the grid worker's
 * assignments and cancellations, generation (it seats each duty's assignee), attendance, swaps,
 * joining and leaving a micro-grid (leaving releases one's future seats), my shifts and the shifts
 * open to me, and my calendar feed (it reads my shifts as my shifts do, tidying as that does). The
 * plan's other routes are in `planning.ts`.
 */
export const shiftSeatRoutes = {
  // ─── Membership (the organisation's micro-grid membership is the one source of truth; leaving releases seats) ───
  joinMicroGrid: defineRoute({
    method: 'POST',
    path: '/micro-grids/{unitId}/join',
    function: fn,
    tag,
    summary: 'Join a micro-grid as a volunteer member with an invitation code',
    access: members,
    params: unitParams,
    body: z.strictObject({ code: z.string().check(z.minLength(4), z.maxLength(16), z.regex(/^[A-Za-z0-9]+$/)) }),
    success: { status: 200, description: 'My membership', schema: memberSchema },
    errors: [404],
  }),
  leaveMicroGrid: defineRoute({
    method: 'POST',
    path: '/micro-grids/{unitId}/leave',
    function: fn,
    tag,
    summary: 'Leave a micro-grid; my future seats there are released',
    access: members,
    params: unitParams,
    success: { status: 204, description: 'Left' },
    errors: [404],
  }),

  // ─── Generation: a duty's assignee is seated on each new shift ─────────────────────────────────
  generateShifts: defineRoute({
    method: 'POST',
    path: '/micro-grids/{unitId}/shift-generations',
    function: fn,
    tag,
    summary:
      "Create the shifts of the responsibility list for the next weeks (idempotent: existing ones are kept); a duty's assignee is seated on each new shift, or told why not",
    access: staff,
    params: unitParams,
    body: z.strictObject({
      weeks: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(MAX_GENERATION_WEEKS)), 1),
      /** First local date, default today. */
      from: z.optional(z.iso.date()),
      /** Only these duties (default: the whole list). */
      dutyIds: z.optional(z.array(idSchema).check(z.minLength(1), z.maxLength(100))),
    }),
    success: { status: 200, description: "What was created and what existed, and each new shift's assignee: seated, or why not", schema: generationResultSchema },
    errors: [403, 404],
  }),

  // ─── A shift: its seats and waitlist ───────────────────────────────────────────────────────────
  getShift: defineRoute({
    method: 'GET',
    path: '/shifts/{shiftId}',
    function: fn,
    tag,
    summary: 'One shift, with its seats and waitlist',
    access: inMicroGrids,
    params: shiftParams,
    success: { status: 200, description: 'The shift', schema: shiftSchema },
    errors: [404],
  }),
  getEligibility: defineRoute({
    method: 'GET',
    path: '/shifts/{shiftId}/eligibility',
    function: fn,
    tag,
    summary: 'Whether I can sign up now, and why (free, full → waitlist, overlaps, ended, not a member…)',
    access: members,
    params: shiftParams,
    success: { status: 200, description: 'The answer', schema: eligibilitySchema },
    errors: [404],
  }),
  signUp: defineRoute({
    method: 'POST',
    path: '/shifts/{shiftId}/sign-ups',
    function: fn,
    tag,
    summary: 'Sign up: a seat if one is free, else the waitlist; outside my availability is allowed with a warning',
    access: members,
    params: shiftParams,
    success: { status: 200, description: 'Signed up or waitlisted', schema: signUpResultSchema },
    errors: [404, 409],
  }),
  withdraw: defineRoute({
    method: 'DELETE',
    path: '/shifts/{shiftId}/sign-ups/me',
    function: fn,
    tag,
    summary: 'Withdraw (or leave the waitlist) before the start; the first waiting person gets the seat',
    access: members,
    params: shiftParams,
    success: { status: 204, description: 'Withdrawn (or was not signed up)' },
    errors: [404, 409],
  }),
  assignVolunteer: defineRoute({
    method: 'PUT',
    path: '/shifts/{shiftId}/assignees/{userId}',
    function: fn,
    tag,
    summary: 'Put a member on the shift directly (grid worker); headcount and double booking still hold',
    access: staff,
    params: z.strictObject({ shiftId: idSchema, userId: idSchema }),
    success: { status: 200, description: 'The shift', schema: shiftSchema },
    errors: [403, 404, 409],
  }),
  unassignVolunteer: defineRoute({
    method: 'DELETE',
    path: '/shifts/{shiftId}/assignees/{userId}',
    function: fn,
    tag,
    summary: 'Take someone off the shift or its waitlist (grid worker)',
    access: staff,
    params: z.strictObject({ shiftId: idSchema, userId: idSchema }),
    success: { status: 204, description: 'Removed (or was not on it)' },
    errors: [403, 404, 409],
  }),
  cancelShift: defineRoute({
    method: 'POST',
    path: '/shifts/{shiftId}/cancellation',
    function: fn,
    tag,
    summary: 'Cancel a shift (grid worker): everyone on it or waiting is told, their time is freed',
    access: staff,
    params: shiftParams,
    body: z.strictObject({ reason: z.optional(text(200)) }),
    success: { status: 200, description: 'The cancelled shift', schema: shiftSchema },
    errors: [403, 404, 409],
  }),

  // ─── Attendance ────────────────────────────────────────────────────────────────────────────────
  checkInToShift: defineRoute({
    method: 'POST',
    path: '/shifts/{shiftId}/check-ins',
    function: fn,
    tag,
    summary: 'Check in (from 30 minutes before the start until the end)',
    access: members,
    params: shiftParams,
    success: { status: 200, description: 'The shift', schema: shiftSchema },
    errors: [404, 409],
  }),
  checkOutOfShift: defineRoute({
    method: 'POST',
    path: '/shifts/{shiftId}/check-outs',
    function: fn,
    tag,
    summary: 'Check out: the stint goes into the hours log',
    access: members,
    params: shiftParams,
    success: { status: 200, description: 'The shift', schema: shiftSchema },
    errors: [404, 409],
  }),
  markNoShow: defineRoute({
    method: 'POST',
    path: '/shifts/{shiftId}/no-shows',
    function: fn,
    tag,
    summary: 'Mark someone who never checked in as a no-show (grid worker)',
    access: staff,
    params: shiftParams,
    body: z.strictObject({ userId: idSchema, comment: z.optional(text(500)) }),
    success: { status: 200, description: 'The shift', schema: shiftSchema },
    errors: [403, 404, 409],
  }),

  // ─── Swaps ─────────────────────────────────────────────────────────────────────────────────────
  proposeSwap: defineRoute({
    method: 'POST',
    path: '/shifts/{shiftId}/swaps',
    function: fn,
    tag,
    summary: 'Ask another member to take over my seat; they accept, the grid worker approves',
    access: members,
    params: shiftParams,
    body: z.strictObject({ toUserId: idSchema, note: z.optional(text(500)) }),
    success: { status: 201, description: 'The swap request', schema: swapSchema },
    errors: [404, 409],
  }),
  getSwap: defineRoute({
    method: 'GET',
    path: '/shift-swaps/{swapId}',
    function: fn,
    tag,
    summary: 'One swap request (its two members and the grid worker)',
    access: inMicroGrids,
    params: z.strictObject({ swapId: idSchema }),
    success: { status: 200, description: 'The swap', schema: swapSchema },
    errors: [404],
  }),
  decideSwap: defineRoute({
    method: 'POST',
    path: '/shift-swaps/{swapId}/decisions',
    function: fn,
    tag,
    summary: 'Accept or decline (the other member), cancel (the proposer), approve or reject (the grid worker)',
    access: inMicroGrids,
    params: z.strictObject({ swapId: idSchema }),
    body: z.strictObject({ decision: z.enum(swapDecisions) }),
    success: { status: 200, description: 'The swap', schema: swapSchema },
    errors: [403, 404, 409],
  }),

  // ─── Mine ──────────────────────────────────────────────────────────────────────────────────────
  listMyShifts: defineRoute({
    method: 'GET',
    path: '/me/shifts',
    function: fn,
    tag,
    summary: 'My shifts (signed up or waiting) between two local dates (default: the next four weeks)',
    access: members,
    query: z.strictObject(dateRangeQuery),
    success: { status: 200, description: 'My shifts, by start', schema: z.object({ items: z.array(myShiftSchema) }) },
  }),
  listShiftOptions: defineRoute({
    method: 'GET',
    path: '/me/shift-options',
    function: fn,
    tag,
    summary: 'Shifts I can take in my micro-grids (default: the next two weeks), with why and how they fit me',
    access: members,
    query: z.strictObject(dateRangeQuery),
    success: { status: 200, description: 'Shifts open to me, by start', schema: z.object({ items: z.array(shiftOptionSchema) }) },
  }),

  // ─── My calendar feed (iCalendar): my shifts and my seat reservations, at a secret URL ─────────
  // One route for issuing and revoking (not POST + DELETE): each route costs the stack two resources
  // (the route and its Lambda permission), and it is near CloudFormation's 500.
  changeCalendarFeed: defineRoute({
    method: 'POST',
    path: '/me/calendar-feed',
    function: fn,
    tag,
    summary:
      "Issue my calendar feed URL (iCalendar: my shifts and seat reservations), shown this once; issuing again replaces it (the earlier URL answers 404). `revoke` ends it",
    access: feedHolders,
    body: z.strictObject({
      /** `issue` (default): a new secret URL, replacing any earlier one; `revoke`: no URL works any more. */
      action: z._default(z.enum(['issue', 'revoke']), 'issue'),
    }),
    success: { status: 200, description: 'Where to subscribe, or that no feed is active', schema: calendarFeedSchema },
  }),
  getCalendarFeed: defineRoute({
    method: 'GET',
    path: '/calendar-feeds/{token}',
    function: fn,
    tag,
    summary:
      "A person's calendar feed, for calendar apps (which send no bearer token: the URL is the secret): their shifts and seat reservations of the next 60 days, at most 200 events",
    access: 'public',
    params: z.strictObject({
      /** The token from `changeCalendarFeed`'s URL, with or without `.ics`. */
      token: z.string().check(z.maxLength(100)),
    }),
    success: { status: 200, description: 'An iCalendar (RFC 5545) feed', contentType: CALENDAR_CONTENT_TYPE },
    errors: [404],
  }),
};
