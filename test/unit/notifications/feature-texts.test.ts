import { describe, expect, it } from 'vitest';
import { reservationReleased, reservationReminderDue } from '../../../events/stations';
import { shiftReminderDue } from '../../../events/shifts';
import type { EventData, EventDefinition } from '../../../shared/events/define';
import { type Notice, textIn } from '../../../shared/events/notices';
import { notificationRules } from '../../../shared/notifications/catalogue';

/** The notices every rule of the catalogue makes of one event's data. */
async function noticesOf<E extends EventDefinition>(event: E, data: EventData<E>): Promise<Notice[]> {
  const rules = notificationRules.filter((rule) => rule.event.detailType === event.detailType);
  const meta = { id: 'e1', version: 1, occurredAt: '2026-07-01T03:30:00.000Z' };
  return (await Promise.all(rules.map((rule) => rule.notices(data as never, meta)))).flat();
}

// 2026-07-01T04:00Z is 12:00 in Beijing.
const slot = { reservationId: 'r1', userId: 'u1', stationId: 's1', start: '2026-07-01T04:00:00.000Z', end: '2026-07-01T05:00:00.000Z', seats: 2 };

describe('notices of other features in both languages', () => {
  it('reminds of a reservation in Chinese and English, in the city’s local time', async () => {
    // Act
    const [reminder] = await noticesOf(reservationReminderDue, { ...slot, stationName: '庐山驿站' });
    const [released] = await noticesOf(reservationReleased, { ...slot, reason: 'no_show' });
    // Assess
    expect(reminder!.title).toEqual({
      zh: '预约提醒：庐山驿站 7月1日 12:00–13:00（2 个座位），30 分钟后开始',
      en: 'Reservation in 30 minutes: 庐山驿站, 1 Jul 12:00–13:00 (2 seats)',
    });
    expect(textIn(reminder!.body, 'en')).toMatch(/^Please check in on time\./);
    expect(textIn(released!.title, 'en')).toBe('Your seat for 1 Jul 12:00–13:00 was released: nobody checked in on time');
  });

  it('reminds a volunteer of tomorrow’s shift in English with an English date, the place as it was set', async () => {
    // Act
    const [notice] = await noticesOf(shiftReminderDue, {
      shiftId: 'sh1',
      microGridId: 'm1',
      kind: 'day',
      title: '楼栋安全巡查',
      start: '2026-07-01T01:00:00.000Z',
      end: '2026-07-01T03:00:00.000Z',
      location: '3栋门口',
      volunteerIds: ['v1'],
    } as EventData<typeof shiftReminderDue>);
    // Assess
    expect(textIn(notice!.title, 'en')).toBe('Your shift tomorrow: 楼栋安全巡查');
    expect(textIn(notice!.body, 'en')).toBe('When: 1 Jul 09:00–11:00\nWhere: 3栋门口\nCheck in when you arrive; if you cannot come, cancel or ask for a swap soon.');
    expect(textIn(notice!.body, 'zh')).toBe('时间：7月1日 09:00–11:00\n地点：3栋门口\n到岗后请签到；如不能参加，请尽早取消或申请换班。');
  });
});
