import {
  shiftCancelled,
  shiftSignedUp,
  shiftSwapAccepted,
  shiftSwapDecided,
  shiftSwapProposed,
  shiftReminderDue,
  shiftUnfilled,
  shiftWithdrawn,
} from '../../events/shifts';
import { type NotificationRule, notificationRule } from '../notifications/rules';
import { clockOf, localDateOf, localMinuteOf } from './time';

/** "3月8日 09:00–11:00", in Asia/Shanghai. */
export function whenOf(start: string, end: string): string {
  const [, month, day] = localDateOf(start).split('-').map(Number) as [number, number, number];
  return `${month}月${day}日 ${clockOf(localMinuteOf(start))}–${clockOf(localMinuteOf(end) || 1440)}`;
}

const subject = (shiftId: string) => ({ type: 'shift', id: shiftId });

/**
 * Who hears about shifts. Reminders go to the volunteers on the shift, the unfilled alert and swap
 * approvals to the micro-grid's grid worker(s), seat changes someone else made to the person
 * concerned. Every rule reads only its event's data: the events carry who to tell.
 */
export const shiftNotificationRules: readonly NotificationRule[] = [
  notificationRule(shiftReminderDue, (data) => [
    {
      userIds: data.volunteerIds,
      kind: `shift.reminder-${data.kind}`,
      title: data.kind === 'day' ? `明天值班提醒：${data.title}` : `值班一小时后开始：${data.title}`,
      body: `时间：${whenOf(data.start, data.end)}${data.location ? `\n地点：${data.location}` : ''}${
        data.stationId ? `\n驿站：${data.stationId}` : ''
      }\n到岗后请签到；如不能参加，请尽早取消或申请换班。`,
      subject: subject(data.shiftId),
    },
  ]),
  notificationRule(shiftUnfilled, (data) =>
    data.gridWorkerIds.length === 0
      ? []
      : [
          {
            userIds: data.gridWorkerIds,
            kind: 'shift.unfilled',
            title: `班次缺人：${data.title}（还差 ${data.missing} 人）`,
            body: `时间：${whenOf(data.start, data.end)}\n已报名 ${data.signedUp}/${data.headcount} 人。可在排班页查看推荐人选并直接指派。`,
            subject: subject(data.shiftId),
          },
        ],
  ),
  notificationRule(shiftCancelled, (data) => {
    const people = [...new Set([...data.volunteerIds, ...data.waitlist])];
    return people.length === 0
      ? []
      : [
          {
            userIds: people,
            kind: 'shift.cancelled',
            title: `班次已取消：${data.title}`,
            body: `时间：${whenOf(data.start, data.end)}${data.reason ? `\n原因：${data.reason}` : ''}\n这段时间已为您空出。`,
            subject: subject(data.shiftId),
          },
        ];
  }),
  notificationRule(shiftSignedUp, (data) => {
    if (data.via === 'sign_up') return [];
    const how = { promoted: '您已从候补转为正式报名', assigned: '网格员已为您安排班次', swap: '换班已通过，您已接手该班次' }[data.via];
    return [
      {
        userIds: [data.userId],
        kind: `shift.${data.via}`,
        title: `${how}：${data.title}`,
        body: `时间：${whenOf(data.start, data.end)}\n如不能参加，请尽早取消。`,
        subject: subject(data.shiftId),
      },
    ];
  }),
  notificationRule(shiftWithdrawn, (data) =>
    data.by === data.userId || data.by === 'waitlist'
      ? []
      : [
          {
            userIds: [data.userId],
            kind: 'shift.removed',
            title: `您已不在班次中：${data.title}`,
            body: `时间：${whenOf(data.start, data.end)}\n网格员调整了排班，或换班已生效。`,
            subject: subject(data.shiftId),
          },
        ],
  ),
  notificationRule(shiftSwapProposed, (data) => [
    {
      userIds: [data.toUserId],
      kind: 'shift.swap-proposed',
      title: `换班请求：${data.title}`,
      body: `有微网格员请您接替 ${whenOf(data.start, data.start)} 开始的班次。同意后还需网格员审批。`,
      subject: { type: 'shift-swap', id: data.swapId },
    },
  ]),
  notificationRule(shiftSwapAccepted, (data) =>
    data.gridWorkerIds.length === 0
      ? []
      : [
          {
            userIds: data.gridWorkerIds,
            kind: 'shift.swap-accepted',
            title: `换班待审批：${data.title}`,
            body: `${data.fromUserId} → ${data.toUserId}，请审批。`,
            subject: { type: 'shift-swap', id: data.swapId },
          },
        ],
  ),
  notificationRule(shiftSwapDecided, (data) => {
    const outcome = { done: '已完成', declined: '被对方拒绝', rejected: '未获网格员批准', cancelled: '已撤回', failed: '未能执行' }[data.status];
    return [
      {
        userIds: [...new Set([data.fromUserId, data.toUserId])].filter((userId) => userId !== data.decidedBy),
        kind: `shift.swap-${data.status}`,
        title: `换班${outcome}：${data.title}`,
        body: data.failure ? `原因：${data.failure}` : '详情见排班页。',
        subject: { type: 'shift-swap', id: data.swapId },
      },
    ];
  }),
];
