import { requestOverdue, requestReassigned, requestStatusChanged, requestSubmitted } from '../../events/requests';
import { consumerFunction, on } from '../../shared/events/consumer';
import { rollUpRequest } from '../../shared/requests/monthly-rollups';

/**
 * Keeps the monthly rollups the reports read (shared/requests/monthly-rollups.ts): every event that
 * changes what a request counts for says only "look at this request again"; its contribution is
 * computed from the request as it is now, so duplicated, late and reordered deliveries give the same
 * sums. A reassignment also takes the contribution out of the grid the request left. (A request
 * marked duplicate sends `request.status-changed` too, which is enough.)
 */
export const handler = consumerFunction('request-rollups', [
  on(requestSubmitted, (data) => rollUpRequest(data.requestId)),
  on(requestStatusChanged, (data) => rollUpRequest(data.requestId)),
  on(requestOverdue, (data) => rollUpRequest(data.requestId)),
  on(requestReassigned, (data) => rollUpRequest(data.requestId, { previousGridId: data.previousGridId })),
]);
