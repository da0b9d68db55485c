/**
 * Issue 4's figures, side by side in one run on an in-memory runtime:
 * (a) nearby search over 5,000 stations spread over Nanjing against the same search over 50 — the
 *     geohash cells make the cost follow the neighbourhood, not the city;
 * (b) 200 workers reserving one 10-seat slot at once over HTTP, 20 rounds: what got confirmed, and
 *     the throughput.
 */
import { ensureTable } from '../infra/local/engine';
import { type Runtime, startRuntime } from '../infra/local/runtime';
import type { Station } from '../shared/stations/model';
import { createStation, searchNearby } from '../shared/stations/repository';
import { dailyHours, demoStation } from '../shared/stations/seed';
import { issueToken } from '../shared/auth/tokens';
import type { Bench, BenchRow } from './types';

const CITY_STATIONS = Number(process.env.BENCH_CITY_STATIONS ?? 5000);
const FEW_STATIONS = 50;
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 300);
const ROUNDS = Number(process.env.BENCH_RESERVATION_ROUNDS ?? 20);
const WORKERS = 200;
/** Nanjing, roughly: 31.2–32.6 N, 118.3–119.2 E. */
const NANJING = { south: 31.2, north: 32.6, west: 118.3, east: 119.2 };

/** A small seeded generator, so every run spreads the stations and search points alike. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pointIn = (next: () => number) => ({
  lat: NANJING.south + next() * (NANJING.north - NANJING.south),
  lng: NANJING.west + next() * (NANJING.east - NANJING.west),
});

const amenitySets: Station['amenities'][] = [
  ['air_conditioning', 'drinking_water', 'phone_charging'],
  ['air_conditioning', 'drinking_water', 'microwave', 'fridge', 'wifi'],
  ['drinking_water', 'toilet'],
  ['air_conditioning', 'power_bank', 'first_aid'],
];

async function fillTable(tableName: string, count: number, seed: number): Promise<void> {
  process.env.TABLE_NAME = tableName;
  const next = random(seed);
  const stations = Array.from({ length: count }, (_, index): Station => ({
    ...demoStation,
    id: `bench-${seed}-${index}`,
    name: `驿站 ${index}`,
    location: pointIn(next),
    hours: index % 3 === 0 ? dailyHours('00:00', '24:00') : dailyHours('07:00', '21:00'),
    seats: { total: 4 + (index % 12), reservable: index % 4 },
    amenities: amenitySets[index % amenitySets.length]!,
  }));
  for (let start = 0; start < stations.length; start += 25) {
    await Promise.all(stations.slice(start, start + 25).map((station) => createStation(station, [])));
  }
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
};
const round = (value: number) => Math.round(value * 100) / 100;

/** Times one search through the repository (what the handler runs) against one table. */
async function timeSearch(tableName: string, centre: { lat: number; lng: number }, radiusMetres: number): Promise<{ ms: number; found: number }> {
  process.env.TABLE_NAME = tableName;
  const started = performance.now();
  const found = await searchNearby({ centre, radiusMetres, openNow: true, amenity: 'air_conditioning', minFreeSeats: 1, limit: 20 }, new Date());
  return { ms: performance.now() - started, found: found.length };
}

/** Times one search over HTTP: gateway, authorizer, handler. */
async function timeHttpSearch(runtime: Runtime, token: string, tableName: string, centre: { lat: number; lng: number }, radius: number) {
  process.env.TABLE_NAME = tableName;
  const started = performance.now();
  const response = await fetch(
    `${runtime.url}/stations?lat=${centre.lat}&lng=${centre.lng}&radius=${radius}&openNow=true&amenity=air_conditioning&minFreeSeats=1`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`search answered ${response.status}`);
  return performance.now() - started;
}

