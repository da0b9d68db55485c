import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { ScheduledEvent } from 'aws-lambda';
import { logger } from '../../shared/logger';
import { scheduleRun } from '../../shared/observability/correlation';
import { withMetrics } from '../../shared/observability/metrics';
import { type DispatchReport, dispatchPushes } from '../../shared/notifications/dispatcher';

/**
 * Every minute: sends the pushes that are due (new ones the consumer could not send, retries after
 * backoff, robot messages that waited for a free slot), batching per WeCom robot.
 *
 * The run's clock is the scheduled event's time, or the real time if later: a late delivery never
 * runs in the past, and a test can run the schedule "at" a later time to step through backoff.
 */
export const handler = withMetrics(
  middy<ScheduledEvent, DispatchReport>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    // Each run is a case of its own (shared/observability/correlation.ts): what it causes carries the run's id.
    .handler(scheduleRun(async (event) => {
      const scheduled = Date.parse(event.time);
      const now = new Date(Math.max(Number.isNaN(scheduled) ? 0 : scheduled, Date.now()));
      const report = await dispatchPushes({ now });
      if (report.sent + report.dead + report.retrying > 0) logger.info('dispatched pushes', { ...report });
      return report;
    })),
);
