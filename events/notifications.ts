import * as z from 'zod/mini';
import { defineEvent } from '../shared/events/define';
import { pushChannels } from '../shared/notifications/model';

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
