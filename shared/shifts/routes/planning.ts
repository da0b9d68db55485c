import * as z from 'zod/mini';
import { idSchema, text } from '../../http/common';
import { pageOf, pageQuery } from '../../http/pagination';
import { defineRoute } from '../../http/route';
import { invitationSchema } from '../../organisation/model';
import {
  availabilityExceptionSchema,
  availabilitySchema,
  dutyInputSchema,
  dutyKindSchema,
  dutySchema,
  myHoursSchema,
  rosterSchema,
  shiftSchema,
  stationDutySchema,
  suggestionSchema,
  swapSchema,
  unitHoursSchema,
  weeklyWindowSchema,
} from '../model';
import { dateRangeQuery, inMicroGrids, members, monthQuery, shiftParams, staff, tag, unitParams } from './common';

/** The function that serves them: functions/http/shift-planning.ts. */
const fn = 'shift-planning';

/**
 * The plan, and what it shows (served by functions/http/shift-planning.ts): responsibility lists,
 * shifts made by hand, a micro-grid's shifts and roster, who to ask for a shift, who is on duty at
 * a station, availability, swaps and hours as lists, invitation codes. None of these takes or
 * releases a seat, so this function carries none of the seat code (shared/shifts/{seats,claims,
 * sign-ups,waitlist}.ts); every route that can is in `seats.ts`.
 */
