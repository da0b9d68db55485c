import * as z from 'zod/mini';
import { idSchema } from '../http/common';
import { pageOf, pageQuery } from '../http/pagination';
import { defineRoute } from '../http/route';
import { deliverySchema } from './delivery-model';

const requestParams = z.strictObject({ requestId: idSchema });

/**
 * Deliveries of cases to departments (linked handling, 联动处置), served by `functions/http/deliveries.ts`:
 * a case's history for its staff; the dead letters and their redrive for city-wide admins.
 */
export const deliveryRoutes = {
  listRequestDeliveries: defineRoute({
    method: 'GET',
    path: '/requests/{requestId}/deliveries',
    function: 'deliveries',
    tag: 'departments',
    summary: "A case's deliveries to departments, newest first, with how their attempts went (its grid workers, admins of its scope)",
    access: ['grid_worker', 'admin'],
    params: requestParams,
    query: z.strictObject(pageQuery),
    success: { status: 200, description: 'A page of deliveries', schema: pageOf(deliverySchema) },
    errors: [404],
  }),
  listDeliveryDeadLetters: defineRoute({
    method: 'GET',
    path: '/deliveries/dead-letters',
    function: 'deliveries',
    tag: 'departments',
    summary: 'Deliveries to departments that failed for their whole retry window (24 hours), newest first (city-wide admins)',
    access: ['admin'],
    query: z.strictObject(pageQuery),
    success: { status: 200, description: 'A page of dead letters', schema: pageOf(deliverySchema) },
    errors: [403],
  }),
  redriveDelivery: defineRoute({
    method: 'POST',
    path: '/requests/{requestId}/deliveries/{deliveryId}/redrive',
    function: 'deliveries',
    tag: 'departments',
    summary:
      'Give a dead-lettered delivery a fresh round of attempts (24 hours) with the same delivery id, and try it at once; if that attempt fails, the schedule retries it (city-wide admins)',
    access: ['admin'],
    params: z.strictObject({ requestId: idSchema, deliveryId: idSchema }),
    success: { status: 200, description: 'The delivery after that attempt: sent, or pending with why it failed', schema: deliverySchema },
    errors: [403, 404, 409],
  }),
};
