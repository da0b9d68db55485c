import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, afterFailure, backoffDelayMs } from '../../../shared/notifications/retries';

const MINUTE = 60_000;

describe('retries', () => {
  it('retries after 1, 2, 4, 8 and 16 minutes, then dead-letters on the sixth failure', () => {
    // Prepare
    const failure = { ok: false as const, reason: 'HTTP 500' };
    let attempts = 0;
    let now = new Date(0);
    const waits: number[] = [];
    // Act
    for (;;) {
      const decision = afterFailure(attempts, failure, now);
      attempts = decision.attempts;
      if (decision.dead) break;
      waits.push(decision.nextAttemptAt.getTime() - now.getTime());
      now = decision.nextAttemptAt;
    }
    // Assess
    expect(waits).toEqual([1, 2, 4, 8, 16].map((m) => m * MINUTE));
    expect(attempts).toBe(MAX_ATTEMPTS);
    expect(backoffDelayMs(1)).toBe(MINUTE);
  });

  it('dead-letters at once what retrying cannot fix', () => {
    // Act
    const decision = afterFailure(0, { ok: false, reason: 'errcode 93000', permanent: true }, new Date(0));
    // Assess
    expect(decision).toEqual({ attempts: 1, dead: true });
  });

  it('waits at least as long as the channel asks', () => {
    // Act
    const decision = afterFailure(0, { ok: false, reason: 'errcode 45009', retryAfterMs: 5 * MINUTE }, new Date(1000));
    // Assess
    expect(decision).toEqual({ attempts: 1, dead: false, nextAttemptAt: new Date(1000 + 5 * MINUTE) });
  });
});
