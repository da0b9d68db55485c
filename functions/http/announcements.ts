import { replayed } from '../../shared/http/creation';
import { httpFunction } from '../../shared/http/function';
import { idempotencyKeyGuard } from '../../shared/http/idempotency-key';
import { announce, announcementSeenBy } from '../../shared/notifications/announcements';
import { announcementView } from '../../shared/notifications/announcements-domain';
import { announcementRoutes } from '../../shared/notifications/routes';

/** Announcements (shared/notifications/routes.ts `announcementRoutes`); their delivery is the announcement-delivery consumer. */
export const handler = httpFunction(
  announcementRoutes,
  {
    async createAnnouncement({ identity, body, creation }) {
      const { announcement, replayed: again } = await announce(identity, body, creation, new Date());
      return again ? replayed(announcementView(announcement)) : announcementView(announcement);
    },

    async getAnnouncement({ identity, params }) {
      return announcementView(await announcementSeenBy(identity, params.announcementId));
    },
  },
  { idempotencyKeys: idempotencyKeyGuard },
);
