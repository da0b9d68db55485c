/**
 * Issue 2's figures: (a) cold start of every function bundle beside a floor bundle, (b) warm HTTP
 * throughput of a read route beside the same reads straight through the SDK.
 */
import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:http';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { type Metafile, type Plugin, build } from 'esbuild';
import { subscriptions } from '../events/catalogue';
import { LAMBDA_RUNTIME, esbuildOptions } from '../infra/bundling';
import { type LambdaFunction, baseEnvironment, lambdaFunctions } from '../infra/functions';
import { type Runtime, startRuntime } from '../infra/local/runtime';
import { localMonthOf } from '../shared/time/local';
import { allRoutes } from '../shared/routes';
import { lambdaNode } from './lambda-node';
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

/** The value below which a share `q` of `values` lies (linear between neighbours). */
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const below = Math.floor(at);
  return sorted[below]! + (sorted[Math.min(below + 1, sorted.length - 1)]! - sorted[below]!) * (at - below);
};

/** A representative first invocation for each kind of function. */
function firstEvent(fn: LambdaFunction, runtime: Runtime, token: string, made: MadeAtSetUp): unknown {
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
  // HTTP: a read the demo data answers with 200, called by the city-wide admin: the function's own
  // choice below, else its first read route (a write otherwise) with every id `lushan-g1`.
  const routes = allRoutes().filter(([, route]) => route.function === fn.name);
  const declared = FIRST_CALLS[fn.name];
  const chosen = typeof declared === 'function' ? declared(made) : declared;
  const [, route] = (chosen && routes.find(([id]) => id === chosen.operation)) ?? routes.find(([, r]) => r.method === 'GET') ?? routes[0]!;
  const params = Object.fromEntries([...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => [m[1]!, chosen?.params?.[m[1]!] ?? 'lushan-g1']));
  const path = route.path.replace(/\{([^}]+)\}/g, (_, name: string) => params[name]!);
  const query = chosen?.query ?? {};
  const identity = { userId: 'demo-admin', role: 'admin', units: ['city'] };
  return {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath: path,
    rawQueryString: new URLSearchParams(query).toString(),
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    headers: { 'content-type': 'application/json' },
    pathParameters: params,
    ...(route.method === 'GET' ? {} : { body: JSON.stringify(chosen?.body ?? {}) }),
    isBase64Encoded: false,
    requestContext: { requestId: 'bench', http: { method: route.method, path }, authorizer: { lambda: { identity: JSON.stringify(identity) } } },
  };
}

/** Ids the set-up made, for first calls that read one of them. */
interface MadeAtSetUp {
  announcementId?: string;
}

type FirstCall = { operation: string; params?: Record<string, string>; query?: Record<string, string>; body?: unknown };

/**
 * First calls for the functions whose first read route, with every id `lushan-g1`, would be a 4xx
 * that never reaches the table (the result row says what each first call answered).
 */
const FIRST_CALLS: Record<string, FirstCall | ((made: MadeAtSetUp) => FirstCall)> = {
  auth: { operation: 'signInWithWeChat', body: { code: 'dev:demo-admin' } },
  'shift-planning': { operation: 'listShifts', params: { unitId: 'lushan-g1-m1' } },
  'shift-seats': { operation: 'generateShifts', params: { unitId: 'lushan-g1-m1' }, body: {} },
  stations: { operation: 'getStation', params: { stationId: 'lushan-station' } },
  // This month where the city is (the UTC month is last month for the first eight hours of each month).
  reports: { operation: 'monthlyReport', query: { scope: 'lushan', month: localMonthOf(new Date()) } },
  announcements: (made) => ({ operation: 'getAnnouncement', params: { announcementId: made.announcementId ?? 'none' } }),
  deliveries: { operation: 'listDeliveryDeadLetters' },
};

/**
 * WeChat and WeCom as a function in AWS meets them on a good day: answering at once, with success.
 * Their own latency is not the function's cold start (and this machine may not reach them at all).
 */
async function startFakeTencent(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ errcode: 0, errmsg: 'ok', access_token: 'bench', expires_in: 7200 }));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) };
}

