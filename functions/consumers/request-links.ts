import { requestMarkedDuplicate } from '../../events/requests';
import { consumerFunction, on } from '../../shared/events/consumer';
import { linkDuplicate } from '../../shared/requests/repository/request';

/** Links a request marked duplicate to its original, so the original lists its duplicates. */
export const handler = consumerFunction('request-links', [
  on(requestMarkedDuplicate, async (data) => {
    // Idempotent by its condition (the link is there already), beyond the consumer's own dedupe.
    await linkDuplicate(data.duplicateOf, data.requestId);
  }),
]);
