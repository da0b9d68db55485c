import {
  shiftCancelled,
  shiftDutiesAssigned,
  shiftSignedUp,
  shiftSwapAccepted,
  shiftSwapDecided,
  shiftSwapProposed,
  shiftReminderDue,
  shiftUnfilled,
  shiftWithdrawn,
} from '../../events/shifts';
import { type NotificationRule, notificationRule } from '../events/notices';
import { clockOf, localDateOf, localMinuteOf, weekdayIndexOf } from '../time/local';

/** "3月8日", or "2027年3月8日" with the year, of a local date. */
const dayOf = (date: string, withYear = false): string => {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return `${withYear ? `${year}年` : ''}${month}月${day}日`;
};

/** The local date of an instant as events carry it (an ISO string). */
const dateOf = (instant: string): string => localDateOf(new Date(instant));

/** "09:00–11:00", in Asia/Shanghai (an end at midnight is 24:00). */
const clocksOf = (start: string, end: string): string =>
  `${clockOf(localMinuteOf(new Date(start)))}–${clockOf(localMinuteOf(new Date(end)) || 1440)}`;

/** "3月8日 09:00–11:00", in Asia/Shanghai, of two instants as events carry them. */
export function whenOf(start: string, end: string): string {
  return `${dayOf(dateOf(start))} ${clocksOf(start, end)}`;
}

const weekdayNames = ['一', '二', '三', '四', '五', '六', '日'] as const;
const weekdayName = (date: string): string => weekdayNames[weekdayIndexOf(date)]!;

/** Up to this many shifts a notice lists one by one; more, and it gives their weekly pattern. */
export const LISTED_SHIFTS = 5;

/**
 * The one notice for the seats a generation gave a member (`shifts.duties-assigned`), in Chinese and
 * Asia/Shanghai time: how many shifts, the first and last date, then each shift ("3月8日（周一）
 * 09:00–11:00") when there are at most {@link LISTED_SHIFTS}, else the weekly pattern ("每周一、三、五
 * 09:00–11:00"). With shifts of several duties, each line names its duty. The count comes first, so
 * that a subscribe message cut to 20 characters still says it.
 */
export function dutiesAssignedText(shifts: readonly { title: string; start: string; end: string }[]): { title: string; body: string } {
  const sorted = [...shifts].sort((a, b) => a.start.localeCompare(b.start));
  const titles = [...new Set(sorted.map((shift) => shift.title))];
  const named = titles.length > 1;
  const what = titles.length > 3 ? `${titles.slice(0, 3).join('、')}等` : titles.join('、');
  if (sorted.length <= 1) {
    const only = sorted[0];
    return {
      title: `网格员已为您安排班次：${what}`,
      body: only ? `时间：${whenOf(only.start, only.end)}\n如不能参加，请尽早取消或申请换班。` : '',
    };
  }
  const first = dateOf(sorted[0]!.start);
  const last = dateOf(sorted.at(-1)!.start);
  const withYear = first.slice(0, 4) !== last.slice(0, 4);
  const span = first === last ? dayOf(first, withYear) : `${dayOf(first, withYear)}至${dayOf(last, withYear)}`;
  const listed = sorted.length <= LISTED_SHIFTS;
  let lines: string[];
  if (listed) {
    lines = sorted.map((shift) => {
      const date = dateOf(shift.start);
      return `${dayOf(date, withYear)}（周${weekdayName(date)}）${clocksOf(shift.start, shift.end)}${named ? ` ${shift.title}` : ''}`;
    });
  } else {
    // One line per duty and time of day, its weekdays Monday first, in order of first appearance.
    const patterns = new Map<string, { prefix: string; clocks: string; days: Set<number> }>();
    for (const shift of sorted) {
      const clocks = clocksOf(shift.start, shift.end);
      const key = JSON.stringify([named ? shift.title : '', clocks]);
      const pattern = patterns.get(key) ?? { prefix: named ? `${shift.title}：` : '', clocks, days: new Set<number>() };
      pattern.days.add(weekdayIndexOf(dateOf(shift.start)));
      patterns.set(key, pattern);
    }
    lines = [...patterns.values()].map(
      ({ prefix, clocks, days }) => `${prefix}每周${[...days].sort((a, b) => a - b).map((day) => weekdayNames[day]).join('、')} ${clocks}`,
    );
  }
  return {
    title: `网格员已为您安排 ${sorted.length} 个班次：${what}`,
    body: `共 ${sorted.length} 个班次，${span}：\n${lines.join('\n')}\n${listed ? '' : '各班次详见“我的班次”。'}如有不能参加的班次，请尽早取消或申请换班。`,
  };
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
    // A seat taken by a shift generation is told with the run's others, by shifts.duties-assigned.
    if (data.via === 'sign_up' || data.generated) return [];
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
  // Its own kind, so its own WeChat template and one-time subscriptions (`wechatSubscribeTemplates`).
  notificationRule(shiftDutiesAssigned, (data) =>
    data.shifts.length === 0
      ? []
      : [
          {
            userIds: [data.userId],
            kind: 'shift.duties-assigned',
            ...dutiesAssignedText(data.shifts),
            subject: { type: 'org-unit', id: data.microGridId },
          },
        ],
  ),
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
