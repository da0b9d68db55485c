import { describe, expect, it } from 'vitest';
import { slotsOfDay } from '../../../shared/stations/reservations/reads';
import { reserve } from '../../../shared/stations/reservations/reserve';
import { WAITLIST_CAP } from '../../../shared/stations/reservations/rules';
import { getSlot } from '../../../shared/stations/reservations/items';
import { useEngine } from '../../support/engine';
import { aStation, beijing, mockBus, race, times } from './fixtures';

/**
 * The invariant that matters most, on the embedded engine: a slot's seats are never overbooked and
 * nobody is booked twice, however many people try at once. Its own file, so it runs beside the others.
 * A few rounds are enough to catch a broken invariant here; `npm run bench` runs twenty over HTTP.
 */

useEngine();
const bus = mockBus();
const now = beijing('2026-07-01T09:00:00');
const at = (hour: number) => beijing(`2026-07-01T${String(hour).padStart(2, '0')}:00:00`);
const ROUNDS = 3;

describe('200 workers reserving a 10-seat slot at once', () => {
  it(`confirms exactly 10, waitlists up to the cap, refuses the rest with 409, and shows 0 free — in each of ${ROUNDS} rounds`, { timeout: 120_000 }, async () => {
    // Prepare
    const station = await aStation('race', { total: 14, reservable: 10 });
    const outcomes = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const start = new Date(at(10).getTime() + round * 3600_000);
      // Act
      const { values, refusals } = await race(
        times(200, (i) => () =>
          reserve({ station, userId: `w${round}-${i}`, reservationId: `r${round}-${i}`, start, seats: 1, waitlist: i % 2 === 0, now }),
        ),
      );
      const slot = await getSlot(station.id, start.toISOString());
      const [view] = (await slotsOfDay(station, start, new Date(start.getTime() + 3600_000), now)).filter((s) => s.start === start.toISOString());
      outcomes.push({
        confirmed: values.filter((r) => r.status === 'confirmed').length,
        waitlisted: values.filter((r) => r.status === 'waitlisted').length,
        refusals,
        holders: new Set(slot!.holders.map((h) => h.userId)).size,
        booked: slot!.booked,
        free: view!.free,
      });
    }
    // Assess
    for (const outcome of outcomes) {
      expect(outcome).toEqual({ confirmed: 10, waitlisted: WAITLIST_CAP, refusals: { '409 slot_full': 140 }, holders: 10, booked: 10, free: 0 });
    }
    expect(bus.of('reservation.confirmed')).toHaveLength(10 * ROUNDS);
  });
});

