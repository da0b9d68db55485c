import type { EventBridgeEvent } from 'aws-lambda';
import { DELIVERY_MAX_EVENT_AGE_SECONDS, DELIVERY_RETRIES } from '../../events/catalogue';
import type { DeliveryState } from './bus-journal';

/**
 * The local bus's deliveries (one per event and consumer) and their retries, as the CDK rule targets
 * have them: DELIVERY_RETRIES after the first attempt, then the maximum event age; what keeps failing
 * becomes a dead letter. The bus (`bus.ts`) runs the attempts; this decides what follows each.
 */

/** A delivery the bus is working on: its state (as the journal keeps it), its event, its timer. */
export interface Delivery extends DeliveryState {
  event: EventBridgeEvent<string, unknown>;
  timer?: NodeJS.Timeout;
  running: boolean;
}

/** An unfinished delivery, as `deliveries()` shows it. */
export interface PendingDelivery extends DeliveryState {
  eventId: string;
  /** An attempt is running now. */
  running: boolean;
}

/** What the journal keeps of a delivery. */
export const stateOf = ({ id, consumer, attempts, failures, nextAttemptAt, since, lastError }: DeliveryState): DeliveryState => ({
  id,
  consumer,
  attempts,
  failures,
  nextAttemptAt,
  since,
  ...(lastError === undefined ? {} : { lastError }),
});

/** How a bus retries. */
export interface RetryPolicy {
  /** Delay before retry n (1-based); EventBridge backs off for minutes, locally we keep it short. */
  retryDelayMs: (attempt: number) => number;
  /** No retry waits longer than this (a delivery waiting out an in-progress record polls at this pace). */
  maxRetryDelayMs: number;
  /** A delivery not handled this long after it was enqueued becomes a dead letter (the rule's maximum event age). */
  maxEventAgeMs: number;
}

/** The policy with the defaults filled in (200 ms doubling, at most 10 s apart, the rule's maximum event age). */
export const retryPolicyOf = (options: Partial<RetryPolicy>): RetryPolicy => ({
  retryDelayMs: options.retryDelayMs ?? ((attempt) => 200 * 2 ** (attempt - 1)),
  maxRetryDelayMs: options.maxRetryDelayMs ?? 10_000,
  maxEventAgeMs: options.maxEventAgeMs ?? DELIVERY_MAX_EVENT_AGE_SECONDS * 1000,
});

/** Attempts a delivery may fail before it becomes a dead letter: the first and the retries. */
const ATTEMPTS = 1 + DELIVERY_RETRIES;

/**
 * Powertools idempotency's answer while another run holds the event's record: that run is still
 * going, or died, and its record expires after the function's timeout (its Lambda context's
 * remaining time). Either way the delivery must wait, not use up its retries: a redelivery right
 * after a crash would otherwise be dead-lettered before the record expires.
 */
const isInProgress = (error: unknown): boolean => error instanceof Error && error.name === 'IdempotencyAlreadyInProgressError';

/** Why a delivery due for an attempt is a dead letter instead, if it is: too old, or no attempts left. */
export function deadBeforeAttempt(delivery: Delivery, policy: RetryPolicy): string | undefined {
  if (Date.now() - delivery.since >= policy.maxEventAgeMs) {
    return `maximum event age passed${delivery.lastError ? `; last error ${delivery.lastError}` : ''}`;
  }
  // Resumed after a crash between its last failed attempt and its dead letter.
  if (delivery.failures >= ATTEMPTS) return delivery.lastError ?? 'no attempts left';
  return undefined;
}

/**
 * Counts a failed attempt on the delivery and sets its next attempt; returns why it is a dead letter
 * now (its failures used up, or its next attempt past the maximum event age), or undefined to retry.
 */
export function failedAttempt(delivery: Delivery, error: unknown, policy: RetryPolicy): string | undefined {
  const inProgress = isInProgress(error);
  delivery.attempts += 1;
  if (!inProgress) delivery.failures += 1;
  delivery.lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const delay = Math.min(policy.retryDelayMs(delivery.attempts), policy.maxRetryDelayMs);
  delivery.nextAttemptAt = Date.now() + delay;
  if (delivery.failures >= ATTEMPTS) return delivery.lastError;
  if (delivery.nextAttemptAt - delivery.since >= policy.maxEventAgeMs) return `maximum event age passed; last error ${delivery.lastError}`;
  return undefined;
}
