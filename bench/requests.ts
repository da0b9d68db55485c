/**
 * Issue 3's figures: (a) the monthly report of a busy community (3,000 requests in a month) over
 * HTTP, and of its subdistrict, read from the month's rollups (the city-wide report over 300,000
 * requests is bench/reports.ts); (b) submit throughput over HTTP (gateway + authorizer + routing +
 * the conditional put with its outbox), on an in-memory runtime; (c) issue 9's: the same submit on
 * disk with the engine in its own process (as npm start runs it), side by side for each way the
 * engine can write an item and its index entries (infra/local/dynalite-atomic.mjs).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { type EngineWrites, ensureTable } from '../infra/local/engine';
import { LocalBus } from '../infra/local/bus';
import { BusJournal } from '../infra/local/bus-journal';
import { type Runtime, startRuntime } from '../infra/local/runtime';
import { seedDemoData } from '../infra/local/seeds/demo';
import { resetClients } from '../shared/aws/clients';
import type { Identity } from '../shared/auth/identity';
import { defaultCategories } from '../shared/requests/categories/catalogue';
import { planCategory } from '../shared/requests/categories/rules';
import { hoursAfter } from '../shared/requests/deadlines';
import { planTransition } from '../shared/requests/lifecycle';
import type { Category } from '../shared/requests/categories/model';
import type { Request } from '../shared/requests/model';
import { createRequest } from '../shared/requests/repository/request';
import { rebuildRollups } from '../shared/requests/rollup-rebuild';
import { planSubmission } from '../shared/requests/submission';
import type { Bench, BenchRow } from './types';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
const REQUESTS = Number(process.env.BENCH_REPORT_REQUESTS ?? 3000);
const REPORT_RUNS = Number(process.env.BENCH_REPORT_RUNS ?? 9);
const SUBMIT_SECONDS = Number(process.env.BENCH_SUBMIT_SECONDS ?? 10);
const CONCURRENCY = 10;
const JOURNAL_COMMITS = Number(process.env.BENCH_JOURNAL_COMMITS ?? 2000);
/** Pairs of submit runs, bus in memory and on disk, for each comparison (issue 9). */
const BUS_ROUNDS = Number(process.env.BENCH_BUS_ROUNDS ?? 3);
const ENGINE_ROUNDS = Number(process.env.BENCH_ENGINE_ROUNDS ?? 3);
/** A past month, so the bench's own submissions (this month) do not land in it. */
const MONTH = '2026-06';

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const round = (value: number) => Math.round(value * 100) / 100;

const resident: Identity = { userId: 'demo-resident', role: 'resident', units: [] };
const worker: Identity = { userId: 'demo-grid-worker', role: 'grid_worker', units: ['lushan-g1'] };
const seeder: Identity = { userId: 'seed', role: 'admin', units: ['city'] };

/** The ten default categories, as an admin would have made them. */
export const benchCategories = (): Category[] =>
  defaultCategories.map(({ id, ...input }) => planCategory(seeder, id, input, new Date('2026-01-01T00:00:00.000Z')));

/** Where a request of {@link monthRequest} is: its grid (with the units above it, district first), its worker and its resident. */
export interface RequestPlace {
  gridId: string;
  ancestors: readonly string[];
  assigneeId: string;
  residentId: string;
}

/**
 * Request `index` of a month of `count` (June 2026 in Nanjing, submitted evenly over its 30 days)
 * as it would be at month end: most closed and rated, some reopened first, some late, one in
 * twenty still waiting to be accepted, some rejected.
 */
