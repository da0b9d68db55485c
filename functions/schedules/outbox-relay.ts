import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { ScheduledEvent } from 'aws-lambda';
import { relayOutbox } from '../../shared/events/outbox';
import { logger } from '../../shared/logger';
import { scheduleRun } from '../../shared/observability/correlation';
import { withMetrics } from '../../shared/observability/metrics';

/** Every minute: publishes the events whose first publish failed, so no event is lost. */
export const handler = withMetrics(
  middy<ScheduledEvent, { published: number; cleared: number }>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    // Each run is a case of its own (shared/observability/correlation.ts): what it causes carries the run's id.
    .handler(scheduleRun(async () => {
      const result = await relayOutbox();
      if (result.published > 0) logger.info('re-published events from the outbox', result);
      return result;
    })),
);
