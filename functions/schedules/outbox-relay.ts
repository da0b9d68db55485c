import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { ScheduledEvent } from 'aws-lambda';
import { relayOutbox } from '../../shared/events/outbox';
import { logger } from '../../shared/logger';

/** Every minute: publishes the events whose first publish failed, so no event is lost. */
export const handler = middy<ScheduledEvent, { published: number; cleared: number }>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async () => {
    const result = await relayOutbox();
    if (result.published > 0) logger.info('re-published events from the outbox', result);
    return result;
  });
