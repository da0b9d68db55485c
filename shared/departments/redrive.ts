import { logger } from '../logger';
import { getDelivery, redriveDelivery } from './deliveries';
import type { Delivery } from './delivery-model';
import { type DeliveryPorts, defaultDeliveryPorts, dispatchDeliveries } from './delivery-dispatch';

/**
 * How long a redrive waits for the department's answer: the request that asked for it must answer
 * within its function's 10 s (infra/functions.ts). An attempt that times out is a failed attempt
 * like any other: the delivery stays pending, and the schedule tries it again.
 */
export const REDRIVE_ATTEMPT_TIMEOUT_MS = 5_000;

/**
 * An admin redrives a dead delivery: a fresh round with the same id, and its first attempt at once,
 * through the dispatcher's own path (claimed under a lease first, so a `department-dispatcher` run
 * that finds it due meanwhile cannot send it too; within the endpoint's rate limit). What it answers
 * is the delivery after that attempt: `sent`, or `pending` with why it failed (the schedule retries it
 * with backoff, as any delivery), or `dead` again if the department refused it for good.
 * Undefined when there is no such delivery; 'not-dead' when it is not dead.
 */
export async function redriveNow(
  requestId: string,
  deliveryId: string,
  now: Date,
  ports: DeliveryPorts = defaultDeliveryPorts(),
): Promise<Delivery | 'not-dead' | undefined> {
  const redriven = await redriveDelivery(requestId, deliveryId, now);
  if (redriven === undefined || redriven === 'not-dead') return redriven;
  try {
    await dispatchDeliveries({ now, ports, created: [redriven], timeoutMs: REDRIVE_ATTEMPT_TIMEOUT_MS });
  } catch (error) {
    // The redrive itself is written and the delivery due: the schedule sends it within a minute.
    logger.warn('immediate attempt of a redriven delivery failed; the dispatcher will retry', { requestId, deliveryId, error });
  }
  return (await getDelivery(requestId, deliveryId))?.delivery ?? redriven.delivery;
}
