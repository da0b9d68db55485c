import {
  requestMarkedDuplicate,
  requestOverdue,
  requestReassigned,
  requestStatusChanged,
  requestSubmitted,
} from '../../events/requests';
import type { Identity } from '../auth/identity';
import { type PendingEvent, makeEvent } from '../events/outbox';
import type { OverdueChange } from './deadlines';
import type { Request } from './model';
import type { Change } from './timeline';

/** The events a request's writes carry in their outbox: one place decides what each change announces. */

const placedOf = (request: Request) => ({
  requestId: request.id,
  residentId: request.residentId,
  categoryId: request.categoryId,
  categoryName: request.categoryName,
  ...(request.categoryNameEn ? { categoryNameEn: request.categoryNameEn } : {}),
  gridId: request.gridId,
  communityId: request.communityId,
  subdistrictId: request.subdistrictId,
  assigneeId: request.assigneeId,
});

export function announceSubmission(request: Request): PendingEvent[] {
  return [
    makeEvent(requestSubmitted, {
      ...placedOf(request),
      summary: request.description.slice(0, 140),
      routedBy: request.routedBy,
      acceptDueAt: request.acceptDueAt,
    }),
  ];
}

/** The events of a move; `identity` is whoever made it: a person, or a department's system (its id, as its timeline step names it). */
export function announceTransition(before: Request, change: Change, identity: Pick<Identity, 'userId'>): PendingEvent[] {
  const after = change.request;
  const action = change.entry.action;
  if (action === 'reassign') {
    return [
      makeEvent(requestReassigned, {
        ...placedOf(after),
        previousAssigneeId: before.assigneeId,
        previousGridId: before.gridId,
        actorId: identity.userId,
      }),
    ];
  }
  const events = [
    makeEvent(requestStatusChanged, {
      ...placedOf(after),
      action: action as 'accept',
      from: before.status,
      to: after.status,
      version: after.version,
      actorId: identity.userId,
      ...(change.entry.note ? { note: change.entry.note } : {}),
      ...(action === 'confirm' && after.rating !== undefined ? { rating: after.rating } : {}),
      ...(action === 'resolve' && after.confirmDueAt ? { confirmDueAt: after.confirmDueAt } : {}),
      ...(action === 'escalate' && after.department ? { department: after.department } : {}),
      ...(after.duplicateOf ? { duplicateOf: after.duplicateOf } : {}),
    }),
  ];
  if (action === 'mark-duplicate' && after.duplicateOf) {
    events.push(
      makeEvent(requestMarkedDuplicate, {
        requestId: after.id,
        duplicateOf: after.duplicateOf,
        residentId: after.residentId,
        actorId: identity.userId,
      }),
    );
  }
  return events;
}

/**
 * A resolved request the schedule closed because nobody answered in time: the same
 * `request.status-changed` a confirmation sends, by `system`, marked `automatic`, without a rating.
 */
export function announceAutoClose(change: Change): PendingEvent[] {
  const after = change.request;
  return [
    makeEvent(requestStatusChanged, {
      ...placedOf(after),
      action: 'confirm',
      from: change.entry.from ?? 'resolved',
      to: after.status,
      version: after.version,
      actorId: 'system',
      ...(change.entry.note ? { note: change.entry.note } : {}),
      ...(after.confirmDueAt ? { confirmDueAt: after.confirmDueAt } : {}),
      automatic: true,
    }),
  ];
}

export function announceOverdue(change: OverdueChange, escalatedTo: readonly string[]): PendingEvent[] {
  return [
    makeEvent(requestOverdue, {
      ...placedOf(change.request),
      deadline: change.kind,
      dueAt: change.dueAt.toISOString(),
      level: change.level,
      escalatedTo: [...escalatedTo],
    }),
  ];
}
