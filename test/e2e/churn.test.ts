import { describe, expect, it } from 'vitest';
import { windowOf } from '../../shared/rate-limit';
import { RESERVATION_CHURN_LIMIT } from '../../shared/stations/reservations/rules';
import { useRuntime } from '../support/runtime';

const { api, signIn } = useRuntime();

/** The seeded station (open 08:00–20:00 Beijing time). */
const stationId = 'lushan-station';
/** A slot of tomorrow, Beijing time: always past the minimum notice and inside the booking horizon. */
const tomorrowAt = (hour: number) => {
  const beijingDate = new Date(Date.now() + 8 * 3600_000 + 24 * 3600_000).toISOString().slice(0, 10);
  return new Date(`${beijingDate}T${String(hour).padStart(2, '0')}:00:00+08:00`).toISOString();
};

describe('a person reserving and cancelling in a loop, over HTTP', () => {
  it('is refused with 429 too_many_requests and a Retry-After once the hour’s budget is spent, and may still cancel', async () => {
    // Prepare: a seat held for tomorrow morning (one action of the budget).
    const worker = await signIn('demo-outdoor-worker');
    const windowAtStart = windowOf(RESERVATION_CHURN_LIMIT, new Date()).start.getTime();
    const kept = await api('POST', `/stations/${stationId}/reservations`, { token: worker, body: { start: tomorrowAt(9) } });
    let actions = 1;
    let refusal: Awaited<ReturnType<typeof api>> | undefined;
    const loopStatuses = new Set<number>();
    // Act: reserve and cancel another slot until refused (twice the budget at most, in case an hour ends meanwhile).
    for (let round = 0; round < RESERVATION_CHURN_LIMIT.max + 1 && !refusal; round += 1) {
      const reserved = await api('POST', `/stations/${stationId}/reservations`, { token: worker, body: { start: tomorrowAt(15) } });
      if (reserved.status === 429) {
        refusal = reserved;
        break;
      }
      const cancelled = await api('DELETE', `/reservations/${reserved.body.id}`, { token: worker });
      loopStatuses.add(reserved.status).add(cancelled.status);
      actions += 2;
    }
    const straddledAnHour = windowOf(RESERVATION_CHURN_LIMIT, new Date()).start.getTime() !== windowAtStart;
    const cancelKept = await api('DELETE', `/reservations/${kept.body.id}`, { token: worker });
    const again = await api('POST', `/stations/${stationId}/reservations`, { token: worker, body: { start: tomorrowAt(11) } });
    const english = await api('POST', `/stations/${stationId}/reservations`, {
      token: worker,
      body: { start: tomorrowAt(11) },
      headers: { 'accept-language': 'en' },
    });
    // Assess
    expect(kept.status).toBe(201);
    expect([...loopStatuses].sort()).toEqual([200, 201]);
    // The budget's worth went through, and the cancellation after its last reservation (never refused);
    // more only if the loop ran across the end of an hour, when a new budget begins.
    expect(actions).toBe(straddledAnHour ? actions : RESERVATION_CHURN_LIMIT.max + 1);
    expect(refusal).toMatchObject({ status: 429, body: { status: 429, code: 'too_many_requests' } });
    expect(refusal!.headers.get('content-type')).toBe('application/problem+json');
    const retryAfter = Number(refusal!.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= RESERVATION_CHURN_LIMIT.windowSeconds).toBe(true);
    expect(cancelKept).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    expect(again.status).toBe(429);
    expect(again.headers.get('retry-after')).not.toBeNull();
    expect(english.body).toMatchObject({ code: 'too_many_requests', title: 'Too many requests; try again later' });
  });
});
