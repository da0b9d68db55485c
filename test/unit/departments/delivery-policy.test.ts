import { describe, expect, it } from 'vitest';
import { outgoingMessageSchema } from '../../../shared/departments/delivery-model';
import { MAX_RETRY_DELAY_MS, RETRY_WINDOW_MS, afterFailedAttempt, outcomeOf } from '../../../shared/departments/delivery-policy';
import { DELIVERY_ID_HEADER, departmentChangeOf, followUpOf, outgoingMessageOf, signedPost } from '../../../shared/departments/outgoing';
import { SIGNATURE_HEADER, checkSignature } from '../../../shared/departments/signing';

const HOUR = 3600_000;
const MINUTE = 60_000;

describe('how a department answer is classified', () => {
  it('takes 2xx as delivered, 408, 429, 5xx and transport failures as worth retrying, and any other 4xx as permanent', () => {
    // Prepare
    const answers = [{ status: 200 }, { status: 204 }, { status: 408 }, { status: 429, retryAfter: '120' }, { status: 503 }, { status: 400 }, { status: 401 }, { failure: 'timeout' }, { failure: 'network error' }];
    // Act
    const outcomes = answers.map(outcomeOf);
    // Assess
    expect(outcomes).toEqual([
      { ok: true },
      { ok: true },
      { ok: false, reason: 'HTTP 408' },
      { ok: false, reason: 'HTTP 429', retryAfterMs: 120_000 },
      { ok: false, reason: 'HTTP 503' },
      { ok: false, reason: 'HTTP 400', permanent: true },
      { ok: false, reason: 'HTTP 401', permanent: true },
      { ok: false, reason: 'timeout' },
      { ok: false, reason: 'network error' },
    ]);
  });
});

describe('the retry policy', () => {
  it('waits 1, 2, 4 … minutes, never more than an hour, and keeps trying until 24 hours after the first attempt', () => {
    // Prepare
    const first = new Date('2026-08-01T00:00:00.000Z');
    const delays: number[] = [];
    let now = first;
    let attempts = 0;
    // Act
    for (;;) {
      const decision = afterFailedAttempt(attempts, first, { ok: false, reason: 'HTTP 503' }, now);
      if (decision.dead) break;
      delays.push(decision.nextAttemptAt.getTime() - now.getTime());
      attempts = decision.attempts;
      now = decision.nextAttemptAt;
    }
    // Assess
    expect(delays.slice(0, 7)).toEqual([1, 2, 4, 8, 16, 32, 60].map((minutes) => minutes * MINUTE));
    expect(Math.max(...delays)).toBe(MAX_RETRY_DELAY_MS);
    expect(now.getTime() - first.getTime()).toBeGreaterThanOrEqual(RETRY_WINDOW_MS);
    expect(now.getTime() - first.getTime()).toBeLessThan(RETRY_WINDOW_MS + HOUR);
  });

  it('dead-letters a permanent refusal at once, and honours a Retry-After up to an hour', () => {
    // Prepare
    const now = new Date('2026-08-01T00:00:00.000Z');
    // Act
    const refused = afterFailedAttempt(0, now, { ok: false, reason: 'HTTP 400', permanent: true }, now);
    const throttled = afterFailedAttempt(0, now, { ok: false, reason: 'HTTP 429', retryAfterMs: 10 * MINUTE }, now);
    const throttledLong = afterFailedAttempt(0, now, { ok: false, reason: 'HTTP 429', retryAfterMs: 5 * HOUR }, now);
    // Assess
    expect(refused).toEqual({ attempts: 1, dead: true });
    expect(throttled).toEqual({ attempts: 1, dead: false, nextAttemptAt: new Date(now.getTime() + 10 * MINUTE) });
    expect(throttledLong).toEqual({ attempts: 1, dead: false, nextAttemptAt: new Date(now.getTime() + HOUR) });
  });
});

describe('which change of a case a department hears of', () => {
  it('sends an escalation to its department, a case leaving escalated as withdrawn, a reassignment while escalated as updated, and nothing else (nor the department’s own return)', () => {
    // Prepare
    const escalated = { status: 'escalated' as const, department: 'urban_management' as const };
    const returned = { status: 'in_progress' as const, department: 'urban_management' as const };
    // Act
    const decisions = [
      departmentChangeOf({ action: 'escalate', from: 'in_progress', to: 'escalated', department: 'urban_management' }, escalated),
      departmentChangeOf({ action: 'return', from: 'escalated', to: 'in_progress' }, returned),
      departmentChangeOf({ action: 'reassign' }, escalated),
      departmentChangeOf({ action: 'resolve', from: 'escalated', to: 'resolved' }, { ...escalated, status: 'resolved' }),
      departmentChangeOf({ action: 'accept', from: 'submitted', to: 'accepted' }, { status: 'accepted' }),
      departmentChangeOf({ action: 'reassign' }, returned),
      departmentChangeOf({ action: 'return', from: 'escalated', to: 'in_progress', actorId: 'urban_management' }, returned),
    ];
    // Assess
    expect(decisions).toEqual([
      { departmentId: 'urban_management', event: 'escalated' },
      { departmentId: 'urban_management', event: 'withdrawn' },
      { departmentId: 'urban_management', event: 'updated' },
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('the signed message', () => {
  it('verifies with checkSignature under the department secret, names its delivery, and fits the message schema', () => {
    // Prepare
    const now = new Date('2026-08-01T00:00:00.000Z');
    const outgoing = {
      id: 'r-1', categoryId: 'c-1', categoryName: '占道经营', description: '路口有人摆摊', status: 'escalated', gridId: 'g-1', communityId: 'c-1',
      callbackUrl: 'http://127.0.0.1:3000/departments/urban_management/callbacks',
    };
    const message = outgoingMessageOf({ id: 'd-1', event: 'escalated' }, outgoing, now);
    // Act
    const post = signedPost(message, 'the-secret', now);
    // Assess
    const seconds = now.getTime() / 1000;
    expect(checkSignature('the-secret', post.headers[SIGNATURE_HEADER], post.body, seconds)).toBe('valid');
    expect(checkSignature('another-secret', post.headers[SIGNATURE_HEADER], post.body, seconds)).toBe('mismatch');
    expect(post.headers[DELIVERY_ID_HEADER]).toBe('d-1');
    expect(post.headers['content-type']).toBe('application/json');
    expect(outgoingMessageSchema.safeParse(JSON.parse(post.body)).success).toBe(true);
  });
});

describe('what a later change of a case does, given its escalation to the department', () => {
  it('follows a sent escalation, cancels or folds into one that never arrived, waits for one on the wire, and sends nothing without one', () => {
    // Prepare
    const escalations = [
      undefined,
      { status: 'cancelled' as const, inFlight: false },
      { status: 'sent' as const, inFlight: false },
      { status: 'pending' as const, inFlight: false },
      { status: 'dead' as const, inFlight: false },
      { status: 'pending' as const, inFlight: true },
    ];
    // Act
    const withdrawn = escalations.map((escalation) => followUpOf('withdrawn', escalation));
    const updated = escalations.map((escalation) => followUpOf('updated', escalation));
    // Assess
    expect(withdrawn).toEqual(['none', 'none', 'send', 'cancel-escalation', 'cancel-escalation', 'retry-later']);
    expect(updated).toEqual(['none', 'none', 'send', 'fold-into-escalation', 'fold-into-escalation', 'retry-later']);
  });
});