/**
 * How a function is built and run for its cold start (bench/COLD-START.md, "Observability"):
 * - `default`: as deployed by default (`infra/bundling.ts`), the figures of record;
 * - `traced`: as `cdk deploy -c traceSdkCalls=true` deploys it, built with `{ traceSdkCalls: true }`
 *   and run with `TRACE_SDK_CALLS=true`, so Powertools Tracer and aws-xray-sdk-core load and record
 *   a subsegment for each SDK call (sent to a loopback X-Ray daemon);
 * - `bare`: the default bundle without business metrics (shared/observability/metrics.ts replaced by
 *   bench/stand-ins/metrics.ts), never deployed: the difference is what metrics cost.
 * `BENCH_COLD_VARIANTS=default` measures the default bundles alone, as before issue 16.
 */
type Variant = 'default' | 'traced' | 'bare';
const VARIANT_FILE: Record<Variant, string> = { default: '', traced: '.traced', bare: '.bare' };
const VARIANTS = new Set<Variant>([
  'default',
  ...((process.env.BENCH_COLD_VARIANTS ?? 'traced,bare').split(',').filter((v): v is Variant => v === 'traced' || v === 'bare')),
]);
const METRICS_MODULE = 'shared/observability/metrics.ts';
const TRACER_MODULE = 'shared/observability/tracer.ts';

/** Builds a bundle with every `…/observability/metrics` import resolved to the no-op stand-in. */
const withoutMetrics: Plugin = {
  name: 'bench-without-metrics',
  setup(builder) {
    builder.onResolve({ filter: /observability\/metrics$/ }, (args) =>
      resolve(args.resolveDir, `${args.path}.ts`) === join(root, METRICS_MODULE) ? { path: join(root, 'bench/stand-ins/metrics.ts') } : undefined,
    );
  },
};

type Inputs = Metafile['outputs'][string]['inputs'];

