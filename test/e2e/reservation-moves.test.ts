import { describe, expect, it } from 'vitest';
import { dailyHours } from '../../infra/local/seeds/stations';
import { saveUser } from '../../shared/users/repository';
import { aUser } from '../support/people';
import { useRuntime } from '../support/runtime';

const { api, signIn, runtime } = useRuntime();

/** Opened around the clock by the test, so nothing depends on the hour it runs. */
const stationId = 'move-station';
const RESERVABLE = 25;
const SOURCE_SLOTS = 4;
const MOVERS = RESERVABLE * SOURCE_SLOTS;
/** Seats of the target slot others hold already: the movers race for the rest. */
const TAKEN = 5;

/** The first slot start on the hour at least 30 minutes (the minimum notice) from now, `hoursLater` after. */
const slotStart = (hoursLater: number) => {
  const hour = 3600_000;
  return new Date(Math.ceil((Date.now() + 31 * 60_000) / hour) * hour + hoursLater * hour).toISOString();
};
const beijingDateOf = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);

const ok = async (status: number, call: Promise<{ status: number; body: any }>) => {
  const response = await call;
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
};

/** Booked seats of the station's slots by start, as `GET /stations/{id}/slots` shows them. */
async function bookedBySlot(token: string, starts: readonly string[]): Promise<number[]> {
  const days = [...new Set(starts.map(beijingDateOf))];
  const slots = (await Promise.all(days.map((day) => ok(200, api('GET', `/stations/${stationId}/slots?date=${day}`, { token }))))).flatMap(
    (page) => page.items as { start: string; booked: number }[],
  );
  return starts.map((start) => slots.find((slot) => slot.start === start)?.booked ?? 0);
}

describe('moving reservations over HTTP', () => {
  it(`never leaves any of ${MOVERS} people moving at once onto a slot with ${RESERVABLE - TAKEN} free seats with no seat or two`, { timeout: 300_000 }, async () => {
    // Prepare: a station of 25 reservable seats; 100 people hold the seats of four slots; five others
    // hold seats of the fifth.
    const admin = await signIn('demo-admin');
    await ok(201, api('POST', '/stations', {
      token: admin,
      body: {
        id: stationId,
        name: '改签测试驿站（全天）',
        address: '南京市建邺区庐山路',
        location: { lat: 32.0042, lng: 118.7412 },
        gridId: 'lushan-g1',
        hours: dailyHours('00:00', '24:00'),
        seats: { total: RESERVABLE + 5, reservable: RESERVABLE },
        amenities: ['drinking_water'],
      },
    }));
    const sources = Array.from({ length: SOURCE_SLOTS }, (_, index) => slotStart(index));
    const target = slotStart(SOURCE_SLOTS);
    const people = Array.from({ length: MOVERS + TAKEN }, (_, index) => `mover-${index}`);
    for (const userId of people) await saveUser(aUser(userId, { role: 'outdoor_worker' }));
    const tokens: string[] = [];
    for (const userId of people) tokens.push(await signIn(userId));
    const held: string[] = [];
    for (const [index, token] of tokens.entries()) {
      const start = index < MOVERS ? sources[index % SOURCE_SLOTS]! : target;
      held.push((await ok(201, api('POST', `/stations/${stationId}/reservations`, { token, body: { start } }))).id);
    }

    // Act: the hundred all move to the target slot at once.
    const moves = await Promise.all(
      tokens.slice(0, MOVERS).map((token, index) => api('POST', `/reservations/${held[index]}/move`, { token, body: { start: target } })),
    );
    await runtime().bus.idle();
    const mine = await Promise.all(tokens.slice(0, MOVERS).map((token) => ok(200, api('GET', '/me/reservations?limit=100', { token }))));
    const booked = await bookedBySlot(admin, [...sources, target]);

    // Assess
    const moved = moves.map((move, index) => (move.status === 201 ? index : -1)).filter((index) => index >= 0);
    const statuses = moves.reduce<Record<string, number>>((tally, move) => {
      const key = move.status === 201 ? '201' : `${move.status} ${move.body.code}`;
      return { ...tally, [key]: (tally[key] ?? 0) + 1 };
    }, {});
    expect(statuses).toEqual({ '201': RESERVABLE - TAKEN, '409 slot_full': MOVERS - (RESERVABLE - TAKEN) });
    // Each person holds exactly one seat: the new one if the move went through, the old one if not.
    const confirmed = mine.map((page) => (page.items as { id: string; status: string; start: string }[]).filter((item) => item.status === 'confirmed'));
    expect(confirmed.map((items) => items.length)).toEqual(Array(MOVERS).fill(1));
    confirmed.forEach((items, index) => {
      const wasMoved = moved.includes(index);
      expect(items[0]!.start).toBe(wasMoved ? target : sources[index % SOURCE_SLOTS]);
      expect(items[0]!.id).toBe(wasMoved ? moves[index]!.body.id : held[index]);
    });
    // The target is full; each source slot lost the seats of those who moved from it, no more.
    const movedFrom = sources.map((_, slot) => moved.filter((index) => index % SOURCE_SLOTS === slot).length);
    expect(booked).toEqual([...movedFrom.map((count) => RESERVABLE - count), RESERVABLE]);
    const old = mine.flatMap((page) => (page.items as { status: string; movedTo?: string }[]).filter((item) => item.status === 'moved'));
    expect(old.map((item) => item.movedTo).sort()).toEqual(moved.map((index) => moves[index]!.body.id).sort());
  });

  it('answers 404 for someone else’s reservation, and 400 for the slot it is in', async () => {
    // Prepare
    const worker = await signIn('demo-outdoor-worker');
    const resident = await signIn('demo-resident');
    const start = slotStart(30);
    const mine = await ok(201, api('POST', `/stations/${stationId}/reservations`, { token: worker, body: { start } }));
    // Act
    const theirs = await api('POST', `/reservations/${mine.id}/move`, { token: resident, body: { start: slotStart(31) } });
    const same = await api('POST', `/reservations/${mine.id}/move`, { token: worker, body: { start } });
    const after = await api('GET', `/reservations/${mine.id}`, { token: worker });
    // Assess
    expect(theirs.status).toBe(404);
    expect(same).toMatchObject({ status: 400, body: { code: 'validation_failed', errors: [{ field: 'body.start', code: 'same_slot' }] } });
    expect(after.body.status).toBe('confirmed');
  });
});
