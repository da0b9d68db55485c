import { describe, expect, it } from 'vitest';
import type { EventMeta } from '../../../shared/events/define';
import type { Notice } from '../../../shared/events/notices';
import { newId } from '../../../shared/ids';
import { fanOut } from '../../../shared/notifications/fanout';
import * as inbox from '../../../shared/notifications/inbox';
import { getUser, recipientOf, saveUser, setLanguage } from '../../../shared/users/repository';
import { useEngine } from '../../support/engine';

useEngine();

const meta = (): EventMeta => ({ id: newId(), version: 1, occurredAt: new Date().toISOString() });
const page = { limit: 20 };
const bilingual = (userIds: string[]): Notice => ({
  userIds,
  kind: 'request.received',
  title: { zh: '您的诉求已提交（设施维修）', en: 'Request submitted (Public facility repair)' },
  body: { zh: '网格员将尽快受理，处理进展会通知您。', en: 'A grid worker will take it up soon; you will be told how it goes.' },
  subject: { type: 'request', id: 'req-1' },
});

describe('the inbox in its reader’s language', () => {
  it('keeps a notice in both languages and shows each reader theirs, also when marking it read', async () => {
    // Prepare
    await fanOut([bilingual(['lin'])], meta(), new Date());
    // Act
    const [english] = (await inbox.listNotifications('lin', page, { unreadOnly: false, now: new Date(), language: 'en' })).items;
    const [chinese] = (await inbox.listNotifications('lin', page, { unreadOnly: false, now: new Date(), language: 'zh' })).items;
    const read = await inbox.markNotificationRead('lin', english!.id, new Date(), 'en');
    // Assess
    expect(english).toMatchObject({ title: 'Request submitted (Public facility repair)', body: 'A grid worker will take it up soon; you will be told how it goes.' });
    expect(chinese).toMatchObject({ title: '您的诉求已提交（设施维修）', body: '网格员将尽快受理，处理进展会通知您。' });
    expect(english).not.toHaveProperty('en');
    expect(read).toMatchObject({ title: 'Request submitted (Public facility repair)' });
  });

  it('shows an item written before English existed in Chinese to a reader of English', async () => {
    // Prepare: an item as the consumer wrote them before, Chinese only.
    const createdAt = new Date().toISOString();
    await inbox.putNotification('mo', { id: `${createdAt}#old`, kind: 'request.accept', title: '您的诉求已受理（设施维修）', body: '马上来', createdAt });
    // Act
    const [shown] = (await inbox.listNotifications('mo', page, { unreadOnly: false, now: new Date(), language: 'en' })).items;
    // Assess
    expect(shown).toMatchObject({ title: '您的诉求已受理（设施维修）', body: '马上来' });
  });
});

describe('a person’s language on their profile', () => {
  it('is kept when they choose it, and read with their openid in one go for pushes', async () => {
    // Prepare
    await saveUser({ id: 'nora', displayName: 'Nora', role: 'resident', units: [], stations: [], createdAt: new Date().toISOString() });
    const before = await recipientOf('nora');
    // Act
    const chosen = await setLanguage('nora', 'en');
    const after = await recipientOf('nora');
    const profile = await getUser('nora');
    // Assess
    expect(before).toEqual({ language: 'zh' });
    expect(chosen.language).toBe('en');
    expect(after).toEqual({ language: 'en' });
    expect(profile?.language).toBe('en');
    expect(await recipientOf('nobody')).toBeUndefined();
    await expect(setLanguage('nobody', 'en')).rejects.toMatchObject({ status: 404 });
  });
});
