import { logger } from '../../shared/logger';
import { sweepEndedVisits } from '../../shared/stations/occupancy';
import { sweepNoShows } from '../../shared/stations/reservations/no-shows';
import { sendReservationReminders } from '../../shared/stations/reservations/reminders';
import { scheduleFunction } from '../../shared/events/schedule';

/**
 * Every minute: ends visits past their maximum stay, releases the seats of no-shows, and reminds
 * holders 30 minutes before their slot, each found by the byDue index. Reads already treat visits and
 * no-shows as over; this makes the items (and events) follow. The reminders ride here rather than on
 * `shift-reminders`: they are the stations' items (this function's grants already cover them) and
 * every five minutes would make a 30-minute reminder up to five late. "Now" is the scheduled event's
 * own time, so a late or repeated invocation judges by the moment it was scheduled for, and tests
 * choose the clock.
 */
export const handler = scheduleFunction(async (event) => {
  const now = new Date(event.time && !Number.isNaN(Date.parse(event.time)) ? event.time : Date.now());
  // Independent worklists (visits' ends, seats' no-show times, reminders): swept side by side.
  const [visitsEnded, noShows, reminders] = await Promise.all([sweepEndedVisits(now), sweepNoShows(now), sendReservationReminders(now)]);
  const result = { visitsEnded, noShows, reminders: reminders.reminded };
  if (result.visitsEnded || result.noShows || result.reminders) logger.info('stations sweep', result);
  return result;
});
