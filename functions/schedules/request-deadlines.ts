import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { ScheduledEvent } from 'aws-lambda';
import { nowIso } from '../../shared/ids';
import { logger } from '../../shared/logger';
import { escalateOverdueRequests } from '../../shared/requests/deadlines';

/** Every minute: marks requests that missed their accept or resolve deadline and escalates them up the hierarchy. */
export const handler = middy<ScheduledEvent, { due: number; escalated: number }>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async () => {
    const result = await escalateOverdueRequests(nowIso());
    if (result.escalated > 0) logger.info('escalated overdue requests', result);
    return result;
  });
