import type { Identity } from '../auth/identity';
import { reaches } from '../auth/scope';
import { ProblemError, fieldProblem, forbidden, notFound } from '../http/errors';
import { assertCanSee, isStaffFor } from './access';
import { CONFIRM_WITHIN_HOURS } from './confirmation';
import { hoursAfter, isOverdue } from './deadlines';
import { assertPhotoRoom } from '../photos/attach';
import type { PhotoRef } from '../photos/model';
import type { Department, Request, RequestAction, RequestStatus } from './model';
import { REQUEST_PHOTOS_MAX } from './terms';
import type { RoutedGrid } from './submission';
import type { TimelineNote } from './texts';
import { type Change, nextVersionOf, recordStep } from './timeline';

/**
 * The closed loop's state machine: which move each party may make from which status, and what the
 * move changes. The schedule's own moves (overdue, auto-close) are in deadlines.ts and
 * confirmation.ts. No AWS here.
 */

/** The moves people make (`POST /requests/{id}/<action>`); the schedule's and the submission are not among them. */
export type TransitionAction = Exclude<RequestAction, 'submit' | 'overdue' | 'auto-close'>;

/** Who may make a transition: the request's staff, its submitter, or an admin reaching it. */
type Actor = 'staff' | 'submitter' | 'admin';

/** The state machine: where each action may start, where it leads (reassign keeps the status), who makes it. */
export const transitions: Record<TransitionAction, { from: readonly RequestStatus[]; to?: RequestStatus; by: Actor }> = {
  accept: { from: ['submitted'], to: 'accepted', by: 'staff' },
  start: { from: ['accepted'], to: 'in_progress', by: 'staff' },
  resolve: { from: ['accepted', 'in_progress'], to: 'resolved', by: 'staff' },
  confirm: { from: ['resolved'], to: 'closed', by: 'submitter' },
  reopen: { from: ['resolved'], to: 'in_progress', by: 'submitter' },
  escalate: { from: ['accepted', 'in_progress'], to: 'escalated', by: 'staff' },
  return: { from: ['escalated'], to: 'in_progress', by: 'staff' },
  reject: { from: ['submitted', 'accepted'], to: 'rejected', by: 'staff' },
  'mark-duplicate': { from: ['submitted', 'accepted', 'in_progress'], to: 'duplicate', by: 'staff' },
  reassign: { from: ['submitted', 'accepted', 'in_progress', 'escalated'], by: 'admin' },
};

/** A move as decided on: the action and what it carries (the original of a duplicate, the grid of a reassignment). */
export type TransitionInput =
  | { action: 'accept' | 'start'; note?: string }
  | { action: 'resolve'; note: string; photos?: readonly PhotoRef[] }
  | { action: 'confirm'; rating: number; comment?: string }
  | { action: 'reopen'; note: string; photos?: readonly PhotoRef[] }
  | { action: 'escalate'; department: Department; note?: string }
  | { action: 'return'; result: string }
  | { action: 'reject'; reason: string }
  | { action: 'mark-duplicate'; original: Request; note?: string }
  | { action: 'reassign'; grid: RoutedGrid; assigneeId: string; note?: string };

/** Whether the caller is the party the move belongs to. */
function mayMake(identity: Identity, request: Request, by: Actor): boolean {
  if (by === 'submitter') return request.residentId === identity.userId;
  if (by === 'admin') return identity.role === 'admin' && isStaffFor(identity, request);
  return isStaffFor(identity, request);
}

/**
 * Decides a transition. Order of refusals: someone who may not see the request gets 404; who may
 * see it but not make this move, 403; a move the current state does not allow, 409.
 */
export function planTransition(request: Request, input: TransitionInput, identity: Identity, now: Date): Change {
  assertCanSee(identity, request);
  const rule = transitions[input.action];
  if (!mayMake(identity, request, rule.by)) throw forbidden(`${input.action} is not yours to do`);
  if (!rule.from.includes(request.status)) {
    throw new ProblemError('invalid_transition', `cannot ${input.action} a request that is ${request.status}`);
  }
  const next: Request = { ...nextVersionOf(request, now), status: rule.to ?? request.status };
  const note = applyMove(request, next, input, identity, now);
  next.overdue = isOverdue(next);
  return recordStep(request, next, { actor: { actorId: identity.userId, actorRole: identity.role }, action: input.action, ...note });
}

/** Adds a step's photos (after the ones it has), within the request's limit. */
function addPhotos(next: Request, photos: readonly PhotoRef[] = []): void {
  if (photos.length === 0) return;
  assertPhotoRoom(next.photos.length, photos.length, REQUEST_PHOTOS_MAX);
  next.photos = [...next.photos, ...photos];
}

/**
 * Sets on `next` what the move changes, and returns the note its timeline step carries: what the
 * person wrote, and the service's own words as a code (said in each reader's language, texts.ts).
 */
