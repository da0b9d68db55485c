import { announcementContinued, announcementCreated } from '../../events/notifications';
import { consumerFunction, on } from '../../shared/events/consumer';
import { deliverAnnouncementBatch } from '../../shared/notifications/announcements-delivery';

/**
 * Delivers announcements one bounded batch per event (shared/notifications/announcements-delivery.ts):
 * the created event runs the first batch, each batch's continued event the next (a restarted
 * delivery's, its first). A batch that fails throws, so the bus retries it; the announcement's
 * cursor moves only when a batch is complete.
 */
export const handler = consumerFunction('announcement-delivery', [
  on(announcementCreated, async (data) => {
    await deliverAnnouncementBatch(data.announcementId, { run: 0, step: 0 }, new Date());
  }),
  on(announcementContinued, async (data) => {
    await deliverAnnouncementBatch(data.announcementId, { run: data.run, step: data.step }, new Date());
  }),
]);
