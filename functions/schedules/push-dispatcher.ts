import { logger } from '../../shared/logger';
import { dispatchPushes } from '../../shared/notifications/dispatcher';
import { runClockOf, scheduleFunction } from '../../shared/events/schedule';

/**
 * Every minute: sends the pushes that are due (new ones the consumer could not send, retries after
 * backoff, robot messages that waited for a free slot), batching per WeCom robot.
 *
 * The run's clock is the scheduled event's time, or the real time if later: a late delivery never
 * runs in the past, and a test can run the schedule "at" a later time to step through backoff.
 */
export const handler = scheduleFunction(async (event) => {
  const now = runClockOf(event);
  const report = await dispatchPushes({ now });
  if (report.sent + report.dead + report.retrying > 0) logger.info('dispatched pushes', { ...report });
  return report;
});
