import type { Identity } from '../../shared/auth/identity';
import { isCityWide } from '../../shared/auth/scope';
import { listDeadDeliveries, listDeliveriesOf } from '../../shared/departments/deliveries';
import { deliveryRoutes } from '../../shared/departments/delivery-routes';
import { redriveNow } from '../../shared/departments/redrive';
import { conflict, forbidden, notFound } from '../../shared/http/errors';
import { httpFunction } from '../../shared/http/function';
import { isStaffFor } from '../../shared/requests/access';
import { getRequest } from '../../shared/requests/repository/request';

function assertCityWide(identity: Identity): void {
  if (!isCityWide(identity)) throw forbidden('dead letters are for city-wide admins');
}

export const handler = httpFunction(deliveryRoutes, {
  async listRequestDeliveries({ identity, params, query }) {
    const request = await getRequest(params.requestId);
    // Someone else's case answers 404, as the case itself does.
    if (!request || !isStaffFor(identity, request)) throw notFound();
    return listDeliveriesOf(params.requestId, query);
  },

  async listDeliveryDeadLetters({ identity, query }) {
    assertCityWide(identity);
    return listDeadDeliveries(query);
  },

  async redriveDelivery({ identity, params }) {
    assertCityWide(identity);
    // Tried at once; the delivery as that attempt left it (pending again if it failed: the schedule retries it).
    const result = await redriveNow(params.requestId, params.deliveryId, new Date());
    if (result === undefined) throw notFound();
    if (result === 'not-dead') throw conflict('this delivery is not dead-lettered');
    return result;
  },
});
