import { describe, expect, it } from 'vitest';
import { listDuePushJobs } from '../../shared/notifications/push-jobs';
import { useLoopbackWeChat } from '../support/notifications-loopback';
import { useRuntime } from '../support/runtime';

// The fake starts first and points WECOM_BASE_URL and WECHAT_BASE_URL at itself; then the runtime.
const fake = useLoopbackWeChat();
process.env.WECHAT_SUBSCRIBE_TEMPLATES = JSON.stringify({ 'organisation.member-added': 'tmpl-joined' });
const { api, signIn, runtime } = useRuntime();

const MINUTE = 60_000;
const G1_ROBOT = 'robot-lushan-g1-e2e';
const G2_ROBOT = 'robot-lushan-g2-down';

interface DispatchReport {
  sent: number;
  dead: number;
  retrying: number;
  nextAttemptAt?: string;
}
/** Runs the dispatcher as if at `at`: backoff is stepped through by the clock, not by sleeping. */
const dispatchAt = async (at: number) => {
  const report = (await runtime().runSchedule('push-dispatcher', new Date(at))) as DispatchReport;
  await runtime().bus.idle();
  return report;
};
const addMember = async (token: string, unitId: string, userId: string, memberRole: string) => {
  const response = await api('PUT', `/org-units/${unitId}/members/${userId}`, { token, body: { memberRole } });
  expect(response.status).toBe(200);
  await runtime().bus.idle();
};

describe('a grid robot and the inbox', () => {
  it("lets a grid worker set their grid's robot, shown back masked, and nobody else's", async () => {
    // Prepare
    const gridWorker = await signIn('demo-grid-worker');
    const resident = await signIn('demo-resident');
    // Act
    const put = await api('PUT', '/org-units/lushan-g1/wecom-robot', { token: gridWorker, body: { webhookKey: G1_ROBOT } });
    const shown = await api('GET', '/org-units/lushan-g1/wecom-robot', { token: gridWorker });
    const otherGrid = await api('PUT', '/org-units/lushan-g2/wecom-robot', { token: gridWorker, body: { webhookKey: G2_ROBOT } });
    const byResident = await api('GET', '/org-units/lushan-g1/wecom-robot', { token: resident });
    // Assess
    expect(put).toMatchObject({ status: 200, body: { unitId: 'lushan-g1', keyHint: 'robo…-e2e', updatedBy: 'demo-grid-worker' } });
    expect(JSON.stringify(shown.body)).not.toContain(G1_ROBOT);
    expect(otherGrid.status).toBe(404);
    expect(byResident.status).toBe(403);
  });

  it("tells the person added to a grid in their inbox, and the grid's WeCom group through its robot", async () => {
    // Prepare
    const admin = await signIn('demo-admin');
    const newcomer = await signIn('demo-outdoor-worker');
    // Act
    await addMember(admin, 'lushan-g1', 'demo-outdoor-worker', 'volunteer');
    const inbox = await api('GET', '/me/notifications', { token: newcomer });
    // Assess
    expect(inbox.status).toBe(200);
    expect(inbox.body.unreadCount).toBe(1);
    expect(inbox.body.items[0]).toMatchObject({
      kind: 'organisation.member-added',
      title: '你已加入庐山社区第1网格',
      subject: { type: 'org-unit', id: 'lushan-g1' },
    });
    // The group hears the role and the unit; the name is the person's own, and stays out of the group.
    expect(fake.delivered(G1_ROBOT).map((call) => call.content)).toEqual([
      '【庐山社区第1网格新微网格员加入】\n网格：庐山社区第1网格\n欢迎新微网格员加入庐山社区第1网格，成员名单可在“我的网格”查看。\n请在小程序中查看网格单元：lushan-g1',
    ]);
  });

  it('gives one inbox item and one robot message for the same event delivered twice', async () => {
    // Prepare
    const newcomer = await signIn('demo-outdoor-worker');
    const bus = runtime().bus;
    const event = bus.published.findLast((e) => e['detail-type'] === 'organisation.member-added')!;
    const before = (await api('GET', '/me/notifications', { token: newcomer })).body;
    // Act
    bus.deliver(bus.subscription('notifications'), event);
    bus.deliver(bus.subscription('notifications'), { ...event, id: 'delivered-again' });
    await bus.idle();
    const after = (await api('GET', '/me/notifications', { token: newcomer })).body;
    // Assess
    expect(after.items).toHaveLength(before.items.length);
    expect(after.unreadCount).toBe(1);
    expect(fake.delivered(G1_ROBOT)).toHaveLength(1);
  });

  it("marks one read, then all, and answers 404 for someone else's notification id", async () => {
    // Prepare
    const admin = await signIn('demo-admin');
    const newcomer = await signIn('demo-outdoor-worker');
    const someoneElse = await signIn('demo-volunteer');
    await addMember(admin, 'lushan-g1-m2', 'demo-outdoor-worker', 'resident');
    const [newest, older] = (await api('GET', '/me/notifications', { token: newcomer })).body.items;
    // Act
    const othersRead = await api('POST', `/me/notifications/${newest.id}/read`, { token: someoneElse });
    const read = await api('POST', `/me/notifications/${newest.id}/read`, { token: newcomer });
    const afterOne = await api('GET', '/me/notifications?filter=unread', { token: newcomer });
    const readAll = await api('POST', '/me/notifications/read-all', { token: newcomer });
    const afterAll = await api('GET', '/me/notifications', { token: newcomer });
    // Assess
    expect(newest.title).toBe('你已加入第1网格第2微网格');
    expect(othersRead.status).toBe(404);
    expect(read.status).toBe(200);
    expect(read.body.readAt).toBeDefined();
    expect(afterOne.body.unreadCount).toBe(1);
    expect(afterOne.body.items.map((n: { id: string }) => n.id)).toEqual([older.id]);
    expect(readAll.body).toEqual({ marked: 1, unreadCount: 0, unreadCountCapped: false });
    expect(afterAll.body.items.every((n: { readAt?: string }) => n.readAt)).toBe(true);
  });
});

