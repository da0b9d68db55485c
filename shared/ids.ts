import { randomBytes } from 'node:crypto';

/**
 * A new opaque id: 16 url-safe characters, time-ordered so ids created later sort later,
 * which keeps "newest first" lists and logs readable.
 */
export function newId(): string {
  const time = Date.now().toString(36).padStart(9, '0');
  return time + randomBytes(5).toString('base64url').slice(0, 7);
}

/** The current time as an ISO-8601 string (UTC); one function so tests can reason about it. */
export const nowIso = (): string => new Date().toISOString();
