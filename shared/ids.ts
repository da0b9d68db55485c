import { createHash, randomBytes } from 'node:crypto';

/**
 * A new opaque id: 16 url-safe characters, time-ordered so ids created later sort later,
 * which keeps "newest first" lists and logs readable.
 */
export function newId(): string {
  const time = Date.now().toString(36).padStart(9, '0');
  return time + randomBytes(5).toString('base64url').slice(0, 7);
}

/** Length of {@link idempotentId}: 22 base64url characters, 132 bits of a SHA-256 digest. */
export const IDEMPOTENT_ID_LENGTH = 22;

/**
 * The id of what a creating operation makes under an `Idempotency-Key`: the same for every attempt
 * of one caller's request with that key on that route (`POST /requests`), so a retry after a crash
 * names the object the first attempt may already have written, and its conditional write
 * (`attribute_not_exists(pk)`) cannot make a second one.
 *
 * Derived, not drawn: SHA-256 over the JSON array `[callerId, route, key]` — an encoding no two
 * different triples share, whatever characters they hold — cut to 22 base64url characters (the
 * alphabet of {@link newId} and of `idSchema`). Two callers (or routes) with the same key hash
 * different inputs, so their ids agree only by a 132-bit collision. Not time-ordered, unlike
 * {@link newId}: retries at different times must agree.
 */
export function idempotentId(callerId: string, route: string, key: string): string {
  return createHash('sha256').update(JSON.stringify([callerId, route, key])).digest('base64url').slice(0, IDEMPOTENT_ID_LENGTH);
}

/** The current time as an ISO-8601 string (UTC); one function so tests can reason about it. */
export const nowIso = (): string => new Date().toISOString();
