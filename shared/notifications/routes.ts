import * as z from 'zod/mini';
import { roles } from '../auth/identity';
import { idSchema, text } from '../http/common';
import { pageOf, pageQuery } from '../http/pagination';
import { defineRoute } from '../http/route';
import { announcementSchema, notificationSchema, pushJobSchema, subscriptionSchema, weComRobotSchema } from './model';
import { announcementAudiences } from './terms';

const everyone = roles;
/** A notice kind: `feature.what-happened`. */
const kindSchema = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[a-z0-9]+([._-][a-z0-9]+)*$/));

/** How many of my notifications are unread: exact up to 99; beyond, 99 and `unreadCountCapped` (show "99+"). */
const unreadCountShape = {
  unreadCount: z.number(),
  /** More than 99 are unread: the count stops at 99 (one bounded read per request), show "99+". */
  unreadCountCapped: z.boolean(),
};

/**
 * Served by `functions/http/notifications-api.ts`: the Lambda name `notifications` is the consumer's
 * (functions/consumers/notifications.ts), and function names are unique across kinds.
 */
export const notificationRoutes = {
  listMyNotifications: defineRoute({
    method: 'GET',
    path: '/me/notifications',
    function: 'notifications-api',
    tag: 'notifications',
    summary: 'My inbox, newest first, with how many are unread',
    access: everyone,
    query: z.strictObject({
      ...pageQuery,
      /** `unread`: only the unread items. */
      filter: z._default(z.enum(['all', 'unread']), 'all'),
    }),
    success: {
      status: 200,
      description: 'A page of my notifications and my unread count',
      schema: z.object({ ...pageOf(notificationSchema).shape, ...unreadCountShape }),
    },
  }),
  markNotificationRead: defineRoute({
    method: 'POST',
    path: '/me/notifications/{notificationId}/read',
    function: 'notifications-api',
    tag: 'notifications',
    summary: 'Mark one of my notifications read (again is harmless)',
    access: everyone,
    params: z.strictObject({ notificationId: idSchema }),
    success: { status: 200, description: 'The notification, read', schema: notificationSchema },
    errors: [404],
  }),
  markAllNotificationsRead: defineRoute({
    method: 'POST',
    path: '/me/notifications/read-all',
    function: 'notifications-api',
    tag: 'notifications',
    summary: 'Mark all my notifications read',
    access: everyone,
    success: {
      status: 200,
      description: 'How many were marked, and how many are still unread (more than 2,000 take several calls)',
      schema: z.object({ marked: z.number(), ...unreadCountShape }),
    },
  }),
  listMyNotificationSubscriptions: defineRoute({
    method: 'GET',
    path: '/me/notification-subscriptions',
    function: 'notifications-api',
    tag: 'notifications',
    summary: 'The kinds of notice that can reach me as a WeChat subscribe message, and how many one-time subscriptions I have left',
    access: everyone,
    success: { status: 200, description: 'Every kind with a template', schema: z.object({ items: z.array(subscriptionSchema) }) },
  }),
  grantNotificationSubscriptions: defineRoute({
    method: 'POST',
    path: '/me/notification-subscriptions',
    function: 'notifications-api',
    tag: 'notifications',
    summary: 'Record one-time subscriptions I accepted in the mini-program (wx.requestSubscribeMessage); each allows one message',
    access: everyone,
    body: z.strictObject({ kind: kindSchema, count: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(50)), 1) }),
    success: { status: 200, description: 'What I have now for that kind', schema: subscriptionSchema },
  }),
  getWeComRobot: defineRoute({
    method: 'GET',
    path: '/org-units/{unitId}/wecom-robot',
    function: 'notifications-api',
    tag: 'notifications',
    summary: "A grid's WeCom group robot (its key masked)",
    access: ['admin', 'grid_worker'],
    params: z.strictObject({ unitId: idSchema }),
    success: { status: 200, description: 'The robot', schema: weComRobotSchema },
    errors: [404],
  }),
  putWeComRobot: defineRoute({
    method: 'PUT',
    path: '/org-units/{unitId}/wecom-robot',
    function: 'notifications-api',
    tag: 'notifications',
    summary: "Set a grid's WeCom group robot by its webhook key (admins; grid workers for their own grids)",
    access: ['admin', 'grid_worker'],
    params: z.strictObject({ unitId: idSchema }),
    body: z.strictObject({
      /** The `key` of the robot's webhook URL (…/cgi-bin/webhook/send?key=…). Never shown back in full. */
      webhookKey: z.string().check(z.minLength(8), z.maxLength(100), z.regex(/^[A-Za-z0-9_-]+$/)),
    }),
    success: { status: 200, description: 'The robot, its key masked', schema: weComRobotSchema },
    errors: [403, 404],
  }),
  deleteWeComRobot: defineRoute({
    method: 'DELETE',
    path: '/org-units/{unitId}/wecom-robot',
    function: 'notifications-api',
    tag: 'notifications',
    summary: "Remove a grid's WeCom group robot",
    access: ['admin', 'grid_worker'],
    params: z.strictObject({ unitId: idSchema }),
    success: { status: 204, description: 'Removed (or there was none)' },
    errors: [403, 404],
  }),
  listPushDeadLetters: defineRoute({
    method: 'GET',
    path: '/notifications/dead-letters',
    function: 'notifications-api',
    tag: 'notifications',
    summary: 'Pushes that failed every attempt, newest first (city-wide admins)',
    access: ['admin'],
    query: z.strictObject(pageQuery),
    success: { status: 200, description: 'A page of dead letters', schema: pageOf(pushJobSchema) },
  }),
  retryPushDeadLetter: defineRoute({
    method: 'POST',
    path: '/notifications/dead-letters/{jobId}/retry',
    function: 'notifications-api',
    tag: 'notifications',
    summary: 'Give a dead-lettered push a fresh round of attempts, starting now (city-wide admins)',
    access: ['admin'],
    params: z.strictObject({ jobId: idSchema }),
    success: { status: 200, description: 'The push, pending again', schema: pushJobSchema },
    errors: [404, 409],
  }),
};

/**
 * Announcements, served by `functions/http/announcements.ts`: a function of their own, so that the
 * inbox's routes (read on every open of the mini-program) carry neither Powertools idempotency nor
 * this code. The delivery is the `announcement-delivery` consumer (functions/consumers/).
 */
export const announcementRoutes = {
  createAnnouncement: defineRoute({
    method: 'POST',
    path: '/announcements',
    function: 'announcements',
    tag: 'notifications',
    summary:
      "Announce something to an audience (every grid worker) of a unit in my scope, or of the whole city (city-wide admins): written to each person's inbox once, in batches; follow its progress",
    access: ['admin'],
    body: z.strictObject({
      title: text(60),
      body: text(1000),
      /** A unit id in my scope (a grid or above it), or `city` for the whole city (city-wide admins). */
      scope: idSchema,
      audience: z.enum(announcementAudiences),
    }),
    success: { status: 202, description: 'The announcement, sending: its batches follow', schema: announcementSchema },
    errors: [404],
    idempotencyKey: 'optional',
  }),
  getAnnouncement: defineRoute({
    method: 'GET',
    path: '/announcements/{announcementId}',
    function: 'announcements',
    tag: 'notifications',
    summary: "An announcement and its delivery's progress (admins who reach its scope)",
    access: ['admin'],
    params: z.strictObject({ announcementId: idSchema }),
    success: { status: 200, description: 'The announcement', schema: announcementSchema },
    errors: [404],
  }),
};
