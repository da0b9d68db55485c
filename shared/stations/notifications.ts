import { reservationPromoted, reservationReleased, reservationReminderDue } from '../../events/stations';
import { type Message, dayIn, inBoth, notificationRule } from '../events/notices';
import type { Language } from '../http/errors';
import { clockOf, localTimeOf } from '../time/local';
import { REMINDER_LEAD_MINUTES } from './reservations/rules';

/** `7月1日 12:00–13:00` (or `1 Jul 12:00–13:00`), Asia/Shanghai. */
function slotText(start: string, end: string, language: Language = 'zh'): string {
  const from = localTimeOf(new Date(start));
  const to = localTimeOf(new Date(end));
  return `${dayIn(from.date, language)} ${clockOf(from.minute)}–${clockOf(to.minute === 0 ? 24 * 60 : to.minute)}`;
}

type Slot = { stationName?: string; start: string; end: string; seats?: number };

/**
 * What the stations feature tells people about reservations, in Chinese (the default) and English:
 * one catalogue of plain objects, no i18n library; station names are shown as they were set.
 */
const stationTexts = {
  promotedTitle: {
    zh: (p: Slot) => `候补成功：${p.stationName} ${slotText(p.start, p.end)} 已为您保留${(p.seats ?? 1) > 1 ? ` ${p.seats} 个` : ''}座位`,
    en: (p: Slot) => `Off the waitlist: ${(p.seats ?? 1) > 1 ? `${p.seats} seats` : 'a seat'} kept for you at ${p.stationName}, ${slotText(p.start, p.end, 'en')}`,
  },
  reminderTitle: {
    zh: (p: Slot) => `预约提醒：${p.stationName} ${slotText(p.start, p.end)}${(p.seats ?? 1) > 1 ? `（${p.seats} 个座位）` : ''}，${REMINDER_LEAD_MINUTES} 分钟后开始`,
    en: (p: Slot) => `Reservation in ${REMINDER_LEAD_MINUTES} minutes: ${p.stationName}, ${slotText(p.start, p.end, 'en')}${(p.seats ?? 1) > 1 ? ` (${p.seats} seats)` : ''}`,
  },
  comeOnTime: {
    zh: () => '请按时到站签到。开始 15 分钟后仍未签到，座位将释放给排队的其他人；不能来请及时取消。',
    en: () => 'Please check in on time. A seat nobody checks in to 15 minutes after the start goes to the next in line; if you cannot come, cancel in time.',
  },
  releasedTitle: {
    zh: (p: Slot) => `您预约的 ${slotText(p.start, p.end)} 座位因未按时签到已释放`,
    en: (p: Slot) => `Your seat for ${slotText(p.start, p.end, 'en')} was released: nobody checked in on time`,
  },
  releasedBody: {
    zh: () => '座位已让给排队的其他人。如仍需休息，可查看附近驿站的空余座位，或重新预约。',
    en: () => 'It went to the next in line. For a rest, look for free seats at stations nearby, or reserve again.',
  },
} satisfies Record<string, Message<never>>;

/** Who hears about reservations. */
export const stationsNotificationRules = [
  /** A seat freed up and the next person on the waitlist got it: they are told, and when to come. */
  notificationRule(reservationPromoted, (data) => [
    {
      userIds: [data.userId],
      kind: 'reservation.promoted',
      title: inBoth(stationTexts.promotedTitle, data),
      body: inBoth(stationTexts.comeOnTime, {}),
      subject: { type: 'reservation', id: data.reservationId },
    },
  ]),
  /**
   * Half an hour before the slot: the holder is reminded, once (the sweep marks it sent on the record).
   * Inbox always; a WeChat subscribe message too wherever the environment maps this kind to a template.
   */
  notificationRule(reservationReminderDue, (data) => [
    {
      userIds: [data.userId],
      kind: 'reservation.reminder',
      title: inBoth(stationTexts.reminderTitle, data),
      body: inBoth(stationTexts.comeOnTime, {}),
      subject: { type: 'reservation', id: data.reservationId },
    },
  ]),
  /** Nobody checked in 15 minutes after the start: the holder learns why their seat is gone. */
  notificationRule(reservationReleased, (data) => [
    {
      userIds: [data.userId],
      kind: 'reservation.released',
      title: inBoth(stationTexts.releasedTitle, data),
      body: inBoth(stationTexts.releasedBody, {}),
      subject: { type: 'reservation', id: data.reservationId },
    },
  ]),
];
