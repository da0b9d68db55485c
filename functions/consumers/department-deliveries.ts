import { requestReassigned, requestStatusChanged } from '../../events/requests';
import { consumerFunction, on } from '../../shared/events/consumer';
import { type DeliveryPorts, defaultDeliveryPorts, dispatchDeliveries } from '../../shared/departments/delivery-dispatch';
import { deliveryForChange } from '../../shared/departments/outgoing-changes';
import type { CaseChange } from '../../shared/departments/outgoing';
import type { EventMeta } from '../../shared/events/define';
import { logger } from '../../shared/logger';

/**
 * Sends a case to its department when it is escalated, and its later changes the department's
 * endpoint takes (shared/departments/outgoing.ts): each becomes a durable delivery (its id from the
 * event: an event heard twice makes one), tried at once. A failed send is not this consumer's
 * failure: the delivery stays, and the `department-dispatcher` schedule retries it with backoff for
 * 24 hours, then dead-letters it. A failed write does throw, so the bus retries the event.
 */
async function deliver(requestId: string, change: CaseChange, meta: EventMeta): Promise<void> {
  // The endpoint is read once, for the decision and the attempt.
  const defaults = defaultDeliveryPorts();
  const endpoint = new Map<string, ReturnType<DeliveryPorts['endpointOf']>>();
  const ports: DeliveryPorts = { ...defaults, endpointOf: (id) => endpoint.get(id) ?? endpoint.set(id, defaults.endpointOf(id)).get(id)! };
  const created = await deliveryForChange(requestId, change, meta, new Date(), ports);
  if (!created) return;
  try {
    await dispatchDeliveries({ now: new Date(), created: [created], ports });
  } catch (error) {
    // The delivery is durable and due: the dispatcher picks it up within a minute.
    logger.warn('immediate department delivery failed; the dispatcher will retry', { error });
  }
}

export const handler = consumerFunction('department-deliveries', [
  on(requestStatusChanged, (data, meta) => deliver(data.requestId, data, meta)),
  on(requestReassigned, (data, meta) => deliver(data.requestId, { action: 'reassign' }, meta)),
]);
