import * as z from 'zod/mini';
import { announcementAudiences, announcementStatuses, pushChannels, pushStatuses } from './terms';

/** One item of a person's inbox, as the API shows it. */
export const notificationSchema = z.object({
  /** Starts with the time of the event, so ids sort newest last and lists page by time. */
  id: z.string(),
  /** The notice's machine kind, e.g. `organisation.member-added`. */
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  subject: z.optional(z.object({ type: z.string(), id: z.string() })),
  /** When the event happened. */
  createdAt: z.string(),
  /** Absent while unread. */
  readAt: z.optional(z.string()),
});
export type Notification = z.infer<typeof notificationSchema>;

/** Where a push goes (terms.ts). */
export type PushChannelName = (typeof pushChannels)[number];

/** Where a push is (terms.ts). */
export type PushStatus = (typeof pushStatuses)[number];

/** A push as admins see it in the dead-letter list. No openid, no webhook key. */
export const pushJobSchema = z.object({
  id: z.string(),
  channel: z.enum(pushChannels),
  status: z.enum(pushStatuses),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  /** WeCom pushes: the grid whose robot posts it. */
  gridId: z.optional(z.string()),
  /** WeChat pushes: the person it is for. */
  userId: z.optional(z.string()),
  eventId: z.string(),
  /** The case the push belongs to (the request id of the HTTP call that started it): what to quote to whoever looks into it. */
  correlationId: z.optional(z.string()),
  attempts: z.number(),
  lastError: z.optional(z.string()),
  createdAt: z.string(),
  nextAttemptAt: z.optional(z.string()),
  sentAt: z.optional(z.string()),
  deadAt: z.optional(z.string()),
});

/** A durable push: what the consumer enqueues and the dispatcher sends. */
export interface PushJob {
  id: string;
  channel: PushChannelName;
  status: PushStatus;
  kind: string;
  title: string;
  body: string;
  subject?: { type: string; id: string };
  eventId: string;
  /** The case it belongs to: its event's `meta.correlationId` (shared/observability/correlation.ts). */
  correlationId?: string;
  /** When the event happened (subscribe messages show it). */
  occurredAt: string;
  createdAt: string;
  /** Failed attempts so far. */
  attempts: number;
  nextAttemptAt?: string;
  lastError?: string;
  sentAt?: string;
  deadAt?: string;
  gridId?: string;
  userId?: string;
  /** WeChat pushes: the recipient's openid, the template and the inbox item the message opens. */
  openId?: string;
  templateId?: string;
  notificationId?: string;
}

/** A grid's WeCom group robot as the API shows it: the webhook key is never shown back in full. */
export const weComRobotSchema = z.object({
  unitId: z.string(),
  /** The first and last characters of the key, for recognising it. */
  keyHint: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type WeComRobot = z.infer<typeof weComRobotSchema>;

/** How many one-time WeChat subscriptions a person has left for a kind of notice. */
export const subscriptionSchema = z.object({
  kind: z.string(),
  /** The subscribe-message template the mini-program asks the person to accept (wx.requestSubscribeMessage). */
  templateId: z.string(),
  remaining: z.number(),
});
export type Subscription = z.infer<typeof subscriptionSchema>;

/** Who an announcement is for (terms.ts). */
export type AnnouncementAudience = (typeof announcementAudiences)[number];

/** How far an announcement's delivery has gone (terms.ts). */
export type AnnouncementStatus = (typeof announcementStatuses)[number];

/** An announcement as admins see it, with how far its delivery has gone. */
export const announcementSchema = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  /** The unit whose audience hears it (and everything under it), or `city` for the whole city. */
  scope: z.string(),
  audience: z.enum(announcementAudiences),
  status: z.enum(announcementStatuses),
  progress: z.object({
    /** The kind of unit the delivery walks: `grid` for grid workers. */
    unitKind: z.string(),
    /** Units of that kind walked so far, their people written (at the end: all the scope has). */
    unitsDone: z.number(),
    /** Inbox items written: each person once, however many of the units they belong to. */
    recipientsWritten: z.number(),
    /** Batches done, each one bounded invocation. */
    batches: z.number(),
  }),
  createdBy: z.string(),
  startedAt: z.string(),
  /** When the last batch was written. */
  updatedAt: z.string(),
  /** When it was sent to everyone; absent while sending. */
  finishedAt: z.optional(z.string()),
});
export type AnnouncementView = z.infer<typeof announcementSchema>;
