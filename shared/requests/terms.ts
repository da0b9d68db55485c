import * as z from 'zod/mini';
import type { Department, RequestStatus } from './model';

/**
 * The requests feature's plain values: its statuses, actions, departments and limits, and the two
 * enums made of them that other schemas share (the departments feature's, the request events').
 * Their own module: what needs only these does not build model.ts's schemas when its Lambda loads
 * (an enum is built only where it is used).
 */

/**
 * The closed loop. Open: submitted, accepted, in_progress, escalated (with a department), resolved
 * (waiting for the resident, until `confirmDueAt`). Done: closed (confirmed and rated, or closed
 * automatically unrated when the resident did not answer in time), rejected, duplicate.
 */
export const requestStatuses = [
  'submitted',
  'accepted',
  'in_progress',
  'escalated',
  'resolved',
  'closed',
  'rejected',
  'duplicate',
] as const;
export const requestStatusSchema = z.enum(requestStatuses);

/** The statuses of an open request: one still in the loop, which a resident may find nearby and follow. */
export const openRequestStatuses = ['submitted', 'accepted', 'in_progress', 'escalated', 'resolved'] as const satisfies readonly RequestStatus[];
export const isOpen = (status: RequestStatus): boolean => (openRequestStatuses as readonly RequestStatus[]).includes(status);

/**
 * What changes a request. `submit`, `overdue` and `auto-close` (the schedule closing a resolved
 * request nobody confirmed) are not endpoints; the rest are `POST /requests/{id}/<action>`.
 */
export const requestActions = [
  'submit',
  'accept',
  'start',
  'resolve',
  'confirm',
  'reopen',
  'escalate',
  'return',
  'reject',
  'mark-duplicate',
  'reassign',
  'overdue',
  'auto-close',
] as const;

/** The departments a request can be escalated to (the brief's six). */
export const departments = [
  'police',
  'justice',
  'emergency_management',
  'urban_management',
  'market_regulation',
  'housing_construction',
] as const;
export const departmentSchema = z.enum(departments);

export const departmentNames: Record<Department, string> = {
  police: '公安',
  justice: '司法',
  emergency_management: '应急管理',
  urban_management: '城管',
  market_regulation: '市场监管',
  housing_construction: '住建',
};

/** At most this many photos on one request: nine with the report, and the "after" and reopen pictures. */
export const REQUEST_PHOTOS_MAX = 30;

/** At most this many photos with one step (a report, a resolution, a reopen): what `wx.chooseMedia` picks at once. */
export const PHOTOS_PER_STEP = 9;
