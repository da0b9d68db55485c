import * as z from 'zod/mini';
import { pageOf, pageQuery } from '../../http/pagination';
import { defineRoute } from '../../http/route';
import {
  availabilityExceptionSchema,
  availabilitySchema,
  dutySchema,
  myHoursSchema,
  shiftOptionSchema,
  shiftSchema,
  weeklyWindowSchema,
} from '../model';
import { dateRangeQuery, fn, members, monthQuery, tag } from './common';

export const myShiftSchema = z.object({
  shift: shiftSchema,
  status: z.enum(['signed_up', 'waitlisted']),
  position: z.optional(z.number()),
});

/** A member's own (`/me/…`): availability, shifts, the shifts open to them, duties and hours. */
export const myShiftRoutes = {
  // ─── Availability ─────────────────────────────────────────────────────────────────────────────
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

  // ─── My shifts, duties and hours ──────────────────────────────────────────────────────────────
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
