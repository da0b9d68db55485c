import { reservationPromoted, reservationReleased, reservationReminderDue } from '../../events/stations';
import { notificationRule } from '../events/notices';
import { clockOf, localTimeOf } from '../time/local';
import { REMINDER_LEAD_MINUTES } from './reservations/rules';

/** `7月1日 12:00–13:00`, Asia/Shanghai. */
function slotText(start: string, end: string): string {
  const from = localTimeOf(new Date(start));
  const to = localTimeOf(new Date(end));
  const [, month, day] = from.date.split('-').map(Number);
  return `${month}月${day}日 ${clockOf(from.minute)}–${clockOf(to.minute === 0 ? 24 * 60 : to.minute)}`;
}

/** Who hears about reservations. */
export const stationsNotificationRules = [
  /** A seat freed up and the next person on the waitlist got it: they are told, and when to come. */
  notificationRule(reservationPromoted, (data) => [
    {
      userIds: [data.userId],
      kind: 'reservation.promoted',
      title: `候补成功：${data.stationName} ${slotText(data.start, data.end)} 已为您保留${data.seats > 1 ? ` ${data.seats} 个` : ''}座位`,
      body: '请按时到站签到。开始 15 分钟后仍未签到，座位将释放给排队的其他人；不能来请及时取消。',
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
      title: `预约提醒：${data.stationName} ${slotText(data.start, data.end)}${data.seats > 1 ? `（${data.seats} 个座位）` : ''}，${REMINDER_LEAD_MINUTES} 分钟后开始`,
      body: '请按时到站签到。开始 15 分钟后仍未签到，座位将释放给排队的其他人；不能来请及时取消。',
      subject: { type: 'reservation', id: data.reservationId },
    },
  ]),
  /** Nobody checked in 15 minutes after the start: the holder learns why their seat is gone. */
  notificationRule(reservationReleased, (data) => [
    {
      userIds: [data.userId],
      kind: 'reservation.released',
      title: `您预约的 ${slotText(data.start, data.end)} 座位因未按时签到已释放`,
      body: '座位已让给排队的其他人。如仍需休息，可查看附近驿站的空余座位，或重新预约。',
      subject: { type: 'reservation', id: data.reservationId },
    },
  ]),
];
