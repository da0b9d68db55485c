import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { ScheduledEvent } from 'aws-lambda';
import { logger } from '../../shared/logger';
import { scheduleRun } from '../../shared/observability/correlation';
import { withMetrics } from '../../shared/observability/metrics';
import { sweepEndedVisits } from '../../shared/stations/occupancy';
import { sweepNoShows } from '../../shared/stations/reservations/no-shows';

/**
 * Every minute: ends visits past their maximum stay and releases the seats of no-shows, found by
 * the byDue index. Reads already treat both as over; this makes the items (and events) follow.
 */
export const handler = withMetrics(
  middy<ScheduledEvent, { visitsEnded: number; noShows: number }>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    // Each run is a case of its own (shared/observability/correlation.ts): what it causes carries the run's id.
    .handler(scheduleRun(async () => {
      const now = new Date();
      // Independent worklists (visits' ends, seats' no-show times): swept side by side.
      const [visitsEnded, noShows] = await Promise.all([sweepEndedVisits(now), sweepNoShows(now)]);
      const result = { visitsEnded, noShows };
      if (result.visitsEnded || result.noShows) logger.info('stations sweep', result);
      return result;
    })),
);