export function monthRequest(index: number, count: number, categories: readonly Category[], place: RequestPlace): Request {
  const start = Date.parse('2026-05-31T16:00:00.000Z'); // 1 June 00:00 in Nanjing
  const span = 30 * 24 * 3600_000;
  const category = categories[index % categories.length]!;
  const now = new Date(start + Math.floor((span * index) / count));
  const submitter: Identity = { ...resident, userId: place.residentId };
  let request = planSubmission({
    id: `bench-${String(index).padStart(6, '0')}`,
    identity: submitter,
    input: { categoryId: category.id, description: `第${index}条诉求：楼道灯不亮，垃圾没人清理`, address: '庐山路', photos: [], attributes: {} },
    category: { ...category, attributes: [] },
    grid: { id: place.gridId, ancestors: [...place.ancestors] },
    routedBy: 'location',
    assigneeId: place.assigneeId,
    now,
  });
  const staff: Identity = { ...worker, userId: place.assigneeId, units: [place.gridId] };
  const at = (hours: number) => hoursAfter(now, hours);
  if (index % 20 === 0) return request; // still waiting
  if (index % 25 === 1) return planTransition(request, { action: 'reject', reason: '不属于受理范围' }, staff, at(1)).request;
  const late = index % 10 === 3;
  request = planTransition(request, { action: 'accept' }, staff, at(late ? category.acceptWithinHours + 2 : 0.5)).request;
  request = planTransition(request, { action: 'start' }, staff, at(6)).request;
  request = planTransition(request, { action: 'resolve', note: '已处理' }, staff, at(late ? 200 : 20)).request;
  if (index % 15 === 2) {
    request = planTransition(request, { action: 'reopen', note: '没有解决' }, submitter, at(30)).request;
    request = planTransition(request, { action: 'resolve', note: '再次处理' }, staff, at(40)).request;
  }
  if (index % 7 === 4) return request; // resolved, not yet rated
  return planTransition(request, { action: 'confirm', rating: index % 9 === 0 ? 2 : 5, comment: '谢谢' }, submitter, at(48)).request;
}

/** A month of lushan's requests as they would be at month end, over its three grids. */
function monthOfRequests(): Request[] {
  const categories = benchCategories();
  return Array.from({ length: REQUESTS }, (_, index) =>
    monthRequest(index, REQUESTS, categories, {
      gridId: `lushan-g${(index % 3) + 1}`,
      ancestors: ['jianye', 'nanyuan', 'lushan'],
      assigneeId: 'demo-grid-worker',
      residentId: 'demo-resident',
    }),
  );
}

/**
 * Writes the month straight through the repository, without events (so no consumer rolls them
 * up), then builds the month's rollups as the rebuild's fix does (`npm run rollups -- rebuild
 * --fix`): one read of the month's requests and one write per unit, a third of a second, where
 * `rollUpRequest` (the consumer's per-request function) takes about 50 s for these 3,000, each
 * rewriting a grid item that holds 1,000 of them (a grid of the city holds about 30; bench/reports.ts
 * runs the consumer). The report reads the same items either way.
 */
async function seedMonth(): Promise<{ putSeconds: number; rollupSeconds: number }> {
  const requests = monthOfRequests();
  const started = performance.now();
  for (let start = 0; start < requests.length; start += 25) {
    await Promise.all(requests.slice(start, start + 25).map((request) => createRequest(request, [])));
  }
  const put = performance.now();
  const built = await rebuildRollups({ month: MONTH, fix: true });
  if (built.requests !== REQUESTS || built.changedMeanwhile.length > 0) {
    throw new Error(`the rollups of ${MONTH} were built from ${built.requests} requests; changed meanwhile: ${built.changedMeanwhile.join(', ')}`);
  }
  return { putSeconds: (put - started) / 1000, rollupSeconds: (performance.now() - put) / 1000 };
}

async function timeReport(runtime: Runtime, token: string, scope: string): Promise<{ ms: number; total: number }> {
  const get = async () => {
    const started = performance.now();
    const response = await fetch(`${runtime.url}/reports/monthly?scope=${scope}&month=${MONTH}`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await response.json()) as { overall?: { total: number } };
    if (response.status !== 200) throw new Error(`report answered ${response.status}: ${JSON.stringify(body)}`);
    return { ms: performance.now() - started, total: body.overall!.total };
  };
  await get(); // warm-up
  const runs = [];
  for (let index = 0; index < REPORT_RUNS; index += 1) runs.push(await get());
  return { ms: median(runs.map((r) => r.ms)), total: runs[0]!.total };
}