async function nearbySearch(runtime: Runtime, token: string): Promise<BenchRow[]> {
  const cityTable = `${process.env.TABLE_NAME}-city`;
  const fewTable = `${process.env.TABLE_NAME}-few`;
  const home = process.env.TABLE_NAME!;
  await ensureTable(runtime.engine.endpoint, cityTable);
  await ensureTable(runtime.engine.endpoint, fewTable);
  const loadStarted = performance.now();
  await fillTable(cityTable, CITY_STATIONS, 1);
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  await fillTable(fewTable, FEW_STATIONS, 2);

  const rows: BenchRow[] = [];
  for (const radius of [2000, 5000]) {
    const next = random(radius);
    const centres = Array.from({ length: SEARCHES }, () => pointIn(next));
    // Warm both, then alternate which goes first, so drift on a shared machine hits both alike.
    for (const centre of centres.slice(0, 20)) {
      await timeSearch(cityTable, centre, radius);
      await timeSearch(fewTable, centre, radius);
    }
    const city: number[] = [];
    const few: number[] = [];
    let foundInCity = 0;
    for (const [index, centre] of centres.entries()) {
      const order = index % 2 === 0 ? [cityTable, fewTable] : [fewTable, cityTable];
      for (const table of order) {
        const { ms, found } = await timeSearch(table, centre, radius);
        (table === cityTable ? city : few).push(ms);
        if (table === cityTable) foundInCity += found;
      }
    }
    const ratio = percentile(city, 0.5) / percentile(few, 0.5);
    rows.push(
      { name: `nearby search ${radius / 1000} km: ${CITY_STATIONS} stations`, value: round(percentile(city, 0.5)), unit: 'ms', note: `median of ${SEARCHES}; p95 ${round(percentile(city, 0.95))} ms; ${round(foundInCity / SEARCHES)} results on average` },
      { name: `nearby search ${radius / 1000} km: ${FEW_STATIONS} stations`, value: round(percentile(few, 0.5)), unit: 'ms', note: `median of ${SEARCHES}; p95 ${round(percentile(few, 0.95))} ms` },
      { name: `nearby search ${radius / 1000} km: ${CITY_STATIONS} ÷ ${FEW_STATIONS}`, value: round(ratio), unit: '×', note: 'goal ≤ 1.2 (repository: cell queries, distances, availability)' },
    );
  }

  // The same comparison over HTTP, 2 km (the default radius).
  const next = random(7);
  const centres = Array.from({ length: Math.min(SEARCHES, 200) }, () => pointIn(next));
  const httpCity: number[] = [];
  const httpFew: number[] = [];
  for (const centre of centres.slice(0, 20)) await timeHttpSearch(runtime, token, cityTable, centre, 2000);
  for (const [index, centre] of centres.entries()) {
    const order = index % 2 === 0 ? [cityTable, fewTable] : [fewTable, cityTable];
    for (const table of order) (table === cityTable ? httpCity : httpFew).push(await timeHttpSearch(runtime, token, table, centre, 2000));
  }
  process.env.TABLE_NAME = home;
  rows.push(
    { name: `GET /stations 2 km over HTTP: ${CITY_STATIONS} stations`, value: round(percentile(httpCity, 0.5)), unit: 'ms', note: `median of ${centres.length}; p95 ${round(percentile(httpCity, 0.95))} ms` },
    { name: `GET /stations 2 km over HTTP: ${CITY_STATIONS} ÷ ${FEW_STATIONS}`, value: round(percentile(httpCity, 0.5) / percentile(httpFew, 0.5)), unit: '×', note: `goal ≤ 1.2; ${FEW_STATIONS}: ${round(percentile(httpFew, 0.5))} ms` },
    { name: `loading ${CITY_STATIONS} stations`, value: round(CITY_STATIONS / loadSeconds), unit: 'put/s', note: '25 at a time, through createStation' },
  );
  return rows;
}

