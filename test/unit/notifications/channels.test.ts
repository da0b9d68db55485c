import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetAccessTokens, weChatSubscribeChannel } from '../../../shared/notifications/channels/wechat-subscribe';
import { weComRobotChannel } from '../../../shared/notifications/channels/wecom-robot';
import { LoopbackWeChat } from '../../support/notifications-loopback';

const fake = new LoopbackWeChat();
beforeAll(async () => {
  await fake.start();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  resetAccessTokens();
});

const SECRET_KEY = 'robot-key-that-must-stay-secret';
const robot = () => weComRobotChannel({ baseUrl: () => fake.url, timeoutMs: 1_000 });
const message = { channel: 'wecom' as const, webhookKey: SECRET_KEY, content: '【新诉求】\n请尽快处理。' };

let clock = 0;
const weChat = () =>
  weChatSubscribeChannel({
    baseUrl: () => fake.url,
    appId: () => 'wx-app',
    secret: async () => 'app-secret',
    timeoutMs: 1_000,
    now: () => new Date(clock),
  });
const subscribe = {
  channel: 'wechat' as const,
  openId: 'o-person',
  templateId: 'tmpl-1',
  page: 'pages/notifications/index?id=n1',
  data: { thing1: { value: '你的诉求已受理' } },
};

describe('the WeCom group robot channel', () => {
  it('posts a text message to the robot webhook and reads errcode 0 as delivered', async () => {
    // Act
    const delivery = await robot().send(message);
    // Assess
    expect(delivery).toEqual({ ok: true });
    expect(fake.robotCalls).toMatchObject([{ key: SECRET_KEY, content: message.content }]);
  });

  it('reads HTTP 500, a dead endpoint and 45009 as worth retrying, and 93000 as permanent', async () => {
    // Prepare
    fake.scriptRobot(
      SECRET_KEY,
      { status: 500, body: 'oops' },
      { status: 200, body: { errcode: 45009, errmsg: 'api freq out of limit' } },
      { status: 200, body: { errcode: 93000, errmsg: 'invalid webhook url' } },
    );
    const unreachable = weComRobotChannel({ baseUrl: () => 'http://127.0.0.1:1', timeoutMs: 1_000 });
    // Act
    const serverError = await robot().send(message);
    const overLimit = await robot().send(message);
    const invalid = await robot().send(message);
    const down = await unreachable.send(message);
    // Assess
    expect(serverError).toEqual({ ok: false, reason: 'HTTP 500' });
    expect(overLimit).toMatchObject({ ok: false, retryAfterMs: 60_000 });
    expect(invalid).toMatchObject({ ok: false, permanent: true });
    expect(down).toEqual({ ok: false, reason: 'network error' });
    expect(JSON.stringify([serverError, overLimit, invalid, down])).not.toContain(SECRET_KEY);
  });
});

describe('the WeChat subscribe-message channel', () => {
  it('fetches an access token once and reuses it until it is about to expire', async () => {
    // Prepare
    clock = 0;
    const channel = weChat();
    // Act
    await channel.send(subscribe);
    await channel.send(subscribe);
    clock = 7200_000 - 60_000;
    await channel.send(subscribe);
    // Assess
    expect(fake.tokenRequests).toBe(2);
    expect(fake.subscribeCalls.map((call) => call.token)).toEqual(['token-1', 'token-1', 'token-2']);
    expect(fake.subscribeCalls[0]).toMatchObject({ touser: 'o-person', template_id: 'tmpl-1', page: subscribe.page });
  });

  it('fetches a new token once when WeChat says the cached one is no longer valid', async () => {
    // Prepare
    clock = 0;
    const channel = weChat();
    await channel.send(subscribe);
    fake.expireTokens();
    // Act
    const delivery = await channel.send(subscribe);
    // Assess
    expect(delivery).toEqual({ ok: true });
    expect(fake.tokenRequests).toBe(2);
  });

  it('reads 43101 as no subscription left, and an invalid openid as permanent', async () => {
    // Prepare
    fake.scriptSubscribe(
      { status: 200, body: { errcode: 43101, errmsg: 'user refuse to accept the msg' } },
      { status: 200, body: { errcode: 40003, errmsg: 'invalid openid' } },
      { status: 200, body: { errcode: -1, errmsg: 'system error' } },
    );
    const channel = weChat();
    // Act
    const refused = await channel.send(subscribe);
    const invalid = await channel.send(subscribe);
    const busy = await channel.send(subscribe);
    // Assess
    expect(refused).toMatchObject({ ok: false, permanent: true, subscriptionGone: true });
    expect(invalid).toMatchObject({ ok: false, permanent: true });
    expect(busy).toMatchObject({ ok: false, permanent: false });
    expect(JSON.stringify([refused, invalid, busy])).not.toMatch(/token-|app-secret/);
  });
});