function applyMove(
  request: Request,
  next: Request,
  input: TransitionInput,
  /** Who makes the move; a department's system (no identity) makes only resolve and return. */
  identity: Identity | undefined,
  now: Date,
): { note?: string | undefined; says?: TimelineNote } {
  const at = now.toISOString();
  switch (input.action) {
    case 'accept':
      next.acceptedAt = at;
      next.resolveDueAt = hoursAfter(now, request.deadlineHours.resolve).toISOString();
      return { note: input.note };
    case 'start':
      next.startedAt = at;
      return { note: input.note };
    case 'resolve':
      addPhotos(next, input.photos);
      // Each resolution opens a fresh window for the resident to answer.
      next.resolvedAt = at;
      next.confirmDueAt = hoursAfter(now, CONFIRM_WITHIN_HOURS).toISOString();
      return { note: input.note };
    case 'confirm':
      next.closedAt = at;
      next.rating = input.rating;
      if (input.comment) next.ratingComment = input.comment;
      return { note: input.comment, says: { code: 'rated', params: { rating: String(input.rating) } } };
    case 'reopen':
      // The resident says "not fixed": back to the handler; the resolve deadline still stands, and
      // there is nothing to confirm until the next resolution.
      addPhotos(next, input.photos);
      next.reopenCount = request.reopenCount + 1;
      delete next.confirmDueAt;
      return { note: input.note };
    case 'escalate':
      next.department = input.department;
      next.escalatedAt = at;
      delete next.departmentResult;
      delete next.returnedAt;
      return { note: input.note, says: { code: 'escalated', params: { department: input.department } } };
    case 'return':
      next.departmentResult = input.result;
      next.returnedAt = at;
      return { note: input.result, says: { code: 'returned', params: request.department ? { department: request.department } : {} } };
    case 'reject':
      next.rejectReason = input.reason;
      next.closedAt = at;
      return { note: input.reason };
    case 'mark-duplicate':
      if (input.original.id === request.id) throw fieldProblem('body.of', 'a request cannot duplicate itself');
      if (input.original.status === 'duplicate' || input.original.status === 'rejected') {
        throw fieldProblem('body.of', `request ${input.original.id} is ${input.original.status}; link to the original`);
      }
      next.duplicateOf = input.original.id;
      next.closedAt = at;
      return { note: input.note, says: { code: 'duplicate', params: { of: input.original.id } } };
    case 'reassign': {
      if (!identity || !reaches(identity, { id: input.grid.id, ancestors: [...input.grid.ancestors] })) throw notFound(`grid ${input.grid.id}`);
      const [districtId, subdistrictId, communityId] = input.grid.ancestors;
      if (!districtId || !subdistrictId || !communityId) throw fieldProblem('body.gridId', 'not a grid');
      if (input.grid.id === request.gridId && input.assigneeId === request.assigneeId) {
        throw new ProblemError('invalid_transition', 'already assigned there');
      }
      Object.assign(next, { gridId: input.grid.id, districtId, subdistrictId, communityId, assigneeId: input.assigneeId });
      if (input.grid.id !== request.gridId) next.routedBy = 'admin';
      return { note: input.note, says: { code: 'reassigned', params: { gridId: input.grid.id, assigneeId: input.assigneeId } } };
    }
  }
}

/**
 * What a department's system may do with a case escalated to it (`POST /departments/{id}/callbacks`):
 * accept it or ask for more information (a timeline step, the case stays escalated, and may be
 * repeated), resolve it (the resident is asked to confirm, as after staff resolve it) or return it to
 * the grid worker (back in progress).
 */
export type DepartmentStep =
  | { action: 'accept'; note?: string }
  | { action: 'need-info'; note: string }
  | { action: 'resolve'; note?: string; links?: readonly string[] }
  | { action: 'return'; note: string };

/** How a department's system appears on a timeline: role `department`, its id as the actor. */
export const departmentActor = (departmentId: Department) => ({ actorId: departmentId, actorRole: 'department' });

/**
 * Decides a department's step on a case. A case never escalated to this department (or now with
 * another) is not confirmed to exist (404); one escalated to it but no longer escalated (returned,
 * resolved, reassigned away…) is a 409 `case_not_with_department`, and nothing changes.
 */
export function planDepartmentStep(request: Request, departmentId: Department, step: DepartmentStep, now: Date): Change {
  if (request.department !== departmentId) throw notFound(`case ${request.id}`);
  if (request.status !== 'escalated') {
    throw new ProblemError('case_not_with_department', `the case is ${request.status}${request.returnedAt ? ` (returned ${request.returnedAt})` : ''}`);
  }
  const actor = departmentActor(departmentId);
  if (step.action === 'accept' || step.action === 'need-info') {
    return recordStep(request, nextVersionOf(request, now), { actor, action: step.action, note: step.note });
  }
  const input: TransitionInput = step.action === 'resolve' ? { action: 'resolve', note: step.note ?? '' } : { action: 'return', result: step.note };
  const next: Request = { ...nextVersionOf(request, now), status: transitions[step.action].to! };
  const note = applyMove(request, next, input, undefined, now);
  next.overdue = isOverdue(next);
  return recordStep(request, next, { actor, action: step.action, ...note, ...(step.action === 'resolve' ? { links: step.links } : {}) });
}
