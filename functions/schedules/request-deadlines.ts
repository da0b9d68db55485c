import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { ScheduledEvent } from 'aws-lambda';
import { logger } from '../../shared/logger';
import { scheduleRun } from '../../shared/observability/correlation';
import { withMetrics } from '../../shared/observability/metrics';
import { type DeadlinesRun, actOnDueRequests } from '../../shared/requests/deadline-sweep';

/**
 * Every minute: marks requests that missed their accept or resolve deadline and escalates them up
 * the hierarchy, and closes resolved requests nobody confirmed within the confirmation window.
 *
 * The run's clock is the scheduled event's time, or the real time if later: a late delivery never
 * runs in the past, and a test can run the schedule "at" a later time instead of waiting a week.
 */
export const handler = withMetrics(
  middy<ScheduledEvent, DeadlinesRun>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    // Each run is a case of its own (shared/observability/correlation.ts): what it causes carries the run's id.
    .handler(scheduleRun(async (event) => {
      const scheduled = Date.parse(event.time);
      const now = new Date(Math.max(Number.isNaN(scheduled) ? 0 : scheduled, Date.now()));
      const run = await actOnDueRequests(now);
      if (run.escalated + run.closed > 0) logger.info('acted on due requests', { ...run });
      return run;
    })),
);
