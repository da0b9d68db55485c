import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ScheduledEvent } from 'aws-lambda';
import { schedules } from '../../events/catalogue';
import { generateLocalKeyPair } from '../../shared/auth/tokens';
import { resetClients } from '../../shared/aws/clients';
import { onS3ClientCreated, resetS3Client } from '../../shared/aws/s3-client';
import { config } from '../../shared/config';
import { relayOutbox } from '../../shared/events/outbox';
import { onDynamoClientCreated } from '../../shared/aws/dynamodb-client';
import { DEFAULT_SERVICE_AREA, formatServiceArea, parseServiceArea } from '../../shared/config';
import { LocalBus } from './bus';
import { BundledLambdas } from './bundled-lambdas';
import { buildBundles } from './bundles';
import { type Engine, type EngineWrites, LOCAL_REGION, ensureTable, localCredentials, startEngine } from './engine';
import { functionEnvironment } from './environment';
import { LocalGateway } from './gateway';
import { type LocalFunctions, LocalLambdas } from './lambda';
import { type MetricsSummary, MetricsTally } from './metrics-page';
import { signAsRunningFunction, startObjectStore } from './object-store';
import { type LocalPorts, assertPortsFree, onPort } from './ports';
import { seedDemoData } from './seeds/demo';
import { SIMULATED_DEPARTMENT, seedSimulatedDepartment } from './seeds/departments';
import { type DepartmentSimulator, startDepartmentSimulator } from './department-simulator';
import { onSecretsClientCreated, resetSigningSecrets, signingSecretIfAny } from '../../shared/departments/secrets';
import { startSecretsStore } from './secrets-store';
import { startWeChatStandIn } from './wechat-stand-in';
import { type GuardedEngine, guardEngine, tableGuard } from './table-guard';
import { lambdaFunctions } from '../functions';

export interface RuntimeOptions {
  /** HTTP port of the gateway; 0 picks a free one. */
  port?: number;
  /**
   * Ports of the other parts, each 0 (a free one, the default: tests) unless given; `npm start` gives
   * them all, derived from its PORT (`portsFrom`, infra/local/ports.ts). A fixed port another program
   * holds stops the start, before anything starts, with a `PortTakenError` naming the part.
   */
  ports?: Partial<LocalPorts>;
  /** Data folder (engine files, signing keys, the bus journal, dead letters, photos); in memory when absent. */
  dataDir?: string;
  tableName?: string;
  /** WeChat API base URL (tests point it at a loopback fake). */
  wechatBaseUrl?: string;
  /**
   * Start a WeChat stand-in on 127.0.0.1 (infra/local/wechat-stand-in.ts) and point the functions at
   * it, unless `wechatBaseUrl` is given: sign-in with any code and phone binding with `phone:<11 digits>`
   * then work without the internet (npm start turns it on).
   */
  wechatStandIn?: boolean;
  /**
   * Start the department simulator (infra/local/department-simulator.ts) and configure it as urban
   * management's endpoint, with a signing secret made as the API makes one (npm start turns it on).
   */
  departmentSimulator?: boolean | { delayMs?: number };
  /** WeCom API base URL, for group-robot webhooks (tests point it at a loopback fake). */
  wecomBaseUrl?: string;
  /**
   * Run the engine in a process of its own (npm start, the benchmark), so it does not take turns
   * with the handlers on one event loop. Tests keep it in process: it starts faster.
   */
  separateEngineProcess?: boolean;
  /** How the engine writes an item and its index entries (engine.ts); only the benchmark changes it. */
  engineWrites?: EngineWrites;
  /** Run schedules on timers (off in tests, which run them by hand). */
  timers?: boolean;
  retryDelayMs?: (attempt: number) => number;
  seed?: boolean;
  /**
   * How the functions run: `in-process` (the default: every function's module loaded in this
   * process, each invocation given its function's environment and logger), or `bundles`: each from
   * the esbuild bundle CDK deploys, in a worker thread of its own with exactly its own environment.
   * Defaults to `LOCAL_FUNCTIONS` from the environment.
   */
  functions?: FunctionsMode;
  /**
   * In `bundles` mode, a folder `buildBundles` (infra/local/bundles.ts) already wrote; else
   * `LOCAL_BUNDLES_DIR`, else the bundles are built now into a temporary folder.
   */
  bundlesDir?: string;
  /**
   * Where the service works, `minLat,minLng,maxLat,maxLng` (the functions' `SERVICE_AREA`); else
   * `SERVICE_AREA` from the environment, else Nanjing (shared/config.ts). A malformed one stops the start.
   */
  serviceArea?: string;
}

