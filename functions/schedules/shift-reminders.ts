import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { ScheduledEvent } from 'aws-lambda';
import { logger } from '../../shared/logger';
import { scheduleRun } from '../../shared/observability/correlation';
import { withMetrics } from '../../shared/observability/metrics';
import { type ReminderRun, sendDueReminders } from '../../shared/shifts/reminders';

/**
 * Every five minutes: sends the shift reminders that are due (a day and an hour before) and the
 * unfilled-shift alerts, each once. "Now" is the scheduled event's own time, so a late or repeated
 * invocation judges by the moment it was scheduled for, and tests choose the clock.
 */
export const handler = withMetrics(
  middy<ScheduledEvent, ReminderRun>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    // Each run is a case of its own (shared/observability/correlation.ts): what it causes carries the run's id.
    .handler(scheduleRun(async (event) => {
      const now = new Date(event.time && !Number.isNaN(Date.parse(event.time)) ? event.time : Date.now());
      const run = await sendDueReminders(now);
      if (run.sent > 0) logger.info('shift reminders sent', { ...run });
      return run;
    })),
);
