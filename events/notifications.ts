import * as z from 'zod/mini';
import { defineEvent } from '../shared/events/define';
import { announcementAudiences, pushChannels } from '../shared/notifications/terms';

export const pushDeadLettered = defineEvent({
  source: 'grid.notifications',
  detailType: 'notifications.push-dead-lettered',
  version: 1,
  description:
    'A push (a WeCom group-robot message, or a WeChat subscribe message) failed every attempt; its jobs wait in the dead letters for an admin to retry.',
  data: z.object({
    /** The jobs of the message that failed (a robot message carries several notices). */
    jobIds: z.array(z.string()),
    channel: z.enum(pushChannels),
    /** The first notice's kind and title. */
    kind: z.string(),
    title: z.string(),
    gridId: z.optional(z.string()),
    userId: z.optional(z.string()),
    attempts: z.number(),
    reason: z.string(),
  }),
});

export const announcementCreated = defineEvent({
  source: 'grid.notifications',
  detailType: 'notifications.announcement-created',
  version: 1,
  description: "An admin announced something to an audience (e.g. every grid worker) of a unit or of the whole city; its delivery's first batch is due.",
  data: z.object({
    announcementId: z.string(),
    scope: z.string(),
    audience: z.enum(announcementAudiences),
    createdBy: z.string(),
  }),
});

export const announcementContinued = defineEvent({
  source: 'grid.notifications',
  detailType: 'notifications.announcement-continued',
  version: 1,
  description:
    "A batch of an announcement's delivery was written and its cursor moved on, or its delivery was started again: the next batch is due. Written with the cursor, so the hand-on is never lost.",
  data: z.object({
    announcementId: z.string(),
    /** The delivery it belongs to (0, or more once a delivery was started again). */
    run: z.number(),
    /** The batch now due (the one the announcement's cursor stands at): a stale or repeated event is ignored. */
    step: z.number(),
  }),
});
