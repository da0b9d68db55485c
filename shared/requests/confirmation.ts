import type { Request } from './model';
import { isOverdue } from './deadlines';
import { type Change, SYSTEM, nextVersionOf, recordStep } from './timeline';

/**
 * The resident's answer to a resolution: confirm (rate) or reopen within a window, after which the
 * schedule closes the request unrated. No AWS here.
 */

/**
 * Hours the resident has, after each resolution, to confirm (rate) or reopen it; then the schedule
 * closes it unrated. One window for every category rather than a category setting: a category's
 * accept and resolve hours are the service's promises and follow the urgency of what was reported
 * (1 h to accept public security, a week to resolve a dispute), while this window is the resident's
 * time to check a fix and answer, which does not depend on what was fixed. A week covers someone
 * away for a few days and still lets the month's figures settle.
 */
export const CONFIRM_WITHIN_HOURS = 7 * 24;

/**
 * Closes a resolved request the resident neither confirmed nor reopened by its `confirmDueAt`, if
 * that has passed by `now`; else undefined (confirmed, reopened, resolved again with a fresh window,
 * or not due yet). Closed by the system, unrated and marked `closedAutomatically`: the monthly
 * figures count it closed but not rated. Until the schedule gets to it, a late answer from the
 * resident still counts; the conditional write lets exactly one of the two through.
 */
export function planAutoClose(request: Request, now: Date): Change | undefined {
  if (request.status !== 'resolved' || !request.confirmDueAt || new Date(request.confirmDueAt) > now) return undefined;
  const next: Request = { ...nextVersionOf(request, now), status: 'closed', closedAt: now.toISOString(), closedAutomatically: true };
  next.overdue = isOverdue(next);
  return recordStep(request, next, { actor: SYSTEM, action: 'auto-close', says: { code: 'auto-closed', params: { confirmDueAt: request.confirmDueAt } } });
}
