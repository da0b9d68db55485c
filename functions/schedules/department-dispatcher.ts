import { dispatchDeliveries } from '../../shared/departments/delivery-dispatch';
import { runClockOf, scheduleFunction } from '../../shared/events/schedule';
import { logger } from '../../shared/logger';

/**
 * Every minute: sends the deliveries to departments that are due (new ones the consumer could not
 * send, retries after backoff, ones that waited for their endpoint's rate limit).
 *
 * The run's clock is the scheduled event's time, or the real time if later: a late run never runs
 * in the past, and a test can run the schedule "at" a later time to step through backoff.
 */
export const handler = scheduleFunction(async (event) => {
  const now = runClockOf(event);
  const report = await dispatchDeliveries({ now });
  if (report.sent + report.dead + report.retrying + report.deferred > 0) logger.info('dispatched department deliveries', { ...report });
  return report;
});
