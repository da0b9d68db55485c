import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventMeta } from '../../../shared/events/define';
import { newId } from '../../../shared/ids';
import type { PushChannels, WeChatBatch, WeComBatch } from '../../../shared/notifications/channels/channel';
import { dispatchPushes } from '../../../shared/notifications/dispatcher';
import { fanOut } from '../../../shared/notifications/fanout';
import { listNotifications } from '../../../shared/notifications/inbox';
import { getPushJobs, listDeadPushJobs, retryDeadPushJob } from '../../../shared/notifications/push-jobs';
import type { Delivery } from '../../../shared/notifications/retries';
import { deleteWeComRobot, saveWeComRobot } from '../../../shared/notifications/robots';
import { grantSubscriptions, listSubscriptions } from '../../../shared/notifications/subscriptions';
import type { Notice } from '../../../shared/events/notices';
import { registerWeChatUser } from '../../../shared/users/wechat-links';
import { useEngine } from '../../support/engine';

useEngine();
const bus = mockClient(EventBridgeClient);

const MINUTE = 60_000;
const meta = (): EventMeta => ({ id: newId(), version: 1, occurredAt: new Date().toISOString() });
const gridNotice = (gridId: string, headline = '新诉求：楼道堆物', action = '请网格员尽快核实处理。', gridIds = [gridId]): Notice => ({
  userIds: [],
  group: { gridIds, headline, action, reference: { type: 'request', id: 'r-1' } },
  kind: 'request.submitted',
  title: headline,
  body: action,
});

/** Channels that record what they were asked to send and answer as scripted (delivered by default). */
function fakeChannels() {
  const robot: WeComBatch[] = [];
  const wechat: WeChatBatch[] = [];
  const robotAnswers: Delivery[] = [];
  const wechatAnswers: Delivery[] = [];
  let robotDefault: Delivery = { ok: true };
  const channels: PushChannels = {
    wecom: { name: 'wecom', send: async (batch) => (robot.push(batch), robotAnswers.shift() ?? robotDefault) },
    wechat: { name: 'wechat', send: async (batch) => (wechat.push(batch), wechatAnswers.shift() ?? { ok: true }) },
  };
  return {
    channels,
    robot,
    wechat,
    robotAnswers,
    wechatAnswers,
    setRobotDefault: (delivery: Delivery) => {
      robotDefault = delivery;
    },
  };
}

/** A grid with a robot of its own, so tests do not share a robot's rate window. */
async function gridWithRobot(): Promise<string> {
  const gridId = `grid-${newId()}`;
  await saveWeComRobot(gridId, `key-${gridId}`, 'test', new Date());
  return gridId;
}

beforeEach(() => {
  bus.reset();
  bus.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e' }] });
  vi.stubEnv('WECHAT_SUBSCRIBE_TEMPLATES', JSON.stringify({ 'request.accepted': 'tmpl-accepted' }));
});

