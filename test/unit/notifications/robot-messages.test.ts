import { describe, expect, it } from 'vitest';
import { WECOM_MAX_BYTES, packWeComMessages, planRobotSend } from '../../../shared/notifications/robot-messages';

const MINUTE = 60_000;
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const notice = (n: number, body = `请尽快处理第${n}条诉求。`) => ({ id: `job-${n}`, title: `新诉求 ${n}`, body });

describe('the WeCom robot rate limit', () => {
  it('allows 20 messages in a rolling minute and refuses the 21st until the oldest leaves the window', () => {
    // Prepare
    const sentAt = Array.from({ length: 20 }, (_, i) => 1_000 + i * 100);
    // Act
    const refused = planRobotSend(sentAt, new Date(5_000));
    const stillRefused = planRobotSend(sentAt, new Date(60_999));
    const allowed = planRobotSend(sentAt, new Date(61_000));
    // Assess
    expect(refused).toEqual({ allowed: false, retryAt: new Date(61_000) });
    expect(stillRefused.allowed).toBe(false);
    expect(allowed.allowed && allowed.sentAt).toHaveLength(20);
  });

  it('never lets more than 20 through in any 60 seconds of a long burst', () => {
    // Prepare: someone tries to send every half second for five minutes.
    let window: number[] = [];
    const sent: number[] = [];
    // Act
    for (let now = 0; now < 5 * MINUTE; now += 500) {
      const decision = planRobotSend(window, new Date(now));
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
