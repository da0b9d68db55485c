import { describe, expect, it } from 'vitest';
import {
  MAX_ATTEMPTS,
  WECOM_MAX_BYTES,
  afterFailure,
  backoffDelayMs,
  chinaTime,
  keyHintOf,
  notificationIdOf,
  packWeComMessages,
  parseTemplates,
  planSlot,
  pushJobIdOf,
  subscribeMessageData,
} from '../../../shared/notifications/domain';

const MINUTE = 60_000;
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const notice = (n: number, body = `请尽快处理第${n}条诉求。`) => ({ id: `job-${n}`, title: `新诉求 ${n}`, body });

describe('retries', () => {
  it('retries after 1, 2, 4, 8 and 16 minutes, then dead-letters on the sixth failure', () => {
    // Prepare
    const failure = { ok: false as const, reason: 'HTTP 500' };
    let attempts = 0;
    let now = 0;
    const waits: number[] = [];
    // Act
    for (;;) {
      const decision = afterFailure(attempts, failure, now);
      attempts = decision.attempts;
      if (decision.dead) break;
      waits.push(decision.nextAttemptAt - now);
      now = decision.nextAttemptAt;
    }
    // Assess
    expect(waits).toEqual([1, 2, 4, 8, 16].map((m) => m * MINUTE));
    expect(attempts).toBe(MAX_ATTEMPTS);
    expect(backoffDelayMs(1)).toBe(MINUTE);
  });

  it('dead-letters at once what retrying cannot fix', () => {
    // Act
    const decision = afterFailure(0, { ok: false, reason: 'errcode 93000', permanent: true }, 0);
    // Assess
    expect(decision).toEqual({ attempts: 1, dead: true });
  });

  it('waits at least as long as the channel asks', () => {
    // Act
    const decision = afterFailure(0, { ok: false, reason: 'errcode 45009', retryAfterMs: 5 * MINUTE }, 1000);
    // Assess
    expect(decision).toEqual({ attempts: 1, dead: false, nextAttemptAt: 1000 + 5 * MINUTE });
  });
});

describe('the WeCom robot rate limit', () => {
  it('allows 20 messages in a rolling minute and refuses the 21st until the oldest leaves the window', () => {
    // Prepare
    const sentAt = Array.from({ length: 20 }, (_, i) => 1_000 + i * 100);
    // Act
    const refused = planSlot(sentAt, 5_000);
    const stillRefused = planSlot(sentAt, 60_999);
    const allowed = planSlot(sentAt, 61_000);
    // Assess
    expect(refused).toEqual({ allowed: false, retryAt: 61_000 });
    expect(stillRefused.allowed).toBe(false);
    expect(allowed.allowed && allowed.sentAt).toHaveLength(20);
  });

  it('never lets more than 20 through in any 60 seconds of a long burst', () => {
    // Prepare: someone tries to send every half second for five minutes.
    let window: number[] = [];
    const sent: number[] = [];
    // Act
    for (let now = 0; now < 5 * MINUTE; now += 500) {
      const decision = planSlot(window, now);
      if (decision.allowed) {
        window = decision.sentAt;
        sent.push(now);
      }
    }
    // Assess
    const worst = Math.max(...sent.map((start) => sent.filter((t) => t >= start && t < start + MINUTE).length));
    expect(worst).toBe(20);
    expect(sent.length).toBeGreaterThanOrEqual(5 * 20);
  });
});