describe('robot pushes', () => {
  it('enqueues one job per grid that has a robot, and the same event twice gives one job and one message', async () => {
    // Prepare
    const gridId = await gridWithRobot();
    const event = meta();
    const fake = fakeChannels();
    const now = new Date();
    // Act
    const first = await fanOut([gridNotice(gridId, undefined, undefined, [gridId, 'grid-without-robot'])], event, now);
    const again = await fanOut([gridNotice(gridId)], event, now);
    const reports = [await dispatchPushes({ now, channels: fake.channels }), await dispatchPushes({ now, channels: fake.channels })];
    // Assess
    expect(first.jobIds).toHaveLength(1);
    expect(again.jobIds).toEqual(first.jobIds);
    expect(fake.robot).toHaveLength(1);
    expect(fake.robot[0]).toMatchObject({
      webhookKey: `key-${gridId}`,
      content: `【新诉求：楼道堆物】\n网格：${gridId}\n请网格员尽快核实处理。\n请在小程序中查看诉求：r-1`,
    });
    expect(reports.map((r) => r.sent)).toEqual([1, 0]);
  });

  it('sends the pending notices of one robot as one message', async () => {
    // Prepare
    const gridId = await gridWithRobot();
    const fake = fakeChannels();
    const now = new Date();
    for (let n = 1; n <= 3; n += 1) await fanOut([gridNotice(gridId, `新诉求 ${n}`)], meta(), now);
    // Act
    const report = await dispatchPushes({ now, channels: fake.channels });
    // Assess
    expect(report).toMatchObject({ sent: 3, messages: 1 });
    expect(fake.robot).toHaveLength(1);
    expect(fake.robot[0]!.content).toMatch(/^网格通知 共3条/);
    expect(fake.robot[0]!.content).toContain('新诉求 3');
  });

  it('sends at most 20 messages a minute to a robot; the rest wait for a free slot without counting as failures', async () => {
    // Prepare: 25 notices each too long to share a message.
    const gridId = await gridWithRobot();
    const fake = fakeChannels();
    const now = new Date();
    const long = '居民反映小区地下室被改作群租房，存在严重消防隐患。'.repeat(30);
    const { jobIds } = (await Promise.all(Array.from({ length: 25 }, (_, n) => fanOut([gridNotice(gridId, `隐患 ${n}`, long)], meta(), now)))).reduce(
      (all, result) => ({ jobIds: [...all.jobIds, ...result.jobIds] }),
      { jobIds: [] as string[] },
    );
    // Act
    const first = await dispatchPushes({ now, channels: fake.channels });
    const waiting = (await getPushJobs(jobIds)).filter((s) => s.job.status === 'pending');
    const tooEarly = await dispatchPushes({ now: new Date(now.getTime() + 30_000), channels: fake.channels });
    const later = await dispatchPushes({ now: new Date(first.nextAttemptAt!), channels: fake.channels });
    // Assess
    expect(first).toMatchObject({ messages: 20, sent: 20, throttled: 5 });
    expect(waiting).toHaveLength(5);
    expect(waiting.every((s) => s.job.attempts === 0)).toBe(true);
    expect(tooEarly.sent).toBe(0);
    expect(later).toMatchObject({ sent: 5, messages: 5 });
    expect(fake.robot).toHaveLength(25);
  });

  it('retries with backoff and dead-letters after the sixth failed attempt, announcing it; an admin retry delivers it', async () => {
    // Prepare
    const gridId = await gridWithRobot();
    const fake = fakeChannels();
    fake.setRobotDefault({ ok: false, reason: 'HTTP 500' });
    const start = new Date();
    const { jobIds } = await fanOut([gridNotice(gridId)], meta(), start);
    // Act
    const attemptsAt: number[] = [];
    let now = start;
    for (let attempt = 1; attempt <= 6; attempt += 1) {
      attemptsAt.push(now.getTime());
      const report = await dispatchPushes({ now, channels: fake.channels });
      if (report.nextAttemptAt) now = new Date(report.nextAttemptAt);
    }
    const [dead] = await getPushJobs(jobIds);
    const deadLetters = await listDeadPushJobs({ limit: 100 });
    const announced = bus.commandCalls(PutEventsCommand).flatMap((call) => call.args[0].input.Entries!);
    fake.setRobotDefault({ ok: true });
    const retried = await retryDeadPushJob(jobIds[0]!, new Date(now.getTime() + MINUTE));
    const redelivered = await dispatchPushes({ now: new Date(now.getTime() + MINUTE), channels: fake.channels });
    const deadAfter = await listDeadPushJobs({ limit: 100 });
    // Assess
    expect(attemptsAt.slice(1).map((at, i) => (at - attemptsAt[i]!) / MINUTE)).toEqual([1, 2, 4, 8, 16]);
    expect(fake.robot).toHaveLength(7);
    expect(dead!.job).toMatchObject({ status: 'dead', attempts: 6, lastError: 'HTTP 500' });
    expect(deadLetters.items.map((j) => j.id)).toContain(jobIds[0]);
    expect(announced.map((e) => e.DetailType)).toEqual(['notifications.push-dead-lettered']);
    expect(JSON.parse(announced[0]!.Detail!).data).toMatchObject({ jobIds, gridId, attempts: 6, reason: 'HTTP 500' });
    expect(retried).toMatchObject({ status: 'pending', attempts: 0 });
    expect(redelivered.sent).toBe(1);
    expect(deadAfter.items.map((j) => j.id)).not.toContain(jobIds[0]);
  });

  it('sends a push once when two dispatchers run at the same time', async () => {
    // Prepare
    const gridId = await gridWithRobot();
    const fake = fakeChannels();
    const now = new Date();
    const { jobIds } = await fanOut([gridNotice(gridId)], meta(), now);
    // Act
    const reports = await Promise.all([
      dispatchPushes({ now, channels: fake.channels }),
      dispatchPushes({ now, channels: fake.channels, jobIds }),
      dispatchPushes({ now, channels: fake.channels }),
    ]);
    // Assess
    expect(fake.robot).toHaveLength(1);
    expect(reports.reduce((sum, r) => sum + r.sent, 0)).toBe(1);
  });

  it('dead-letters at once, visibly, a push whose grid no longer has a robot', async () => {
    // Prepare
    const gridId = await gridWithRobot();
    const fake = fakeChannels();
    const now = new Date();
    const { jobIds } = await fanOut([gridNotice(gridId)], meta(), now);
    await deleteWeComRobot(gridId);
    // Act
    const report = await dispatchPushes({ now, channels: fake.channels });
    const [job] = await getPushJobs(jobIds);
    // Assess
    expect(report.dead).toBe(1);
    expect(fake.robot).toHaveLength(0);
    expect(job!.job).toMatchObject({ status: 'dead', attempts: 1 });
  });
});