describe('a webhook that fails', () => {
  it('is retried with backoff while down for a while, then delivers once', async () => {
    // Prepare: the robot answers 500 three times, then recovers.
    const admin = await signIn('demo-admin');
    fake.scriptRobot(G1_ROBOT, { status: 500, body: 'down' }, { status: 500, body: 'down' }, { status: 500, body: 'down' });
    const callsBefore = fake.robotCalls.length;
    // Act: the consumer's immediate attempt fails; then the dispatcher, stepping the clock.
    await addMember(admin, 'lushan-g1', 'demo-volunteer', 'volunteer');
    const second = await dispatchAt(Date.now() + MINUTE + 1_000);
    const third = await dispatchAt(Date.parse(second.nextAttemptAt!));
    const fourth = await dispatchAt(Date.parse(third.nextAttemptAt!));
    // Assess
    const calls = fake.robotCalls.slice(callsBefore);
    expect(calls.map((call) => call.answer.status)).toEqual([500, 500, 500, 200]);
    expect(new Set(calls.map((call) => call.content)).size).toBe(1);
    expect(calls[0]!.content).toContain('庐山社区第1网格新微网格员加入');
    expect(calls[0]!.content).not.toContain('张阿姨');
    expect(Date.parse(third.nextAttemptAt!) - Date.parse(second.nextAttemptAt!)).toBe(4 * MINUTE);
    expect(fourth).toMatchObject({ sent: 1, dead: 0, retrying: 0 });
  });

  it('is dead-lettered when down for good, listed for admins, its grid worker told, and delivered on retry', async () => {
    // Prepare: a grid worker for lushan-g2 (before its robot exists), then a robot that always fails.
    const admin = await signIn('demo-admin');
    await addMember(admin, 'lushan-g2', 'demo-grid-worker', 'grid_worker');
    expect((await api('PUT', '/org-units/lushan-g2/wecom-robot', { token: admin, body: { webhookKey: G2_ROBOT } })).status).toBe(200);
    fake.setRobotDefault(G2_ROBOT, { status: 500, body: 'gone' });
    // Act: the immediate attempt, then five more, 1 + 2 + 4 + 8 + 16 minutes apart.
    await addMember(admin, 'lushan-g2', 'demo-outdoor-worker', 'volunteer');
    let at = Date.now() + MINUTE + 1_000;
    let report: DispatchReport = { sent: 0, dead: 0, retrying: 0 };
    for (let attempt = 2; attempt <= 6; attempt += 1) {
      report = await dispatchAt(at);
      if (report.nextAttemptAt) at = Date.parse(report.nextAttemptAt);
    }
    const deadLetters = await api('GET', '/notifications/dead-letters', { token: admin });
    const told = await api('GET', '/me/notifications', { token: await signIn('demo-grid-worker') });
    fake.setRobotDefault(G2_ROBOT, undefined);
    const letter = deadLetters.body.items.find((item: { gridId?: string }) => item.gridId === 'lushan-g2');
    const retried = await api('POST', `/notifications/dead-letters/${letter.id}/retry`, { token: admin });
    const retriedAgain = await api('POST', `/notifications/dead-letters/${letter.id}/retry`, { token: admin });
    const unknown = await api('POST', '/notifications/dead-letters/no-such-push/retry', { token: admin });
    await dispatchAt(Date.now());
    const afterRetry = await api('GET', '/notifications/dead-letters', { token: admin });
    // Assess
    expect(report.dead).toBe(1);
    expect(fake.robotCalls.filter((call) => call.key === G2_ROBOT).map((call) => call.answer.status)).toEqual([
      500, 500, 500, 500, 500, 500, 200,
    ]);
    expect(letter).toMatchObject({ channel: 'wecom', status: 'dead', attempts: 6, lastError: 'HTTP 500' });
    expect(letter).not.toHaveProperty('openId');
    expect(told.body.items[0]).toMatchObject({ kind: 'notifications.robot-failing', title: '庐山社区第2网格的企业微信群机器人推送失败' });
    expect(retried).toMatchObject({ status: 200, body: { status: 'pending', attempts: 0 } });
    expect(retriedAgain.status).toBe(409);
    expect(unknown.status).toBe(404);
    expect(fake.delivered(G2_ROBOT)).toHaveLength(1);
    expect(afterRetry.body.items.map((item: { id: string }) => item.id)).not.toContain(letter.id);
  });

  it('shows dead letters to city-wide admins only', async () => {
    // Prepare
    const admin = await signIn('demo-admin');
    await api('PUT', '/users/demo-station-manager/role', { token: admin, body: { role: 'admin', units: ['lushan'] } });
    const communityAdmin = await signIn('demo-station-manager');
    // Act
    const listed = await api('GET', '/notifications/dead-letters', { token: communityAdmin });
    const gridWorker = await api('GET', '/notifications/dead-letters', { token: await signIn('demo-grid-worker') });
    // Assess
    expect(listed.status).toBe(403);
    expect(gridWorker.status).toBe(403);
    await api('PUT', '/users/demo-station-manager/role', {
      token: admin,
      body: { role: 'station_manager', units: ['lushan'], stations: ['lushan-station'] },
    });
  });
});