describe('batching notices into robot messages', () => {
  it('sends a lone notice as it is', () => {
    // Act
    const [message] = packWeComMessages([notice(1)]);
    // Assess
    expect(message!.content).toBe('【新诉求 1】\n请尽快处理第1条诉求。');
  });

  it('packs several notices into one message under a header, oldest first', () => {
    // Act
    const messages = packWeComMessages([notice(1), notice(2), notice(3)]);
    // Assess
    expect(messages).toHaveLength(1);
    expect(messages[0]!.jobs.map((j) => j.id)).toEqual(['job-1', 'job-2', 'job-3']);
    expect(messages[0]!.content.split('\n')[0]).toBe('网格通知 共3条');
    expect(messages[0]!.content.indexOf('新诉求 1')).toBeLessThan(messages[0]!.content.indexOf('新诉求 3'));
  });

  it('starts a new message before one would pass 2048 bytes, and loses no notice', () => {
    // Prepare: 60 notices of about 150 bytes each.
    const jobs = Array.from({ length: 60 }, (_, i) => notice(i, '居民反映楼道堆放杂物，存在消防隐患，请网格员尽快到现场核实处理。'.repeat(1)));
    // Act
    const messages = packWeComMessages(jobs);
    // Assess
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.every((m) => bytes(m.content) <= WECOM_MAX_BYTES)).toBe(true);
    expect(messages.flatMap((m) => m.jobs.map((j) => j.id))).toEqual(jobs.map((j) => j.id));
  });

  it('cuts a notice too long for a message of its own rather than dropping it', () => {
    // Act
    const messages = packWeComMessages([notice(1, '很长的说明'.repeat(500)), notice(2)]);
    // Assess
    expect(messages).toHaveLength(2);
    expect(bytes(messages[0]!.content)).toBeLessThanOrEqual(WECOM_MAX_BYTES);
    expect(messages[0]!.content.endsWith('…')).toBe(true);
  });
});

describe('ids', () => {
  it('derives the same inbox and job ids from the same event, and other ids for other kinds and targets', () => {
    // Prepare
    const at = '2026-08-01T06:00:00.000Z';
    // Act
    const inbox = [notificationIdOf(at, 'e1', 'a'), notificationIdOf(at, 'e1', 'a'), notificationIdOf(at, 'e1', 'b')];
    const jobs = [pushJobIdOf(at, 'e1', 'a', 'wecom', 'g1'), pushJobIdOf(at, 'e1', 'a', 'wecom', 'g1'), pushJobIdOf(at, 'e1', 'a', 'wecom', 'g2')];
    // Assess
    expect(inbox[0]).toBe(inbox[1]);
    expect(inbox[0]).not.toBe(inbox[2]);
    expect(jobs[0]).toBe(jobs[1]);
    expect(jobs[0]).not.toBe(jobs[2]);
    expect(inbox[0]).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });

  it('makes inbox ids that sort by the time of the event', () => {
    // Act
    const earlier = notificationIdOf('2026-08-01T06:00:00.000Z', 'zzz', 'k');
    const later = notificationIdOf('2026-08-01T06:00:00.001Z', 'aaa', 'k');
    // Assess
    expect(earlier < later).toBe(true);
  });

  it('shows only the ends of a webhook key', () => {
    // Act
    const hint = keyHintOf('693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa');
    // Assess
    expect(hint).toBe('693a…5aaa');
  });
});

describe('subscribe-message templates', () => {
  it('reads kind → template configuration in both forms, and refuses junk', () => {
    // Act
    const templates = parseTemplates('{"a.b":"tmpl-1","c.d":{"id":"tmpl-2","fields":{"thing4":"title","time2":"time","x":"nope"}}}');
    // Assess
    expect(templates['a.b']).toEqual({ id: 'tmpl-1', fields: { thing1: 'title', thing2: 'body', time3: 'time' } });
    expect(templates['c.d']).toEqual({ id: 'tmpl-2', fields: { thing4: 'title', time2: 'time' } });
    expect(parseTemplates(undefined)).toEqual({});
    expect(() => parseTemplates('{"a":42}')).toThrow(/template id/);
    expect(() => parseTemplates('not json')).toThrow(/not JSON/);
  });

  it("fills a template's fields from a notice, within WeChat's length limits, in China time", () => {
    // Act
    const data = subscribeMessageData(
      { id: 't', fields: { thing1: 'title', thing2: 'body', time3: 'time', phrase4: 'title' } },
      { title: '你的诉求已受理', body: '网格员李网格员已受理你反映的楼道杂物问题，预计两天内处理完毕。', occurredAt: '2026-08-01T06:05:00.000Z' },
    );
    // Assess
    expect(data.thing1).toEqual({ value: '你的诉求已受理' });
    expect([...data.thing2!.value]).toHaveLength(20);
    expect(data.time3).toEqual({ value: '2026年8月1日 14:05' });
    expect([...data.phrase4!.value]).toHaveLength(5);
    expect(chinaTime('2026-12-31T16:30:00.000Z')).toBe('2027年1月1日 00:30');
  });
});
