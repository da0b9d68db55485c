import { apiDocsOf } from '../http/api-docs';
import { deliverySchema } from './delivery-model';
import { deliveryRoutes } from './delivery-routes';

/** A delivery of an escalated case to urban management that failed for 24 hours (the department was down). */
const deadDelivery = {
  id: '0mrlgpsg0a3c9e71f20b4d58',
  requestId: '0mrlgpqwgK4n8ZbQ',
  departmentId: 'urban_management',
  event: 'escalated',
  status: 'dead',
  attempts: 41,
  createdAt: '2026-07-15T02:30:00.000Z',
  firstAttemptAt: '2026-07-15T02:30:00.000Z',
  lastAttemptAt: '2026-07-16T02:31:04.000Z',
  lastError: 'HTTP 503',
  deadAt: '2026-07-16T02:31:04.000Z',
  redrives: 0,
};

/** The delivery above, redriven, and taken by the department at the redrive's own attempt: the same id. */
const { deadAt: _dead, ...redriven } = deadDelivery;

/** The words of deliveries to departments (linked handling, 联动处置). */
export const deliveryDocs = apiDocsOf(deliveryRoutes, {
  schemas: [
    [
      deliverySchema,
      {
        name: 'DepartmentDelivery',
        description:
          'One delivery of a case to a department’s own system: a signed JSON POST (`X-Grid-Signature`) with a delivery id the ' +
          'department dedupes on. A withdrawal or an update goes only after the escalation reached the department. A failed delivery is retried 1, 2, 4 … minutes apart (at most an hour) until 24 hours after its ' +
          'first attempt, then dead-lettered for a city-wide admin to redrive. A 4xx answer other than 408 or 429 dead-letters it at once.',
        fields: {
          id: { description: 'The delivery’s id, the same on every attempt (`X-Grid-Delivery-Id`, `deliveryId` in the message).', example: '0mrlgpsg0a3c9e71f20b4d58' },
          requestId: { description: 'The case (request) delivered.', example: '0mrlgpqwgK4n8ZbQ' },
          departmentId: { description: 'The department it goes to.', example: 'urban_management' },
          event: '`escalated`: the case was escalated to the department; `withdrawn`: it is no longer theirs (returned, rejected, a duplicate); `updated`: it changed while theirs.',
          status:
            '`pending`: waiting for its next attempt; `sent`: the department answered 2xx; `dead`: it failed for its whole retry window (an admin may redrive it); ' +
            '`cancelled`: an escalation withdrawn before it reached the department (neither it nor the withdrawal is sent; it cannot be redriven).',
          attempts: { description: 'Failed attempts since it was made or last redriven.', example: 3 },
          firstAttemptAt: { description: 'The first attempt of this round (ISO 8601, UTC): the 24-hour retry window counts from it.', example: '2026-07-15T02:30:00.000Z' },
          lastAttemptAt: { description: 'The latest attempt (ISO 8601, UTC).', example: '2026-07-15T02:37:00.000Z' },
          nextAttemptAt: { description: 'While `pending`: when the next attempt is due (ISO 8601, UTC).', example: '2026-07-15T02:45:00.000Z' },
          lastError: { description: 'Why the last attempt failed: an HTTP status, `timeout`, `network error`. Absent before any failure.', example: 'HTTP 503' },
          sentAt: { description: 'When the department took it (ISO 8601, UTC); absent unless `sent`.', example: '2026-07-15T03:30:02.000Z' },
          deadAt: { description: 'When it was dead-lettered (ISO 8601, UTC); absent unless `dead`.', example: '2026-07-16T02:31:04.000Z' },
          cancelledAt: { description: 'When it was cancelled (ISO 8601, UTC); absent unless `cancelled`.', example: '2026-07-15T02:40:00.000Z' },
          redrives: { description: 'How many times an admin redrove it.', example: 0 },
        },
        example: deadDelivery,
      },
    ],
  ],
  operations: {
    listRequestDeliveries: {
      parameters: { requestId: { description: 'The case whose deliveries to list.', example: '0mrlgpqwgK4n8ZbQ' } },
      response: { description: 'A page of the case’s deliveries, newest first.', fields: { items: 'This page’s deliveries, newest first.' }, example: { items: [deadDelivery] } },
    },
    listDeliveryDeadLetters: {
      response: { description: 'A page of dead letters, newest first.', fields: { items: 'This page’s dead letters, newest first.' }, example: { items: [deadDelivery] } },
      // `forbidden`: only city-wide admins see every department's dead letters.
      errors: ['forbidden'],
    },
    redriveDelivery: {
      parameters: {
        requestId: { description: 'The case the delivery belongs to.', example: '0mrlgpqwgK4n8ZbQ' },
        deliveryId: { description: 'The dead-lettered delivery to send again: its `id`.', example: '0mrlgpsg0a3c9e71f20b4d58' },
      },
      response: {
        example: {
          ...redriven,
          status: 'sent',
          attempts: 0,
          redrives: 1,
          firstAttemptAt: '2026-07-16T08:00:00.000Z',
          lastAttemptAt: '2026-07-16T08:00:00.000Z',
          sentAt: '2026-07-16T08:00:00.000Z',
        },
      },
      // `conflict`: the delivery is not dead-lettered (pending or sent); `forbidden`: not a city-wide admin.
      errors: ['conflict', 'forbidden'],
    },
  },
});