async function submitThroughput(runtime: Runtime, token: string, bus: LocalBus = runtime.bus): Promise<{ perSecond: number; p99: number; total: number }> {
  const autocannon = join(root, 'node_modules/autocannon/autocannon.js');
  const body = JSON.stringify({
    categoryId: 'facility-repair',
    description: '路灯不亮',
    location: { lat: 32.003, lng: 118.742 },
    attributes: { facility: 'streetlight' },
  });
  const args = (seconds: number) => [
    autocannon, '--json', '-c', String(CONCURRENCY), '-d', String(seconds), '-m', 'POST', '-b', body,
    '-H', `authorization=Bearer ${token}`, '-H', 'content-type=application/json', `${runtime.url}/requests`,
  ];
  await run(process.execPath, args(1), { maxBuffer: 64 * 1024 * 1024 }); // warm-up
  await bus.idle();
  const { stdout } = await run(process.execPath, args(SUBMIT_SECONDS), { maxBuffer: 64 * 1024 * 1024 });
  const result = JSON.parse(stdout) as { requests: { average: number; total: number }; latency: { p99: number }; non2xx: number; errors: number };
  if (result.non2xx || result.errors) throw new Error(`submit answered ${result.non2xx} non-2xx, ${result.errors} errors`);
  await bus.idle();
  return { perSecond: result.requests.average, p99: result.latency.p99, total: result.requests.total };
}