async function coldStarts(runtime: Runtime, token: string, tencentUrl: string, made: MadeAtSetUp): Promise<BenchRow[]> {
  mkdirSync(join(work, 'events'), { recursive: true });
  // BENCH_COLD_ONLY=shifts,notifications: only those beside the floor (a quick probe while cutting a bundle).
  const only = process.env.BENCH_COLD_ONLY?.split(',').filter(Boolean);
  const functions = [
    { name: 'floor', entry: 'bench/floor.ts', event: {} as unknown },
    ...lambdaFunctions()
      .filter((fn) => !only || only.includes(fn.name))
      .map((fn) => ({ name: fn.name, entry: fn.entry, event: firstEvent(fn, runtime, token, made) })),
  ];
  const bundle = (name: string, variant: Variant) => join(work, 'bundles', `${name}${VARIANT_FILE[variant]}.mjs`);
  /** Each built bundle's metafile inputs, by `name` and `name.variant`. */
  const inputs = new Map<string, Inputs>();
  const variantsOf = new Map<string, Variant[]>();
  for (const fn of functions) {
    writeFileSync(join(work, 'events', `${fn.name}.json`), JSON.stringify(fn.event));
    const built: Variant[] = [];
    for (const variant of fn.name === 'floor' ? (['default'] as const) : VARIANTS) {
      // A variant that would be the default bundle again is not built (the authorizer publishes no
      // metrics) or not run (a bundle without the tracer module).
      if (variant === 'bare' && !(METRICS_MODULE in inputs.get(fn.name)!)) continue;
      const options = esbuildOptions(join(root, fn.entry), bundle(fn.name, variant), undefined, root, { traceSdkCalls: variant === 'traced' });
      const { metafile } = await build({ ...options, metafile: true, ...(variant === 'bare' ? { plugins: [withoutMetrics] } : {}) });
      const carried = Object.values(metafile!.outputs).find((output) => output.entryPoint)!.inputs;
      if (variant === 'traced' && !(TRACER_MODULE in carried)) continue;
      inputs.set(`${fn.name}${VARIANT_FILE[variant]}`, carried);
      built.push(variant);
    }
    variantsOf.set(fn.name, built);
  }
  // An X-Ray daemon on loopback, as Lambda gives every function one (AWS_XRAY_DAEMON_ADDRESS): the
  // traced bundles send it their subsegments, which it counts.
  const daemon = createSocket('udp4');
  let subsegments = 0;
  daemon.on('message', () => (subsegments += 1));
  await new Promise<void>((done) => daemon.bind(0, '127.0.0.1', done));
  // Every bundle, the floor's too, runs with what each deployed function is given (`baseEnvironment`:
  // its service name, `TZ` in the service's zone, which spares the clock an Intl formatter) but
  // without source maps at run time, whose cost bench/COLD-START.md measures apart; and with what
  // Lambda sets besides: `AWS_EXECUTION_ENV` (Powertools Tracer switches itself off without it),
  // `LAMBDA_TASK_ROOT` (the X-Ray SDK's Lambda mode: the invocation's segment made from its trace
  // header, which bench/cold-driver.mjs sets as the runtime does), the daemon's address.
  const deployed = Object.entries(baseEnvironment).filter(([name]) => name !== 'NODE_OPTIONS');
  // On the Node major Lambda runs them on, not necessarily this process's (bench/lambda-node.ts).
  const node = await lambdaNode(work);
  const env = {
    ...process.env,
    ...Object.fromEntries(deployed),
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    // Metrics print their EMF lines as deployed, whatever the shell running the bench says.
    POWERTOOLS_METRICS_DISABLED: 'false',
    AWS_LAMBDA_FUNCTION_NAME: 'bench',
    AWS_EXECUTION_ENV: `AWS_Lambda_${LAMBDA_RUNTIME}`,
    LAMBDA_TASK_ROOT: join(work, 'bundles'),
    AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${(daemon.address() as { port: number }).port}`,
    WECHAT_BASE_URL: tencentUrl,
    WECOM_BASE_URL: tencentUrl,
  };
  const envOf = (variant: Variant) => (variant === 'traced' ? { ...env, TRACE_SDK_CALLS: 'true' } : env);
  const keys = functions.flatMap((fn) => variantsOf.get(fn.name)!.map((variant) => `${fn.name}${VARIANT_FILE[variant]}`));
  const times = new Map<string, number[]>(keys.map((key) => [key, []]));
  const loads = new Map<string, number[]>(keys.map((key) => [key, []]));
  const sent = new Map<string, number>(keys.map((key) => [key, 0]));
  const outcomes = new Map<string, Set<string>>(keys.map((key) => [key, new Set()]));
  // Interleaved rounds, so a noisy moment on this shared machine hits every bundle alike; a
  // function's variants run one after another, in an order that turns each round.
  try {
    for (let round = 0; round < COLD_RUNS; round += 1) {
      for (const fn of functions) {
        const variants = variantsOf.get(fn.name)!;
        for (let i = 0; i < variants.length; i += 1) {
          const variant = variants[(i + round) % variants.length]!;
          const key = `${fn.name}${VARIANT_FILE[variant]}`;
          const before = subsegments;
          const { stdout } = await run(
            node.path,
            [
              // BENCH_COLD_CPU_PROF=1: a V8 CPU profile of every cold start in .bench/profiles (where the time goes).
              ...(process.env.BENCH_COLD_CPU_PROF ? ['--cpu-prof', '--cpu-prof-interval', '100', '--cpu-prof-dir', join(work, 'profiles')] : []),
              join(root, 'bench/cold-driver.mjs'),
              bundle(fn.name, variant),
              join(work, 'events', `${fn.name}.json`),
            ],
            { env: envOf(variant), cwd: work },
          );
          // The datagrams are on loopback before the process ends; a few ms lets this process read them.
          if (variant === 'traced') await new Promise((done) => setTimeout(done, 5));
          const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as { ms: number; loadMs: number; outcome: string };
          times.get(key)!.push(result.ms);
          loads.get(key)!.push(result.loadMs);
          sent.set(key, sent.get(key)! + subsegments - before);
          outcomes.get(key)!.add(result.outcome);
        }
      }
    }
  } finally {
    daemon.close();
  }
  const floorMs = median(times.get('floor')!);
  const floorBytes = statSync(bundle('floor', 'default')).size;
  const sizeOf = (name: string, variant: Variant) => statSync(bundle(name, variant)).size;
  const rows: BenchRow[] = [
    {
      name: 'cold start: Node',
      value: Number(node.version.replace(/^v/, '').split('.')[0]),
      unit: 'major',
      note: node.fallback ? `${node.version}, NOT ${LAMBDA_RUNTIME}'s major: ${node.fallback}` : `${node.version}, as ${LAMBDA_RUNTIME}`,
    },
    {
      name: 'cold start: floor (DocumentClient + GetItem)',
      value: round(floorMs),
      unit: 'ms',
      note: `median of ${COLD_RUNS}; load ${round(median(loads.get('floor')!))} ms; ${kb(floorBytes)}`,
    },
  ];
  const measured = functions.slice(1);
  let worstTime = 0;
  let worstSize = 0;
  for (const { name } of measured) {
    const ms = median(times.get(name)!);
    const bytes = sizeOf(name, 'default');
    worstTime = Math.max(worstTime, ms / floorMs);
    worstSize = Math.max(worstSize, bytes / floorBytes);
    rows.push({
      name: `cold start: ${name}`,
      value: round(ms),
      unit: 'ms',
      note:
        `${round(ms / floorMs)}× floor time (load ${round(median(loads.get(name)!))} ms); ` +
        `${kb(bytes)} = ${round(bytes / floorBytes)}× floor size; first call: ${[...outcomes.get(name)!].join(', ')}`,
    });
  }
  rows.push(
    { name: 'cold start: heaviest function ÷ floor (time)', value: round(worstTime), unit: '×', note: 'goal ≤ 1.3' },
    { name: 'bundle size: largest function ÷ floor', value: round(worstSize), unit: '×', note: 'goal ≤ 1.5' },
  );
  for (const { name } of measured) {
    const carried = carriedBeyond(inputs.get('floor')!, inputs.get(name)!);
    rows.push({
      name: `beyond the floor: ${name}`,
      value: Math.round(carried.total / 1024),
      unit: 'KiB',
      note: carried.groups.slice(0, 8).map(([group, bytes]) => `${group} ${round(bytes / 1024)}`).join(', '),
    });
  }
  return [...rows, ...observabilityRows()];

  /** Issue 16: what business metrics and the traced option add to each function, same rounds. */
  function observabilityRows(): BenchRow[] {
    const rows: BenchRow[] = [];
    /**
     * The rounds' differences (each round ran both within a second): their median, and the middle
     * half of them, which says how far one difference can be trusted on this machine.
     */
    const differences = (key: string, base: string) => times.get(key)!.map((ms, i) => ms - times.get(base)![i]!);
    const spread = (values: number[]) => `middle half ${round(quantile(values, 0.25))} to ${round(quantile(values, 0.75))} ms`;
    const worst = { tracedTime: [0, ''] as [number, string], tracedSize: [0, ''] as [number, string], metricsTime: [0, ''] as [number, string] };
    const most = (slot: [number, string], value: number, name: string) => {
      if (value > slot[0]) [slot[0], slot[1]] = [value, name];
    };
    for (const { name } of measured) {
      const variants = variantsOf.get(name)!;
      if (variants.includes('traced')) {
        const key = `${name}.traced`;
        const ms = median(times.get(key)!);
        const bytes = sizeOf(name, 'traced');
        const more = median(differences(key, name));
        most(worst.tracedTime, ms / floorMs, name);
        most(worst.tracedSize, bytes / floorBytes, name);
        rows.push({
          name: `cold start, traced: ${name}`,
          value: round(ms),
          unit: 'ms',
          note:
            `${round(ms / floorMs)}× floor time (load ${round(median(loads.get(key)!))} ms); ` +
            `${kb(bytes)} = ${round(bytes / floorBytes)}× floor size; ` +
            `+${round(more)} ms = +${round(more / floorMs)}× floor over the default (median of the rounds' differences, ${spread(differences(key, name))}); ` +
            `subsegments sent to the daemon: ${round(sent.get(key)! / COLD_RUNS)} a cold start; first call: ${[...outcomes.get(key)!].join(', ')}`,
        });
      }
      if (variants.includes('bare')) {
        const key = `${name}.bare`;
        const ms = median(times.get(key)!);
        const bytes = sizeOf(name, 'bare');
        const more = median(differences(name, key));
        most(worst.metricsTime, more / floorMs, name);
        rows.push({
          name: `cold start, without metrics: ${name}`,
          value: round(ms),
          unit: 'ms',
          note:
            `${round(ms / floorMs)}× floor time (load ${round(median(loads.get(key)!))} ms); ` +
            `${kb(bytes)} = ${round(bytes / floorBytes)}× floor size; ` +
            `metrics add ${round((sizeOf(name, 'default') - bytes) / 1024)} KiB and ${round(more)} ms = ${round(more / floorMs)}× floor time ` +
            `(median of the rounds' differences, ${spread(differences(name, key))}); first call: ${[...outcomes.get(key)!].join(', ')}`,
        });
      }
      const observability = observabilityIn(inputs.get(name)!);
      rows.push({
        name: `observability: ${name}`,
        value: round(observability.total / 1024),
        unit: 'KiB',
        note: `default bundle: ${observability.groups.map(([group, bytes]) => `${group} ${round(bytes / 1024)}`).join(', ') || 'none'}`,
      });
      if (variants.includes('traced')) {
        const tracer = addedBy(inputs.get(name)!, inputs.get(`${name}.traced`)!);
        rows.push({
          name: `observability, traced: ${name}`,
          value: round((observability.total + tracer.total) / 1024),
          unit: 'KiB',
          note: `the tracer adds ${round(tracer.total / 1024)}: ${tracer.groups.slice(0, 8).map(([group, bytes]) => `${group} ${round(bytes / 1024)}`).join(', ')}`,
        });
      }
    }
    if (worst.tracedTime[1]) {
      rows.push(
        { name: 'cold start, traced: heaviest function ÷ floor (time)', value: round(worst.tracedTime[0]), unit: '×', note: `${worst.tracedTime[1]}; -c traceSdkCalls=true` },
        { name: 'bundle size, traced: largest function ÷ floor', value: round(worst.tracedSize[0]), unit: '×', note: `${worst.tracedSize[1]}; -c traceSdkCalls=true` },
      );
    }
    if (worst.metricsTime[1]) {
      rows.push({ name: 'cold start: most that metrics add ÷ floor (time)', value: round(worst.metricsTime[0]), unit: '×', note: worst.metricsTime[1] });
    }
    return rows;
  }
}

