/**
 * Issue 2's figures: (a) cold start of every function bundle beside a floor bundle, (b) warm HTTP
 * throughput of a read route beside the same reads straight through the SDK.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { subscriptions } from '../events/catalogue';
import { esbuildOptions } from '../infra/bundling';
import { type LambdaFunction, lambdaFunctions } from '../infra/functions';
import { type Runtime, startRuntime } from '../infra/local/runtime';
import { allRoutes } from '../shared/routes';
import type { Bench, BenchRow } from './types';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
const work = join(root, '.bench');
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 20);
const WARM_SECONDS = Number(process.env.BENCH_WARM_SECONDS ?? 8);
const CONCURRENCY = 10;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** A representative first invocation for each kind of function. */
function firstEvent(fn: LambdaFunction, runtime: Runtime, token: string): unknown {
  if (fn.kind === 'authorizer') {
    return { version: '2.0', type: 'REQUEST', routeKey: 'GET /me', rawPath: '/me', headers: { authorization: `Bearer ${token}` }, identitySource: [`Bearer ${token}`], requestContext: { http: { method: 'GET', path: '/me' } } };
  }
  if (fn.kind === 'schedule') {
    return { version: '0', id: 'bench', 'detail-type': 'Scheduled Event', source: 'aws.events', time: new Date().toISOString(), detail: {} };
  }
  if (fn.kind === 'consumer') {
    const detailTypes = new Set(subscriptions.find((s) => s.consumer === fn.name)!.events.map((e) => e.detailType));
    const real = runtime.bus.published.find((event) => detailTypes.has(event['detail-type']));
    return { ...(real ?? { 'detail-type': [...detailTypes][0], source: 'bench', detail: {} }), id: `bench-${Math.random()}` };
  }
  // HTTP: the function's first read route (a write otherwise), called by the city-wide admin.
  const routes = allRoutes().filter(([, route]) => route.function === fn.name);
  const [, route] = routes.find(([, r]) => r.method === 'GET') ?? routes[0]!;
  const path = route.path.replace(/\{[^}]+\}/g, 'lushan-g1');
  const identity = { userId: 'demo-admin', role: 'admin', units: ['city'] };
  return {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    pathParameters: Object.fromEntries([...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => [m[1], 'lushan-g1'])),
    ...(route.method === 'GET' ? {} : { body: '{}' }),
    isBase64Encoded: false,
    requestContext: { requestId: 'bench', http: { method: route.method, path }, authorizer: { lambda: { identity: JSON.stringify(identity) } } },
  };
}

