import { relayOutbox } from '../../shared/events/outbox';
import { logger } from '../../shared/logger';
import { scheduleFunction } from '../../shared/events/schedule';

/** Every minute: publishes the events whose first publish failed, so no event is lost. */
export const handler = scheduleFunction(async () => {
  const result = await relayOutbox();
  if (result.published > 0) logger.info('re-published events from the outbox', result);
  return result;
});