/**
 * What a bundle carries that the floor's does not, by package (node_modules) or folder of ours
 * (`shared/<folder>`, `events/<file>`), largest first: the bytes each input adds to the output.
 */
function carriedBeyond(floor: Inputs, bundle: Inputs): { total: number; groups: [string, number][] } {
  const groups = new Map<string, number>();
  let total = 0;
  for (const [path, { bytesInOutput }] of Object.entries(bundle)) {
    if (path in floor || bytesInOutput === 0) continue;
    groups.set(groupOf(path), (groups.get(groupOf(path)) ?? 0) + bytesInOutput);
    total += bytesInOutput;
  }
  return { total, groups: [...groups].sort((a, b) => b[1] - a[1]) };
}

/** A package (`zod`, `@aws-sdk/client-kms`) or a folder of ours (`shared/http`, `events/users.ts`). */
function groupOf(path: string): string {
  const packagePath = path.split('node_modules/').at(-1)!;
  const parts = (path.includes('node_modules/') ? packagePath : path).split('/');
  return path.includes('node_modules/')
    ? parts.slice(0, parts[0]!.startsWith('@') ? 2 : 1).join('/')
    : parts.length > 2 ? parts.slice(0, 2).join('/') : parts.join('/');
}

/**
 * What a default bundle spends on observability: the EMF writer (Powertools Metrics, or the stand-in
 * infra/bundling.ts aliases it to, shared/aws/powertools-metrics) and shared/observability, by file.
 */
