import { logger } from '../../shared/logger';
import { actOnDueRequests } from '../../shared/requests/deadline-sweep';
import { runClockOf, scheduleFunction } from '../../shared/events/schedule';

/**
 * Every minute: marks requests that missed their accept or resolve deadline and escalates them up
 * the hierarchy, and closes resolved requests nobody confirmed within the confirmation window.
 *
 * The run's clock is the scheduled event's time, or the real time if later: a late delivery never
 * runs in the past, and a test can run the schedule "at" a later time instead of waiting a week.
 */
export const handler = scheduleFunction(async (event) => {
  const now = runClockOf(event);
  const run = await actOnDueRequests(now);
  if (run.escalated + run.closed > 0) logger.info('acted on due requests', { ...run });
  return run;
});
