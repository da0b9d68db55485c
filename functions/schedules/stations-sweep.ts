import { logger } from '../../shared/logger';
import { sweepEndedVisits } from '../../shared/stations/occupancy';
import { sweepNoShows } from '../../shared/stations/reservations/no-shows';
import { scheduleFunction } from '../../shared/events/schedule';

/**
 * Every minute: ends visits past their maximum stay and releases the seats of no-shows, found by
 * the byDue index. Reads already treat both as over; this makes the items (and events) follow.
 */
export const handler = scheduleFunction(async () => {
  const now = new Date();
  // Independent worklists (visits' ends, seats' no-show times): swept side by side.
  const [visitsEnded, noShows] = await Promise.all([sweepEndedVisits(now), sweepNoShows(now)]);
  const result = { visitsEnded, noShows };
  if (result.visitsEnded || result.noShows) logger.info('stations sweep', result);
  return result;
});
