import type { Identity } from '../auth/identity';
import type { PendingEvent } from '../events/outbox';
import { type IfMatch, assertIfMatch, parseIfMatch } from '../http/conditional';
import { notFound } from '../http/errors';
import { count } from '../observability/metrics';
import { canSee } from './access';
import { announceTransition } from './announcements';
import { type DepartmentStep, type TransitionInput, departmentActor, planDepartmentStep, planTransition } from './lifecycle';
import type { Department, Request } from './model';
import { getRequest, transitionRequest } from './repository/request';

/**
 * A person's move on a request (accept, resolve, confirm…): visibility (404), version (412), role
 * (403) and state (409), then one conditional write carrying the move's events.
 */

/**
 * What a move is conditional on: `If-Match` (RFC 9110, strong comparison; see
 * shared/http/conditional.ts) and the body's `version`, which is the same as `If-Match: "<version>"`.
 * Both must hold when both are sent.
 */
export interface Preconditions {
  ifMatch?: IfMatch;
  version?: number;
}

/** The preconditions a move's request carries. A malformed If-Match is a 400 before anything is read. */
export function preconditionsOf(headers: Record<string, string | undefined>, bodyVersion: number | undefined): Preconditions {
  const ifMatch = parseIfMatch(headers['if-match']);
  return { ...(ifMatch ? { ifMatch } : {}), ...(bodyVersion !== undefined ? { version: bodyVersion } : {}) };
}

/**
 * Makes a move: `inputOf` says what it carries, given the request as it is now. Each attempt is
 * decided at the time it is made, so a move retried after losing a race is stamped after the one it lost to.
 * A move that resolves the request counts in `RequestsResolved`.
 */
export async function actOnRequest(
  identity: Identity,
  requestId: string,
  preconditions: Preconditions,
  inputOf: (current: Request) => Promise<TransitionInput> | TransitionInput,
  /** Events the move's write carries besides its own (the photos it adds: shared/photos/attach.ts). */
  extraEvents: readonly PendingEvent[] = [],
): Promise<Request> {
  const { ifMatch, version } = preconditions;
  const moved = await transitionRequest(
    requestId,
    { ...(version !== undefined ? { expectedVersion: version } : {}), canSee: (request) => canSee(identity, request) },
    async (current) => {
      // On the state each attempt reads: after a lost race, a tag that matched no longer does (412);
      // `*` still does, and the move is decided again on the fresh state.
      assertIfMatch(ifMatch, current.version);
      const change = planTransition(current, await inputOf(current), identity, new Date());
      return { change, events: [...announceTransition(current, change, identity), ...extraEvents] };
    },
  );
  // Only `resolve` moves a request into `resolved`, and only once: resolving it again is a 409.
  if (moved.status === 'resolved') count('requestsResolved');
  return moved;
}

/** The request another is marked a duplicate of; one the caller may not see is not confirmed to exist (404). */
export async function originalFor(identity: Identity, originalId: string): Promise<Request> {
  const original = await getRequest(originalId);
  if (!original || !canSee(identity, original)) throw notFound(`request ${originalId}`);
  return original;
}

/** A department's step found already on the case (an earlier delivery of the same callback). */
class StepAlreadyMade extends Error {
  constructor(readonly request: Request) {
    super('the step is already on the case');
  }
}

/**
 * A department's system makes a step on a case escalated to it (shared/departments/callbacks.ts):
 * decided on the state each attempt reads, written with one conditional write carrying its events
 * (resolve and return announce a status change, as a person's move does; accept and need-info only
 * add a timeline step). `madeAlready` tells a step an earlier attempt of the same callback already
 * wrote (read on the fresh state after a lost race too): then nothing is written, `applied` is false.
 */
export async function departmentActsOnCase(
  departmentId: Department,
  requestId: string,
  step: DepartmentStep,
  madeAlready: (current: Request) => boolean,
): Promise<{ request: Request; applied: boolean }> {
  try {
    const moved = await transitionRequest(requestId, { canSee: () => true }, (current) => {
      if (madeAlready(current)) throw new StepAlreadyMade(current);
      const change = planDepartmentStep(current, departmentId, step, new Date());
      // Its events name the department as its timeline step does: a change it made itself goes back to no department (shared/departments/outgoing.ts).
      const events = change.request.status === current.status ? [] : announceTransition(current, change, { userId: departmentActor(departmentId).actorId });
      return { change, events };
    });
    if (moved.status === 'resolved') count('requestsResolved');
    return { request: moved, applied: true };
  } catch (error) {
    if (error instanceof StepAlreadyMade) return { request: error.request, applied: false };
    throw error;
  }
}