export type FunctionsMode = 'in-process' | 'bundles';

/** A running local backend. */
export interface Runtime {
  url: string;
  busUrl: string;
  /** The photos bucket's local stand-in (infra/local/object-store/), an S3 endpoint for path-style requests. */
  objectStoreUrl: string;
  /** The Secrets Manager stand-in (infra/local/secrets-store/): departments' signing secrets. */
  secretsStoreUrl: string;
  /** Urban management's system, when it runs (`departmentSimulator`). */
  departmentSimulator?: DepartmentSimulator;
  engine: Engine;
  bus: LocalBus;
  lambdas: LocalFunctions;
  functions: FunctionsMode;
  seeded: boolean;
  /** Runs a schedule once, now, or as if at `at` (a schedule's clock is its event's time). */
  runSchedule(name: string, at?: Date): Promise<unknown>;
  /** Lets the gateway's authorizer cache run out now rather than after its 60 s (revocation tests). */
  expireAuthorizerCache(): void;
  /**
   * Every table call refused so far because the function's declared access (infra/table-access.ts)
   * does not allow it; empty when each function kept to its declaration.
   */
  tableAccessDenials(): readonly string[];
  /**
   * Every photos-bucket call refused because the function's declared access (infra/photo-access.ts)
   * does not allow it; empty when each function kept to its declaration.
   */
  objectAccessDenials(): readonly string[];
  /** Every Secrets Manager call refused because the function's grants (infra/department-secrets.ts) do not allow it. */
  secretAccessDenials(): readonly string[];
  /** Runs the photos bucket's lifecycle rules now, or as of `at`; returns what they deleted (`<bucket>/<key>`). */
  expireObjects(at?: Date): string[];
  /** The functions' metrics since the start, summed from the EMF they printed (also `GET /metrics`). */
  metrics(): MetricsSummary;
  close(): Promise<void>;
}

const repositoryRoot = resolve(import.meta.dirname, '../..');

/** The prefix departments' secrets are named under locally (the stack's name in AWS). */
const DEPARTMENT_SECRETS_PREFIX = 'grid-service';

/** The photos bucket's name locally: shared/config.ts's default, as the deployed name is CDK's. */
const PHOTOS_BUCKET = 'grid-service-photos';

/**
 * Starts the whole backend on one machine: the embedded engine, the local bus, the gateway, the
 * schedules, and the demo data on first start. The handlers are the very modules CDK deploys (or,
 * in `bundles` mode, its very bundles), each given the environment CDK gives it with local values.
 */