async function signIn(runtime: Runtime, userId: string): Promise<string> {
  const response = await fetch(`${runtime.url}/auth/wechat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: `dev:${userId}` }),
  });
  return ((await response.json()) as { token: string }).token;
}

/**
 * Submit throughput, consumers held (the write path alone), on a fresh data folder with the engine
 * in its own process writing as `writes` says. Held deliveries are dropped with the folder: draining
 * them would only measure the consumers.
 */
async function submitOnDisk(writes: EngineWrites) {
  // On the repository's disk: where /tmp is a tmpfs, a sync would cost nothing.
  mkdirSync(join(root, '.bench'), { recursive: true });
  const dataDir = mkdtempSync(join(root, '.bench', `engine-${writes}-`));
  const runtime = await startRuntime({ port: 0, timers: false, dataDir, separateEngineProcess: true, engineWrites: writes });
  try {
    // Accepted (and journaled) but not delivered; the bus does not start them again on close.
    runtime.bus.hold(true);
    return await submitThroughput(runtime, await signIn(runtime, 'demo-resident'));
  } finally {
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * A second bus on the same lambdas, journaling to a folder on the repository's disk (not tmpfs,
 * where a sync costs nothing), and the functions pointed at it; `restore` points them back.
 */
async function durableBus(runtime: Runtime, folder: string) {
  const bus = new LocalBus({
    lambdas: runtime.lambdas,
    busName: 'grid-service',
    journalFile: join(folder, 'bus-journal.jsonl'),
    deadLetterFile: join(folder, 'dead-letters.jsonl'),
  });
  bus.resume();
  const previous = process.env.EVENTBRIDGE_ENDPOINT;
  process.env.EVENTBRIDGE_ENDPOINT = await bus.listen();
  resetClients();
  return {
    bus,
    restore: async () => {
      await bus.idle();
      process.env.EVENTBRIDGE_ENDPOINT = previous;
      resetClients();
      await bus.close();
    },
  };
}

/**
 * A run with the bus holding its deliveries: the publishing side alone. They stay held, and are
 * dropped when the bus closes (the in-memory one at the end, each journaling one after its run):
 * draining them would only measure the consumers, untimed, as for the runs on disk.
 */
async function heldThroughput(runtime: Runtime, token: string, bus: LocalBus) {
  bus.hold(true);
  return submitThroughput(runtime, token, bus);
}

let freshTables = 0;

/**
 * Runs one submit run against a new table holding the demo data alone, as the first run always
 * did: every submission goes to lushan-g1, and the `request-rollups` consumer keeps that grid's
 * month in one item that every submission rewrites, holding at most 2,500 requests
 * (MAX_CONTRIBUTIONS; beyond that the consumer throws and the events end as dead letters). In one
 * table the runs would pile some 40,000 submissions into it.
 */
async function onFreshTable<T>(runtime: Runtime, work: () => Promise<T>): Promise<T> {
  const home = process.env.TABLE_NAME!;
  const table = `${home}-submit-${(freshTables += 1)}`;
  await ensureTable(runtime.engine.endpoint, table);
  // Clients made anew, as the consumers' idempotency stores are bound to the table of their client.
  process.env.TABLE_NAME = table;
  resetClients();
  try {
    await seedDemoData();
    return await work();
  } finally {
    process.env.TABLE_NAME = home;
    resetClients();
  }
}

type Throughput = Awaited<ReturnType<typeof submitThroughput>>;

/** The median run by throughput, with the totals of all runs. */
const medianRun = (runs: Throughput[]): Throughput => {
  const perSecond = median(runs.map((run) => run.perSecond));
  return { perSecond, p99: median(runs.map((run) => run.p99)), total: runs.reduce((sum, run) => sum + run.total, 0) };
};

/**
 * One measure with the bus in memory and with the bus journaling to disk, `rounds` pairs of runs in
 * turn (memory first, then disk first, …), the median of each side: on a shared machine one
 * 10-second run after another moves by more than the journal costs, so neither side may always get
 * the warmer or the quieter turn.
 */
async function inMemoryAndOnDisk(runtime: Runtime, folder: string, rounds: number, measure: (bus: LocalBus) => Promise<Throughput>) {
  const memory: Throughput[] = [];
  const disk: Throughput[] = [];
  const stats = { commits: 0, syncs: 0 };
  const onDisk = async () => {
    // A journal of its own: held deliveries left in one must not start in the next run.
    const durable = await durableBus(runtime, mkdtempSync(join(folder, 'run-')));
    disk.push(await measure(durable.bus));
    const { commits, syncs } = durable.bus.journalStats()!;
    stats.commits += commits;
    stats.syncs += syncs;
    await durable.restore();
  };
  for (let round = 0; round < rounds; round += 1) {
    if (round % 2 === 0) {
      memory.push(await measure(runtime.bus));
      await onDisk();
    } else {
      await onDisk();
      memory.push(await measure(runtime.bus));
    }
  }
  return { memory: medianRun(memory), disk: medianRun(disk), stats };
}

/**
 * One journal commit alone: an accepted event of a submission's size appended and synced, one
 * after another (the latency PutEvents pays), and from 10 callers at once (group commit: how many
 * commits one sync serves).
 */
async function journalCommits(folder: string) {
  const journal = new BusJournal(join(folder, 'commits.jsonl'));
  const detail = { meta: { id: 'x'.repeat(22), version: 1, occurredAt: new Date().toISOString() }, data: { summary: '路灯不亮'.repeat(20), requestId: 'r'.repeat(22) } };
  let sequence = 0;
  const accept = () => {
    sequence += 1;
    const event = { version: '0', id: `e${sequence}`, 'detail-type': 'request.submitted', source: 'grid.requests', account: '000000000000', time: new Date().toISOString(), region: 'local', resources: [], detail };
    journal.accepted(event, [{ id: `d${sequence}`, consumer: 'notifications', attempts: 0, failures: 0, nextAttemptAt: 0, since: 0 }]);
    journal.finished(`d${sequence}`, 'handled');
    return journal.commit();
  };
  const latencies: number[] = [];
  for (let index = 0; index < JOURNAL_COMMITS; index += 1) {
    const started = performance.now();
    await accept();
    latencies.push(performance.now() - started);
  }
  const before = { ...journal.stats };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let index = 0; index < JOURNAL_COMMITS / CONCURRENCY; index += 1) await accept();
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const syncs = journal.stats.syncs - before.syncs;
  const commits = journal.stats.commits - before.commits;
  await journal.close();
  return { sequentialMicros: median(latencies) * 1000, concurrentPerSecond: commits / seconds, commitsPerSync: commits / syncs };
}

/** A loopback WeCom robot that accepts every message, so each submission's group message is really sent. */
async function loopbackRobot() {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

export const bench: Bench = async () => {
  const robot = await loopbackRobot();
  const previousWeCom = process.env.WECOM_BASE_URL;
  process.env.WECOM_BASE_URL = robot.url;
  const runtime = await startRuntime({ port: 0, timers: false });
  try {
    const admin = await signIn(runtime, 'demo-admin');
    const seeded = await seedMonth();
    const community = await timeReport(runtime, admin, 'lushan');
    const subdistrict = await timeReport(runtime, admin, 'nanyuan');
    const residentToken = await signIn(runtime, 'demo-resident');
    // Each with the bus in memory and with it journaling every accepted event to disk (npm start's
    // bus), on the same runtime and engine, so the difference is the journal's.
    mkdirSync(join(root, '.bench'), { recursive: true });
    const folder = mkdtempSync(join(root, '.bench', 'bus-'));
    const live = await inMemoryAndOnDisk(runtime, folder, BUS_ROUNDS, (bus) => onFreshTable(runtime, () => submitThroughput(runtime, residentToken, bus)));
    const liveDeadLetters = runtime.bus.listDeadLetters().length;
    const submit = live.memory;
    const submitDurable = live.disk;
    const durableStats = live.stats;
    // With the bus holding its deliveries until the run ends: on AWS the consumers run in their own
    // Lambdas; here they share the one process (and CPU) with the engine and the gateway.
    const held = await inMemoryAndOnDisk(runtime, folder, BUS_ROUNDS, (bus) => onFreshTable(runtime, () => heldThroughput(runtime, residentToken, bus)));
    const handlerOnly = held.memory;
    const handlerOnlyDurable = held.disk;
    const heldStats = held.stats;
    const commits = await journalCommits(folder);
    rmSync(folder, { recursive: true, force: true });
    const rows: BenchRow[] = [
      {
        name: `monthly report: community, ${community.total} requests`,
        value: round(community.ms),
        unit: 'ms',
        note: `GET /reports/monthly over HTTP, median of ${REPORT_RUNS}; one GetItem of the community's rollup item (rollups built after the seed in ${round(seeded.rollupSeconds)} s)`,
      },
      {
        name: `monthly report: subdistrict, ${subdistrict.total} requests`,
        value: round(subdistrict.ms),
        unit: 'ms',
        note: `median of ${REPORT_RUNS}; one GetItem of the subdistrict's rollup item`,
      },
      {
        name: 'submit: POST /requests throughput',
        value: Math.round(submit.perSecond),
        unit: 'req/s',
        note: `${CONCURRENCY} connections, median of ${BUS_ROUNDS} × ${SUBMIT_SECONDS} s, ${submit.total} created; p99 ${submit.p99} ms; consumers (inbox, WeCom loopback, monthly rollups of lushan-g1) live in the same process; each run on a fresh demo table; ${liveDeadLetters} dead letters; bus in memory`,
      },
      {
        name: 'submit: POST /requests throughput, bus journaling to disk',
        value: Math.round(submitDurable.perSecond),
        unit: 'req/s',
        note: `${round(submitDurable.perSecond / submit.perSecond)}× the in-memory bus (median of ${BUS_ROUNDS}, runs taking turns); ${submitDurable.total} created; p99 ${submitDurable.p99} ms; ${durableStats.commits} PutEvents commits in ${durableStats.syncs} fdatasyncs`,
      },
      {
        name: 'submit: POST /requests throughput, consumers held',
        value: Math.round(handlerOnly.perSecond),
        unit: 'req/s',
        note: `${CONCURRENCY} connections, median of ${BUS_ROUNDS} × ${SUBMIT_SECONDS} s, ${handlerOnly.total} created; p99 ${handlerOnly.p99} ms; authorizer + routing + put + publish only (held deliveries dropped, not drained); bus in memory`,
      },
      {
        name: 'submit: POST /requests throughput, consumers held, bus journaling to disk',
        value: Math.round(handlerOnlyDurable.perSecond),
        unit: 'req/s',
        note: `${round(handlerOnlyDurable.perSecond / handlerOnly.perSecond)}× the in-memory bus (median of ${BUS_ROUNDS}, runs taking turns); ${handlerOnlyDurable.total} created; p99 ${handlerOnlyDurable.p99} ms; ${heldStats.commits} PutEvents commits in ${heldStats.syncs} fdatasyncs`,
      },
      {
        name: 'bus journal: one PutEvents commit (append + fdatasync), one at a time',
        value: round(commits.sequentialMicros),
        unit: 'µs',
        note: `median of ${JOURNAL_COMMITS}, a submission-sized event, on the repository's disk`,
      },
      {
        name: `bus journal: commits from ${CONCURRENCY} callers at once (group commit)`,
        value: Math.round(commits.concurrentPerSecond),
        unit: 'commit/s',
        note: `${round(commits.commitsPerSync)} commits per fdatasync`,
      },
      { name: 'seed: 3,000 requests through the repository', value: round(REQUESTS / seeded.putSeconds), unit: 'put/s', note: '25 concurrent; then rebuildRollups fix' },
    ];
    // Issue 9: one after the other on this machine, in an order that changes each round so that
    // neither warm-up nor a neighbour's load favours one; the median of ENGINE_ROUNDS per variant.
    const variants: EngineWrites[] = ['unpatched', 'atomic', 'atomic-sync'];
    const onDisk = new Map<EngineWrites, { perSecond: number; p99: number; total: number }[]>(variants.map((writes) => [writes, []]));
    for (let pass = 0; pass < ENGINE_ROUNDS; pass += 1) {
      for (const writes of [...variants.slice(pass % variants.length), ...variants.slice(0, pass % variants.length)]) {
        onDisk.get(writes)!.push(await submitOnDisk(writes));
      }
    }
    const describeWrites: Record<EngineWrites, string> = {
      unpatched: 'dynalite as published: index entries, then the item, separate writes',
      atomic: 'item and index entries one LevelDB batch, not fsynced',
      'atomic-sync': 'the same batch, fsynced before the answer (npm start)',
    };
    const unpatched = median(onDisk.get('unpatched')!.map((result) => result.perSecond));
    for (const writes of variants) {
      const results = onDisk.get(writes)!;
      const perSecond = median(results.map((result) => result.perSecond));
      rows.push({
        name: `submit on disk, engine in its own process, consumers held: ${writes}`,
        value: Math.round(perSecond),
        unit: 'req/s',
        note: `${describeWrites[writes]}; ${round(perSecond / unpatched)}× unpatched; median of ${results.length} × ${SUBMIT_SECONDS} s (${results.map((result) => Math.round(result.perSecond)).join(', ')}); p99 ${median(results.map((result) => result.p99))} ms`,
      });
    }
    return rows;
  } finally {
    await runtime.close();
    await robot.close();
    if (previousWeCom === undefined) delete process.env.WECOM_BASE_URL;
    else process.env.WECOM_BASE_URL = previousWeCom;
  }
};
