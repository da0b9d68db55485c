import { CREATION_FINGERPRINT, KeyTakenError, itemAt } from '../table/creation';
import { ProblemError } from './errors';
import { type Creation, type Reply, reply } from './function';

/**
 * Creation that any number of retries turns into one object and one answer.
 *
 * An `Idempotency-Key`'s record (shared/http/idempotency-key.ts) replays a finished request, but an
 * attempt that wrote its object and then died before the record was completed (a Lambda timeout, a
 * crash) leaves the record in progress; once that expires, the resend runs the operation again. So
 * the operation itself must be idempotent: under a key, the new object's id is derived from the
 * caller, the route and the key (`creation.id`, see shared/http/function.ts), the object carries the
 * fingerprint of the caller's request, and its write is conditional on the id being free. A write
 * that finds the id taken by an object with the same fingerprint — made by this caller for this very
 * request — answers with that object, as a replay.
 */

/** The header a replayed answer carries, as the Idempotency-Key guard's replays do. */
export const REPLAYED_HEADER = 'idempotent-replayed';

/**
 * Runs a creation's conditional write (one that throws {@link KeyTakenError} when its key is taken;
 * see `creating` in shared/table/creation.ts). Returns undefined when it wrote the object now.
 *
 * When the key is taken and an earlier attempt of this very request made the object — the item
 * carries the same fingerprint, which names the caller too — returns `existing(item)`: the
 * operation answers with it as a replay. Otherwise, for the id derived from the caller's key
 * (`id` is `creation.id`), the key was used for another request: 422 `idempotency_key_reused`; for
 * an id the client chose (`body.id`), it was simply taken: the 409 the write threw.
 */
export async function createOnce<T>(
  creation: Creation,
  id: string,
  write: () => Promise<unknown>,
  existing: (item: Record<string, unknown>) => T,
): Promise<T | undefined> {
  try {
    await write();
    return undefined;
  } catch (error) {
    if (!(error instanceof KeyTakenError) || !creation.fingerprint) throw error;
    const item = await itemAt(error.key);
    if (item?.[CREATION_FINGERPRINT] === creation.fingerprint) return existing(item);
    if (id === creation.id) throw new ProblemError('idempotency_key_reused');
    throw error;
  }
}

/** An earlier attempt's object, answered as a replay: the route's success status, marked replayed. */
export const replayed = <T>(body: T, headers: Record<string, string> = {}): Reply<T> =>
  reply(body, { headers: { ...headers, [REPLAYED_HEADER]: 'true' } });
