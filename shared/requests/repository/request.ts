import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../../aws/clients';
import { config } from '../../config';
import { type PendingEvent, putNewWithEvents, updateWithEvents } from '../../events/outbox';
import { conflict, notFound, preconditionFailed } from '../../http/errors';
import { writeIf, writeOrUndefined } from '../../table/conditions';
import { requestKeys as keys } from '../../table/design';
import { buildUpdate } from '../../table/update';
import type { Request } from '../model';
import type { Change } from '../timeline';
import { indexEntriesOf, toRequest } from './item';

/**
 * One request, read and written whole. Every change is one conditional UpdateItem on `status` and
 * `version` that also appends the timeline step (`list_append`) and carries its events (the
 * outbox), so a step can be neither lost nor doubled, and nothing needs a transaction.
 */

/** Reads one request (strongly consistent: transitions decide on it). */
export async function getRequest(requestId: string): Promise<Request | undefined> {
  const output = await documents().send(
    new GetCommand({ TableName: config().tableName, Key: keys.request(requestId), ConsistentRead: true }),
  );
  return output.Item ? toRequest(output.Item) : undefined;
}

/**
 * Creates a request with its events; an id already used is a {@link KeyTakenError}. `fingerprint`:
 * the creating request's, under an Idempotency-Key (see shared/http/creation.ts).
 */
export async function createRequest(request: Request, events: readonly PendingEvent[], fingerprint?: string): Promise<void> {
  const key = keys.request(request.id);
  const attributes = { entity: 'request', ...request, ...indexEntriesOf(request).entries };
  await putNewWithEvents(key, `request ${request.id}`, attributes, events, fingerprint);
}

/** The write lost a race: the request is no longer in the state (status, version) the change was decided on. */
export class StaleRequestError extends Error {
  constructor(readonly requestId: string) {
    super(`request ${requestId} changed meanwhile`);
    this.name = 'StaleRequestError';
  }
}

/**
 * Writes a decided change as one conditional update: only if the request is still at the status
 * and version it was decided on. Appends the new timeline step (or writes the trimmed timeline),
 * recomputes the index attributes and carries the events. Throws {@link StaleRequestError} on a lost race.
 */
export async function applyChange(before: Request, change: Change, events: readonly PendingEvent[]): Promise<Request> {
  const after = change.request;
  // `followers` is a follow's to write (followers.ts): a transition setting the count it read would
  // undo a follow made between its read and its write, which its condition (status, version) lets through.
  const { id: _id, timeline, followers: _followers, ...fields } = after;
  const { entries, absent } = indexEntriesOf(after);
  const dropped = Object.keys(before).filter((name) => !(name in after) && name !== 'followers');
  const written = await writeOrUndefined(
    updateWithEvents(
      {
        key: keys.request(before.id),
        set: { ...fields, ...entries, ...(change.trimmed ? { timeline } : {}) },
        ...(change.trimmed ? {} : { append: { timeline: [change.entry] } }),
        remove: [...new Set([...absent, ...dropped])],
        condition: '#status = :status AND #version = :version',
        names: { '#status': 'status', '#version': 'version' },
        values: { ':status': before.status, ':version': before.version },
        returnValues: 'ALL_NEW',
      },
      events,
    ),
  );
  if (!written) throw new StaleRequestError(before.id);
  return toRequest(written);
}

/** What a transition decides from the request as it is now. */
export interface Decision {
  change: Change;
  events: readonly PendingEvent[];
}

/** Lost races a transition decides again before giving up with a 409. */
const MAX_ATTEMPTS = 5;

/**
 * Read, decide, write conditionally (optimistic concurrency). A caller who sent the version they
 * saw (`If-Match`) gets 412 when the request has moved on; otherwise a lost race is decided again on
 * the fresh state, where it usually becomes a 409 (that move is no longer allowed).
 * `canSee` runs first, so a request one may not see answers 404, never 412.
 */
export async function transitionRequest(
  requestId: string,
  options: { expectedVersion?: number; canSee: (request: Request) => boolean },
  decide: (current: Request) => Promise<Decision> | Decision,
): Promise<Request> {
  for (let attempt = 1; ; attempt += 1) {
    const current = await getRequest(requestId);
    if (!current || !options.canSee(current)) throw notFound();
    if (options.expectedVersion !== undefined && current.version !== options.expectedVersion) {
      throw preconditionFailed(`the request is at version ${current.version}`);
    }
    const decision = await decide(current);
    try {
      return await applyChange(current, decision.change, decision.events);
    } catch (error) {
      if (!(error instanceof StaleRequestError)) throw error;
      if (options.expectedVersion !== undefined) throw preconditionFailed('the request changed meanwhile');
      if (attempt >= MAX_ATTEMPTS) throw conflict('the request is changing too fast; try again');
    }
  }
}

/** A request lists at most this many duplicates of itself. */
const MAX_DUPLICATE_LINKS = 100;

/**
 * Links a duplicate to its original (what the `request-links` consumer does on
 * `request.marked-duplicate`). Idempotent by its condition: a second delivery finds the link there.
 */
export async function linkDuplicate(originalId: string, duplicateId: string): Promise<boolean> {
  return writeIf(
    documents().send(
      new UpdateCommand(
        buildUpdate(config().tableName, {
          key: keys.request(originalId),
          append: { duplicateIds: [duplicateId] },
          condition: 'attribute_exists(pk) AND NOT contains(#d, :d) AND (attribute_not_exists(#d) OR size(#d) < :max)',
          names: { '#d': 'duplicateIds' },
          values: { ':d': duplicateId, ':max': MAX_DUPLICATE_LINKS },
        }),
      ),
    ),
  );
}
