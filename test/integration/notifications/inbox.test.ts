import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it, vi } from 'vitest';
import { documents } from '../../../shared/aws/clients';
import type { EventMeta } from '../../../shared/events/define';
import { newId } from '../../../shared/ids';
import { fanOut } from '../../../shared/notifications/fanout';
import { notificationIdOf } from '../../../shared/notifications/ids';
import * as inbox from '../../../shared/notifications/inbox';
import type { Notice } from '../../../shared/events/notices';
import { useEngine } from '../../support/engine';

useEngine();

const meta = (occurredAt = new Date().toISOString()): EventMeta => ({ id: newId(), version: 1, occurredAt });
const notice = (userIds: string[], title = '你已加入庐山社区第1网格'): Notice => ({
  userIds,
  kind: 'organisation.member-added',
  title,
  body: '你在庐山社区第1网格的身份是微网格员。',
  subject: { type: 'org-unit', id: 'lushan-g1' },
});
const page = { limit: 20 };

describe('the inbox', () => {
  it('writes one inbox item per person when the same event is fanned out twice', async () => {
    // Prepare
    const event = meta();
    // Act
    const first = await fanOut([notice(['ann', 'bo'])], event, new Date());
    const again = await fanOut([notice(['ann', 'bo'])], event, new Date());
    const anns = await inbox.listNotifications('ann', page, { unreadOnly: false, now: new Date() });
    const bos = await inbox.listNotifications('bo', page, { unreadOnly: false, now: new Date() });
    // Assess
    expect(first.inboxItems).toBe(2);
    expect(again.inboxItems).toBe(0);
    expect(anns.items).toHaveLength(1);
    expect(bos.items).toHaveLength(1);
    expect(anns.items[0]).toMatchObject({ kind: 'organisation.member-added', title: '你已加入庐山社区第1网格' });
    expect(anns.items[0]!.readAt).toBeUndefined();
  });

  it('counts what is unread: reading one, reading it again, then reading all', async () => {
    // Prepare
    for (let n = 0; n < 3; n += 1) await fanOut([notice(['cy'], `通知 ${n}`)], meta(), new Date());
    const [newest] = (await inbox.listNotifications('cy', page, { unreadOnly: false, now: new Date() })).items;
    // Act
    const before = await inbox.countUnread('cy', new Date());
    const read = await inbox.markNotificationRead('cy', newest!.id, new Date());
    const afterOne = await inbox.countUnread('cy', new Date());
    const readAgain = await inbox.markNotificationRead('cy', newest!.id, new Date(Date.now() + 60_000));
    const afterAgain = await inbox.countUnread('cy', new Date());
    const unreadList = await inbox.listNotifications('cy', page, { unreadOnly: true, now: new Date() });
    const marked = await inbox.markAllNotificationsRead('cy', new Date());
    const afterAll = await inbox.countUnread('cy', new Date());
    const markedAgain = await inbox.markAllNotificationsRead('cy', new Date());
    // Assess
    expect(before).toBe(3);
    expect(read?.readAt).toBeDefined();
    expect(afterOne).toBe(2);
    expect(readAgain?.readAt).toBe(read?.readAt);
    expect(afterAgain).toBe(2);
    expect(unreadList.items.map((n) => n.id)).not.toContain(newest!.id);
    expect(unreadList.items).toHaveLength(2);
    expect([marked, afterAll, markedAgain]).toEqual([2, 0, 0]);
  });

  it("does not find someone else's notification, and leaves it unread", async () => {
    // Prepare
    await fanOut([notice(['dee'])], meta(), new Date());
    const [theirs] = (await inbox.listNotifications('dee', page, { unreadOnly: false, now: new Date() })).items;
    // Act
    const byOther = await inbox.markNotificationRead('eve', theirs!.id, new Date());
    // Assess
    expect(byOther).toBeUndefined();
    expect(await inbox.countUnread('dee', new Date())).toBe(1);
  });

  it('lists newest first, a page at a time', async () => {
    // Prepare
    const base = Date.parse('2026-08-01T00:00:00.000Z');
    for (let n = 0; n < 5; n += 1) {
      await fanOut([notice(['fay'], `通知 ${n}`)], meta(new Date(base + n * 60_000).toISOString()), new Date());
    }
    // Act
    const first = await inbox.listNotifications('fay', { limit: 2 }, { unreadOnly: false, now: new Date(base) });
    const second = await inbox.listNotifications('fay', { limit: 2, cursor: first.nextCursor! }, { unreadOnly: false, now: new Date(base) });
    // Assess
    expect(first.items.map((n) => n.title)).toEqual(['通知 4', '通知 3']);
    expect(second.items.map((n) => n.title)).toEqual(['通知 2', '通知 1']);
  });

  it('leaves out items past their expiry, in the list and in the count', async () => {
    // Prepare: an event from two years ago; inbox items are kept a year.
    await fanOut([notice(['gus'])], meta(new Date(Date.now() - 2 * 365 * 24 * 3600_000).toISOString()), new Date());
    // Act
    const listed = await inbox.listNotifications('gus', page, { unreadOnly: false, now: new Date() });
    const unread = await inbox.countUnread('gus', new Date());
    // Assess
    expect(listed.items).toEqual([]);
    expect(unread).toBe(0);
  });

  it('counts the unread with one bounded read however full the inbox is: exact up to 99, then "99+"', async () => {
    // Prepare: 150 unread items for one person, and 99 unread beside 5 unread ones past their expiry for another.
    const base = Date.now() - 24 * 3600_000;
    const put = (userId: string, at: number, n: number) =>
      inbox.putNotification(userId, {
        id: notificationIdOf(new Date(at).toISOString(), `event-${userId}-${n}`, 'organisation.member-added'),
        kind: 'organisation.member-added',
        title: `通知 ${n}`,
        body: '',
        createdAt: new Date(at).toISOString(),
      });
    await Promise.all(Array.from({ length: 150 }, (_, n) => put('hal', base + n * 1000, n)));
    await Promise.all(Array.from({ length: 99 }, (_, n) => put('ivy', base + n * 1000, n)));
    await Promise.all(Array.from({ length: 5 }, (_, n) => put('ivy', base - 2 * 365 * 24 * 3600_000 + n * 1000, 100 + n)));
    const send = vi.spyOn(documents(), 'send');
    // Act
    const full = await inbox.countUnread('hal', new Date());
    const fullCalls = send.mock.calls.map(([command]) => command);
    send.mockClear();
    const belowCap = await inbox.countUnread('ivy', new Date());
    send.mockRestore();
    // Assess
    expect(full).toBe(inbox.UNREAD_COUNT_CAP + 1);
    expect(belowCap).toBe(99);
    expect(fullCalls).toHaveLength(1);
    expect(fullCalls[0]).toBeInstanceOf(QueryCommand);
    expect((fullCalls[0] as QueryCommand).input.Limit).toBeLessThanOrEqual(inbox.UNREAD_COUNT_CAP + 1);
  });
});
