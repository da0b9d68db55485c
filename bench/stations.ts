/**
 * Issue 4's figures, side by side in one run on an in-memory runtime:
 * (a) nearby search over 5,000 stations spread over Nanjing against the same search over 50 — the
 *     geohash cells make the cost follow the neighbourhood, not the city;
 * (b) 200 workers reserving one 10-seat slot at once over HTTP, 20 rounds: what got confirmed, and
 *     the throughput.
 * Issue 8's: (c) the most Queries one search may start, and a 5 km search at the North Pole over
 *     HTTP (refused at once: outside the service area, or too broad under a world-wide area) next to
 *     the normal 2 km search, interleaved in one run.
 * Issue 14's: (d) 100 reservations moved at once onto one slot with 20 free seats, over HTTP: the
 *     throughput, and that everyone ends with exactly one seat.
 * Parts: `search` (a), `race` (b), `limits` (c), `moves` (d); `npm run bench stations:moves`.
 */
import { ensureTable } from '../infra/local/engine';
import { type Runtime, startRuntime } from '../infra/local/runtime';
import { demoUsers } from '../infra/local/seeds/organisation';
import type { Station } from '../shared/stations/model';
import { DEFAULT_SERVICE_AREA } from '../shared/config';
import { boundsOfCircle, countCellsCovering } from '../shared/geo/geo';
import { CELL_PRECISION, MAX_SEARCH_RANGES, rangesAround } from '../shared/stations/cells';
import { createStation } from '../shared/stations/repository';
import { SEARCH_CONCURRENCY, searchNearby } from '../shared/stations/search';
import { dailyHours, demoStation } from '../infra/local/seeds/stations';
import { issueToken } from '../shared/auth/tokens';
import { saveUser } from '../shared/users/repository';
import type { Bench, BenchRow } from './types';
import { mulberry32 } from '../scripts/city/generate/random';

