/**
 * Issue 12's first done-when: the monthly report of the whole city over a month of 300,000 requests,
 * over HTTP (gateway, authorizer, the `reports` function), side by side with the same report over a
 * month of 3,000 requests; and the rebuild finds no difference between the rollups kept and the
 * ones recomputed from the requests.
 *
 * Two tables in one engine (in its own process, on the repository's disk), each holding the
 * generated Nanjing's units down to its 10,198 grids (written straight through the organisation
 * repository, as bench/announcements.ts does), the ten default categories and a city-wide admin:
 * - **the city**: June 2026's 300,000 requests, about 30 a grid, written through the requests
 *   repository without events (single conditional puts, 64 in flight: the repository has no batch
 *   write), their rollups built at once by the rebuild's fix (`rebuildRollups({ fix: true })`, what
 *   `npm run rollups -- rebuild --fix` runs: the consumer's function makes seven table calls or more
 *   a request, over an hour for 300,000 on this engine); then 500 of the waiting requests are
 *   accepted by their grid workers through the use case (`actOnRequest`), whose events the bus
 *   delivers to the deployed `request-rollups` consumer, so what the rebuild then checks is rollups
 *   the consumer kept on top of the built ones;
 * - **the small month**: 3,000 requests spread over the same grids, each rolled up by
 *   `rollUpRequest`, the function the consumer runs on every event, as if each had just changed.
 * Then: the rebuild over each month (no difference allowed); `GET /reports/monthly?scope=city`
 * over HTTP, the two tables taking turns; the ten-category grid table of the largest district as
 * JSON and CSV (no goal), the two tables taking turns too.
 * `BENCH_REPORTS_REQUESTS` / `BENCH_REPORTS_SMALL` change the two months' sizes (for a quick try).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureTable } from '../infra/local/engine';
import { type Runtime, startRuntime } from '../infra/local/runtime';
import { generateCity } from '../scripts/city/generate';
import type { Identity } from '../shared/auth/identity';
import { mapLimit } from '../shared/concurrency';
import type { OrgUnit } from '../shared/organisation/model';
import { createOrgUnit } from '../shared/organisation/repository';
import { actOnRequest } from '../shared/requests/act-on-request';
import { createCategory } from '../shared/requests/categories/repository';
import { rollUpRequest } from '../shared/requests/monthly-rollups';
import { createRequest } from '../shared/requests/repository/request';
import { type RebuildReport, rebuildRollups } from '../shared/requests/rollup-rebuild';
import { saveUser } from '../shared/users/repository';
import { benchCategories, monthRequest } from './requests';
import type { Bench, BenchRow } from './types';

const root = resolve(import.meta.dirname, '..');
const CITY_REQUESTS = Number(process.env.BENCH_REPORTS_REQUESTS ?? 300_000);
const SMALL_REQUESTS = Number(process.env.BENCH_REPORTS_SMALL ?? 3_000);
/** Waiting requests of the city's month its grid workers accept through the use case (events → consumer). */
const MOVES = Math.min(500, Math.floor(CITY_REQUESTS / 20));
const MONTH = '2026-06';
/** Requests written at once while seeding (each a conditional put through the repository). */
const SEED_IN_FLIGHT = 64;
const WRITES_IN_FLIGHT = 32;
/** Timed reports a side (after WARM_UP untimed ones), the two tables taking turns. */
const REPORT_RUNS = Number(process.env.BENCH_REPORTS_RUNS ?? 200);
const TABLE_RUNS = Number(process.env.BENCH_REPORTS_TABLE_RUNS ?? 21);
const WARM_UP = 10;
const ADMIN = 'bench-city-admin';
/** A prime not dividing 10,198: request i goes to grid (i × SPREAD) mod grids, so each grid gets its share across the month. */
const SPREAD = 7_919;

const round = (value: number) => Math.round(value * 100) / 100;
const count = (value: number) => value.toLocaleString('en');
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
};

let benchStarted = 0;
const progress = (text: string) => console.error(`  [reports ${Math.round((performance.now() - benchStarted) / 1000)} s] ${text}`);

