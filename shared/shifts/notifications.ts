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
import { type Message, type NotificationRule, type Texts, dayIn, inBoth, notificationRule } from '../events/notices';
import type { Language } from '../http/errors';
import { clockOf, localDateOf, localMinuteOf, weekdayIndexOf } from '../time/local';
import { shiftTexts, weekdayTexts } from './texts';

/** The local date of an instant as events carry it (an ISO string). */
const dateOf = (instant: string): string => localDateOf(new Date(instant));

/** "09:00–11:00", in Asia/Shanghai (an end at midnight is 24:00). */
const clocksOf = (start: string, end: string): string =>
  `${clockOf(localMinuteOf(new Date(start)))}–${clockOf(localMinuteOf(new Date(end)) || 1440)}`;

/** "3月8日 09:00–11:00" (or "8 Mar 09:00–11:00"), in Asia/Shanghai, of two instants as events carry them. */
export function whenOf(start: string, end: string, language: Language = 'zh'): string {
  return `${dayIn(dateOf(start), language)} ${clocksOf(start, end)}`;
}

/** Up to this many shifts a notice lists one by one; more, and it gives their weekly pattern. */
export const LISTED_SHIFTS = 5;

/**
 * The one notice for the seats a generation gave a member (`shifts.duties-assigned`), in `language`
 * (Chinese unless told) and Asia/Shanghai time: how many shifts, the first and last date, then each
 * shift ("3月8日（周一） 09:00–11:00") when there are at most {@link LISTED_SHIFTS}, else the weekly
 * pattern ("每周一、三、五 09:00–11:00"). With shifts of several duties, each line names its duty. The
 * count comes first, so that a subscribe message cut to 20 characters still says it.
 */
export function dutiesAssignedText(
  shifts: readonly { title: string; start: string; end: string }[],
  language: Language = 'zh',
): { title: string; body: string } {
  const say = <P>(message: Message<P>, params: P) => message[language](params);
  const sorted = [...shifts].sort((a, b) => a.start.localeCompare(b.start));
  const titles = [...new Set(sorted.map((shift) => shift.title))];
  const named = titles.length > 1;
  const what = say(shiftTexts.titles, { titles: titles.slice(0, 3), more: titles.length > 3 });
  if (sorted.length <= 1) {
    const only = sorted[0];
    return {
      title: say(shiftTexts.dutiesOneTitle, { what }),
      body: only ? say(shiftTexts.dutiesOneBody, { when: whenOf(only.start, only.end, language) }) : '',
    };
  }
  const first = dateOf(sorted[0]!.start);
  const last = dateOf(sorted.at(-1)!.start);
  const withYear = first.slice(0, 4) !== last.slice(0, 4);
  const span =
    first === last
      ? dayIn(first, language, withYear)
      : say(shiftTexts.span, { first: dayIn(first, language, withYear), last: dayIn(last, language, withYear) });
  const listed = sorted.length <= LISTED_SHIFTS;
  const weekdays = weekdayTexts[language];
  let lines: string[];
  if (listed) {
    lines = sorted.map((shift) => {
      const date = dateOf(shift.start);
      const line = say(shiftTexts.listedShift, { day: dayIn(date, language, withYear), weekday: weekdays[weekdayIndexOf(date)]!, clocks: clocksOf(shift.start, shift.end) });
      return `${line}${named ? ` ${shift.title}` : ''}`;
    });
  } else {
    // One line per duty and time of day, its weekdays Monday first, in order of first appearance.
    const patterns = new Map<string, { prefix: string; clocks: string; days: Set<number> }>();
    for (const shift of sorted) {
      const clocks = clocksOf(shift.start, shift.end);
      const key = JSON.stringify([named ? shift.title : '', clocks]);
      const pattern = patterns.get(key) ?? { prefix: named ? `${shift.title}${language === 'en' ? ': ' : '：'}` : '', clocks, days: new Set<number>() };
      pattern.days.add(weekdayIndexOf(dateOf(shift.start)));
      patterns.set(key, pattern);
    }
    lines = [...patterns.values()].map(
      ({ prefix, clocks, days }) => `${prefix}${say(shiftTexts.weekly, { weekdays: [...days].sort((a, b) => a - b).map((day) => weekdays[day]!), clocks })}`,
    );
  }
  return {
    title: say(shiftTexts.dutiesTitle, { count: sorted.length, what }),
    body: say(shiftTexts.dutiesBody, { count: sorted.length, span, lines: lines.join('\n'), listed }),
  };
}

