import { requestText } from '../http/outbound';
import { mapLimit } from '../concurrency';
import { logger } from '../logger';
import { count } from '../observability/metrics';
import {
  type StoredDelivery,
  claimDelivery,
  deliveryDueAt,
  listDueDeliveries,
  markDeliveryDead,
  markDeliverySent,
  rescheduleDelivery,
  takeDeliverySlot,
} from './deliveries';
import { type AttemptOutcome, afterFailedAttempt, outcomeOf } from './delivery-policy';
import { type DepartmentEndpoint, getDepartmentEndpoint } from './endpoints';
import { outgoingMessageOf, signedPost } from './outgoing';
import { signingSecretOf } from './secrets';

/**
 * Sends due deliveries to departments. Each is claimed first (one dispatcher wins it, even with the
 * consumer's immediate attempt and the schedule running side by side), then, within its endpoint's
 * rate limit (what does not fit waits for the next minute, without counting as an attempt), POSTed
 * signed. 2xx: sent. Otherwise the retry policy (delivery-policy.ts) says when to try again, or
 * dead-letters it. Nothing is dropped.
 */

/** How long a claim holds a delivery; a dispatcher that dies mid-send leaves it due again after this. */
export const DELIVERY_LEASE_MS = 2 * 60_000;
/** Most deliveries one run looks at; the rest wait for the next minute. */
export const MAX_DELIVERIES_PER_RUN = 200;
/** How long a department has to answer one POST. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** A paused endpoint's deliveries are looked at again after this (not an attempt). */
const PAUSED_RECHECK_MS = 15 * 60_000;

/** What a send needs from outside: the endpoint, its secret, and the HTTP POST (tests give fakes). */
export interface DeliveryPorts {
  endpointOf: (departmentId: string) => Promise<DepartmentEndpoint | undefined>;
  secretOf: (departmentId: string) => Promise<string>;
  post: (url: string, request: { headers: Record<string, string>; body: string }, timeoutMs: number) => Promise<AttemptOutcome>;
}

/** POSTs over node:http(s) (shared/http/outbound.ts); the URL is never logged or stored. */
export async function postToDepartment(url: string, request: { headers: Record<string, string>; body: string }, timeoutMs: number): Promise<AttemptOutcome> {
  try {
    const answer = await requestText(url, { method: 'POST', headers: request.headers, body: request.body }, timeoutMs);
    return outcomeOf({ status: answer.status });
  } catch (error) {
    const name = (error as Error).name;
    return outcomeOf({ failure: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network error' });
  }
}

export const defaultDeliveryPorts = (): DeliveryPorts => ({ endpointOf: getDepartmentEndpoint, secretOf: signingSecretOf, post: postToDepartment });

export interface DeliveryReport {
  sent: number;
  retrying: number;
  dead: number;
  /** Waited for their endpoint's rate limit or a paused endpoint (not attempted). */
  deferred: number;
}

export interface DispatchDeliveriesOptions {
  now: Date;
  ports?: DeliveryPorts;
  /** Only these (an immediate attempt, the consumer's or a redrive's: written just now, claimed without reading back). */
  created?: readonly StoredDelivery[];
  max?: number;
  /** How long the department has to answer each POST (a request waiting on it has less time than a schedule). */
  timeoutMs?: number;
}

/** Claims and sends the due deliveries (or only `created`) at `now`. */
export async function dispatchDeliveries(options: DispatchDeliveriesOptions): Promise<DeliveryReport> {
  const { now } = options;
  const ports = options.ports ?? defaultDeliveryPorts();
  const report: DeliveryReport = { sent: 0, retrying: 0, dead: 0, deferred: 0 };
  const candidates = options.created
    ? options.created.filter((stored) => (deliveryDueAt(stored)?.getTime() ?? Infinity) <= now.getTime())
    : await listDueDeliveries(now, options.max ?? MAX_DELIVERIES_PER_RUN);
  const claimed = (await mapLimit(candidates, 8, (stored) => claimDelivery(stored, now, DELIVERY_LEASE_MS))).filter(
    (stored): stored is StoredDelivery => stored !== undefined,
  );
  // Oldest first within a department (ids start with the event's time): a case's escalation before its withdrawal.
  claimed.sort((a, b) => (a.delivery.id < b.delivery.id ? -1 : 1));
  const byDepartment = new Map<string, StoredDelivery[]>();
  for (const stored of claimed) byDepartment.set(stored.delivery.departmentId, [...(byDepartment.get(stored.delivery.departmentId) ?? []), stored]);

  await mapLimit([...byDepartment.entries()], 4, async ([departmentId, deliveries]) => {
    const endpoint = await ports.endpointOf(departmentId);
    for (const [index, stored] of deliveries.entries()) {
      if (!endpoint) {
        // The city removed the endpoint: nobody can receive it; an admin redrives once it is back.
        await settle(stored, { ok: false, permanent: true, reason: 'the department has no endpoint' });
        continue;
      }
      if (endpoint.status !== 'active') {
        if (await rescheduleDelivery(stored, new Date(now.getTime() + PAUSED_RECHECK_MS))) report.deferred += 1;
        continue;
      }
      const slot = await takeDeliverySlot(departmentId, endpoint.ratePerMinute, now);
      if (!slot.allowed) {
        // Deferred, not dropped: this one and the department's others wait for the next minute.
        for (const waiting of deliveries.slice(index)) if (await rescheduleDelivery(waiting, slot.retryAt)) report.deferred += 1;
        return;
      }
      const message = outgoingMessageOf(stored.delivery, stored.case, now);
      let outcome: AttemptOutcome;
      try {
        outcome = await ports.post(endpoint.url, signedPost(message, await ports.secretOf(departmentId), now), options.timeoutMs ?? DELIVERY_TIMEOUT_MS);
      } catch (error) {
        // No secret to sign with (yet): worth retrying, as the department being down is.
        logger.warn('department delivery could not be signed', { departmentId, error: (error as Error).name });
        outcome = { ok: false, reason: 'no signing secret' };
      }
      await settle(stored, outcome);
    }
  });

  async function settle(stored: StoredDelivery, outcome: AttemptOutcome): Promise<void> {
    const firstAttemptAt = stored.delivery.firstAttemptAt ? new Date(stored.delivery.firstAttemptAt) : now;
    const attempt = { attemptAt: now, firstAttemptAt };
    // Counted only when the lease-conditioned write took: a dispatcher that lost its lease did not settle the delivery.
    if (outcome.ok) {
      if (await markDeliverySent(stored, attempt)) {
        report.sent += 1;
        count('departmentDeliveriesSent');
      }
      return;
    }
    const decision = afterFailedAttempt(stored.delivery.attempts, firstAttemptAt, outcome, now);
    const failure = { ...attempt, attempts: decision.attempts, reason: outcome.reason };
    const logged = { deliveryId: stored.delivery.id, requestId: stored.delivery.requestId, departmentId: stored.delivery.departmentId, reason: outcome.reason };
    if (decision.dead) {
      if (await markDeliveryDead(stored, failure)) {
        report.dead += 1;
        // The last failed attempt is a failed attempt too; the dead letter is what pages on call.
        count('departmentDeliveriesFailed');
        count('departmentDeliveriesDead');
        logger.warn('department delivery dead-lettered', { ...logged, attempts: decision.attempts });
      }
      return;
    }
    if (decision.attempts === 1) logger.warn('department delivery failed; retrying with backoff for 24 hours', logged);
    if (await rescheduleDelivery(stored, decision.nextAttemptAt, failure)) {
      report.retrying += 1;
      count('departmentDeliveriesFailed');
    }
  }

  return report;
}
