import { describe, expect, it } from 'vitest';
import { useLoopbackWeChat } from '../support/notifications-loopback';
import { type ApiResponse, useRuntime } from '../support/runtime';

// The loopback WeChat fake starts first and points WECHAT_BASE_URL at itself; then the runtime.
const fake = useLoopbackWeChat();
process.env.WECHAT_SUBSCRIBE_TEMPLATES = JSON.stringify({ 'request.received': 'tmpl-received', 'request.resolve': 'tmpl-resolved' });
const { api, signIn, runtime } = useRuntime();

/** Inside lushan-g1, whose grid worker is demo-grid-worker. */
const inLushanG1 = { lat: 32.003, lng: 118.742 };

type Inbox = ApiResponse<{ items: { kind: string; title: string; body: string; subject?: { id: string } }[] }>;
/** A person's inbox items about one request, by kind. */
const aboutRequest = (inbox: Inbox, requestId: string) =>
  Object.fromEntries(inbox.body.items.filter((item) => item.subject?.id === requestId || !item.subject).map((item) => [item.kind, item]));

/** A resident who signs in with WeChat (the fake gives openid o-<code>), so subscribe messages can reach them. */
async function weChatResident(code: string) {
  const signedIn = await api('POST', '/auth/wechat', { body: { code } });
  expect(signedIn.status).toBe(200);
  return { token: signedIn.body.token as string, id: signedIn.body.user.id as string };
}