async function withTable<T>(table: string, work: () => Promise<T>): Promise<T> {
  const home = process.env.TABLE_NAME;
  process.env.TABLE_NAME = table;
  try {
    return await work();
  } finally {
    process.env.TABLE_NAME = home;
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const started = performance.now();
  const result = await work();
  return { result, seconds: (performance.now() - started) / 1000 };
}

/** The generated Nanjing's districts, subdistricts, communities and grids, as org units with their ancestors. */
function cityUnits(): OrgUnit[] {
  const city = generateCity({ scale: 'nanjing' });
  const now = new Date().toISOString();
  const byId = new Map<string, OrgUnit>();
  const units: OrgUnit[] = [];
  for (const kind of ['district', 'subdistrict', 'community', 'grid'] as const) {
    for (const unit of city.units.filter((candidate) => candidate.kind === kind)) {
      const parent = unit.parentId ? byId.get(unit.parentId) : undefined;
      const made: OrgUnit = {
        id: unit.id,
        kind: unit.kind,
        name: unit.name,
        parentId: unit.parentId,
        ancestors: parent ? [...parent.ancestors, parent.id] : [],
        createdAt: now,
        createdBy: 'bench',
      };
      byId.set(made.id, made);
      units.push(made);
    }
  }
  return units;
}

/** A table's units (parents first), the categories and the city-wide admin. */
async function prepareTable(units: readonly OrgUnit[]): Promise<void> {
  for (const kind of ['district', 'subdistrict', 'community', 'grid'] as const) {
    await mapLimit(
      units.filter((unit) => unit.kind === kind),
      WRITES_IN_FLIGHT,
      (unit) => createOrgUnit(unit, []),
    );
  }
  for (const category of benchCategories()) await createCategory(category, { ifAbsent: true });
  await saveUser({ id: ADMIN, displayName: '全市管理员', role: 'admin', units: ['city'], stations: [], createdAt: new Date().toISOString() });
}

const categories = benchCategories();
const workerOf = (gridId: string) => `gw-${gridId}`;

/** Request `index` of a month of `total` over the city's grids. */
function cityRequest(index: number, total: number, grids: readonly OrgUnit[]) {
  const grid = grids[(index * SPREAD) % grids.length]!;
  return monthRequest(index, total, categories, {
    gridId: grid.id,
    ancestors: grid.ancestors,
    assigneeId: workerOf(grid.id),
    residentId: `bench-resident-${index % 50_000}`,
  });
}
/** Writes a month of `total` requests through the repository, without events; prints progress every tenth. */
async function seedRequests(total: number, grids: readonly OrgUnit[], label: string): Promise<number> {
  const tenth = Math.max(1, Math.floor(total / 10));
  let written = 0;
  const { seconds } = await timed(() =>
    mapLimit(
      Array.from({ length: total }, (_, index) => index),
      SEED_IN_FLIGHT,
      async (index) => {
        await createRequest(cityRequest(index, total, grids), []);
        written += 1;
        if (written % tenth === 0) progress(`${label}: ${count(written)} of ${count(total)} requests written`);
      },
    ),
  );
  return seconds;
}

/** Throws unless the rebuild found nothing to differ. */
function assertNoDifference(report: RebuildReport, expected: number, what: string): void {
  if (report.requests !== expected) throw new Error(`the rebuild of ${what} read ${report.requests} requests, not ${expected}`);
  if (report.differences.length > 0) {
    throw new Error(`the rebuild of ${what} found ${report.differences.length} differences, e.g. ${report.differences.slice(0, 3).join('; ')}`);
  }
}

const unitsOf = (report: RebuildReport) =>
  (Object.entries(report.units) as [string, number][])
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${count(n)} ${kind}`)
    .join(', ');

interface Answer {
  ms: number;
  bytes: number;
  text: string;
}

async function get(runtime: Runtime, token: string, path: string): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(`${runtime.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const body = new Uint8Array(await response.arrayBuffer());
  const ms = performance.now() - started;
  // Keeping a byte-order mark, which the CSV must start with.
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(body);
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return { ms, bytes: body.byteLength, text };
}

/**
 * The same GET against the two tables, taking turns (which goes first alternates), after WARM_UP
 * untimed pairs; `check` sees every answer.
 */
async function sideBySide(
  runtime: Runtime,
  token: string,
  tables: { big: string; small: string },
  path: string,
  runs: number,
  check: (side: 'big' | 'small', answer: Answer) => void,
) {
  const times = { big: [] as number[], small: [] as number[] };
  const bytes = { big: 0, small: 0 };
  for (let index = 0; index < WARM_UP + runs; index += 1) {
    const order: ('big' | 'small')[] = index % 2 === 0 ? ['big', 'small'] : ['small', 'big'];
    for (const side of order) {
      const answer = await withTable(tables[side], () => get(runtime, token, path));
      check(side, answer);
      bytes[side] = answer.bytes;
      if (index >= WARM_UP) times[side].push(answer.ms);
    }
  }
  return { times, bytes };
}

const median = (list: number[]) => percentile(list, 0.5);
const spread = (list: number[]) => `median of ${list.length}; p95 ${round(percentile(list, 0.95))} ms`;

export const bench: Bench = async () => {
  benchStarted = performance.now();
  mkdirSync(join(root, '.bench'), { recursive: true });
  // On the repository's disk, not fsynced (a seed need not survive a power cut): 300,000 requests
  // in their four indexes would hold some 6 GB in an in-memory engine.
  const dataDir = mkdtempSync(join(root, '.bench', 'reports-'));
  const runtime = await startRuntime({ port: 0, timers: false, seed: false, separateEngineProcess: true, dataDir, engineWrites: 'atomic', wechatStandIn: true });
  const bigTable = process.env.TABLE_NAME!;
  const smallTable = `${bigTable}-small-month`;
  try {
    await ensureTable(runtime.engine.endpoint, smallTable);
    const units = cityUnits();
    const grids = units.filter((unit) => unit.kind === 'grid');
    const setup = await timed(async () => {
      await prepareTable(units);
      await withTable(smallTable, () => prepareTable(units));
    });
    progress(`${count(units.length)} units (${count(grids.length)} grids), categories and a city-wide admin in each table in ${round(setup.seconds)} s`);

    // The small month: each request rolled up by the consumer's own function.
    const small = await withTable(smallTable, async () => {
      const putSeconds = await seedRequests(SMALL_REQUESTS, grids, 'small month');
      const rolled = await timed(() =>
        mapLimit(
          Array.from({ length: SMALL_REQUESTS }, (_, index) => cityRequest(index, SMALL_REQUESTS, grids).id),
          16,
          (requestId) => rollUpRequest(requestId),
        ),
      );
      progress(`small month: ${count(SMALL_REQUESTS)} requests written in ${round(putSeconds)} s, rolled up one by one (rollUpRequest) in ${round(rolled.seconds)} s`);
      const check = await timed(() => rebuildRollups({ month: MONTH }));
      assertNoDifference(check.result, SMALL_REQUESTS, `the small month`);
      progress(`small month: the rebuild finds no difference (${round(check.seconds)} s)`);
      return { rollupSeconds: rolled.seconds, check };
    });

    // The city's month: written, built by the rebuild's fix, then moved on by the consumer.
    const putSeconds = await seedRequests(CITY_REQUESTS, grids, 'city month');
    progress(`city month: ${count(CITY_REQUESTS)} requests written in ${round(putSeconds)} s (${Math.round(CITY_REQUESTS / putSeconds)} put/s)`);
    const built = await timed(() => rebuildRollups({ month: MONTH, fix: true }));
    if (built.result.requests !== CITY_REQUESTS || built.result.changedMeanwhile.length > 0) {
      throw new Error(`the rollups were built from ${built.result.requests} requests; changed meanwhile: ${built.result.changedMeanwhile.join(', ')}`);
    }
    progress(`city month: rollups built by the rebuild's fix in ${round(built.seconds)} s (${count(built.result.fixed)} items written)`);
    // One in twenty of the month waits to be accepted (monthRequest): its grid worker accepts it now.
    const waiting = Array.from({ length: MOVES }, (_, move) => move * 20).map((index) => cityRequest(index, CITY_REQUESTS, grids));
    const moved = await timed(async () => {
      await mapLimit(waiting, 16, async (request) => {
        const gridWorker: Identity = { userId: request.assigneeId!, role: 'grid_worker', units: [request.gridId] };
        await actOnRequest(gridWorker, request.id, {}, () => ({ action: 'accept' }));
      });
      await runtime.bus.idle();
    });
    const deadLetters = runtime.bus.listDeadLetters();
    if (deadLetters.length > 0) throw new Error(`${deadLetters.length} dead letters, e.g. ${JSON.stringify(deadLetters[0]).slice(0, 300)}`);
    progress(`city month: ${count(MOVES)} requests accepted through actOnRequest, their events consumed, in ${round(moved.seconds)} s`);
    const check = await timed(() => rebuildRollups({ month: MONTH }));
    assertNoDifference(check.result, CITY_REQUESTS, 'the city month');
    progress(`city month: the rebuild finds no difference (${round(check.seconds)} s over ${count(CITY_REQUESTS)} requests)`);

    // Over HTTP, as a city-wide admin (the authorizer reads the admin from whichever table is in use).
    const signIn = await fetch(`${runtime.url}/auth/wechat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: `dev:${ADMIN}` }) });
    const token = ((await signIn.json()) as { token: string }).token;
    const tables = { big: bigTable, small: smallTable };
    const expected = { big: CITY_REQUESTS, small: SMALL_REQUESTS };
    const report = await sideBySide(runtime, token, tables, `/reports/monthly?scope=city&month=${MONTH}`, REPORT_RUNS, (side, answer) => {
      const body = JSON.parse(answer.text) as { scope: { id: string }; overall: { total: number } };
      if (body.scope.id !== 'city' || body.overall.total !== expected[side]) throw new Error(`the ${side} month's city report counts ${body.overall.total} requests, not ${expected[side]}`);
    });
    progress(`city report over HTTP: ${round(median(report.times.big))} ms ÷ ${round(median(report.times.small))} ms`);

    // The grid table of the district with the most grids, as JSON and as CSV.
    const gridsOf = new Map<string, number>();
    for (const grid of grids) gridsOf.set(grid.ancestors[0]!, (gridsOf.get(grid.ancestors[0]!) ?? 0) + 1);
    const [districtId, districtGrids] = [...gridsOf].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]!;
    const districtName = units.find((unit) => unit.id === districtId)!.name;
    const rowsOf = { big: 0, small: 0 };
    const json = await sideBySide(runtime, token, tables, `/reports/monthly/grids?scope=${districtId}&month=${MONTH}`, TABLE_RUNS, (side, answer) => {
      const body = JSON.parse(answer.text) as { rows: unknown[]; categories: unknown[]; total: number };
      if (body.categories.length !== categories.length) throw new Error(`the grid table has ${body.categories.length} categories`);
      rowsOf[side] = body.rows.length;
    });
    const csvLines = { big: 0, small: 0 };
    const csv = await sideBySide(runtime, token, tables, `/reports/monthly/grids?scope=${districtId}&month=${MONTH}&format=csv`, TABLE_RUNS, (side, answer) => {
      if (!answer.text.startsWith('\uFEFF')) throw new Error('the CSV has no byte-order mark');
      csvLines[side] = answer.text.split('\r\n').length - 1;
    });
    if (csvLines.big !== rowsOf.big + 2 || csvLines.small !== rowsOf.small + 2) throw new Error(`the CSV has ${csvLines.big} / ${csvLines.small} lines for ${rowsOf.big} / ${rowsOf.small} rows`);
    progress(`grid table of ${districtId}: JSON ${round(median(json.times.big))} ms, CSV ${round(median(csv.times.big))} ms`);

    const ratio = median(report.times.big) / median(report.times.small);
    const bigLabel = `${count(CITY_REQUESTS)} requests`;
    const smallLabel = `${count(SMALL_REQUESTS)} requests`;
    const district = `${districtName} (${count(districtGrids)} grids)`;
    const rows: BenchRow[] = [
      { name: 'city setup: units to grids, categories, admin (both tables)', value: round(setup.seconds), unit: 's', note: `${count(units.length)} units, ${count(grids.length)} grids, written through the organisation repository` },
      { name: `seed: ${bigLabel} through the repository`, value: Math.round(CITY_REQUESTS / putSeconds), unit: 'put/s', note: `createRequest, ${SEED_IN_FLIGHT} in flight, engine in its own process on disk; ${round(putSeconds)} s` },
      { name: `rollups of ${bigLabel} built by rebuildRollups fix`, value: round(built.seconds), unit: 's', note: `${count(built.result.fixed)} items written (${unitsOf(built.result)})` },
      { name: `${count(MOVES)} accepts through actOnRequest, events to the request-rollups consumer`, value: round(moved.seconds), unit: 's', note: '16 in flight; until the bus is idle; no dead letter' },
      { name: `rebuild over ${bigLabel}: differences`, value: check.result.differences.length, unit: 'diffs', note: `rollups built by the fix, then kept by the consumer for ${count(MOVES)} accepts; ${unitsOf(check.result)} compared` },
      { name: `rebuild over ${bigLabel}: time`, value: round(check.seconds), unit: 's', note: 'reads the month on byArea, a subdistrict at a time, 8 in flight; compares every contribution and snapshot' },
      { name: `rollups of ${smallLabel} kept by rollUpRequest, one by one`, value: round(small.rollupSeconds), unit: 's', note: `the consumer's function, 16 in flight: ${Math.round(SMALL_REQUESTS / small.rollupSeconds)} requests/s` },
      { name: `rebuild over ${smallLabel}: differences`, value: small.check.result.differences.length, unit: 'diffs', note: `rollups kept by rollUpRequest alone; ${round(small.check.seconds)} s` },
      { name: `monthly report, city, over HTTP: ${bigLabel}`, value: round(median(report.times.big)), unit: 'ms', note: `GET /reports/monthly?scope=city as a city-wide admin; ${spread(report.times.big)}; ${count(report.bytes.big)} bytes; goal ≤ 1,000 ms` },
      { name: `monthly report, city, over HTTP: ${smallLabel}`, value: round(median(report.times.small)), unit: 'ms', note: `the same report on a table of ${smallLabel} over the same city; ${spread(report.times.small)}` },
      { name: `monthly report, city, over HTTP: ${bigLabel} ÷ ${smallLabel}`, value: round(ratio), unit: '×', note: 'goal ≤ 1.2; the two tables taking turns in one engine' },
      { name: `grid table, ${district}, JSON: ${bigLabel}`, value: round(median(json.times.big)), unit: 'ms', note: `GET /reports/monthly/grids; ${rowsOf.big} rows, ${count(json.bytes.big)} bytes; ${spread(json.times.big)}; no goal` },
      { name: `grid table, ${district}, JSON: ${smallLabel}`, value: round(median(json.times.small)), unit: 'ms', note: `${rowsOf.small} rows, ${count(json.bytes.small)} bytes; ${spread(json.times.small)}` },
      { name: `grid table, ${district}, CSV: ${bigLabel}`, value: round(median(csv.times.big)), unit: 'ms', note: `format=csv (UTF-8 with BOM); ${count(csv.bytes.big)} bytes; ${spread(csv.times.big)}; no goal` },
      { name: `grid table, ${district}, CSV: ${smallLabel}`, value: round(median(csv.times.small)), unit: 'ms', note: `${count(csv.bytes.small)} bytes; ${spread(csv.times.small)}` },
    ];
    return rows;
  } finally {
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
};
