import { describe, expect, it } from 'vitest';
import { retryAfterSeconds, windowOf } from '../../shared/rate-limit';
import { RESERVATION_CHURN_LIMIT } from '../../shared/stations/reservations/rules';

describe('fixed windows of a churn limit', () => {
  it('puts every instant of an hour in the same window, and the next hour in the next', () => {
    // Prepare
    const hourly = { windowSeconds: 3600 };
    // Act
    const first = windowOf(hourly, new Date('2026-07-01T01:00:00.000Z'));
    const last = windowOf(hourly, new Date('2026-07-01T01:59:59.999Z'));
    const next = windowOf(hourly, new Date('2026-07-01T02:00:00.000Z'));
    // Assess
    expect(first).toEqual({ start: new Date('2026-07-01T01:00:00.000Z'), end: new Date('2026-07-01T02:00:00.000Z') });
    expect(last).toEqual(first);
    expect(next.start).toEqual(first.end);
  });

  it('tells a refused person to come back when the window ends, in whole seconds, never zero', () => {
    // Prepare
    const hourly = { windowSeconds: 3600 };
    // Act
    const atStart = retryAfterSeconds(hourly, new Date('2026-07-01T01:00:00.000Z'));
    const midway = retryAfterSeconds(hourly, new Date('2026-07-01T01:20:00.400Z'));
    const atEnd = retryAfterSeconds(hourly, new Date('2026-07-01T01:59:59.999Z'));
    // Assess
    expect(atStart).toBe(3600);
    expect(midway).toBe(2400);
    expect(atEnd).toBe(1);
  });

  it('states the reservation budget as 20 actions an hour', () => {
    expect(RESERVATION_CHURN_LIMIT).toEqual({ action: 'reservations', max: 20, windowSeconds: 3600 });
  });
});
