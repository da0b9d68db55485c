import { config } from '../config';
import type { EventMeta } from '../events/define';
import { logger } from '../logger';
import { getRequest } from '../requests/repository/request';
import { type StoredDelivery, cancelDelivery, createDelivery, isInFlight, latestDeliveryOf, replaceDeliveryCase } from './deliveries';
import { type DeliveryPorts, defaultDeliveryPorts } from './delivery-dispatch';
import { type CaseChange, callbackUrlOf, deliveryIdOf, departmentChangeOf, endpointTakes, followUpOf, newDelivery, outgoingCaseOf } from './outgoing';

/**
 * Thrown when a later change of a case cannot be decided yet (its escalation is being sent right
 * now, or changed while it was decided): the consumer fails, and the bus delivers the event again
 * after the attempt has settled (a lease lasts 2 minutes; the bus's first retry comes after 1, its
 * second after 2 more).
 */
export class EscalationUnsettled extends Error {
  override readonly name = 'EscalationUnsettled';
}

/**
 * Turns a change of a case into a delivery to the department concerned, if its endpoint takes it.
 * The delivery's id comes from the event, and it is written only if new: the same event heard twice
 * makes one delivery. A later change (`withdrawn`, `updated`) goes only to a department the case
 * reached: it follows the case's latest escalation to it (`followUpOf` in outgoing.ts says how).
 * Returns the delivery as written (for an immediate attempt), else undefined.
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
  const logged = { requestId, departmentId: target.departmentId, event: target.event };
  if (target.event !== 'escalated') {
    const escalation = await latestDeliveryOf(requestId, target.departmentId, 'escalated');
    const followUp = followUpOf(target.event, escalation && { status: escalation.delivery.status, inFlight: isInFlight(escalation, now) });
    if (followUp === 'retry-later') throw new EscalationUnsettled(`the escalation of ${requestId} is being sent to ${target.departmentId}`);
    if (followUp === 'cancel-escalation' || followUp === 'fold-into-escalation') {
      // Both are written on the escalation as read: a dispatcher claiming it meanwhile fails the write, and the event is decided again.
      const written =
        followUp === 'cancel-escalation'
          ? await cancelDelivery(escalation!, now)
          : await replaceDeliveryCase(escalation!, outgoingCaseOf(request, escalation!.case.callbackUrl, escalation!.case.note));
      if (!written) throw new EscalationUnsettled(`the escalation of ${requestId} to ${target.departmentId} changed meanwhile`);
      logger.info('a change of a case that has not reached its department goes with its escalation', { ...logged, followUp });
      return undefined;
    }
    if (followUp === 'none') {
      logger.info('the case never reached this department: nothing to send', logged);
      return undefined;
    }
  }
  const endpoint = await ports.endpointOf(target.departmentId);
  if (!endpoint || !endpointTakes(endpoint, target.event, request.categoryId)) {
    logger.info('no department endpoint takes this change', logged);
    return undefined;
  }
  const id = deliveryIdOf(meta.occurredAt, meta.id, target.departmentId, target.event);
  const outgoing = outgoingCaseOf(request, callbackUrlOf(config().apiBaseUrl, target.departmentId), change.note);
  return createDelivery(newDelivery(id, requestId, target.departmentId, target.event, now), outgoing);
}