export const shiftPlanningRoutes = {
  // ─── Invitation codes (the grid worker makes them; members join with them: shift-seats) ────────
  createInvitation: defineRoute({
    method: 'POST',
    path: '/micro-grids/{unitId}/invitations',
    function: fn,
    tag,
    summary: 'Make an invitation code residents join the micro-grid with (grid worker)',
    access: staff,
    params: unitParams,
    body: z.strictObject({ validDays: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(30)), 7) }),
    success: { status: 201, description: 'The invitation', schema: invitationSchema },
    errors: [403, 404],
  }),

  // ─── Responsibility lists (责任清单) ───────────────────────────────────────────────────────────────
  createDuty: defineRoute({
    method: 'POST',
    path: '/micro-grids/{unitId}/responsibilities',
    function: fn,
    tag,
    summary: 'Add a duty to the responsibility list, with its weekly recurrence (grid worker)',
    access: staff,
    params: unitParams,
    body: dutyInputSchema,
    success: { status: 201, description: 'The duty', schema: dutySchema },
    errors: [403, 404],
    idempotencyKey: 'optional',
  }),
  listDuties: defineRoute({
    method: 'GET',
    path: '/micro-grids/{unitId}/responsibilities',
    function: fn,
    tag,
    summary: "The micro-grid's responsibility list",
    access: inMicroGrids,
    params: unitParams,
    query: z.strictObject(pageQuery),
    success: { status: 200, description: 'A page of duties', schema: pageOf(dutySchema) },
    errors: [404],
  }),
  listMemberDuties: defineRoute({
    method: 'GET',
    path: '/micro-grids/{unitId}/members/{userId}/responsibilities',
    function: fn,
    tag,
    summary: "One member's responsibility list in the micro-grid",
    access: inMicroGrids,
    params: z.strictObject({ unitId: idSchema, userId: idSchema }),
    query: z.strictObject(pageQuery),
    success: { status: 200, description: 'A page of duties', schema: pageOf(dutySchema) },
    errors: [404],
  }),
  deleteDuty: defineRoute({
    method: 'DELETE',
    path: '/micro-grids/{unitId}/responsibilities/{dutyId}',
    function: fn,
    tag,
    summary: 'Remove a duty from the list (shifts already generated stay)',
    access: staff,
    params: z.strictObject({ unitId: idSchema, dutyId: idSchema }),
    success: { status: 204, description: 'Removed' },
    errors: [403, 404],
  }),
  listMyDuties: defineRoute({
    method: 'GET',
    path: '/me/responsibilities',
    function: fn,
    tag,
    summary: 'My responsibility list, across my micro-grids',
    access: members,
    query: z.strictObject(pageQuery),
    success: { status: 200, description: 'A page of duties', schema: pageOf(dutySchema) },
  }),

  // ─── A micro-grid's shifts: made by hand, listed, the week's roster, who to ask ────────────────
  createShift: defineRoute({
    method: 'POST',
    path: '/micro-grids/{unitId}/shifts',
    function: fn,
    tag,
    summary: 'Create one shift (grid worker): within one local day, at most 12 hours',
    access: staff,
    params: unitParams,
    body: z.strictObject({
      title: text(100),
      kind: dutyKindSchema,
      notes: z.optional(text(1000)),
      location: z.optional(text(100)),
      stationId: z.optional(idSchema),
      start: z.iso.datetime({ offset: true }),
      end: z.iso.datetime({ offset: true }),
      headcount: z.number().check(z.int(), z.minimum(1), z.maximum(50)),
    }),
    success: { status: 201, description: 'The shift', schema: shiftSchema },
    errors: [403, 404],
    idempotencyKey: 'optional',
  }),
  listShifts: defineRoute({
    method: 'GET',
    path: '/micro-grids/{unitId}/shifts',
    function: fn,
    tag,
    summary: "The micro-grid's shifts between two local dates (default: the next two weeks), by start",
    access: inMicroGrids,
    params: unitParams,
    query: z.strictObject({ ...dateRangeQuery, ...pageQuery }),
    success: { status: 200, description: 'A page of shifts', schema: pageOf(shiftSchema) },
    errors: [404],
  }),
  getRoster: defineRoute({
    method: 'GET',
    path: '/micro-grids/{unitId}/roster',
    function: fn,
    tag,
    summary: 'The roster of a week (Monday to Sunday) with who is on each shift',
    access: inMicroGrids,
    params: unitParams,
    query: z.strictObject({ week: z.optional(z.iso.date()) }),
    success: { status: 200, description: 'The week', schema: rosterSchema },
    errors: [404],
  }),
  suggestVolunteers: defineRoute({
    method: 'GET',
    path: '/shifts/{shiftId}/suggestions',
    function: fn,
    tag,
    summary: 'Members to ask for a shift short of people: availability fit first, then fewest recent hours',
    access: staff,
    params: shiftParams,
    success: { status: 200, description: 'Ranked members', schema: z.object({ items: z.array(suggestionSchema) }) },
    errors: [403, 404],
  }),

  // ─── Who is on duty at a station ───────────────────────────────────────────────────────────────
  getStationDuty: defineRoute({
    method: 'GET',
    path: '/stations/{stationId}/duty',
    function: fn,
    tag,
    summary: 'Who is on duty at a 宁小蜂 station now, and later today',
    access: ['admin', 'grid_worker', 'station_manager', 'volunteer', 'resident'],
    params: z.strictObject({ stationId: idSchema }),
    success: { status: 200, description: 'The station duty', schema: stationDutySchema },
    errors: [404],
  }),

  // ─── Availability ──────────────────────────────────────────────────────────────────────────────
  getMyAvailability: defineRoute({
    method: 'GET',
    path: '/me/availability',
    function: fn,
    tag,
    summary: 'My weekly availability and its exceptions (Asia/Shanghai)',
    access: members,
    success: { status: 200, description: 'My availability (empty when never set)', schema: availabilitySchema },
  }),
  putMyAvailability: defineRoute({
    method: 'PUT',
    path: '/me/availability',
    function: fn,
    tag,
    summary: 'Set my weekly windows and exceptions (days off, extra windows), Asia/Shanghai',
    access: members,
    body: z.strictObject({
      weekly: z.array(weeklyWindowSchema).check(z.maxLength(50)),
      exceptions: z._default(z.array(availabilityExceptionSchema).check(z.maxLength(200)), []),
    }),
    success: { status: 200, description: 'My availability', schema: availabilitySchema },
  }),

  // ─── Swaps and hours, as the grid worker and the member see them ───────────────────────────────
  listSwaps: defineRoute({
    method: 'GET',
    path: '/micro-grids/{unitId}/shift-swaps',
    function: fn,
    tag,
    summary: "The micro-grid's swap requests, newest first (grid worker)",
    access: staff,
    params: unitParams,
    query: z.strictObject(pageQuery),
    success: { status: 200, description: 'A page of swaps', schema: pageOf(swapSchema) },
    errors: [403, 404],
  }),
  getMicroGridHours: defineRoute({
    method: 'GET',
    path: '/micro-grids/{unitId}/hours',
    function: fn,
    tag,
    summary: "A micro-grid's volunteer hours of a month, per member",
    access: staff,
    params: unitParams,
    query: monthQuery,
    success: { status: 200, description: 'Hours per member', schema: unitHoursSchema },
    errors: [403, 404],
  }),
  getMyHours: defineRoute({
    method: 'GET',
    path: '/me/hours',
    function: fn,
    tag,
    summary: 'My volunteer hours of a month (default: this month), from the hours log',
    access: members,
    query: monthQuery,
    success: { status: 200, description: 'My hours', schema: myHoursSchema },
  }),
};