async function reservationRace(runtime: Runtime): Promise<BenchRow[]> {
  // Different workers each round (200 × rounds), so nobody reaches the per-person cap of active
  // reservations and every round is the same race. Tokens are issued as sign-in would issue them.
  const tokensOf = async (round: number) =>
    Promise.all(
      Array.from({ length: WORKERS }, async (_, index) =>
        (await issueToken({ userId: `bench-worker-${round}-${index}`, role: 'outdoor_worker', units: [], stations: [] })).token,
      ),
    );
  const station: Station = { ...demoStation, id: 'bench-race', hours: dailyHours('00:00', '24:00'), seats: { total: 14, reservable: 10 }, rules: { ...demoStation.rules, horizonDays: 7 } };
  await createStation(station, []);
  const hour = 3600_000;
  const firstSlot = Math.ceil((Date.now() + 31 * 60_000) / hour) * hour;
  const roundMs: number[] = [];
  const latencies: number[] = [];
  const outcomes = { confirmed: new Set<number>(), waitlisted: new Set<number>(), refused: new Set<number>(), free: new Set<number>(), other: 0 };
  for (let round = 0; round < ROUNDS; round += 1) {
    const start = new Date(firstSlot + round * hour).toISOString();
    const tokens = await tokensOf(round);
    const started = performance.now();
    const answers = await Promise.all(
      tokens.map(async (token, index) => {
        const sent = performance.now();
        const response = await fetch(`${runtime.url}/stations/${station.id}/reservations`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ start, waitlist: index % 2 === 0 }),
        });
        const body = (await response.json()) as { status?: string };
        latencies.push(performance.now() - sent);
        return { status: response.status, state: body.status };
      }),
    );
    roundMs.push(performance.now() - started);
    await runtime.bus.idle();
    const slots = await fetch(`${runtime.url}/stations/${station.id}/slots?date=${new Date(Date.parse(start) + 8 * hour).toISOString().slice(0, 10)}`, {
      headers: { authorization: `Bearer ${tokens[0]}` },
    }).then((response) => response.json() as Promise<{ items: { start: string; free: number }[] }>);
    outcomes.confirmed.add(answers.filter((a) => a.status === 201 && a.state === 'confirmed').length);
    outcomes.waitlisted.add(answers.filter((a) => a.status === 201 && a.state === 'waitlisted').length);
    outcomes.refused.add(answers.filter((a) => a.status === 409).length);
    outcomes.other += answers.filter((a) => a.status !== 201 && a.status !== 409).length;
    outcomes.free.add(slots.items.find((slot) => slot.start === start)?.free ?? -1);
  }
  const attempts = ROUNDS * WORKERS;
  const seconds = roundMs.reduce((a, b) => a + b, 0) / 1000;
  const list = (set: Set<number>) => [...set].join('/');
  return [
    {
      name: `reservations: ${WORKERS} at once for 10 seats, confirmed per round`,
      value: Math.max(...outcomes.confirmed),
      unit: 'seats',
      note: `${ROUNDS} rounds; confirmed ${list(outcomes.confirmed)}, waitlisted ${list(outcomes.waitlisted)}, 409 ${list(outcomes.refused)}, other ${outcomes.other}, free after ${list(outcomes.free)}`,
    },
    { name: 'reservations: throughput over HTTP', value: Math.round(attempts / seconds), unit: 'req/s', note: `${attempts} attempts; median round ${Math.round(percentile(roundMs, 0.5))} ms` },
    { name: 'reservations: latency under the burst', value: Math.round(percentile(latencies, 0.5)), unit: 'ms', note: `median; p95 ${Math.round(percentile(latencies, 0.95))} ms` },
  ];
}

export const bench: Bench = async () => {
  const runtime = await startRuntime({ port: 0, timers: false });
  try {
    const signIn = await fetch(`${runtime.url}/auth/wechat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'dev:demo-outdoor-worker' }) });
    const { token } = (await signIn.json()) as { token: string };
    return [...(await nearbySearch(runtime, token)), ...(await reservationRace(runtime))];
  } finally {
    await runtime.close();
  }
};