function observabilityIn(bundle: Inputs): { total: number; groups: [string, number][] } {
  const groups = new Map<string, number>();
  let total = 0;
  for (const [path, { bytesInOutput }] of Object.entries(bundle)) {
    const group = path.includes('node_modules/@aws-lambda-powertools/metrics/')
      ? '@aws-lambda-powertools/metrics'
      : path.startsWith('shared/aws/powertools-metrics/') ? 'aws/powertools-metrics'
      : path.startsWith('shared/observability/') ? path.slice('shared/'.length) : undefined;
    if (!group || bytesInOutput === 0) continue;
    groups.set(group, (groups.get(group) ?? 0) + bytesInOutput);
    total += bytesInOutput;
  }
  return { total, groups: [...groups].sort((a, b) => b[1] - a[1]) };
}

/**
 * What the traced build carries beyond the default one, by package or folder, largest first: the
 * tracer, aws-xray-sdk-core and what it requires (semver, cls-hooked, …), and the few bytes by which
 * shared inputs grow (tracing.ts's live branch).
 */
function addedBy(base: Inputs, bundle: Inputs): { total: number; groups: [string, number][] } {
  const groups = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(bundle)) {
    groups.set(groupOf(path), (groups.get(groupOf(path)) ?? 0) + bytesInOutput);
  }
  for (const [path, { bytesInOutput }] of Object.entries(base)) {
    groups.set(groupOf(path), (groups.get(groupOf(path)) ?? 0) - bytesInOutput);
  }
  const total = [...groups.values()].reduce((sum, bytes) => sum + bytes, 0);
  return { total, groups: [...groups].filter(([, bytes]) => bytes >= 512).sort((a, b) => b[1] - a[1]) };
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