const CITY_STATIONS = Number(process.env.BENCH_CITY_STATIONS ?? 5000);
const FEW_STATIONS = 50;
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 300);
const ROUNDS = Number(process.env.BENCH_RESERVATION_ROUNDS ?? 20);
const WORKERS = 200;
const MOVE_ROUNDS = Number(process.env.BENCH_MOVE_ROUNDS ?? 5);
/** Nanjing, roughly: 31.2–32.6 N, 118.31–119.2 E (inside the service area, whose west edge is 118.31). */
const NANJING = { south: 31.2, north: 32.6, west: 118.31, east: 119.2 };
/** How many of each search the limits comparison times. */
const LIMIT_SEARCHES = Number(process.env.BENCH_LIMIT_SEARCHES ?? 100);


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
  const next = mulberry32(seed);
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
  // The authorizer reads the caller's user item from the table in use, so the searcher is in each.
  for (const table of [cityTable, fewTable]) {
    process.env.TABLE_NAME = table;
    await saveUser(demoUsers.find((user) => user.id === 'demo-outdoor-worker')!);
  }
  process.env.TABLE_NAME = home;

  const rows: BenchRow[] = [];
  for (const radius of [2000, 5000]) {
    const next = mulberry32(radius);
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
  const next = mulberry32(7);
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

/** Times one GET over HTTP and says what it answered. */
async function timeGet(runtime: Runtime, token: string, path: string): Promise<{ ms: number; status: number; code?: string }> {
  const started = performance.now();
  const response = await fetch(`${runtime.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await response.json()) as { code?: string };
  return { ms: performance.now() - started, status: response.status, ...(body.code ? { code: body.code } : {}) };
}

/** The most ranges any of `count` circles of `radius` in the default service area needs. */
function worstRanges(radius: number, count: number): number {
  const next = mulberry32(radius + 1);
  const { minLat, minLng, maxLat, maxLng } = DEFAULT_SERVICE_AREA;
  let worst = 0;
  for (let index = 0; index < count; index += 1) {
    worst = Math.max(worst, rangesAround({ lat: minLat + next() * (maxLat - minLat), lng: minLng + next() * (maxLng - minLng) }, radius).length);
  }
  return worst;
}

/**
 * Issue 8: what one search may cost, and that a polar search is refused at once. Three searches are
 * interleaved, so drift on a shared machine hits them alike: the 2 km search among 5,000 stations, the
 * polar 5 km search under the default (Nanjing) area, and the same under a world-wide area, where only
 * the search budget refuses it (before the budget it started ~24,576 Queries and took ~20 s).
 */
async function searchLimits(runtime: Runtime, token: string): Promise<BenchRow[]> {
  const home = process.env.TABLE_NAME!;
  const cityTable = `${home}-city`;
  const next = mulberry32(8);
  const polarPath = '/stations?lat=90&lng=0&radius=5000';
  const normal: number[] = [];
  const outside: number[] = [];
  const tooBroad: number[] = [];
  const answers = new Set<string>();
  // The runtime gave its functions the default area; the handlers read SERVICE_AREA per request.
  const previousArea = process.env.SERVICE_AREA;
  const timed = async (label: string, list: number[], path: string, serviceArea = previousArea) => {
    if (serviceArea === undefined) delete process.env.SERVICE_AREA;
    else process.env.SERVICE_AREA = serviceArea;
    const { ms, status, code } = await timeGet(runtime, token, path);
    list.push(ms);
    answers.add(`${label} → ${status}${code ? ` ${code}` : ''}`);
  };
  process.env.TABLE_NAME = cityTable;
  try {
    for (let index = 0; index < LIMIT_SEARCHES + 10; index += 1) {
      const centre = pointIn(next);
      const normalPath = `/stations?lat=${centre.lat.toFixed(6)}&lng=${centre.lng.toFixed(6)}&radius=2000&openNow=true&amenity=air_conditioning&minFreeSeats=1`;
      // The first ten warm the three paths up and are not counted.
      const lists = index < 10 ? [[], [], []] : [normal, outside, tooBroad];
      const runs = [
        () => timed('2 km', lists[0]!, normalPath),
        () => timed('polar', lists[1]!, polarPath),
        () => timed('polar, world area', lists[2]!, polarPath, '-90,-180,90,180'),
      ];
      for (let turn = 0; turn < runs.length; turn += 1) await runs[(turn + index) % runs.length]!();
    }
  } finally {
    process.env.TABLE_NAME = home;
    if (previousArea === undefined) delete process.env.SERVICE_AREA;
    else process.env.SERVICE_AREA = previousArea;
  }
  const expected = ['2 km → 200', 'polar → 400 outside_service_area', 'polar, world area → 400 search_too_broad'];
  if ([...answers].sort().join('|') !== expected.join('|')) throw new Error(`unexpected answers: ${[...answers].join(', ')}`);
  const polarCells = countCellsCovering(boundsOfCircle({ lat: 90, lng: 0 }, 5000), CELL_PRECISION);
  const median = (values: number[]) => round(percentile(values, 0.5));
  const p95 = (values: number[]) => round(percentile(values, 0.95));
  return [
    {
      name: 'search budget: most Queries one search may start',
      value: MAX_SEARCH_RANGES,
      unit: 'calls',
      note: `≤ ${SEARCH_CONCURRENCY} in flight; worst in the service area: 2 km ${worstRanges(2000, 2000)}, 5 km ${worstRanges(5000, 2000)} (2,000 centres each); the polar 5 km box holds ${polarCells} cells`,
    },
    { name: 'GET /stations 2 km over HTTP (5,000 stations), beside the polar ones', value: median(normal), unit: 'ms', note: `median of ${normal.length}; p95 ${p95(normal)} ms; 200` },
    { name: 'GET /stations polar 5 km over HTTP: outside the service area', value: median(outside), unit: 'ms', note: `median of ${outside.length}; p95 ${p95(outside)} ms; 400 outside_service_area, no Query` },
    { name: 'GET /stations polar 5 km over HTTP, world-wide area: too broad', value: median(tooBroad), unit: 'ms', note: `median of ${tooBroad.length}; p95 ${p95(tooBroad)} ms; 400 search_too_broad, no Query` },
  ];
}

/**
 * Tokens of `count` outdoor workers named `<prefix>-<index>`, made now: issued as sign-in would issue
 * them, to users that exist (the authorizer reads each user's role from their item).
 */
const workerTokens = (prefix: string, count: number) =>
  Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const userId = `${prefix}-${index}`;
      await saveUser({ id: userId, displayName: userId, role: 'outdoor_worker', units: [], stations: [], createdAt: new Date().toISOString() });
      return (await issueToken({ userId, tokenVersion: 0 })).token;
    }),
  );

/** A JSON call to the runtime as a signed-in caller: its status and body. */
async function call(runtime: Runtime, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${runtime.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}

async function reservationRace(runtime: Runtime): Promise<BenchRow[]> {
  // Different workers each round (200 × rounds), so nobody reaches the per-person cap of active
  // reservations and every round is the same race.
  const tokensOf = (round: number) => workerTokens(`bench-worker-${round}`, WORKERS);
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

/**
 * Issue 14's: 100 people, each holding a seat in one of four slots of a 25-seat station, all move at
 * once to a fifth slot where 5 seats are taken (20 free), over HTTP, for `MOVE_ROUNDS` rounds. Checked
 * each round, after the bus is idle: 20 moves through and 80 `slot_full`, the target full, each source
 * slot down by exactly the seats moved from it, and every mover holding exactly one confirmed seat.
 */
async function reservationMoves(runtime: Runtime): Promise<BenchRow[]> {
  const reservable = 25;
  const sources = 4;
  const movers = reservable * sources;
  const taken = 5;
  const station: Station = {
    ...demoStation,
    id: 'bench-moves',
    hours: dailyHours('00:00', '24:00'),
    seats: { total: reservable + 5, reservable },
    rules: { ...demoStation.rules, horizonDays: 7 },
  };
  await createStation(station, []);
  const hour = 3600_000;
  const firstSlot = Math.ceil((Date.now() + 31 * 60_000) / hour) * hour;
  const latencies: number[] = [];
  const roundMs: number[] = [];
  const outcomes = { moved: new Set<number>(), slotFull: new Set<number>(), other: 0, brokenPeople: 0, brokenSlots: 0 };
  for (let round = 0; round < MOVE_ROUNDS; round += 1) {
    // Five slots a round, none shared with another round.
    const starts = Array.from({ length: sources + 1 }, (_, index) => new Date(firstSlot + (round * (sources + 1) + index) * hour).toISOString());
    const target = starts[sources]!;
    const tokens = await workerTokens(`bench-mover-${round}`, movers + taken);
    const held = await Promise.all(
      tokens.map(async (token, index) => {
        const made = await call(runtime, token, 'POST', `/stations/${station.id}/reservations`, { start: index < movers ? starts[index % sources] : target });
        if (made.status !== 201) throw new Error(`setting up round ${round}: ${made.status} ${JSON.stringify(made.body)}`);
        return made.body.id as string;
      }),
    );
    const started = performance.now();
    const moves = await Promise.all(
      tokens.slice(0, movers).map(async (token, index) => {
        const sent = performance.now();
        const answer = await call(runtime, token, 'POST', `/reservations/${held[index]}/move`, { start: target });
        latencies.push(performance.now() - sent);
        return answer;
      }),
    );
    roundMs.push(performance.now() - started);
    await runtime.bus.idle();
    const movedFrom = starts.slice(0, sources).map((_, slot) => moves.filter((move, index) => move.status === 201 && index % sources === slot).length);
    const days = [...new Set(starts.map((start) => new Date(Date.parse(start) + 8 * hour).toISOString().slice(0, 10)))];
    const slots = (await Promise.all(days.map((day) => call(runtime, tokens[0]!, 'GET', `/stations/${station.id}/slots?date=${day}`)))).flatMap(
      (answer) => answer.body.items as { start: string; booked: number }[],
    );
    const booked = starts.map((start) => slots.find((slot) => slot.start === start)?.booked ?? 0);
    const expected = [...movedFrom.map((count) => reservable - count), reservable];
    outcomes.brokenSlots += booked.filter((count, index) => count !== expected[index]).length;
    const mine = await Promise.all(tokens.slice(0, movers).map((token) => call(runtime, token, 'GET', '/me/reservations?limit=100')));
    outcomes.brokenPeople += mine.filter((answer) => (answer.body.items as { status: string }[]).filter((item) => item.status === 'confirmed').length !== 1).length;
    outcomes.moved.add(moves.filter((move) => move.status === 201).length);
    outcomes.slotFull.add(moves.filter((move) => move.status === 409 && move.body.code === 'slot_full').length);
    outcomes.other += moves.filter((move) => move.status !== 201 && !(move.status === 409 && move.body.code === 'slot_full')).length;
  }
  const attempts = MOVE_ROUNDS * movers;
  const seconds = roundMs.reduce((a, b) => a + b, 0) / 1000;
  const list = (set: Set<number>) => [...set].join('/');
  return [
    {
      name: `moves: ${movers} at once onto ${reservable - taken} free seats, people without exactly one seat`,
      value: outcomes.brokenPeople,
      unit: 'people',
      note: `${MOVE_ROUNDS} rounds; moved ${list(outcomes.moved)}, 409 slot_full ${list(outcomes.slotFull)}, other ${outcomes.other}, slots with a wrong count ${outcomes.brokenSlots}; goal 0`,
    },
    { name: 'moves: throughput over HTTP', value: Math.round(attempts / seconds), unit: 'req/s', note: `${attempts} attempts; median round ${Math.round(percentile(roundMs, 0.5))} ms` },
    { name: 'moves: latency under the burst', value: Math.round(percentile(latencies, 0.5)), unit: 'ms', note: `median; p95 ${Math.round(percentile(latencies, 0.95))} ms` },
  ];
}

/** The parts of this module: `npm run bench stations:moves` runs only the moves. */
const PARTS = ['search', 'limits', 'race', 'moves'] as const;

export const bench: Bench = async (parts = []) => {
  const unknown = parts.filter((part) => !(PARTS as readonly string[]).includes(part));
  if (unknown.length > 0) throw new Error(`bench/stations has no part ${unknown.join(', ')}: pick from ${PARTS.join(', ')}`);
  const wants = (part: (typeof PARTS)[number]) => parts.length === 0 || parts.includes(part);
  const runtime = await startRuntime({ port: 0, timers: false });
  try {
    const signIn = await fetch(`${runtime.url}/auth/wechat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'dev:demo-outdoor-worker' }) });
    const { token } = (await signIn.json()) as { token: string };
    return [
      ...(wants('search') ? await nearbySearch(runtime, token) : []),
      ...(wants('limits') ? await searchLimits(runtime, token) : []),
      ...(wants('race') ? await reservationRace(runtime) : []),
      ...(wants('moves') ? await reservationMoves(runtime) : []),
    ];
  } finally {
    await runtime.close();
  }
};
