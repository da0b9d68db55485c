/**
 * How a delivery to a department is retried (no AWS, no clock: `now` is passed in). Government
 * systems fail in dull ways (down for an hour, a gateway answering 503), so a delivery keeps trying
 * with backoff — 1 minute, doubling, at most an hour apart — until at least 24 hours after its first
 * attempt, and only then goes to the dead letters, where an admin can redrive it.
 */

export const FIRST_RETRY_DELAY_MS = 60_000;
export const MAX_RETRY_DELAY_MS = 3600_000;
/** A delivery fails for good only after failing for this long since its first attempt. */
export const RETRY_WINDOW_MS = 24 * 3600_000;

/** How one POST to a department went. */
export type AttemptOutcome =
  | { ok: true }
  | {
      ok: false;
      /** Short and free of secrets: stored on the delivery and shown to staff. */
      reason: string;
      /** Retrying cannot help (the department refused the message itself): dead at once. */
      permanent?: boolean;
      /** The department asked us to wait (429 Retry-After). */
      retryAfterMs?: number;
    };
export type FailedAttempt = Extract<AttemptOutcome, { ok: false }>;

/**
 * The outcome of an HTTP answer: 2xx delivered; 408 and 429 (and every 5xx) worth retrying; any
 * other 4xx permanent (the message is wrong for them, or our signature is: retrying the same bytes
 * would fail the same way). A transport failure (timeout, refused connection) is worth retrying.
 */
export function outcomeOf(answer: { status: number; retryAfter?: string | undefined } | { failure: string }): AttemptOutcome {
  if ('failure' in answer) return { ok: false, reason: answer.failure };
  const { status } = answer;
  if (status >= 200 && status < 300) return { ok: true };
  const reason = `HTTP ${status}`;
  if (status === 429 || status === 408) {
    const seconds = Number(answer.retryAfter);
    return { ok: false, reason, ...(Number.isFinite(seconds) && seconds > 0 ? { retryAfterMs: seconds * 1000 } : {}) };
  }
  if (status >= 400 && status < 500) return { ok: false, reason, permanent: true };
  return { ok: false, reason };
}

/** The wait after `failedAttempts` failures: 1, 2, 4 … minutes, at most an hour. */
export const retryDelayMs = (failedAttempts: number): number =>
  Math.min(MAX_RETRY_DELAY_MS, FIRST_RETRY_DELAY_MS * 2 ** Math.min(20, Math.max(0, failedAttempts - 1)));

export type AfterFailedAttempt = { attempts: number; dead: true } | { attempts: number; dead: false; nextAttemptAt: Date };

/**
 * After a failed attempt at `now` (the round's first attempt at `firstAttemptAt`): dead when the
 * failure is permanent or the 24-hour window has passed, otherwise the next attempt after backoff
 * (or the department's Retry-After, if longer, still at most an hour).
 */
export function afterFailedAttempt(failedBefore: number, firstAttemptAt: Date, outcome: FailedAttempt, now: Date): AfterFailedAttempt {
  const attempts = failedBefore + 1;
  if (outcome.permanent || now.getTime() - firstAttemptAt.getTime() >= RETRY_WINDOW_MS) return { attempts, dead: true };
  const delay = Math.min(MAX_RETRY_DELAY_MS, Math.max(retryDelayMs(attempts), outcome.retryAfterMs ?? 0));
  return { attempts, dead: false, nextAttemptAt: new Date(now.getTime() + delay) };
}