/** The parts of this module: `npm run bench foundation:cold-start` runs only the first. */
const PARTS = ['cold-start', 'warm-http'] as const;

export const bench: Bench = async (parts = []) => {
  const unknown = parts.filter((part) => !(PARTS as readonly string[]).includes(part));
  if (unknown.length > 0) throw new Error(`bench/foundation has no part ${unknown.join(', ')}: pick from ${PARTS.join(', ')}`);
  const wants = (part: (typeof PARTS)[number]) => parts.length === 0 || parts.includes(part);
  // As `npm start` runs it: the engine in its own process.
  const tencent = await startFakeTencent();
  const runtime = await startRuntime({
    port: 0,
    timers: false,
    separateEngineProcess: true,
    wechatBaseUrl: tencent.url,
    wecomBaseUrl: tencent.url,
  });
  try {
    const signIn = async (user: string): Promise<string> => {
      const response = await fetch(`${runtime.url}/auth/wechat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: `dev:${user}` }),
      });
      return ((await response.json()) as { token: string }).token;
    };
    const token = await signIn('demo-admin');
    // A few writes, so consumers get real events to start on (a consumer without one gets a
    // made-up event it refuses at parsing: its first call is then the claim and the refusal).
    const write = async (as: string, method: string, path: string, body: unknown): Promise<Record<string, unknown>> => {
      const response = await fetch(`${runtime.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${as}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!response.ok) console.error(`bench set-up: ${method} ${path} answered ${response.status}`);
      return response.status === 204 ? {} : ((await response.json()) as Record<string, unknown>);
    };
    // organisation.member-added: organisation-activity, notifications.
    await write(token, 'PUT', '/org-units/lushan-g1-m2/members/demo-outdoor-worker', { memberRole: 'volunteer' });
    // user.role-assigned: request-routing (an admin to escalate to), organisation-activity.
    await write(token, 'PUT', '/users/demo-volunteer/role', { role: 'admin', units: ['lushan'] });
    // station.created: station-managers.
    await write(token, 'POST', '/stations', {
      id: 'bench-station',
      name: 'bench station',
      address: 'bench',
      location: { lat: 32.00362, lng: 118.74262 },
      gridId: 'lushan-g1',
      hours: { weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [{ opens: '00:00', closes: '24:00' }]])), exceptions: [] },
      seats: { total: 6, reservable: 4 },
      amenities: ['drinking_water'],
      managers: ['demo-station-manager'],
    });
    // request.marked-duplicate: request-links.
    const resident = await signIn('demo-resident');
    const worker = await signIn('demo-grid-worker');
    const submit = (description: string) =>
      write(resident, 'POST', '/requests', { categoryId: 'street-order', description, location: { lat: 32.003, lng: 118.742 }, attributes: { kind: 'street_vending' } });
    const original = (await submit('bench: stall at the crossing')).id as string;
    const again = (await submit('bench: the stall again')).id as string;
    await write(worker, 'POST', `/requests/${again}/mark-duplicate`, { of: original });
    // facility.fault-reported: station-amenities (the grid's worker is staff at the seeded station).
    await write(worker, 'POST', '/facilities/lushan-ac-1/faults', { description: 'bench: 空调不制冷' });
    // announcement.created: announcement-delivery; the announcement is what the announcements function's first call reads.
    const announcement = await write(token, 'POST', '/announcements', { title: 'bench 通知', body: '午间高温，请注意防暑。', scope: 'lushan', audience: 'grid_workers' });
    // reservation.cancelled: station-waitlist (a seat tomorrow at ten, where the city is, then cancelled).
    const outdoorWorker = await signIn('demo-outdoor-worker');
    const tomorrow = new Date(Date.now() + 8 * 3600_000 + 86_400_000).toISOString().slice(0, 10);
    const reservation = await write(outdoorWorker, 'POST', '/stations/lushan-station/reservations', { start: `${tomorrow}T10:00:00+08:00` });
    if (typeof reservation.id === 'string') await write(outdoorWorker, 'DELETE', `/reservations/${reservation.id}?reason=plans_changed`, undefined);
    await runtime.bus.idle();
    return [
      ...(wants('cold-start') ? await coldStarts(runtime, token, tencent.url, { announcementId: announcement.id as string | undefined }) : []),
      ...(wants('warm-http') ? await warmHttp(runtime, token) : []),
    ];
  } finally {
    await runtime.close();
    await tencent.close();
  }
};
