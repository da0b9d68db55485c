import { describe, expect, it } from 'vitest';
import { shiftDutiesAssigned, shiftSignedUp } from '../../../events/shifts';
import type { EventData, EventDefinition } from '../../../shared/events/define';
import { dutiesAssignedText, dutiesAssignedTexts, shiftNotificationRules } from '../../../shared/shifts/notifications';
import { addDays, instantAt } from '../../../shared/time/local';

const at = (date: string, clock: string) => instantAt(date, Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3))).toISOString();
/** A shift on a local date (Asia/Shanghai), 09:00–11:00 unless told. */
const shiftOn = (date: string, start = '09:00', end = '11:00', title = '楼栋安全巡查') => ({ title, start: at(date, start), end: at(date, end) });
const MONDAY = '2027-03-08';

/** What the notifications consumer makes of an event's data. */
const noticesOf = <E extends EventDefinition>(event: E, data: EventData<E>) => {
  const rule = shiftNotificationRules.find((candidate) => candidate.event.detailType === event.detailType)!;
  return rule.notices(data as never, { id: 'e1', version: 1, occurredAt: '2027-03-01T00:00:00.000Z' });
};

describe('the notice of the seats a generation gave a member', () => {
  it('lists up to five shifts one by one, with their weekday, local times, and the first and last date', () => {
    // Act
    const text = dutiesAssignedText([shiftOn(addDays(MONDAY, 4)), shiftOn(MONDAY), shiftOn(addDays(MONDAY, 2))]);
    // Assess
    expect(text).toEqual({
      title: '网格员已为您安排 3 个班次：楼栋安全巡查',
      body: [
        '共 3 个班次，3月8日至3月12日：',
        '3月8日（周一）09:00–11:00',
        '3月10日（周三）09:00–11:00',
        '3月12日（周五）09:00–11:00',
        '如有不能参加的班次，请尽早取消或申请换班。',
      ].join('\n'),
    });
  });

  it('gives the weekly pattern of more than five shifts: eight weeks of Mondays, Wednesdays and Fridays in one line', () => {
    // Prepare
    const shifts = Array.from({ length: 8 }, (_, week) => [0, 2, 4].map((day) => shiftOn(addDays(MONDAY, week * 7 + day)))).flat();
    // Act
    const text = dutiesAssignedText(shifts);
    // Assess
    expect(text).toEqual({
      title: '网格员已为您安排 24 个班次：楼栋安全巡查',
      body: ['共 24 个班次，3月8日至4月30日：', '每周一、三、五 09:00–11:00', '各班次详见“我的班次”。如有不能参加的班次，请尽早取消或申请换班。'].join(
        '\n',
      ),
    });
  });

  it('names the duty on each line when the shifts come from several, one pattern line per duty and time of day', () => {
    // Prepare: three weeks of Monday patrols, and Tuesday and Thursday afternoons at the station until midnight.
    const shifts = Array.from({ length: 3 }, (_, week) => [
      shiftOn(addDays(MONDAY, week * 7)),
      shiftOn(addDays(MONDAY, week * 7 + 3), '14:00', '24:00', '驿站值守'),
      shiftOn(addDays(MONDAY, week * 7 + 1), '14:00', '24:00', '驿站值守'),
    ]).flat();
    // Act
    const text = dutiesAssignedText(shifts);
    // Assess
    expect(text.title).toBe('网格员已为您安排 9 个班次：楼栋安全巡查、驿站值守');
    expect(text.body.split('\n').slice(0, 3)).toEqual(['共 9 个班次，3月8日至3月25日：', '楼栋安全巡查：每周一 09:00–11:00', '驿站值守：每周二、四 14:00–24:00']);
  });

  it('shows the year when the shifts run into the next one', () => {
    // Act
    const text = dutiesAssignedText([shiftOn('2027-12-31'), shiftOn('2028-01-03')]);
    // Assess
    expect(text.body.split('\n').slice(0, 3)).toEqual([
      '共 2 个班次，2027年12月31日至2028年1月3日：',
      '2027年12月31日（周五）09:00–11:00',
      '2028年1月3日（周一）09:00–11:00',
    ]);
  });

  it('says the same in English, with English dates and weekdays, for a member who reads English', () => {
    // Act
    const text = dutiesAssignedText([shiftOn(addDays(MONDAY, 4)), shiftOn(MONDAY), shiftOn(addDays(MONDAY, 2))], 'en');
    // Assess
    expect(text).toEqual({
      title: '3 shifts given to you: 楼栋安全巡查',
      body: [
        '3 shifts, 8 Mar to 12 Mar:',
        '8 Mar (Mon) 09:00–11:00',
        '10 Mar (Wed) 09:00–11:00',
        '12 Mar (Fri) 09:00–11:00',
        'If you cannot come to one, cancel it or ask for a swap soon.',
      ].join('\n'),
    });
  });

  it('says a single shift as the per-shift notice does', () => {
    // Act
    const text = dutiesAssignedText([shiftOn(MONDAY)]);
    // Assess
    expect(text).toEqual({ title: '网格员已为您安排班次：楼栋安全巡查', body: '时间：3月8日 09:00–11:00\n如不能参加，请尽早取消或申请换班。' });
  });
});

describe('who hears about seats', () => {
  const facts = { shiftId: 's1', microGridId: 'm1', title: '楼栋安全巡查', start: at(MONDAY, '09:00'), end: at(MONDAY, '11:00') };

  it('tells the member of a direct assignment by the grid worker, for that shift', async () => {
    // Act
    const notices = await noticesOf(shiftSignedUp, { ...facts, userId: 'v1', via: 'assigned', by: 'gw' });
    // Assess
    expect(notices).toEqual([
      {
        userIds: ['v1'],
        kind: 'shift.assigned',
        title: { zh: '网格员已为您安排班次：楼栋安全巡查', en: 'Your grid worker gave you a shift: 楼栋安全巡查' },
        body: { zh: '时间：3月8日 09:00–11:00\n如不能参加，请尽早取消。', en: 'When: 8 Mar 09:00–11:00\nIf you cannot come, cancel soon.' },
        subject: { type: 'shift', id: 's1' },
      },
    ]);
  });

  it('tells nobody of a seat a generation took: the run’s one notice does', async () => {
    // Act
    const notices = await noticesOf(shiftSignedUp, { ...facts, userId: 'v1', via: 'assigned', by: 'gw', generated: true });
    // Assess
    expect(notices).toEqual([]);
  });

  it('turns a generation run’s notice into one notice to the member, about the micro-grid', async () => {
    // Prepare
    const shifts = [0, 2, 4].map((day) => ({ shiftId: `s${day}`, dutyId: 'd1', ...shiftOn(addDays(MONDAY, day)) }));
    // Act
    const notices = await noticesOf(shiftDutiesAssigned, { microGridId: 'm1', userId: 'v1', dutyIds: ['d1'], shifts, by: 'gw' });
    // Assess
    expect(notices).toEqual([
      { userIds: ['v1'], kind: 'shift.duties-assigned', ...dutiesAssignedTexts(shifts), subject: { type: 'org-unit', id: 'm1' } },
    ]);
  });
});
