import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../aws/clients';
import { config } from '../config';
import { ProblemError, conflict, notFound } from '../http/errors';
import { type ChurnLimit, takeAction } from '../rate-limit';
import { departmentActsOnCase } from '../requests/act-on-request';
import { type DepartmentStep, departmentActor } from '../requests/lifecycle';
import type { Department, Request } from '../requests/model';
import { writeIf } from '../table/conditions';
import { departmentKeys as keys } from '../table/design';
import { epochSecondsOf, expiresAfter, isUnexpired } from '../table/expiry';
import type { CallbackBody } from './model';
import { fresherSigningSecret, signingSecretIfAny } from './secrets';
import { type SignatureCheck, checkSignature } from './signing';
import { isDepartment } from './terms';

/**
 * A department's callback about a case escalated to it (`POST /departments/{id}/callbacks`):
 * signature over the exact body and timestamp (signing.ts), then the department's rate, then the
 * message id (a mark item put before applying: the same message applies once), then the step,
 * decided on the case's state (shared/requests/lifecycle.ts `planDepartmentStep`) and written with
 * one conditional write on the request item.
 *
 * Crash-safe: a mark left "received" by a run that died (or by a concurrent delivery of the same
 * message) does not stop the next delivery; it applies the step unless the case's timeline already
 * holds it (found on the fresh state each attempt reads), so a step is written once however the
 * deliveries interleave. A refused step (404, 409) takes its mark back, so nothing is kept of it.
 */

/** How many callbacks one department may send a minute. */
export const CALLBACK_LIMIT: ChurnLimit = { action: 'department-callbacks', max: 120, windowSeconds: 60 };
/** How long a message id is remembered: far beyond any sender's retries. TTL collects it after. */
const MARK_SECONDS = 7 * 24 * 3600;

/** The problem a signature check that failed answers with: stale is `signature_expired`, the rest `signature_invalid`. */
export function signatureProblem(check: Exclude<SignatureCheck, 'valid'>): ProblemError {
  if (check === 'stale') return new ProblemError('signature_expired', `the timestamp is more than 5 minutes from our clock; sign with the current time`);
  const detail = { missing: 'no x-grid-signature header', malformed: 'x-grid-signature is not t=<unix seconds>,v1=<hex>', mismatch: 'the signature does not match the body' }[check];
  return new ProblemError('signature_invalid', detail);
}

/** A callback's step as the lifecycle takes it; need_info and return must say something. */
export function stepOf(body: CallbackBody): DepartmentStep {
  if (body.photoUrls?.length && body.action !== 'resolve') {
    throw new ProblemError('validation_failed', undefined, [{ field: 'body.photoUrls', code: 'invalid', message: 'photos go with resolve only' }]);
  }
  const { note } = body;
  switch (body.action) {
    case 'accept':
      return { action: 'accept', ...(note ? { note } : {}) };
    case 'resolve':
      // The photos stay links on the step (shown as such), not words in its note.
      return { action: 'resolve', ...(note ? { note } : {}), ...(body.photoUrls?.length ? { links: body.photoUrls } : {}) };
    case 'need_info':
    case 'return':
      if (!body.note) throw new ProblemError('validation_failed', undefined, [{ field: 'body.note', code: 'required', message: `a ${body.action} says why` }]);
      return { action: body.action === 'need_info' ? 'need-info' : 'return', note: body.note };
  }
}

const sameLinks = (a: readonly string[] | undefined, b: readonly string[] | undefined): boolean => (a ?? []).join('\n') === (b ?? []).join('\n');

/** How far apart two functions' clocks may be: a step another delivery wrote is stamped by its clock. */
const CLOCK_SKEW_MS = 5_000;

/**
 * Whether the case's timeline already holds this callback's step: by the department, the same
 * action, note and links, made after its mark was put (give or take the clocks' skew). Two different
 * messages saying the same thing from the same department within seconds are one step.
 */
export function holdsStep(request: Request, departmentId: Department, step: DepartmentStep, markedAt: string): boolean {
  const actor = departmentActor(departmentId);
  const since = new Date(Date.parse(markedAt) - CLOCK_SKEW_MS).toISOString();
  return request.timeline.some(
    (entry) =>
      entry.actorRole === actor.actorRole &&
      entry.actorId === actor.actorId &&
      entry.action === step.action &&
      (entry.note ?? '') === (step.note ?? '') &&
      sameLinks(entry.links, 'links' in step ? step.links : undefined) &&
      entry.at >= since,
  );
}

