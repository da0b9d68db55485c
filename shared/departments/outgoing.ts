import { createHash } from 'node:crypto';
import type { Request } from '../requests/model';
import type { Delivery, OutgoingCase, OutgoingMessage } from './delivery-model';
import type { DepartmentEndpoint } from './endpoints';
import type { DepartmentEventKind } from './model';
import { SIGNATURE_HEADER, signatureOf } from './signing';

/**
 * What goes to a department and when (no AWS, no clock): which change of a case a department
 * hears of, the case as it receives it, the delivery that carries it and the signed POST.
 */

/** The header naming the delivery (the same on every retry): the department dedupes on it. */
export const DELIVERY_ID_HEADER = 'x-grid-delivery-id';

/** What a `request.status-changed` (or `request.reassigned`) says, as far as a department is concerned. */
export interface CaseChange {
  action: string;
  from?: string;
  to?: string;
  department?: string;
  note?: string;
  /** Who made it: a department's own step carries its id (`departmentActor` in shared/requests/lifecycle.ts). */
  actorId?: string;
}

/**
 * Which department hears of a change, and as what: an escalation goes to its department
 * (`escalated`); a case leaving `escalated` other than by its resolution (returned, rejected, marked
 * a duplicate) is `withdrawn` from the department it was with; a change to a case still escalated
 * (reassigned to another grid) is `updated`. Nothing goes back to a department about its own step
 * (it returned the case itself), and a resolution is not sent: it is the department's own answer.
 */
export function departmentChangeOf(change: CaseChange, request: Pick<Request, 'status' | 'department'>): { departmentId: string; event: DepartmentEventKind } | undefined {
  if (change.action === 'escalate' && change.to === 'escalated' && change.department) return { departmentId: change.department, event: 'escalated' };
  if (!request.department || change.actorId === request.department) return undefined;
  if (change.from === 'escalated' && change.to !== 'escalated' && change.to !== 'resolved') return { departmentId: request.department, event: 'withdrawn' };
  if (change.action === 'reassign' && request.status === 'escalated') return { departmentId: request.department, event: 'updated' };
  return undefined;
}

/**
 * What a later change (`withdrawn`, `updated`) of a case does, given the latest escalation of the
 * case to that department (undefined: none was ever made, e.g. no endpoint took it then). A
 * department hears of a later change only once the case has reached it:
 * - `send`: the escalation was sent; the change follows it as a delivery of its own.
 * - `none`: nothing of the case went to the department (no escalation, or one already cancelled).
 * - `cancel-escalation`: withdrawn before the escalation reached them (still pending, or dead): the
 *   escalation is cancelled and nothing is sent. Sending both would make the department open a case
 *   only to close it, or, if the escalation's retries outlast the withdrawal's send, take a case
 *   that is no longer theirs; and a dead one must not be redriven for a case no longer theirs.
 * - `fold-into-escalation`: updated before the escalation reached them (pending, or dead: an admin may
 *   redrive it): the escalation will carry the case as it is now, one message instead of two that
 *   could arrive out of order.
 * - `retry-later`: a dispatcher holds the escalation right now (its POST may be on the wire): whether
 *   it reached them is known once its attempt settles (within the lease), so the change is decided
 *   again then (the event is retried).
 */
export type FollowUp = 'send' | 'none' | 'cancel-escalation' | 'fold-into-escalation' | 'retry-later';

export function followUpOf(event: Exclude<DepartmentEventKind, 'escalated'>, escalation: { status: Delivery['status']; inFlight: boolean } | undefined): FollowUp {
  if (!escalation || escalation.status === 'cancelled') return 'none';
  if (escalation.inFlight) return 'retry-later';
  if (escalation.status === 'sent') return 'send';
  return event === 'withdrawn' ? 'cancel-escalation' : 'fold-into-escalation';
}

/** Whether an endpoint takes a change of a case of this category: active, subscribed to the event, the category among its own (none listed: all). */
export const endpointTakes = (endpoint: DepartmentEndpoint, event: DepartmentEventKind, categoryId: string): boolean =>
  endpoint.events.includes(event) && (endpoint.categories.length === 0 || endpoint.categories.includes(categoryId));

/** Where a department answers a case: `<base>/departments/<id>/callbacks` (the path alone when the base is not known). */
export const callbackUrlOf = (apiBaseUrl: string | undefined, departmentId: string): string =>
  `${(apiBaseUrl ?? '').replace(/\/+$/, '')}/departments/${encodeURIComponent(departmentId)}/callbacks`;

/** The case as a department receives it: only what it needs to handle it; nothing of the resident. */
export function outgoingCaseOf(request: Request, callbackUrl: string, note?: string): OutgoingCase {
  return {
    id: request.id,
    categoryId: request.categoryId,
    categoryName: request.categoryName,
    description: request.description,
    ...(request.address ? { address: request.address } : {}),
    ...(request.location ? { location: { lat: request.location.lat, lng: request.location.lng, coordSystem: 'wgs84' as const } } : {}),
    status: request.status,
    gridId: request.gridId,
    communityId: request.communityId,
    ...(request.escalatedAt ? { escalatedAt: request.escalatedAt } : {}),
    ...(note ? { note } : {}),
    callbackUrl,
  };
}

/** Epoch ms in base 36, fixed width: ids that start with it sort by time. */
const timePart = (iso: string): string => Math.max(0, Date.parse(iso) || 0).toString(36).padStart(9, '0');

/**
 * A delivery's id, derived from the event it comes from, the department and the kind: the same
 * event heard twice names the same delivery (written once), and it starts with the event's time.
 */
export const deliveryIdOf = (occurredAt: string, eventId: string, departmentId: string, event: DepartmentEventKind): string =>
  `${timePart(occurredAt)}${createHash('sha256').update(`${eventId}|${departmentId}|${event}`).digest('hex').slice(0, 16)}`;

/** A new delivery, pending and due at `now`. */
export const newDelivery = (id: string, requestId: string, departmentId: string, event: DepartmentEventKind, now: Date): Delivery => ({
  id,
  requestId,
  departmentId,
  event,
  status: 'pending',
  attempts: 0,
  createdAt: now.toISOString(),
  nextAttemptAt: now.toISOString(),
  redrives: 0,
});

/** The message of one attempt: the same delivery id and case every time, `sentAt` the attempt's. */
export const outgoingMessageOf = (delivery: Pick<Delivery, 'id' | 'event'>, outgoing: OutgoingCase, now: Date): OutgoingMessage => ({
  schemaVersion: 1,
  deliveryId: delivery.id,
  event: delivery.event,
  sentAt: now.toISOString(),
  case: outgoing,
});

/** The POST of one attempt: the body's exact bytes and the headers, signed with the department's secret at `now`. */
export function signedPost(message: OutgoingMessage, secret: string, now: Date): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(message);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      [SIGNATURE_HEADER]: signatureOf(secret, Math.floor(now.getTime() / 1000), body),
      [DELIVERY_ID_HEADER]: message.deliveryId,
    },
  };
}