describe('WeChat subscribe messages', () => {
  const accepted = (userId: string): Notice => ({
    userIds: [userId],
    kind: 'request.accepted',
    title: '你的诉求已受理',
    body: '网格员已受理你反映的楼道堆物问题。',
  });

  it('sends one per person with a subscription left, taking one each; none left means inbox only', async () => {
    // Prepare
    const person = await registerWeChatUser(`o-${newId()}`, new Date());
    await grantSubscriptions(person.id, 'request.accepted', 1, new Date());
    const fake = fakeChannels();
    const now = new Date();
    // Act
    const first = await fanOut([accepted(person.id)], meta(), now);
    const second = await fanOut([accepted(person.id)], meta(), now);
    await dispatchPushes({ now, channels: fake.channels });
    const inbox = await listNotifications(person.id, { limit: 10 }, { unreadOnly: false, now });
    const left = await listSubscriptions(person.id);
    // Assess
    expect(first.jobIds).toHaveLength(1);
    expect(second.jobIds).toHaveLength(0);
    expect(inbox.items).toHaveLength(2);
    expect(left.get('request.accepted')).toBe(0);
    expect(fake.wechat).toHaveLength(1);
    expect(fake.wechat[0]).toMatchObject({
      templateId: 'tmpl-accepted',
      page: `pages/notifications/index?id=${inbox.items[1]!.id}`,
      data: { thing1: { value: '你的诉求已受理' } },
    });
  });

  it('takes no second subscription for a redelivered event, even after the first was sent', async () => {
    // Prepare
    const person = await registerWeChatUser(`o-${newId()}`, new Date());
    await grantSubscriptions(person.id, 'request.accepted', 3, new Date());
    const fake = fakeChannels();
    const event = meta();
    const now = new Date();
    // Act
    await fanOut([accepted(person.id)], event, now);
    await fanOut([accepted(person.id)], event, now);
    await dispatchPushes({ now, channels: fake.channels });
    await fanOut([accepted(person.id)], event, now);
    await dispatchPushes({ now, channels: fake.channels });
    // Assess
    expect((await listSubscriptions(person.id)).get('request.accepted')).toBe(2);
    expect(fake.wechat).toHaveLength(1);
  });

  it('never counts below zero when many pushes race for the last subscriptions', async () => {
    // Prepare
    const person = await registerWeChatUser(`o-${newId()}`, new Date());
    await grantSubscriptions(person.id, 'request.accepted', 3, new Date());
    // Act
    const results = await Promise.all(Array.from({ length: 20 }, () => fanOut([accepted(person.id)], meta(), new Date())));
    // Assess
    expect(results.filter((r) => r.jobIds.length === 1)).toHaveLength(3);
    expect((await listSubscriptions(person.id)).get('request.accepted')).toBe(0);
  });

  it('sets the count to zero when WeChat says the person has no subscription left', async () => {
    // Prepare
    const person = await registerWeChatUser(`o-${newId()}`, new Date());
    await grantSubscriptions(person.id, 'request.accepted', 5, new Date());
    const fake = fakeChannels();
    fake.wechatAnswers.push({ ok: false, reason: 'errcode 43101', permanent: true, subscriptionGone: true });
    const now = new Date();
    const { jobIds } = await fanOut([accepted(person.id)], meta(), now);
    // Act
    const report = await dispatchPushes({ now, channels: fake.channels, jobIds });
    // Assess
    expect(report.dead).toBe(1);
    expect((await listSubscriptions(person.id)).get('request.accepted')).toBe(0);
  });

  it('gives nobody without a WeChat openid a subscribe message', async () => {
    // Prepare
    await grantSubscriptions('no-openid', 'request.accepted', 2, new Date());
    // Act
    const result = await fanOut([accepted('no-openid')], meta(), new Date());
    // Assess
    expect(result.jobIds).toEqual([]);
    expect((await listSubscriptions('no-openid')).get('request.accepted')).toBe(2);
  });
});
