/**
 * How pushes are retried: every channel answers a send with a {@link Delivery}, and one schedule
 * decides what follows a failure (try again later with exponential backoff, or dead-letter), so
 * every channel fails the same way. No AWS, no clock: `now` is passed in.
 */

/** The first attempt and five retries, 1, 2, 4, 8 and 16 minutes apart: 31 minutes in all. */
export const MAX_ATTEMPTS = 6;
export const FIRST_RETRY_DELAY_MS = 60_000;

/** How a channel answered one send. */
export type Delivery =
  | { ok: true }
  | {
      ok: false;
      /** Short and free of secrets: it is stored on the job and shown to admins. */
      reason: string;
      /** Retrying cannot help (an invalid openid, a deleted robot): dead-letter now. */
      permanent?: boolean;
      /** The channel asked us to wait at least this long (WeCom 45009: over the limit). */
      retryAfterMs?: number;
      /** WeChat says the person has no subscription left (43101): our count goes to zero. */
      subscriptionGone?: boolean;
    };
export type FailedDelivery = Extract<Delivery, { ok: false }>;

/** The delay before the next attempt after `failedAttempts` failures: 1, 2, 4, 8, 16 minutes. */
export const backoffDelayMs = (failedAttempts: number): number => FIRST_RETRY_DELAY_MS * 2 ** Math.max(0, failedAttempts - 1);

export type AfterFailure = { attempts: number; dead: true } | { attempts: number; dead: false; nextAttemptAt: Date };

/** After a failed attempt: try again later with exponential backoff, or, after the last attempt, dead-letter. */
export function afterFailure(failedBefore: number, delivery: FailedDelivery, now: Date): AfterFailure {
  const attempts = failedBefore + 1;
  if (delivery.permanent || attempts >= MAX_ATTEMPTS) return { attempts, dead: true };
  const delay = Math.max(backoffDelayMs(attempts), delivery.retryAfterMs ?? 0);
  return { attempts, dead: false, nextAttemptAt: new Date(now.getTime() + delay) };
}
