import { config } from '../config';
import type { EventMeta } from '../events/define';
import { logger } from '../logger';
import { getRequest } from '../requests/repository/request';
import { type StoredDelivery, createDelivery } from './deliveries';
import { type DeliveryPorts, defaultDeliveryPorts } from './delivery-dispatch';
import { type CaseChange, callbackUrlOf, deliveryIdOf, departmentChangeOf, endpointTakes, newDelivery, outgoingCaseOf } from './outgoing';

/**
 * Turns a change of a case into a delivery to the department concerned, if its endpoint takes it.
 * The delivery's id comes from the event, and it is written only if new: the same event heard twice
 * makes one delivery. Returns the delivery as written (for an immediate attempt), else undefined.
 */
export async function deliveryForChange(
  requestId: string,
  change: CaseChange,
  meta: Pick<EventMeta, 'id' | 'occurredAt'>,
  now: Date,
  ports: Pick<DeliveryPorts, 'endpointOf'> = defaultDeliveryPorts(),
): Promise<StoredDelivery | undefined> {
  const request = await getRequest(requestId);
  if (!request) return undefined;
  const target = departmentChangeOf(change, request);
  if (!target) return undefined;
  const endpoint = await ports.endpointOf(target.departmentId);
  if (!endpoint || !endpointTakes(endpoint, target.event, request.categoryId)) {
    logger.info('no department endpoint takes this change', { requestId, departmentId: target.departmentId, event: target.event });
    return undefined;
  }
  const id = deliveryIdOf(meta.occurredAt, meta.id, target.departmentId, target.event);
  const outgoing = outgoingCaseOf(request, callbackUrlOf(config().apiBaseUrl, target.departmentId), change.note);
  return createDelivery(newDelivery(id, requestId, target.departmentId, target.event, now), outgoing);
}