const subject = (shiftId: string) => ({ type: 'shift', id: shiftId });

/** The generation notice in both languages, as the rule writes it. */
export function dutiesAssignedTexts(shifts: readonly { title: string; start: string; end: string }[]): { title: Texts; body: Texts } {
  const zh = dutiesAssignedText(shifts, 'zh');
  const en = dutiesAssignedText(shifts, 'en');
  return { title: { zh: zh.title, en: en.title }, body: { zh: zh.body, en: en.body } };
}

/** A message that says a shift's time, in both languages: each says the time its own way. */
function bothWhen<P>(shift: { start: string; end: string }, params: (when: string) => P, message: Message<P>): Texts {
  return { zh: message.zh(params(whenOf(shift.start, shift.end, 'zh'))), en: message.en(params(whenOf(shift.start, shift.end, 'en'))) };
}

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
      title: inBoth(shiftTexts.reminderTitle, { kind: data.kind, title: data.title }),
      body: bothWhen(data, (when) => ({
        when,
        ...(data.location ? { location: data.location } : {}),
        ...(data.stationId ? { stationId: data.stationId } : {}),
      }), shiftTexts.reminderBody),
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
            title: inBoth(shiftTexts.unfilledTitle, { title: data.title, missing: data.missing }),
            body: bothWhen(data, (when) => ({ when, signedUp: data.signedUp, headcount: data.headcount }), shiftTexts.unfilledBody),
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
            title: inBoth(shiftTexts.cancelledTitle, { title: data.title }),
            body: bothWhen(data, (when) => ({ when, ...(data.reason ? { reason: data.reason } : {}) }), shiftTexts.cancelledBody),
            subject: subject(data.shiftId),
          },
        ];
  }),
  notificationRule(shiftSignedUp, (data) => {
    // A seat taken by a shift generation is told with the run's others, by shifts.duties-assigned.
    if (data.via === 'sign_up' || data.generated) return [];
    const via = data.via;
    return [
      {
        userIds: [data.userId],
        kind: `shift.${data.via}`,
        title: inBoth(shiftTexts.seatTitle, { via, title: data.title }),
        body: bothWhen(data, (when) => ({ when }), shiftTexts.seatBody),
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
            ...dutiesAssignedTexts(data.shifts),
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
            title: inBoth(shiftTexts.removedTitle, { title: data.title }),
            body: bothWhen(data, (when) => ({ when }), shiftTexts.removedBody),
            subject: subject(data.shiftId),
          },
        ],
  ),
  notificationRule(shiftSwapProposed, (data) => [
    {
      userIds: [data.toUserId],
      kind: 'shift.swap-proposed',
      title: inBoth(shiftTexts.swapProposedTitle, { title: data.title }),
      body: { zh: shiftTexts.swapProposedBody.zh({ start: whenOf(data.start, data.start, 'zh') }), en: shiftTexts.swapProposedBody.en({ start: whenOf(data.start, data.start, 'en') }) },
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
            title: inBoth(shiftTexts.swapAcceptedTitle, { title: data.title }),
            body: inBoth(shiftTexts.swapAcceptedBody, { from: data.fromUserId, to: data.toUserId }),
            subject: { type: 'shift-swap', id: data.swapId },
          },
        ],
  ),
  notificationRule(shiftSwapDecided, (data) => {
    return [
      {
        userIds: [...new Set([data.fromUserId, data.toUserId])].filter((userId) => userId !== data.decidedBy),
        kind: `shift.swap-${data.status}`,
        title: inBoth(shiftTexts.swapDecidedTitle, { status: data.status, title: data.title }),
        body: inBoth(shiftTexts.swapDecidedBody, data.failure ? { failure: data.failure } : {}),
        subject: { type: 'shift-swap', id: data.swapId },
      },
    ];
  }),
];
