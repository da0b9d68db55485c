import { logger } from '../../shared/logger';
import { sendDueReminders } from '../../shared/shifts/reminders';
import { scheduleFunction } from '../../shared/events/schedule';

/**
 * Every five minutes: sends the shift reminders that are due (a day and an hour before) and the
 * unfilled-shift alerts, each once. "Now" is the scheduled event's own time, so a late or repeated
 * invocation judges by the moment it was scheduled for, and tests choose the clock.
 */
export const handler = scheduleFunction(async (event) => {
  const now = new Date(event.time && !Number.isNaN(Date.parse(event.time)) ? event.time : Date.now());
  const run = await sendDueReminders(now);
  if (run.sent > 0) logger.info('shift reminders sent', { ...run });
  return run;
});