/** Checks the signature with the department's secret, reading it afresh once if a rotation may explain a mismatch. */
async function verify(departmentId: Department, header: string | undefined, rawBody: string, now: Date): Promise<void> {
  const secret = await signingSecretIfAny(departmentId, now.getTime());
  // A department nobody made a secret for cannot sign: as unknown to us as a department without an endpoint.
  if (!secret) throw notFound(`department ${departmentId} takes no callbacks yet`);
  let check = checkSignature(secret, header, rawBody, epochSecondsOf(now));
  if (check === 'mismatch') {
    const fresher = await fresherSigningSecret(departmentId, now.getTime());
    if (fresher && fresher !== secret) check = checkSignature(fresher, header, rawBody, epochSecondsOf(now));
  }
  if (check !== 'valid') throw signatureProblem(check);
}

interface Mark {
  receivedAt: string;
  state: 'received' | 'applied';
}

/** Puts the message's mark; the mark already there (unexpired) if the message was seen before. */
async function putMark(departmentId: Department, body: CallbackBody, now: Date, attempt = 1): Promise<Mark | undefined> {
  const key = keys.departmentCallback(departmentId, body.messageId);
  const mark: Mark = { receivedAt: now.toISOString(), state: 'received' };
  const put = await writeIf(
    documents().send(
      new PutCommand({
        TableName: config().tableName,
        Item: { ...key, entity: 'department-callback', ...mark, caseId: body.caseId, action: body.action, expiresAt: expiresAfter(now, MARK_SECONDS) },
        // TTL only collects: an expired mark still there counts as gone.
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
        ExpressionAttributeValues: { ':now': epochSecondsOf(now) },
      }),
    ),
  );
  if (put) return undefined;
  const { Item } = await documents().send(new GetCommand({ TableName: config().tableName, Key: key, ConsistentRead: true }));
  // Gone between the two calls (its step was refused and the mark taken back): this one is first again.
  if (!Item || !isUnexpired(Item, now)) {
    if (attempt >= 3) throw conflict('this message is being handled; send it again');
    return putMark(departmentId, body, now, attempt + 1);
  }
  return { receivedAt: String(Item.receivedAt), state: Item.state === 'applied' ? 'applied' : 'received' };
}

/** Marks the message applied; a mark taken back meanwhile stays gone (an update would make one with no expiry). */
async function markApplied(departmentId: Department, messageId: string): Promise<void> {
  await writeIf(
    documents().send(
      new UpdateCommand({
        TableName: config().tableName,
        Key: keys.departmentCallback(departmentId, messageId),
        UpdateExpression: 'SET #state = :applied',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':applied': 'applied' },
      }),
    ),
  );
}

/** Takes back the mark of a refused step, unless another delivery has applied it meanwhile. */
async function takeBackMark(departmentId: Department, messageId: string, receivedAt: string): Promise<void> {
  await writeIf(
    documents().send(
      new DeleteCommand({
        TableName: config().tableName,
        Key: keys.departmentCallback(departmentId, messageId),
        ConditionExpression: '#state = :received AND receivedAt = :at',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':received': 'received', ':at': receivedAt },
      }),
    ),
  );
}

/** What a department's callback brings: the path's department, the signature header, the exact body and the body as parsed. */
export interface Callback {
  departmentId: string;
  signature: string | undefined;
  rawBody: string;
  body: CallbackBody;
}

/** Receives a callback: `applied` (the case changed now) or `duplicate` (the message was seen before; nothing changed). */
export async function receiveCallback(callback: Callback, now: Date): Promise<'applied' | 'duplicate'> {
  const { departmentId, body } = callback;
  if (!isDepartment(departmentId)) throw notFound(`department ${departmentId}`);
  await verify(departmentId, callback.signature, callback.rawBody, now);
  await takeAction(`department:${departmentId}`, CALLBACK_LIMIT, now);
  const step = stepOf(body);
  const seen = await putMark(departmentId, body, now);
  if (seen?.state === 'applied') return 'duplicate';
  const markedAt = seen?.receivedAt ?? now.toISOString();
  try {
    const { applied } = await departmentActsOnCase(departmentId, body.caseId, step, (current) => holdsStep(current, departmentId, step, markedAt));
    await markApplied(departmentId, body.messageId);
    return applied ? 'applied' : 'duplicate';
  } catch (error) {
    if (error instanceof ProblemError && error.status < 500) await takeBackMark(departmentId, body.messageId, markedAt);
    throw error;
  }
}