async function coldStarts(runtime: Runtime, token: string): Promise<BenchRow[]> {
  mkdirSync(join(work, 'events'), { recursive: true });
  const targets = [
    { name: 'floor', entry: 'bench/floor.ts', event: {} },
    ...lambdaFunctions().map((fn) => ({ name: fn.name, entry: fn.entry, event: firstEvent(fn, runtime, token) })),
  ];
  for (const target of targets) {
    await build(esbuildOptions(join(root, target.entry), join(work, 'bundles', `${target.name}.mjs`)));
    writeFileSync(join(work, 'events', `${target.name}.json`), JSON.stringify(target.event));
  }
  const env = { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT', AWS_LAMBDA_FUNCTION_NAME: 'bench' };
  const times = new Map<string, number[]>(targets.map((t) => [t.name, []]));
  // Interleaved rounds, so a noisy moment on this shared machine hits every bundle alike.
  for (let round = 0; round < COLD_RUNS; round += 1) {
    for (const target of targets) {
      const { stdout } = await run(
        process.execPath,
        [join(root, 'bench/cold-driver.mjs'), join(work, 'bundles', `${target.name}.mjs`), join(work, 'events', `${target.name}.json`)],
        { env, cwd: work },
      );
      times.get(target.name)!.push(JSON.parse(stdout.trim().split('\n').at(-1)!).ms);
    }
  }
  const floorMs = median(times.get('floor')!);
  const floorBytes = statSync(join(work, 'bundles', 'floor.mjs')).size;
  const rows: BenchRow[] = [
    { name: 'cold start: floor (DocumentClient + GetItem)', value: round(floorMs), unit: 'ms', note: `median of ${COLD_RUNS}; ${kb(floorBytes)}` },
  ];
  let worstTime = 0;
  let worstSize = 0;
  for (const target of targets.slice(1)) {
    const ms = median(times.get(target.name)!);
    const bytes = statSync(join(work, 'bundles', `${target.name}.mjs`)).size;
    worstTime = Math.max(worstTime, ms / floorMs);
    worstSize = Math.max(worstSize, bytes / floorBytes);
    rows.push({
      name: `cold start: ${target.name}`,
      value: round(ms),
      unit: 'ms',
      note: `${round(ms / floorMs)}× floor time; ${kb(bytes)} = ${round(bytes / floorBytes)}× floor size`,
    });
  }
  rows.push(
    { name: 'cold start: heaviest function ÷ floor (time)', value: round(worstTime), unit: '×', note: 'goal ≤ 1.3' },
    { name: 'bundle size: largest function ÷ floor', value: round(worstSize), unit: '×', note: 'goal ≤ 1.5' },
  );
  return rows;
}

async function warmHttp(runtime: Runtime, token: string): Promise<BenchRow[]> {
  const autocannon = join(root, 'node_modules/autocannon/autocannon.js');
  const route = async () => {
    const { stdout } = await run(process.execPath, [
      autocannon, '--json', '-c', String(CONCURRENCY), '-d', String(WARM_SECONDS),
      '-H', `authorization=Bearer ${token}`, `${runtime.url}/org-units/lushan`,
    ], { maxBuffer: 64 * 1024 * 1024 });
    const result = JSON.parse(stdout) as { requests: { average: number }; non2xx: number; errors: number };
    if (result.non2xx || result.errors) throw new Error(`route answered ${result.non2xx} non-2xx, ${result.errors} errors`);
    return result.requests.average;
  };
  const floor = async () => {
    const { stdout } = await run(process.execPath, [
      join(root, 'bench/sdk-reads.mjs'), runtime.engine.endpoint, process.env.TABLE_NAME!, 'UNIT#lushan', 'UNIT', String(CONCURRENCY), String(WARM_SECONDS),
    ]);
    return (JSON.parse(stdout) as { perSecond: number }).perSecond;
  };
  // Side by side, alternating, after a short warm-up of both.
  await run(process.execPath, [autocannon, '-c', '2', '-d', '1', '-H', `authorization=Bearer ${token}`, `${runtime.url}/org-units/lushan`]);
  const floors = [await floor(), 0];
  const routes = [await route(), 0];
  floors[1] = await floor();
  routes[1] = await route();
  const floorRate = (floors[0]! + floors[1]!) / 2;
  const routeRate = (routes[0]! + routes[1]!) / 2;
  return [
    { name: 'warm HTTP: floor (SDK GetItem, same engine)', value: Math.round(floorRate), unit: 'req/s', note: `${CONCURRENCY} concurrent, 2 × ${WARM_SECONDS} s` },
    { name: 'warm HTTP: GET /org-units/{unitId} via gateway + authorizer + handler', value: Math.round(routeRate), unit: 'req/s', note: `${CONCURRENCY} connections, 2 × ${WARM_SECONDS} s` },
    { name: 'warm HTTP: route ÷ floor', value: round(routeRate / floorRate), unit: '×', note: 'goal ≥ 0.6' },
  ];
}

const round = (value: number) => Math.round(value * 100) / 100;
const kb = (bytes: number) => `${Math.round(bytes / 1024)} KiB`;

export const bench: Bench = async () => {
  // As `npm start` runs it: the engine in its own process.
  const runtime = await startRuntime({ port: 0, timers: false, separateEngineProcess: true });
  try {
    const signIn = await fetch(`${runtime.url}/auth/wechat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'dev:demo-admin' }),
    });
    const { token } = (await signIn.json()) as { token: string };
    // A few writes, so consumers get real events to start on.
    await fetch(`${runtime.url}/org-units/lushan-g1-m2/members/demo-outdoor-worker`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ memberRole: 'volunteer' }),
    });
    await runtime.bus.idle();
    return [...(await coldStarts(runtime, token)), ...(await warmHttp(runtime, token))];
  } finally {
    await runtime.close();
  }
};