export async function startRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const ports: LocalPorts = { engine: 0, bus: 0, objectStore: 0, wechatStandIn: 0, secretsStore: 0, departmentSimulator: 0, ...options.ports };
  const runsStandIn = Boolean(options.wechatStandIn && !options.wechatBaseUrl);
  await assertPortsFree({
    gateway: options.port ?? 0,
    ...ports,
    wechatStandIn: runsStandIn ? ports.wechatStandIn : 0,
    departmentSimulator: options.departmentSimulator ? ports.departmentSimulator : 0,
  });
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
  if (dataDir) mkdirSync(join(dataDir, 'engine'), { recursive: true });
  const engine = await onPort('engine', ports.engine, () =>
    startEngine({
      ...(dataDir ? { path: join(dataDir, 'engine') } : {}),
      port: ports.engine,
      separateProcess: options.separateEngineProcess ?? false,
      ...(options.engineWrites ? { writes: options.engineWrites } : {}),
    }),
  );
  const tableName = options.tableName ?? 'grid-service';
  await ensureTable(engine.endpoint, tableName);

  // Each function's table calls are held to its declared access, as its IAM role holds it in AWS.
  // The service's table is whichever the functions are pointed at (the benchmark re-points them).
  const guard = tableGuard(() => config().tableName);
  const mode = functionsMode(options.functions);
  // What CloudWatch would sum from the functions' EMF lines, for the local /metrics page.
  const metrics = new MetricsTally();
  let guarded: GuardedEngine | undefined;
  let builtBundles: string | undefined;
  let lambdas: LocalFunctions;
  if (mode === 'bundles') {
    let bundles = options.bundlesDir ?? process.env.LOCAL_BUNDLES_DIR;
    if (!bundles) {
      bundles = builtBundles = mkdtempSync(join(tmpdir(), 'grid-bundles-'));
      const started = Date.now();
      await buildBundles(repositoryRoot, bundles, lambdaFunctions());
      console.log(`[runtime] bundled every function in ${Date.now() - started} ms`);
    }
    // Functions out of this process are checked in front of the engine, by the key they sign with.
    const engineGuard = await guardEngine(engine.endpoint, guard);
    guarded = engineGuard;
    lambdas = new BundledLambdas(
      bundles,
      (fn) => functionEnvironment(fn, { ...process.env, DYNAMODB_ENDPOINT: engineGuard.endpoint }),
      metrics.record,
    );
  } else {
    lambdas = new LocalLambdas(repositoryRoot, metrics.record);
  }
  const bus = new LocalBus({
    lambdas,
    busName: 'grid-service',
    ...(dataDir ? { deadLetterFile: join(dataDir, 'dead-letters.jsonl'), journalFile: join(dataDir, 'bus-journal.jsonl') } : {}),
    ...(options.retryDelayMs ? { retryDelayMs: options.retryDelayMs } : {}),
  });
  const busUrl = await onPort('bus', ports.bus, () => bus.listen(ports.bus));
  // The photos bucket: functions sign with their own key (infra/local/environment.ts) and the runtime's
  // secret, and the store holds each to its grants in infra/photo-access.ts, as its role would in AWS.
  const objectStore = await onPort('objectStore', ports.objectStore, () =>
    startObjectStore({ ...(dataDir ? { dataDir } : {}), port: ports.objectStore, buckets: [PHOTOS_BUCKET], developer: localCredentials }),
  );
  // Departments' signing secrets: the functions' calls are held to infra/department-secrets.ts.
  const secretsStore = await onPort('secretsStore', ports.secretsStore, () =>
    startSecretsStore({ ...(dataDir ? { dataDir } : {}), port: ports.secretsStore, prefix: DEPARTMENT_SECRETS_PREFIX }),
  );
  const keys = await signingKeys(dataDir);
  const wechatAppId = process.env.WECHAT_APP_ID ?? 'local-app';
  const standIn = runsStandIn ? await onPort('wechatStandIn', ports.wechatStandIn, () => startWeChatStandIn(wechatAppId, ports.wechatStandIn)) : undefined;
  const serviceArea = formatServiceArea(parseServiceArea(options.serviceArea ?? process.env.SERVICE_AREA ?? formatServiceArea(DEFAULT_SERVICE_AREA)));

  Object.assign(process.env, {
    STAGE: 'local',
    TABLE_NAME: tableName,
    EVENT_BUS_NAME: 'grid-service',
    DYNAMODB_ENDPOINT: engine.endpoint,
    EVENTBRIDGE_ENDPOINT: busUrl,
    S3_ENDPOINT: objectStore.url,
    SECRETS_MANAGER_ENDPOINT: secretsStore.url,
    DEPARTMENT_SECRETS_PREFIX,
    PHOTOS_BUCKET,
    AWS_REGION: process.env.AWS_REGION ?? LOCAL_REGION,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    TOKEN_PRIVATE_KEY_PEM: keys.privateKeyPem,
    TOKEN_PUBLIC_KEY_PEM: keys.publicKeyPem,
    WECHAT_BASE_URL: options.wechatBaseUrl ?? standIn?.url ?? process.env.WECHAT_BASE_URL ?? 'https://api.weixin.qq.com',
    WECOM_BASE_URL: options.wecomBaseUrl ?? process.env.WECOM_BASE_URL ?? 'https://qyapi.weixin.qq.com',
    WECHAT_APP_ID: wechatAppId,
    WECHAT_SECRET: process.env.WECHAT_SECRET ?? 'local-secret',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    SERVICE_AREA: serviceArea,
  });
  delete process.env.TOKEN_KMS_KEY_ID;
  // Functions in this process are checked in the client, knowing which function is running.
  onDynamoClientCreated(guard.install);
  resetClients();
  // Functions in this process share one S3 client: each call is signed as the function making it.
  onS3ClientCreated((client) => signAsRunningFunction(client, localCredentials));
  resetS3Client();
  // …and one Secrets Manager client, each call signed as the function making it (the store's grants).
  onSecretsClientCreated((client) => signAsRunningFunction(client, localCredentials));
  resetSigningSecrets();
  // Deliveries a previous run left unfinished (the bus journal) go on now the consumers can run.
  bus.resume();

  const seeded = options.seed === false ? false : await seedDemoData();
  // A restart after a crash: events written with their items but never published (the process died
  // between the write and PutEvents) go out now, before any request arrives — nothing is in flight,
  // so the relay's settling time (which keeps it off a writer's own publish) is not needed.
  if (dataDir && !seeded) await relayOutbox(0);
  const gateway = new LocalGateway(lambdas, new Map([['/metrics', (url, headers) => metrics.page(url, headers)]]));
  const url = await onPort('gateway', options.port ?? 0, () => gateway.listen(options.port ?? 0));
  // Where departments call back: known now the gateway listens, before any case can go out.
  process.env.API_BASE_URL = url;
  const departmentSimulator = options.departmentSimulator
    ? await onPort('departmentSimulator', ports.departmentSimulator, () =>
        startDepartmentSimulator({
          departmentId: SIMULATED_DEPARTMENT,
          secret: () => signingSecretIfAny(SIMULATED_DEPARTMENT),
          gatewayUrl: () => url,
          port: ports.departmentSimulator,
          ...(typeof options.departmentSimulator === 'object' && options.departmentSimulator.delayMs !== undefined
            ? { delayMs: options.departmentSimulator.delayMs }
            : {}),
        }),
      )
    : undefined;
  // On every start: the simulator's URL is this run's (a free port in tests).
  if (departmentSimulator) await seedSimulatedDepartment(departmentSimulator.casesUrl, new Date());

  const runSchedule = (name: string, at?: Date) => lambdas.invoke(name, scheduledEvent(name, at));
  const timers = (options.timers ?? true)
    ? schedules.map((schedule) =>
        setInterval(() => {
          runSchedule(schedule.name).catch((error: unknown) => console.error(`[schedule] ${schedule.name} failed`, error));
        }, schedule.everyMinutes * 60_000),
      )
    : [];

  return {
    url,
    busUrl,
    objectStoreUrl: objectStore.url,
    secretsStoreUrl: secretsStore.url,
    ...(departmentSimulator ? { departmentSimulator } : {}),
    engine,
    bus,
    lambdas,
    functions: mode,
    seeded,
    runSchedule,
    expireAuthorizerCache: () => gateway.expireAuthorizerCache(),
    tableAccessDenials: () => [...guard.denials],
    objectAccessDenials: () => objectStore.denials(),
    secretAccessDenials: () => secretsStore.denials(),
    expireObjects: (at?: Date) => objectStore.sweepExpired(at),
    metrics: () => metrics.summary(),
    async close() {
      timers.forEach(clearInterval);
      await gateway.close();
      await bus.close();
      await lambdas.close();
      await guarded?.close();
      await standIn?.close();
      await departmentSimulator?.close();
      await objectStore.close();
      await secretsStore.close();
      resetSigningSecrets();
      resetClients();
      resetS3Client();
      await engine.close();
      if (builtBundles) rmSync(builtBundles, { recursive: true, force: true });
    },
  };
}

/** The mode asked for, else `LOCAL_FUNCTIONS` (`in-process` or `bundles`), else in process. */
function functionsMode(asked: FunctionsMode | undefined): FunctionsMode {
  const mode = asked ?? process.env.LOCAL_FUNCTIONS ?? 'in-process';
  if (mode !== 'in-process' && mode !== 'bundles') throw new Error(`LOCAL_FUNCTIONS is '${mode}': it is 'in-process' or 'bundles'`);
  return mode;
}

/** The token signing key pair: made on first start and kept in the data folder. */
async function signingKeys(dataDir: string | undefined): Promise<{ privateKeyPem: string; publicKeyPem: string }> {
  const file = dataDir ? join(dataDir, 'signing-key.json') : undefined;
  if (file && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const keys = await generateLocalKeyPair();
  if (file) writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}

function scheduledEvent(name: string, at = new Date()): ScheduledEvent {
  return {
    version: '0',
    id: crypto.randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: at.toISOString(),
    region: 'local',
    resources: [`arn:aws:events:local:000000000000:rule/${name}`],
    detail: {},
  };
}
