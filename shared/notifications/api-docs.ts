import { apiDocsOf } from '../http/api-docs';
import { announcementItem, deadPush, notification, pendingAgain, robot, subscription } from './api-examples';
import { notificationSchema, pushJobSchema, subscriptionSchema, weComRobotSchema } from './model';
import { notificationRoutes } from './routes';

/** How many of my items are unread: the same two fields on the inbox and on read-all. */
const unreadCountFields = {
  unreadCount: {
    description: 'How many of my inbox items are unread, counted exactly up to 99; at 99 look at `unreadCountCapped`.',
    example: 3,
  },
  unreadCountCapped: {
    description: '`true` when more than 99 are unread: `unreadCount` stops at 99, so show the badge as “99+”.',
    example: false,
  },
};

/** The words of the notifications feature: the inbox, WeChat subscriptions, grids’ WeCom robots, failed pushes. */
export const notificationDocs = apiDocsOf(notificationRoutes, {
  schemas: [
    [
      notificationSchema,
      {
        name: 'Notification',
        description:
          'An item of a person’s inbox (消息): something that happened that concerns them. Only its owner sees it; it is kept a year. ' +
          'Its title and body are in the caller’s language (`Accept-Language`, else their profile’s) when the notice was written in ' +
          'it, otherwise in Chinese.',
        fields: {
          id: {
            description: 'The inbox item’s id, for `POST /me/notifications/{notificationId}/read`. Ids start with the event’s time, so they sort by time.',
            example: '0mrlgpsg03fa94c0e2b71',
          },
          kind: {
            description:
              'What happened, as a stable machine kind `feature.what-happened` to choose an icon or a page by, e.g. `request.received`, ' +
              '`reservation.promoted`, `shift.cancelled`, `notifications.announcement` (an announcement, 通知公告). New kinds may appear: treat unknown ones as plain text.',
            example: 'request.received',
          },
          title: { description: 'One line: what happened.', example: '您的诉求已提交（占道经营）' },
          body: { description: 'A few lines: what to do next. May be empty; may hold line breaks (`\\n`).', example: '网格员将尽快受理，处理进展会通知您。' },
          subject: 'What the item is about, for the mini-program to open when it is tapped. Absent when there is nothing to open.',
          'subject.type': {
            description:
              'The kind of thing: `request`, `reservation`, `shift`, `shift-swap`, `facility`, `org-unit` or `announcement` (more may come).',
            example: 'request',
          },
          'subject.id': { description: 'Its id: the request’s, the reservation’s…', example: '0mrlgpqwgK4n8ZbQ' },
          createdAt: { description: 'When the event happened (ISO 8601, UTC).', example: '2026-07-15T02:30:00.000Z' },
          readAt: { description: 'When I marked it read (ISO 8601, UTC). Absent while unread.', example: '2026-07-15T01:20:41.000Z' },
        },
        example: notification,
      },
    ],
    [
      subscriptionSchema,
      {
        name: 'NotificationSubscription',
        description:
          'A kind of notice that can also reach me as a WeChat subscribe message (订阅消息), and how many such messages WeChat allows ' +
          'me: each accepted one-time subscription allows one message, and each message sent uses one. With none left the notice ' +
          'still reaches my inbox.',
        fields: {
          kind: { description: 'The notice kind, as `Notification.kind` names it.', example: 'request.received' },
          templateId: {
            description: 'The subscribe-message template to ask me to accept: pass it in `tmplIds` to `wx.requestSubscribeMessage()`.',
            example: 'Qf3nX2kL8mP4rT6vW9yZ1aB5cD7eF0gH2jK4mN6pR8s',
          },
          remaining: { description: 'How many messages of this kind can still be sent to me; 0 when none.', example: 2 },
        },
        example: subscription,
      },
    ],
    [
      weComRobotSchema,
      {
        name: 'WeComRobot',
        description:
          'A grid’s WeCom (企业微信) group robot: it posts short notices about the grid (new requests, overdue ones) to the grid’s ' +
          'group chat. Its webhook key is a secret and is never shown back: only a hint to recognise it.',
        fields: {
          unitId: { description: 'The grid (网格) or micro-grid whose robot it is.', example: 'gulou-hunan-g1' },
          keyHint: {
            description: 'The first and last four characters of the webhook key (`****` for a key of 12 characters or fewer): enough to recognise it, not to use it.',
            example: '3f8e…3b2c',
          },
          updatedAt: { description: 'When the key was last set (ISO 8601, UTC).', example: '2026-07-14T08:00:00.000Z' },
          updatedBy: { description: 'The user id of whoever last set it.', example: '0mkz3f2a0Qw8Lm2x' },
        },
        example: robot,
      },
    ],
    [
      pushJobSchema,
      {
        name: 'PushJob',
        description:
          'A push of a notice to outside the service: a post by a grid’s WeCom robot or a WeChat subscribe message to one person. A ' +
          'failed push is tried six times in all, 1, 2, 4, 8 and 16 minutes apart, then dead-lettered for an admin to look at. ' +
          'Never shows an openid or a webhook key.',
        fields: {
          id: { description: 'The push’s id, for `POST /notifications/dead-letters/{jobId}/retry`.', example: '0mrlgpsg07d41a9c2e5b8f06' },
          channel: '`wecom`: a post by a grid’s WeCom group robot; `wechat`: a WeChat subscribe message to one person.',
          status: '`pending`: waiting for its next attempt; `sent`: delivered; `dead`: every attempt failed (an admin may retry it).',
          kind: { description: 'The notice kind, as `Notification.kind` names it.', example: 'request.submitted' },
          title: { description: 'The notice’s title, as pushed.', example: '新诉求（占道经营）' },
          body: { description: 'The notice’s body, as pushed.', example: '请在 07-15 14:30 前受理。' },
          gridId: { description: 'WeCom pushes: the grid (网格) whose robot posts it. Absent for WeChat pushes.', example: 'gulou-hunan-g1' },
          userId: { description: 'WeChat pushes: the user id of the person it is for. Absent for WeCom pushes.', example: '0mm8hlc80T7hQ2pL' },
          eventId: { description: 'The id of the event the notice came from.', example: '0mrlgpsg0Hq3Zt8M' },
          correlationId: {
            description:
              'The case the push belongs to: the request id (`apigw-requestid`) of the API call that started it, or a schedule run’s id. ' +
              'Quote it to whoever looks into the logs. Absent for pushes from before it was kept.',
            example: 'Ct3x8hq1oAMEbXw=',
          },
          attempts: { description: 'Failed attempts so far (0 to 6); a retry sets it back to 0.', example: 6 },
          lastError: {
            description: 'Why the last attempt failed, in short (a WeCom or WeChat `errcode`, an HTTP status, a timeout). Absent before any failure.',
            example: 'errcode 93000: invalid webhook url',
          },
          createdAt: { description: 'When the push was queued (ISO 8601, UTC).', example: '2026-07-15T02:30:00.000Z' },
          nextAttemptAt: { description: 'While `pending`: when the next attempt is due (ISO 8601, UTC).', example: '2026-07-15T06:00:12.000Z' },
          sentAt: { description: 'When it was delivered (ISO 8601, UTC); absent unless `sent`.', example: '2026-07-15T02:30:02.000Z' },
          deadAt: { description: 'When it was dead-lettered (ISO 8601, UTC); absent unless `dead`.', example: '2026-07-15T03:01:12.000Z' },
        },
        example: deadPush,
      },
    ],
  ],
  operations: {
    listMyNotifications: {
      parameters: { filter: { description: '`all` (the default): every item of my inbox; `unread`: only the unread ones.', example: 'unread' } },
      response: {
        description: 'A page of my inbox, newest first, and how many items are unread (for the badge).',
        fields: { items: 'This page’s items, newest first.', ...unreadCountFields },
        example: { items: [notification, announcementItem], nextCursor: 'eyJwayI6IklOQk9YIzBtbThobGM4MFQ3aFEycEwifQ', unreadCount: 1, unreadCountCapped: false },
      },
    },
    markNotificationRead: {
      parameters: {
        notificationId: { description: 'The inbox item to mark read: its `id`. 404 when it is not in my inbox.', example: '0mrlgpsg03fa94c0e2b71' },
      },
      response: { example: { ...notification, readAt: '2026-07-15T02:41:05.000Z' } },
    },
    markAllNotificationsRead: {
      response: {
        description: 'How many items this call marked read, and how many are still unread.',
        fields: {
          marked: {
            description: 'How many items this call marked read: at most 2,000. When `unreadCount` is not 0 afterwards, call again.',
            example: 3,
          },
          ...unreadCountFields,
        },
        example: { marked: 3, unreadCount: 0, unreadCountCapped: false },
      },
    },
    listMyNotificationSubscriptions: {
      response: {
        description: 'Every kind of notice that has a subscribe-message template, with how many one-time subscriptions I have left for it.',
        fields: { items: 'One per kind with a template, in no particular order; kinds without a template reach the inbox only.' },
        example: { items: [subscription, { kind: 'reservation.promoted', templateId: 'Lp9sD2fG5hJ8kA1zX4cV7bN0mQ3wE6rT9yU2iO5pA8s', remaining: 0 }] },
      },
    },
    grantNotificationSubscriptions: {
      request: {
        description: 'One-time subscriptions the person just accepted in `wx.requestSubscribeMessage()`, for one kind.',
        fields: {
          kind: {
            description:
              'The notice kind whose template was accepted, as `NotificationSubscription.kind` names it. 400 (naming `body.kind`) when the kind has no template.',
            example: 'request.received',
          },
          count: {
            description:
              'How many were accepted (1 to 50; default 1): send only templates WeChat reported as `accept`. They add to what remains.',
            example: 1,
          },
        },
        example: { kind: 'request.received', count: 1 },
      },
      response: { example: subscription },
    },
    getWeComRobot: {
      parameters: {
        unitId: {
          description:
            'The grid (网格) or micro-grid whose robot to show. 404 when it has none or is not yours to manage; 400 when the unit is ' +
            'not a grid or a micro-grid.',
          example: 'gulou-hunan-g1',
        },
      },
      response: { example: robot },
    },
    putWeComRobot: {
      parameters: {
        unitId: {
          description: 'The grid (网格) or micro-grid whose robot to set; a grid worker sets only their own grids’. 400 when the unit is not a grid or a micro-grid.',
          example: 'gulou-hunan-g1',
        },
      },
      request: {
        description: 'The robot’s webhook key; it replaces any key the unit had.',
        fields: {
          webhookKey: {
            description:
              'The `key` of the robot’s webhook URL (`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`), 8 to 100 letters, ' +
              'digits, `-` and `_`. Kept secret: answers show only `keyHint`.',
            example: '3f8e2b1c-5d7a-4e9b-a1c2-7d6e5f4a3b2c',
          },
        },
        example: { webhookKey: '3f8e2b1c-5d7a-4e9b-a1c2-7d6e5f4a3b2c' },
      },
      response: { example: robot },
    },
    deleteWeComRobot: {
      parameters: {
        unitId: {
          description:
            'The grid (网格) or micro-grid whose robot to remove; its group stops hearing from the service. 400 when the unit is not ' +
            'a grid or a micro-grid.',
          example: 'gulou-hunan-g1',
        },
      },
    },
    listPushDeadLetters: {
      response: { example: { items: [deadPush] } },
    },
    retryPushDeadLetter: {
      parameters: {
        jobId: { description: 'The dead-lettered push to try again: its `id`.', example: '0mrlgpsg07d41a9c2e5b8f06' },
      },
      response: {
        example: { ...pendingAgain, status: 'pending', attempts: 0, nextAttemptAt: '2026-07-15T06:00:12.000Z' },
      },
      // `conflict`: the push is not dead-lettered (pending or sent).
      errors: ['conflict'],
    },
  },
});