describe('WeChat subscribe messages', () => {
  it('sends one per one-time subscription the person granted, then only the inbox', async () => {
    // Prepare: a resident who signs in with WeChat (the fake gives openid o-<code>).
    const signedIn = await api('POST', '/auth/wechat', { body: { code: 'alice' } });
    const alice = signedIn.body.token as string;
    const aliceId = signedIn.body.user.id as string;
    const admin = await signIn('demo-admin');
    // Act
    const offered = await api('GET', '/me/notification-subscriptions', { token: alice });
    const granted = await api('POST', '/me/notification-subscriptions', { token: alice, body: { kind: 'organisation.member-added', count: 1 } });
    const noTemplate = await api('POST', '/me/notification-subscriptions', { token: alice, body: { kind: 'no.such-kind', count: 1 } });
    await addMember(admin, 'lushan-g3', aliceId, 'resident');
    await addMember(admin, 'lushan-g2', aliceId, 'resident');
    const inbox = await api('GET', '/me/notifications', { token: alice });
    const left = await api('GET', '/me/notification-subscriptions', { token: alice });
    // Assess
    expect(offered.body.items).toEqual([{ kind: 'organisation.member-added', templateId: 'tmpl-joined', remaining: 0 }]);
    expect(granted.body).toEqual({ kind: 'organisation.member-added', templateId: 'tmpl-joined', remaining: 1 });
    expect(noTemplate.status).toBe(400);
    expect(inbox.body.items.map((n: { title: string }) => n.title)).toEqual(['你已加入庐山社区第2网格', '你已加入庐山社区第3网格']);
    expect(fake.subscribeCalls).toHaveLength(1);
    expect(fake.subscribeCalls[0]).toMatchObject({
      touser: 'o-alice',
      template_id: 'tmpl-joined',
      page: `pages/notifications/index?id=${inbox.body.items[1].id}`,
      data: { thing1: { value: '你已加入庐山社区第3网格' } },
    });
    expect(left.body.items[0].remaining).toBe(0);
  });
});

describe('nothing lost', () => {
  it('leaves no push unaccounted for: every one is sent or dead-lettered', async () => {
    // Act: run the dispatcher an hour ahead, past every backoff.
    await dispatchAt(Date.now() + 60 * MINUTE);
    const stillPending = await listDuePushJobs(new Date(Date.now() + 24 * 60 * MINUTE), 500);
    // Assess
    expect(stillPending).toEqual([]);
  });
});
