import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { injectLambdaContext, logger } from '../logger';
import { scheduleRun } from '../observability/correlation';
import { withMetrics } from '../observability/metrics';

/**
 * Builds a schedule's Lambda handler around `run`, as `httpFunction` and `consumerFunction` do for
 * theirs: the function's logger with the Lambda context, each run a case of its own (named by the
 * scheduled event's id, so what it causes carries that id: shared/observability/correlation.ts),
 * and the metrics it records published when it ends, failed or not.
 */
export function scheduleFunction<Result>(run: (event: ScheduledEvent) => Promise<Result>): (event: ScheduledEvent, ...rest: unknown[]) => Promise<Result> {
  const handler = middy<ScheduledEvent, Result>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(scheduleRun(run));
  return withMetrics((event: ScheduledEvent, ...rest: unknown[]) => handler(event, ...(rest as [never])));
}

/**
 * A run's clock: the scheduled event's time, or the real time if later. A late run never runs in the
 * past, and a test can run a schedule "at" a later time to step through backoff and deadlines.
 */
export function runClockOf(event: Pick<ScheduledEvent, 'time'>): Date {
  const scheduled = Date.parse(event.time);
  return new Date(Math.max(Number.isNaN(scheduled) ? 0 : scheduled, Date.now()));
}