describe('the language a person reads', () => {
  it('is Chinese until they choose English on their profile, and shows their choice on GET /me', async () => {
    // Prepare
    const resident = await weChatResident('lang-chooser');
    // Act
    const before = await api('GET', '/me', { token: resident.token });
    const chosen = await api('PUT', '/me/language', { token: resident.token, body: { language: 'en' } });
    const after = await api('GET', '/me', { token: resident.token });
    const unknown = await api('PUT', '/me/language', { token: resident.token, body: { language: 'fr' } });
    // Assess
    expect(before.body.language).toBe('zh');
    expect(chosen).toMatchObject({ status: 200, body: { id: resident.id, language: 'en' } });
    expect(after.body.language).toBe('en');
    expect(unknown.status).toBe(400);
  });

  it('shows a resident who chose English notices, timeline notes and category labels in English, and a Chinese reader the same request in Chinese', async () => {
    // Prepare: an English-reading resident who accepts two subscribe messages, a Chinese-reading
    // neighbour who follows their request, and the grid's worker (never chose: Chinese).
    const english = await weChatResident('lang-english');
    const chinese = await weChatResident('lang-chinese');
    const worker = await signIn('demo-grid-worker');
    await api('PUT', '/me/language', { token: english.token, body: { language: 'en' } });
    // The gateway keeps an authorizer's answer for 60 s, as API Gateway does; the choice reaches tokens once it runs out.
    runtime().expireAuthorizerCache();
    for (const kind of ['request.received', 'request.resolve']) {
      await api('POST', '/me/notification-subscriptions', { token: english.token, body: { kind, count: 1 } });
    }
    const submission = { categoryId: 'facility-repair', description: 'The street light at the gate is out', location: inLushanG1, attributes: { facility: 'streetlight' } };

    // Act
    const submitted = await api('POST', '/requests', { token: english.token, body: submission });
    const id = submitted.body.id as string;
    await api('POST', `/requests/${id}/followers`, { token: chinese.token });
    await api('POST', `/requests/${id}/accept`, { token: worker, body: {} });
    await api('POST', `/requests/${id}/escalate`, { token: worker, body: { department: 'urban_management', note: '需要城管协助' } });
    await api('POST', `/requests/${id}/return`, { token: worker, body: { result: '已修复' } });
    await api('POST', `/requests/${id}/resolve`, { token: worker, body: { note: '已更换灯泡' } });
    await runtime().bus.idle();
    const englishView = await api('GET', `/requests/${id}`, { token: english.token });
    const englishList = await api('GET', '/me/requests', { token: english.token });
    const englishInbox: Inbox = await api('GET', '/me/notifications', { token: english.token });
    const englishCategories = await api('GET', '/categories', { token: english.token });
    const workerView = await api('GET', `/requests/${id}`, { token: worker });
    const workerInEnglish = await api('GET', `/requests/${id}`, { token: worker, headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    const englishAskingChinese = await api('GET', `/requests/${id}`, { token: english.token, headers: { 'accept-language': 'zh-CN' } });
    const workerInbox: Inbox = await api('GET', '/me/notifications', { token: worker });
    const chineseInbox: Inbox = await api('GET', '/me/notifications', { token: chinese.token });
    const chineseCategories = await api('GET', '/categories', { token: chinese.token });
    const englishError = await api('GET', '/requests/no-such-request', { token: english.token });

    // Assess: the resident who chose English reads English, with no Accept-Language sent.
    expect(submitted.status).toBe(201);
    expect(englishView.body.categoryLabel).toBe('Public facility repair');
    expect(englishView.body.categoryName).toBe('设施维修');
    expect(englishView.body.timeline.map((step: { note?: string }) => step.note)).toEqual([
      'Routed to grid lushan-g1, grid worker demo-grid-worker',
      undefined,
      'Passed to urban management: 需要城管协助',
      'Answer from urban management: 已修复',
      '已更换灯泡',
    ]);
    expect(englishList.body.items.find((item: { id: string }) => item.id === id).categoryLabel).toBe('Public facility repair');
    const englishNotices = aboutRequest(englishInbox, id);
    expect(englishNotices['request.received']).toMatchObject({
      title: 'Request submitted (Public facility repair)',
      body: 'A grid worker will take it up soon; you will be told how it goes.',
    });
    expect(englishNotices['request.escalate']).toMatchObject({
      title: 'Request passed to a department (Public facility repair)',
      body: 'It has been passed to urban management.',
    });
    expect(englishNotices['request.resolve']!.title).toBe('Request resolved: please confirm (Public facility repair)');
    expect(englishNotices['request.resolve']!.body).toMatch(/^已更换灯泡\nPlease confirm by \d\d-\d\d \d\d:\d\d whether it is solved/);
    expect(englishCategories.body.items.find((category: { id: string }) => category.id === 'facility-repair').label).toBe('Public facility repair');
    expect(englishError.body.title).toBe('Not found');
    // WeChat subscribe messages, sent without a request, follow the stored choice (pushes are
    // dispatched concurrently, so in no particular order).
    const pushed = fake.subscribeCalls.filter((call) => call.touser === 'o-lang-english');
    expect(pushed.map((call) => call.data.thing1!.value).sort()).toEqual([
      'Request resolved…',
      'Request submitted…',
    ]);
    expect(pushed.map((call) => call.data.thing2!.value).sort()).toEqual([
      'A grid worker will…',
      '已更换灯泡 Please…',
    ]);

    // Assess: the same request in Chinese for the worker and the follower, who never chose.
    expect(workerView.body.categoryLabel).toBe('设施维修');
    expect(workerView.body.timeline.map((step: { note?: string }) => step.note)).toEqual([
      '分派至网格 lushan-g1，网格员 demo-grid-worker',
      undefined,
      '转交城管：需要城管协助',
      '城管反馈：已修复',
      '已更换灯泡',
    ]);
    expect(aboutRequest(workerInbox, id)['request.submitted']!.title).toBe('新诉求（设施维修）：The street light at the gate i');
    expect(aboutRequest(chineseInbox, id)['request.followed-resolved']).toMatchObject({ title: '您关注的诉求已办结（设施维修）' });
    expect(chineseCategories.body.items.find((category: { id: string }) => category.id === 'facility-repair').label).toBe('设施维修');

    // Assess: Accept-Language, when a request sends it, wins over the profile's choice.
    expect(workerInEnglish.body.categoryLabel).toBe('Public facility repair');
    expect(workerInEnglish.body.timeline[0].note).toBe('Routed to grid lushan-g1, grid worker demo-grid-worker');
    expect(englishAskingChinese.body.categoryLabel).toBe('设施维修');
  });
});
