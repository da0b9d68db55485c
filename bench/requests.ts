/**
 * Issue 3's figures: (a) the monthly report of a busy community (3,000 requests in a month) over
 * HTTP, and of its subdistrict; (b) submit throughput over HTTP (gateway + authorizer + routing +
 * the conditional put with its outbox), on an in-memory runtime.
 */
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { type Runtime, startRuntime } from '../infra/local/runtime';
import type { Identity } from '../shared/auth/identity';
import { defaultCategories } from '../shared/requests/categories';
import { addHours, planCategory, planSubmission, planTransition } from '../shared/requests/domain';
import type { Category, Request } from '../shared/requests/model';
import { createRequest } from '../shared/requests/repository';
import type { Bench, BenchRow } from './types';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
const REQUESTS = Number(process.env.BENCH_REPORT_REQUESTS ?? 3000);
const REPORT_RUNS = Number(process.env.BENCH_REPORT_RUNS ?? 9);
const SUBMIT_SECONDS = Number(process.env.BENCH_SUBMIT_SECONDS ?? 10);
const CONCURRENCY = 10;
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

/**
 * A month of lushan's requests as they would be at month end, written straight through the
 * repository: most closed and rated, some reopened first, some late, some still open, some rejected.
 */
function monthOfRequests(): Request[] {
  const categories: Category[] = defaultCategories.map(({ id, ...input }) => planCategory(seeder, id, input, '2026-01-01T00:00:00.000Z'));
  const start = Date.parse('2026-05-31T16:00:00.000Z'); // 1 June 00:00 in Nanjing
  const span = 30 * 24 * 3600_000;
  return Array.from({ length: REQUESTS }, (_, index) => {
    const category = categories[index % categories.length]!;
    const now = new Date(start + Math.floor((span * index) / REQUESTS)).toISOString();
    const grid = `lushan-g${(index % 3) + 1}`;
    let request = planSubmission({
      id: `bench-${String(index).padStart(5, '0')}`,
      identity: resident,
      input: { categoryId: category.id, description: `第${index}条诉求：楼道灯不亮，垃圾没人清理`, address: '庐山路', photos: [], attributes: {} },
      category: { ...category, attributes: [] },
      grid: { id: grid, ancestors: ['jianye', 'nanyuan', 'lushan'] },
      routedBy: 'location',
      assigneeId: 'demo-grid-worker',
      now,
    });
    const staff = { ...worker, units: [grid] };
    const at = (hours: number) => addHours(now, hours);
    if (index % 20 === 0) return request; // still waiting
    if (index % 25 === 1) return planTransition(request, { action: 'reject', reason: '不属于受理范围' }, staff, at(1)).request;
    const late = index % 10 === 3;
    request = planTransition(request, { action: 'accept' }, staff, at(late ? category.acceptWithinHours + 2 : 0.5)).request;
    request = planTransition(request, { action: 'start' }, staff, at(6)).request;
    request = planTransition(request, { action: 'resolve', note: '已处理' }, staff, at(late ? 200 : 20)).request;
    if (index % 15 === 2) {
      request = planTransition(request, { action: 'reopen', note: '没有解决' }, resident, at(30)).request;
      request = planTransition(request, { action: 'resolve', note: '再次处理' }, staff, at(40)).request;
    }
    if (index % 7 === 4) return request; // resolved, not yet rated
    return planTransition(request, { action: 'confirm', rating: index % 9 === 0 ? 2 : 5, comment: '谢谢' }, resident, at(48)).request;
  });
}

async function seedMonth(): Promise<void> {
  const requests = monthOfRequests();
  for (let start = 0; start < requests.length; start += 25) {
    await Promise.all(requests.slice(start, start + 25).map((request) => createRequest(request, [])));
  }
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

async function submitThroughput(runtime: Runtime, token: string): Promise<{ perSecond: number; p99: number; total: number }> {
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
  await runtime.bus.idle();
  const { stdout } = await run(process.execPath, args(SUBMIT_SECONDS), { maxBuffer: 64 * 1024 * 1024 });
  const result = JSON.parse(stdout) as { requests: { average: number; total: number }; latency: { p99: number }; non2xx: number; errors: number };
  if (result.non2xx || result.errors) throw new Error(`submit answered ${result.non2xx} non-2xx, ${result.errors} errors`);
  await runtime.bus.idle();
  return { perSecond: result.requests.average, p99: result.latency.p99, total: result.requests.total };
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
    const signIn = async (userId: string) => {
      const response = await fetch(`${runtime.url}/auth/wechat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: `dev:${userId}` }),
      });
      return ((await response.json()) as { token: string }).token;
    };
    const admin = await signIn('demo-admin');
    const seedStarted = performance.now();
    await seedMonth();
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const community = await timeReport(runtime, admin, 'lushan');
    const subdistrict = await timeReport(runtime, admin, 'nanyuan');
    const residentToken = await signIn('demo-resident');
    const submit = await submitThroughput(runtime, residentToken);
    // The same, with the bus holding its deliveries until the run ends: on AWS the consumers run in
    // their own Lambdas; here they share the one process (and CPU) with the engine and the gateway.
    const held: Parameters<Runtime['bus']['deliver']>[] = [];
    const deliver = runtime.bus.deliver.bind(runtime.bus);
    runtime.bus.deliver = (...args) => void held.push(args);
    const handlerOnly = await submitThroughput(runtime, residentToken);
    runtime.bus.deliver = deliver;
    for (const args of held) deliver(...args);
    await runtime.bus.idle();
    const rows: BenchRow[] = [
      {
        name: `monthly report: community, ${community.total} requests`,
        value: round(community.ms),
        unit: 'ms',
        note: `GET /reports/monthly over HTTP, median of ${REPORT_RUNS}; byArea Queries, 4 slices in parallel`,
      },
      {
        name: `monthly report: subdistrict, ${subdistrict.total} requests`,
        value: round(subdistrict.ms),
        unit: 'ms',
        note: `median of ${REPORT_RUNS}; + listing its communities`,
      },
      {
        name: 'submit: POST /requests throughput',
        value: Math.round(submit.perSecond),
        unit: 'req/s',
        note: `${CONCURRENCY} connections, ${SUBMIT_SECONDS} s, ${submit.total} created; p99 ${submit.p99} ms; consumers (inbox, WeCom loopback) live in the same process`,
      },
      {
        name: 'submit: POST /requests throughput, consumers held',
        value: Math.round(handlerOnly.perSecond),
        unit: 'req/s',
        note: `${CONCURRENCY} connections, ${SUBMIT_SECONDS} s, ${handlerOnly.total} created; p99 ${handlerOnly.p99} ms; authorizer + routing + put + publish only`,
      },
      { name: 'seed: 3,000 requests through the repository', value: round(REQUESTS / seedSeconds), unit: 'put/s', note: '25 concurrent' },
    ];
    return rows;
  } finally {
    await runtime.close();
    await robot.close();
    if (previousWeCom === undefined) delete process.env.WECOM_BASE_URL;
    else process.env.WECOM_BASE_URL = previousWeCom;
  }
};
