import { describe, expect, it } from 'vitest';
import type { EventMeta } from '../../../shared/events/define';
import { type Notice, inBoth, textIn } from '../../../shared/events/notices';
import type { PendingEvent } from '../../../shared/events/outbox';
import { announceSubmission, announceTransition } from '../../../shared/requests/announcements';
import { planTransition } from '../../../shared/requests/lifecycle';
import type { Request, TimelineEntry } from '../../../shared/requests/model';
import { requestsNotificationRules } from '../../../shared/requests/notifications';
import { categoryLabel, sayNote } from '../../../shared/requests/texts';
import { timelineIn } from '../../../shared/requests/timeline';
import { NOW, after, category, submitted, worker } from './fixtures';

/** The notices the request rules make of one pending event. */
async function noticesOf(event: PendingEvent): Promise<Notice[]> {
  const { data } = JSON.parse(event.detail) as { data: never };
  const meta: EventMeta = { id: 'event-1', version: 1, occurredAt: NOW.toISOString() };
  const rules = requestsNotificationRules.filter((rule) => rule.event.detailType === event.detailType);
  return (await Promise.all(rules.map((rule) => rule.notices(data, meta)))).flat();
}

/** A request of a category that has an English name. */
const bilingual = (): Request => ({ ...submitted(), categoryNameEn: 'Public facility repair' });

describe('timeline notes in the reader’s language', () => {
  it('keeps the words the service writes as a code and parameters, and says them in Chinese or English', () => {
    // Prepare
    const request = planTransition(bilingual(), { action: 'accept' }, worker, after(1)).request;
    // Act
    const escalated = planTransition(request, { action: 'escalate', department: 'urban_management', note: '需要城管协助' }, worker, after(2));
    // Assess
    expect(escalated.entry).toMatchObject({ noteCode: 'escalated', noteParams: { department: 'urban_management' }, note: '需要城管协助' });
    expect(timelineIn([escalated.entry], 'zh')[0]!.note).toBe('转交城管：需要城管协助');
    expect(timelineIn([escalated.entry], 'en')[0]!.note).toBe('Passed to urban management: 需要城管协助');
    expect(timelineIn(request.timeline, 'en')[0]!.note).toBe('Routed to grid grid-a, grid worker worker-a');
    expect(timelineIn(request.timeline, 'zh')[0]!.note).toBe('分派至网格 grid-a，网格员 worker-a');
  });

  it('shows a step stored before notes had codes as it was written, whatever the reader’s language', () => {
    // Prepare
    const legacy: TimelineEntry = {
      version: 2,
      at: NOW.toISOString(),
      actorId: 'system',
      actorRole: 'system',
      action: 'overdue',
      from: 'submitted',
      to: 'submitted',
      note: '超过受理时限（2026-08-10T06:00:00.000Z），已上报社区',
    };
    // Act
    const [shown] = timelineIn([legacy], 'en');
    // Assess
    expect(shown).toEqual(legacy);
  });

  it('shows only what a person wrote when a step’s code is one the catalogue does not know', () => {
    // Act
    const unknown = sayNote('no-such-code', {}, '已处理', 'en');
    const inherited = sayNote('toString', {}, undefined, 'en');
    // Assess
    expect(unknown).toBe('已处理');
    expect(inherited).toBeUndefined();
  });

  it('says the system’s overdue and automatic-close notes in the city’s local time in both languages', () => {
    // Act
    const overdue = (language: 'zh' | 'en') => sayNote('overdue', { deadline: 'accept', dueAt: '2026-08-17T03:00:00.000Z', level: '1' }, undefined, language);
    const closed = (language: 'zh' | 'en') => sayNote('auto-closed', { confirmDueAt: '2026-08-17T03:00:00.000Z' }, undefined, language);
    // Assess: 03:00Z is 11:00 in Beijing.
    expect(overdue('zh')).toBe('超过受理时限（08-17 11:00），已上报社区');
    expect(overdue('en')).toBe('Past the deadline to accept (08-17 11:00): escalated to the community');
    expect(closed('zh')).toContain('系统自动关闭');
    expect(closed('en')).toBe('The resident neither confirmed nor asked for more work by 08-17 11:00: closed by the system, unrated');
  });
});

describe('category labels', () => {
  it('gives the English name to English readers, and the Chinese name otherwise or when there is no English one', () => {
    // Act
    const labels = [
      categoryLabel({ name: '设施维修', nameEn: 'Public facility repair' }, 'en'),
      categoryLabel({ name: '设施维修', nameEn: 'Public facility repair' }, 'zh'),
      categoryLabel({ name: '设施维修' }, 'en'),
      categoryLabel({ name: category.name, nameEn: '' }, 'en'),
    ];
    // Assess
    expect(labels).toEqual(['Public facility repair', '设施维修', '设施维修', '设施维修']);
  });
});

describe('request notices in both languages', () => {
  it('writes the submission’s notices in Chinese and English, naming the category in each, and the group post in Chinese', async () => {
    // Prepare
    const [event] = announceSubmission(bilingual());
    // Act
    const [toWorker, receipt] = await noticesOf(event!);
    // Assess
    expect(toWorker!.title).toEqual({ zh: '新诉求（设施维修）：路灯坏了', en: 'New request (Public facility repair): 路灯坏了' });
    expect(textIn(toWorker!.body, 'en')).toMatch(/^Please accept it by 08-10 14:00\.$/);
    expect(toWorker!.group!.headline).toBe('新诉求（设施维修）');
    expect(toWorker!.group!.action).toBe(textIn(toWorker!.body, 'zh'));
    expect(receipt!.title).toEqual({ zh: '您的诉求已提交（设施维修）', en: 'Request submitted (Public facility repair)' });
  });

  it('names a category without an English name in Chinese in the English text', async () => {
    // Prepare
    const request = submitted();
    const accepted = planTransition(request, { action: 'accept', note: '马上来' }, worker, after(1));
    const [event] = announceTransition(request, accepted, worker);
    // Act
    const [toResident] = await noticesOf(event!);
    // Assess
    expect(toResident!.title).toEqual({ zh: '您的诉求已受理（设施维修）', en: 'Request accepted (设施维修)' });
    expect(toResident!.body).toBe('马上来');
  });
});

describe('texts of a notice', () => {
  it('says a message in both languages from the same parameters, and shows a Chinese-only text to everyone', () => {
    // Prepare
    const message = { zh: (p: { n: number }) => `共${p.n}条`, en: (p: { n: number }) => `${p.n} in all` };
    // Act
    const both = inBoth(message, { n: 3 });
    // Assess
    expect(both).toEqual({ zh: '共3条', en: '3 in all' });
    expect(textIn(both, 'en')).toBe('3 in all');
    expect(textIn('只有中文', 'en')).toBe('只有中文');
  });
});
