/**
 * Issue 12, parts 4 and 5: the noon peak of the synthetic Nanjing, its hot keys, and the bill.
 *
 * The city (scripts/city `generateCity({ scale: 'nanjing' })`) is imported with what the load needs:
 * its units down to grids (10,198 grids' routing cells), its 11,220 grid workers, its city-wide admin
 * and its 1,000 stations, with the default categories. Residents are registered as a first WeChat
 * sign-in registers them. Then the whole backend runs as deployed (gateway, authorizer, functions,
 * bus, consumers, schedules) under an open-loop load of the peak hour, each session signing in first
 * (`POST /auth/wechat`, as the mini-program does when it opens):
 *
 * - 5,000 requests an hour: the category list and `POST /requests` at a point of a grid (grids
 *   weighted by households); grid workers accept and resolve, and residents confirm, 5,000 an hour
 *   each (from a backlog of open requests written before the run, and from the new ones), a worker
 *   reading their queue before accepting;
 * - 20,000 reservation sessions an hour: a 2 km nearby search, the station's slots,
 *   `POST …/reservations` for one of the next two bookable slots up to 14:00 (a seat when one is
 *   free, else the waitlist half the time, else the next station found, up to three); 8 % cancel
 *   before the start; 85 % check in during the first 12 minutes of their slot and check out before
 *   its end; the rest are released as no-shows by `stations-sweep` 15 minutes after the start;
 * - 5,000 walk-in check-ins an hour (an assumption of this bench: outdoor workers at noon), each a
 *   search and a check-in, and a check-out 20–60 minutes later.
 * The 12:00 slots are filled first, as the half hour before their booking closed (11:00–11:30) would
 * have: 10,000 attempts straight through the reservation use case; their holders come at noon.
 *
 * Stations are drawn by a Zipf law (s = 1) over a seeded order of the 1,000 stations, so one station
 * draws 13 % of the city's reservation attempts: the popular station at noon, on purpose.
 *
 * The process clock (`Date`, which every handler, the authorizer's cache, the tokens, the idempotency
 * records and the schedules read) is set to the simulated day (the next weekday) and runs FACTOR
 * times as fast as the wall clock, the load arriving at FACTOR times its real rate, the schedules
 * every simulated minute: every per-second figure taken on the wall clock is divided by FACTOR (one
 * wall second is FACTOR simulated seconds, so a peak is an average over that long). On the 2 shared
 * cores this was written on, FACTOR 2 queued up to 1,300 sessions and timed handlers out, so the
 * default is 1 (real time: `BENCH_PEAK_FACTOR` changes it; `BENCH_PEAK_MINUTES`,
 * `BENCH_PEAK_WARM_UP` the window). The warm-up before the window is not recorded.
 *
 * What is recorded, without changing the service:
 * - every item write, in the engine itself (its own process, dynalite's `updateIndexes`, which sees
 *   the item before and after each PutItem, UpdateItem, DeleteItem and BatchWriteItem item): the
 *   table partition and WCU (the larger of the sizes before and after, 1 KB units), and for each GSI
 *   the partition of the entry written or deleted and its WCU (the item's size: every index projects
 *   ALL); a conditional write its condition refused costs WCU too (the item's size, at least 1),
 *   counted on the client;
 * - every read, on the DynamoDB client (a middleware beside the table guard, `onDynamoClientCreated`):
 *   GetItem and BatchGetItem from the items returned (4 KB units, halved unless consistent), Query
 *   from the capacity the engine reports for what it read (`ReturnConsumedCapacity`, added to the
 *   Query and taken out of the answer again), to the table or index partition of the key condition;
 * - every invocation of every function (its operation, duration, log bytes at the deployed INFO
 *   level, response bytes) and every PutEvents entry, per operation; item writes are paired with the
 *   operation that made them by item key, in order.
 * After the window each kind of session runs a few times alone, for handler durations on a quiet
 * machine, and one announcement goes to every grid worker of the city. Rollup items grow through the
 * month and the run starts one, so their WCU/RCU are taken at month-end size for the hot keys (and
 * half that for the bill), measured by writing full rollups through the repository.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Agent, request as httpRequest } from 'node:http';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { schedules } from '../events/catalogue';
import { ensureTable } from '../infra/local/engine';
import { type Runtime, startRuntime } from '../infra/local/runtime';
import { tableGuard } from '../infra/local/table-guard';
import { FUNCTION_MEMORY_MB } from '../infra/functions';
import { generateCity } from '../scripts/city/generate';
import { importCity } from '../scripts/city/import';
import { type CityUnit, emptyCity } from '../scripts/city/model';
import { mulberry32 } from '../scripts/city/generate/random';
import type { Identity } from '../shared/auth/identity';
import { dynamoClient, eventBridge, resetClients } from '../shared/aws/clients';
import { onDynamoClientCreated } from '../shared/aws/dynamodb-client';
import { mapLimit } from '../shared/concurrency';
import { config } from '../shared/config';
import { listGridWorkers } from '../shared/organisation/repository';
import { defaultCategories } from '../shared/requests/categories/catalogue';
import { planCategory } from '../shared/requests/categories/rules';
import type { Category } from '../shared/requests/categories/model';
import { RESOLVE_HOURS_BUCKETS, type Tally, emptyTally } from '../shared/requests/figures';
import { planTransition } from '../shared/requests/lifecycle';
import { requestStatuses } from '../shared/requests/terms';
import { createRequest } from '../shared/requests/repository/request';
import { CITY_UNIT, type RollupKind, type UnitChain, writeContribution, writeSnapshot } from '../shared/requests/repository/rollups';
import { planSubmission } from '../shared/requests/submission';
import { requestKeys, tableDesign } from '../shared/table/design';
import { addDays, instantAt, localDateOf, localMinuteOf } from '../shared/time/local';
import { registerWeChatUser } from '../shared/users/wechat-links';
import { ProblemError } from '../shared/http/errors';
import { newId } from '../shared/ids';
import { distanceMetres } from '../shared/geo/geo';
import { getStationState } from '../shared/stations/repository';
import type { Station } from '../shared/stations/model';
import { reserve } from '../shared/stations/reservations/reserve';
import { staffUserOfPhone } from '../shared/users/staff';
import type { Bench, BenchRow } from './types';

// ————— the scenario —————

/** Arrivals per simulated hour. */
const PER_HOUR_RESERVATIONS = 20_000;
const PER_HOUR = { requests: 5000, accepts: 5000, resolves: 5000, confirms: 5000, reservations: PER_HOUR_RESERVATIONS, walkIns: 5000 } as const;
/** How many times faster than real time the clock and the load run. */
const FACTOR = Number(process.env.BENCH_PEAK_FACTOR ?? 1);
/** Simulated minutes recorded, after the warm-up. */
const WINDOW_MINUTES = Number(process.env.BENCH_PEAK_MINUTES ?? 18);
const WARM_UP_MINUTES = Number(process.env.BENCH_PEAK_WARM_UP ?? 3);
/**
 * When the recorded window starts (local time, minutes after midnight): 11:58, so that it holds the
 * check-ins of the 12:00 slots and the sweep that releases their no-shows at 12:15.
 */
const WINDOW_STARTS_AT = 11 * 60 + 58;
const LOAD_STARTS_AT = WINDOW_STARTS_AT - WARM_UP_MINUTES;
/** Reservation attempts for the 12:00 slots made before the load (11:00–11:30 at the peak's rate), straight through the use case. */
const NOON_ATTEMPTS = PER_HOUR_RESERVATIONS / 2;
/** Sessions of each kind run one at a time after the peak, for handler durations on a quiet machine. */
const QUIET_SESSIONS = 12;
/** Requests in each open status written before the run, for the workers' and residents' moves to start from. */
const BACKLOG = 500;
const SHOW_UP = 0.85;
const CANCEL = 0.08;
const ZIPF_S = 1;
/** A month of the service is this many peak hours' worth of load (two a day: 300,000 requests a month). */
const MONTH_PEAK_HOURS = 60;
const MINUTES_A_MONTH = 30 * 24 * 60;
/** City-wide announcements to every grid worker a month (an assumption); one is run and measured. */
const ANNOUNCEMENTS_A_MONTH = 4;
/** DynamoDB's per-partition limits (table and each GSI). */
const PARTITION_LIMITS = { wcu: 1000, rcu: 3000 } as const;
/** A key above this share of a limit is flagged. */
const FLAG_SHARE = 0.3;

/**
 * On-demand list prices assumed for ap-northeast-1 (Tokyo), USD, as we read them on 2026-12-01;
 * free tiers left out. Check them against the AWS price list before quoting the bill.
 */
export const PRICES = {
  region: 'ap-northeast-1',
  asOf: '2026-12-01',
  dynamoWriteRequestUnitPerMillion: 0.715,
  dynamoReadRequestUnitPerMillion: 0.1425,
  dynamoStorageGbMonth: 0.285,
  lambdaRequestsPerMillion: 0.2,
  lambdaArmGbSecond: 0.0000133334,
  httpApiPerMillion: 1.29,
  eventBridgeCustomEventsPerMillion: 1.0,
  logsIngestionPerGb: 0.76,
  logsStorageGbMonth: 0.033,
  kmsKeyMonth: 1.0,
  kmsAsymmetricPer10k: 0.15,
  secretMonth: 0.4,
  secretsPer10kCalls: 0.05,
  xrayTracesPerMillion: 5.0,
  dataOutPerGb: 0.114,
} as const;

/** AWS quotas the peak is held against (defaults; PutEvents for ap-northeast-1). */
const QUOTAS = { lambdaConcurrency: 1000, httpApiRps: 10_000, putEventsTps: 2400, eventBridgeInvocationsTps: 2250 } as const;

/** Bytes Lambda itself logs per invocation in JSON format (platform.start and platform.report): assumed. */
const PLATFORM_LOG_BYTES = 600;
/**
 * What a call costs in AWS beyond what it costs against the local engine (an assumed round trip,
 * DynamoDB and PutEvents), for the modelled Lambda duration: the handler's local duration on a quiet
 * machine plus these per call.
 */
const AWS_CALL_MS = { dynamo: 5, putEvents: 15 } as const;

const clockOf = (minute: number) => `${Math.floor(minute / 60)}:${String(minute % 60).padStart(2, '0')}`;
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const fmt = (value: number) => value.toLocaleString('en', { maximumFractionDigits: value < 10 ? 2 : value < 100 ? 1 : 0 });
const percentile = (values: readonly number[], p: number) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
};

// ————— the simulated clock —————

const RealDate = Date;
let anchor = { real: RealDate.now(), sim: RealDate.now(), rate: 1 };
const simNow = () => anchor.sim + (RealDate.now() - anchor.real) * anchor.rate;
const setClock = (sim: number, rate: number) => {
  anchor = { real: RealDate.now(), sim, rate };
};

/** `Date` reading the simulated clock: `new Date()` and `Date.now()`; everything else as it was. */
function installClock(): void {
  globalThis.Date = new Proxy(RealDate, {
    construct: (target, args, newTarget) => Reflect.construct(target, args.length > 0 ? args : [simNow()], newTarget),
    apply: () => new RealDate(simNow()).toString(),
    get: (target, property, receiver) => (property === 'now' ? simNow : Reflect.get(target, property, receiver)),
  });
}
const restoreClock = () => {
  globalThis.Date = RealDate;
};

/** The first weekday after today, in Nanjing: every station keeps its weekday hours. */
function loadDay(): string {
  let day = addDays(localDateOf(new RealDate()), 1);
  while ([0, 6].includes(new RealDate(`${day}T12:00:00Z`).getUTCDay())) day = addDays(day, 1);
  return day;
}

// ————— the meter —————

/** Per second of wall time: writes, WCU, strongly consistent reads, eventually consistent reads, RCU. */
type Second = [number, number, number, number, number];
const W = 0, WCU = 1, SR = 2, ER = 3, RCU = 4;

interface KeyStats {
  writes: number;
  wcu: number;
  reads: number;
  rcu: number;
  seconds: Map<number, Second>;
}

/** What one operation (a function's route, event or schedule) did in the recorded window. */
interface OpStats {
  name: string;
  fn: string;
  kind: 'http' | 'authorizer' | 'consumer' | 'schedule';
  invocations: number;
  durations: number[];
  calls: Map<string, number>;
  itemWrites: number;
  failedWrites: number;
  wcuTable: number;
  wcuIndex: number;
  indexWrites: number;
  rcu: number;
  itemsRead: number;
  putEventsCalls: number;
  putEventsEntries: number;
  logBytes: number;
  responseBytes: number;
  statuses: Map<number, number>;
  /** Rollup items (by kind of unit) written and read, and what the run measured for them. */
  rollupWrites: Map<RollupKind, number>;
  rollupReads: Map<string, number>;
  rollupWcu: number;
  rollupRcu: number;
}

type Phase = 'peak' | 'announcement' | 'quiet';
type AttributeValue = { S?: string; N?: string; B?: unknown; BOOL?: boolean; NULL?: boolean; L?: AttributeValue[]; M?: Record<string, AttributeValue>; SS?: string[]; NS?: string[]; BS?: unknown[] };
type RawItem = Record<string, AttributeValue>;

/** One item write as the engine made it: the table key, the sizes before and after, each index's entry before and after. */
interface EngineWrite {
  t: number;
  table: string;
  pk: string;
  sk: string;
  before: number;
  after: number;
  /** Per index: [name, partition before, sort before, partition after, sort after]. */
  entries: [string, string | null, string | null, string | null, string | null][];
}

/** Bytes of an attribute value as DynamoDB counts them (numbers: a byte per two digits, plus one). */
function valueBytes(value: AttributeValue): number {
  if (value === null || typeof value !== 'object') return 0;
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.N !== undefined) return Math.ceil(value.N.replace(/^-|\.|e.*$/gi, '').replace(/^0+/, '').length / 2) + 1;
  if (value.B !== undefined) return (value.B as { length?: number }).length ?? String(value.B).length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.L) return 3 + value.L.reduce((sum, element) => sum + 1 + valueBytes(element), 0);
  if (value.M) return 3 + Object.entries(value.M).reduce((sum, [name, element]) => sum + 1 + Buffer.byteLength(name) + valueBytes(element), 0);
  if (value.SS) return value.SS.reduce((sum, element) => sum + Buffer.byteLength(element), 0);
  if (value.NS) return value.NS.reduce((sum, element) => sum + valueBytes({ N: element }), 0);
  return 0;
}
const sizeOf = (item: RawItem | undefined) => (item ? Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + valueBytes(value), 0) : 0);
const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));
const readUnits = (bytes: number, consistent: boolean) => Math.max(1, Math.ceil(bytes / 4096)) * (consistent ? 1 : 0.5);

const opScope = new AsyncLocalStorage<OpStats>();
const indexes = Object.entries(tableDesign.indexes) as [string, { partitionKey: string; sortKey: string }][];

/**
 * The engine in a process of its own (the second core goes to it, as in `npm start`), with a hook on
 * dynalite's `updateIndexes`, which every item write of PutItem, UpdateItem, DeleteItem and
 * BatchWriteItem passes with the item before and after: each write's sizes and index entries are
 * sent to this process in batches. The engine is dynalite with the atomic-write patch
 * (infra/local/dynalite-atomic.mjs), in memory, not fsynced.
 */
async function startMeteredEngine(onWrites: (writes: EngineWrite[]) => void) {
  const atomic = pathToFileURL(join(import.meta.dirname, '../infra/local/dynalite-atomic.mjs')).href;
  const source = `
    import { createRequire } from 'node:module';
    import { join } from 'node:path';
    import { dynaliteFolder, startDynalite } from ${JSON.stringify(atomic)};
    const indexes = ${JSON.stringify(indexes)};
    const valueBytes = ${valueBytes.toString().replace(/\((value)(: AttributeValue)\)(: number)/, '($1)').replace(/ as \{ length\?: number \}/g, '')};
    const sizeOf = (item) => (item ? Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + valueBytes(value), 0) : 0);
    const { server, close } = startDynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }, { writes: 'atomic' });
    const db = createRequire(import.meta.url)(join(dynaliteFolder(), 'db/index.js'));
    const original = db.updateIndexes;
    let buffer = [];
    db.updateIndexes = function (store, table, before, after, cb) {
      if (before || after) {
        const item = after ?? before;
        buffer.push({
          t: Date.now(), table: table.TableName, pk: item.pk?.S ?? '', sk: item.sk?.S ?? '', before: sizeOf(before), after: sizeOf(after),
          entries: indexes.map(([name, { partitionKey, sortKey }]) => [name, before?.[partitionKey]?.S ?? null, before?.[sortKey]?.S ?? null, after?.[partitionKey]?.S ?? null, after?.[sortKey]?.S ?? null])
            .filter(([, a, , b]) => a !== null || b !== null),
        });
      }
      return original.call(this, store, table, before, after, cb);
    };
    const flush = () => { if (buffer.length > 0) { process.send({ writes: buffer }); buffer = []; } };
    setInterval(flush, 50).unref();
    process.on('message', (message) => { if (message === 'flush') { flush(); process.send('flushed'); } });
    server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
    process.on('disconnect', () => close().then(() => process.exit(0)));
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', source], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting: (() => void)[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    child.on('message', (message: { port?: number; writes?: EngineWrite[] } | string) => {
      if (message === 'flushed') waiting.shift()?.();
      else if (typeof message === 'object' && message.port) resolve(message.port);
      else if (typeof message === 'object' && message.writes) onWrites(message.writes);
    });
    child.once('exit', (code) => reject(new Error(`the metered engine exited with ${code}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    /** Every write the engine made so far has been handed over. */
    flush: () =>
      new Promise<void>((resolve) => {
        waiting.push(resolve);
        child.send('flush');
      }),
    close: async () => {
      child.disconnect();
      await exited;
    },
  };
}

class Meter {
  phase: Phase | undefined;
  private startedAt = 0;
  private readonly windows = new Map<Phase, { from: number; to: number }>();
  readonly keys = new Map<string, KeyStats>();
  readonly ops = new Map<string, OpStats>();
  /** Successful item writes each operation made, by table key, in the order they were answered. */
  private readonly answered = new Map<string, OpStats[]>();
  /** The engine's item writes in the recorded windows, by table key, in the order it made them. */
  private readonly made = new Map<string, EngineWrite[]>();
  private readonly lastSize = new Map<string, number>();
  readonly rollupKinds = new Map<string, RollupKind>();
  readonly created = new Map<string, { pk: string; sk: string }>();
  /** How long a phase lasted, in wall seconds. */
  secondsOf(phase: Phase): number {
    const window = this.windows.get(phase);
    return window && Number.isFinite(window.to) ? (window.to - window.from) / 1000 : 0;
  }

  constructor(private readonly tableName: () => string) {}

  start(phase: Phase): void {
    this.phase = phase;
    this.startedAt = RealDate.now();
    this.windows.set(phase, { from: this.startedAt, to: Number.POSITIVE_INFINITY });
  }

  /** Ends the phase once the engine has handed over what it wrote in it; pairs each write with its operation. */
  async stop(engine: { flush(): Promise<void> }): Promise<void> {
    const phase = this.phase;
    if (!phase) return;
    const to = RealDate.now();
    this.windows.get(phase)!.to = to;
    this.phase = undefined;
    await engine.flush();
    for (const [key, ops] of this.answered) {
      const writes = this.made.get(key) ?? [];
      ops.forEach((op, index) => {
        const write = writes[index];
        op.itemWrites += 1;
        const wcuTable = write ? writeUnits(Math.max(write.before, write.after)) : 1;
        op.wcuTable += wcuTable;
        if (write) {
          const { units, entries } = indexUnits(write);
          op.wcuIndex += units;
          op.indexWrites += entries;
        }
        const kind = this.rollupKindOf(write?.pk ?? '');
        if (kind) {
          op.rollupWrites.set(kind, (op.rollupWrites.get(kind) ?? 0) + 1);
          op.rollupWcu += wcuTable;
        }
      });
    }
    this.answered.clear();
    this.made.clear();
  }

  private phaseAt(t: number): Phase | undefined {
    for (const [phase, { from, to }] of this.windows) if (t >= from && t <= to) return phase;
    return undefined;
  }

  op(name: string, fn: string, kind: OpStats['kind']): OpStats {
    const key = `${this.phase ?? 'none'}|${name}`;
    let stats = this.ops.get(key);
    if (!stats) {
      stats = {
        name, fn, kind, invocations: 0, durations: [], calls: new Map(), itemWrites: 0, failedWrites: 0, wcuTable: 0, wcuIndex: 0,
        indexWrites: 0, rcu: 0, itemsRead: 0, putEventsCalls: 0, putEventsEntries: 0, logBytes: 0, responseBytes: 0, statuses: new Map(),
        rollupWrites: new Map(), rollupReads: new Map(), rollupWcu: 0, rollupRcu: 0,
      };
      this.ops.set(key, stats);
    }
    return stats;
  }

  /** Adds to a partition's figures at wall time `t` (only the peak's: the hot keys are the peak's). */
  private touch(key: string, add: Partial<Record<'w' | 'wcu' | 'sr' | 'er' | 'rcu', number>>, t = RealDate.now()): void {
    if (this.phaseAt(t) !== 'peak') return;
    let stats = this.keys.get(key);
    if (!stats) {
      stats = { writes: 0, wcu: 0, reads: 0, rcu: 0, seconds: new Map() };
      this.keys.set(key, stats);
    }
    const at = Math.floor((t - this.windows.get('peak')!.from) / 1000);
    let second = stats.seconds.get(at);
    if (!second) {
      second = [0, 0, 0, 0, 0];
      stats.seconds.set(at, second);
    }
    stats.writes += add.w ?? 0;
    stats.wcu += add.wcu ?? 0;
    stats.reads += (add.sr ?? 0) + (add.er ?? 0);
    stats.rcu += add.rcu ?? 0;
    second[W] += add.w ?? 0;
    second[WCU] += add.wcu ?? 0;
    second[SR] += add.sr ?? 0;
    second[ER] += add.er ?? 0;
    second[RCU] += add.rcu ?? 0;
  }

  /** The engine's item writes: the table partition and every index partition an entry was written to or deleted from. */
  engineWrote(writes: readonly EngineWrite[]): void {
    for (const write of writes) {
      if (write.table !== this.tableName()) continue;
      const tableKey = `${write.pk}\u0000${write.sk}`;
      if (write.after > 0) this.lastSize.set(tableKey, write.after);
      const phase = this.phaseAt(write.t);
      if (!phase) continue;
      this.touch(`T|${write.pk}`, { w: 1, wcu: writeUnits(Math.max(write.before, write.after)) }, write.t);
      for (const entry of indexWrites(write)) this.touch(`I|${entry.index}|${entry.partition}`, { w: 1, wcu: entry.units }, write.t);
      if (phase === 'peak' && write.before === 0 && write.after > 0) this.created.set(tableKey, { pk: write.pk, sk: write.sk });
      if (write.after === 0) this.created.delete(tableKey);
      const list = this.made.get(tableKey) ?? [];
      list.push(write);
      this.made.set(tableKey, list);
    }
  }

  /** A write the client saw succeed: paired with the engine's record of it when the phase ends. */
  private wrote(op: OpStats, key: { pk?: AttributeValue; sk?: AttributeValue }): void {
    const tableKey = `${key.pk?.S ?? ''}\u0000${key.sk?.S ?? ''}`;
    const list = this.answered.get(tableKey) ?? [];
    list.push(op);
    this.answered.set(tableKey, list);
  }

  /** A conditional write the condition refused: DynamoDB charges the item's size (at least 1 WCU). */
  private refused(op: OpStats, key: { pk?: AttributeValue; sk?: AttributeValue }): void {
    const pk = key.pk?.S ?? '';
    const units = writeUnits(this.lastSize.get(`${pk}\u0000${key.sk?.S ?? ''}`) ?? 0);
    op.failedWrites += 1;
    op.wcuTable += units;
    this.touch(`T|${pk}`, { w: 1, wcu: units });
    const kind = this.rollupKindOf(pk);
    if (kind) {
      op.rollupWrites.set(kind, (op.rollupWrites.get(kind) ?? 0) + 1);
      op.rollupWcu += units;
    }
  }

  private read(op: OpStats, partitionKey: string, units: number, consistent: boolean, items: number): void {
    op.rcu += units;
    op.itemsRead += items;
    this.touch(partitionKey, consistent ? { sr: 1, rcu: units } : { er: 1, rcu: units });
    const kind = partitionKey.startsWith('T|') ? this.rollupKindOf(partitionKey.slice(2)) : undefined;
    if (kind) {
      const label = `${kind}|${consistent ? 'strong' : 'eventual'}`;
      op.rollupReads.set(label, (op.rollupReads.get(label) ?? 0) + 1);
      op.rollupRcu += units;
    }
  }

  rollupKindOf(pk: string): RollupKind | undefined {
    return pk.startsWith('ROLLUP#') ? (this.rollupKinds.get(pk.slice('ROLLUP#'.length)) ?? 'grid') : undefined;
  }

  /** The middleware on every DynamoDB client: reads per partition, writes per operation. */
  install(client: DynamoDBClient): void {
    client.middlewareStack.add(
      (next) => async (args) => {
        const op = opScope.getStore();
        if (!op || !this.phase) return next(args);
        const request = args.request as { headers: Record<string, string>; body?: unknown };
        const target = Object.entries(request.headers ?? {}).find(([name]) => name.toLowerCase() === 'x-amz-target')?.[1] ?? '';
        const action = target.slice(target.indexOf('.') + 1);
        const text = typeof request.body === 'string' ? request.body : request.body instanceof Uint8Array ? new TextDecoder().decode(request.body) : '';
        const body = JSON.parse(text || '{}') as Record<string, any>;
        const askCapacity = (action === 'Query' || action === 'Scan') && body.ReturnConsumedCapacity === undefined;
        if (askCapacity) {
          body.ReturnConsumedCapacity = 'INDEXES';
          request.body = JSON.stringify(body);
          for (const name of Object.keys(request.headers)) {
            if (name.toLowerCase() === 'content-length') request.headers[name] = String(Buffer.byteLength(request.body as string));
          }
        }
        op.calls.set(action, (op.calls.get(action) ?? 0) + 1);
        let result;
        try {
          result = await next(args);
        } catch (error) {
          if ((error as Error).name === 'ConditionalCheckFailedException') {
            if (action === 'PutItem') this.refused(op, body.Item ?? {});
            else if (action === 'UpdateItem' || action === 'DeleteItem') this.refused(op, body.Key ?? {});
          }
          throw error;
        }
        const output = result.output as Record<string, any>;
        try {
          this.account(op, action, body, output);
        } catch (error) {
          // The meter never changes what a call answers: a figure it cannot take is reported, not thrown.
          this.faults.push(`${action}: ${(error as Error).message}`);
        }
        if (askCapacity) delete output.ConsumedCapacity;
        return result;
      },
      { step: 'build', name: 'peakMeter', priority: 'high' },
    );
  }

  readonly faults: string[] = [];
  /** Per wall second of the peak: API requests, consumer deliveries, PutEvents calls. */
  readonly rates = new Map<'http' | 'consumer' | 'putEvents', Map<number, number>>();

  /** Counts one of those now, if the peak is being recorded. */
  tick(what: 'http' | 'consumer' | 'putEvents'): void {
    if (this.phase !== 'peak') return;
    const at = Math.floor((RealDate.now() - this.windows.get('peak')!.from) / 1000);
    let seconds = this.rates.get(what);
    if (!seconds) this.rates.set(what, (seconds = new Map()));
    seconds.set(at, (seconds.get(at) ?? 0) + 1);
  }

  /** The busiest wall second of one of those, per real second. */
  peakRate(what: 'http' | 'consumer' | 'putEvents'): number {
    return Math.max(0, ...(this.rates.get(what)?.values() ?? [])) / FACTOR;
  }

  /** What a successful call read or wrote, to its operation and partitions. */
  private account(op: OpStats, action: string, body: Record<string, any>, output: Record<string, any>): void {
    switch (action) {
      case 'PutItem':
        this.wrote(op, body.Item ?? {});
        break;
      case 'UpdateItem':
      case 'DeleteItem':
        this.wrote(op, body.Key ?? {});
        break;
      case 'BatchWriteItem':
        for (const writes of Object.values((body.RequestItems ?? {}) as Record<string, any[]>)) {
          for (const write of writes) this.wrote(op, write.PutRequest?.Item ?? write.DeleteRequest?.Key ?? {});
        }
        break;
      case 'GetItem': {
        const consistent = body.ConsistentRead === true;
        this.read(op, `T|${body.Key?.pk?.S ?? ''}`, readUnits(sizeOf(output.Item), consistent), consistent, output.Item ? 1 : 0);
        break;
      }
      case 'BatchGetItem':
        for (const [table, spec] of Object.entries((body.RequestItems ?? {}) as Record<string, { Keys: RawItem[]; ConsistentRead?: boolean }>)) {
          const found = new Map(((output.Responses?.[table] ?? []) as RawItem[]).map((item) => [`${item.pk?.S}\u0000${item.sk?.S}`, item]));
          for (const key of spec.Keys ?? []) {
            const item = found.get(`${key.pk?.S}\u0000${key.sk?.S}`);
            const consistent = spec.ConsistentRead === true;
            this.read(op, `T|${key.pk?.S ?? ''}`, readUnits(sizeOf(item), consistent), consistent, item ? 1 : 0);
          }
        }
        break;
      case 'Query':
      case 'Scan': {
        const consistent = body.ConsistentRead === true;
        const index = body.IndexName as string | undefined;
        const attribute = index ? tableDesign.indexes[index as keyof typeof tableDesign.indexes]?.partitionKey ?? '' : tableDesign.partitionKey;
        const partition = action === 'Query' ? queriedPartition(body, attribute) : '(scan)';
        const capacity = output.ConsumedCapacity as { CapacityUnits?: number } | undefined;
        const units = Math.max(capacity?.CapacityUnits ?? 0, consistent ? 1 : 0.5);
        this.read(op, index ? `I|${index}|${partition}` : `T|${partition}`, units, consistent, Number(output.Count ?? 0));
        break;
      }
    }
  }
}

/**
 * The GSI entries one item write writes or deletes (a changed key is both), each with its partition
 * and write units. An index that projects ALL rewrites its entry on every write of the item, at the
 * item's size; a KEYS_ONLY one only when the entry's keys change, at one unit.
 */
function indexWrites(write: EngineWrite): { index: string; partition: string; units: number }[] {
  const written: { index: string; partition: string; units: number }[] = [];
  for (const [index, oldPartition, oldSort, newPartition, newSort] of write.entries) {
    const keysOnly = tableDesign.indexes[index as keyof typeof tableDesign.indexes].projection === 'KEYS_ONLY';
    const had = oldPartition !== null && oldSort !== null;
    const has = newPartition !== null && newSort !== null;
    const moved = had !== has || oldPartition !== newPartition || oldSort !== newSort;
    if (has && (moved || !keysOnly)) written.push({ index, partition: newPartition!, units: keysOnly ? 1 : writeUnits(write.after) });
    if (had && moved) written.push({ index, partition: oldPartition!, units: keysOnly ? 1 : writeUnits(write.before) });
  }
  return written;
}

/** The GSI write units and entries of one item write. */
function indexUnits(write: EngineWrite): { units: number; entries: number } {
  const written = indexWrites(write);
  return { units: written.reduce((sum, entry) => sum + entry.units, 0), entries: written.length };
}

/** The partition value a Query's key condition names for `attribute` (`#a = :v`). */
function queriedPartition(body: Record<string, any>, attribute: string): string {
  const names: Record<string, string> = body.ExpressionAttributeNames ?? {};
  const values: Record<string, AttributeValue> = body.ExpressionAttributeValues ?? {};
  for (const term of String(body.KeyConditionExpression ?? '').split(/\s+AND\s+/i)) {
    const match = /^\(?\s*([#:\w]+)\s*=\s*([#:\w]+)\s*\)?$/.exec(term.trim());
    if (!match) continue;
    const [, left, right] = match as unknown as [string, string, string];
    if ((names[left] ?? left) === attribute && right.startsWith(':')) return values[right]?.S ?? '?';
  }
  return '?';
}

/**
 * Points the runtime's functions at the metered engine and the meter: the table guard is installed
 * again with the meter beside it (one hook holds both), every invocation is timed and named, every
 * PutEvents counted, every log line's bytes counted (and kept off the console).
 */
async function instrument(runtime: Runtime, meter: Meter) {
  const engine = await startMeteredEngine((writes) => meter.engineWrote(writes));
  await ensureTable(engine.endpoint, config().tableName);
  process.env.DYNAMODB_ENDPOINT = engine.endpoint;
  const guard = tableGuard(() => config().tableName);
  onDynamoClientCreated((client) => {
    guard.install(client);
    meter.install(client);
  });
  resetClients();
  dynamoClient();
  eventBridge().middlewareStack.add(
    (next) => async (args) => {
      const op = opScope.getStore();
      if (op && meter.phase) {
        op.putEventsCalls += 1;
        meter.tick('putEvents');
        op.putEventsEntries += ((args.input as { Entries?: unknown[] }).Entries ?? []).length;
      }
      return next(args);
    },
    { step: 'initialize', name: 'peakMeterEvents' },
  );
  const lambdas = runtime.lambdas;
  const invoke = lambdas.invoke.bind(lambdas);
  lambdas.invoke = (name: string, event: unknown) => {
    const fn = lambdas.get(name);
    const e = event as { routeKey?: string; 'detail-type'?: string };
    const label =
      fn.kind === 'http' ? `${e.routeKey}` : fn.kind === 'consumer' ? `${name} ← ${e['detail-type']}` : fn.kind === 'schedule' ? `${name} (every ${schedules.find((s) => s.name === name)?.everyMinutes} min)` : name;
    const op = meter.op(label, name, fn.kind as OpStats['kind']);
    if (fn.kind === 'http' || fn.kind === 'consumer') meter.tick(fn.kind);
    const started = performance.now();
    return opScope.run(op, async () => {
      try {
        const result = await invoke(name, event);
        const status = (result as { statusCode?: number } | undefined)?.statusCode;
        if (meter.phase && status !== undefined) op.statuses.set(status, (op.statuses.get(status) ?? 0) + 1);
        if (meter.phase && typeof (result as { body?: unknown })?.body === 'string') op.responseBytes += Buffer.byteLength((result as { body: string }).body);
        return result;
      } finally {
        if (meter.phase) {
          op.invocations += 1;
          op.durations.push(performance.now() - started);
        }
      }
    });
  };
  // Log lines, as CloudWatch would ingest them: counted per operation; standard output kept off the console.
  const writeOut = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  const counting = (original: typeof writeOut, show: boolean) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const op = opScope.getStore();
      if (op) {
        if (meter.phase) op.logBytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
        if (!show) return true;
      }
      return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof writeOut;
  process.stdout.write = counting(writeOut, false);
  process.stderr.write = counting(writeErr, true);
  return {
    guard,
    engine,
    async restore() {
      process.stdout.write = writeOut;
      process.stderr.write = writeErr;
      onDynamoClientCreated(undefined);
      await engine.close();
    },
  };
}

// ————— the city —————

interface City {
  grids: { unit: CityUnit; ancestors: string[]; weight: number }[];
  stations: { id: string; location: { lat: number; lng: number } }[];
  /** Cumulative Zipf weights over `stations` (already in popularity order). */
  stationWeights: number[];
  gridWeights: number[];
  adminUserId: string;
  kinds: Map<string, RollupKind>;
  units: CityUnit[];
}

async function importNanjing(): Promise<{ city: City; seconds: number; counts: string }> {
  const started = performance.now();
  const generated = generateCity({ scale: 'nanjing' });
  const units = generated.units.filter((unit) => unit.kind !== 'micro_grid');
  const cityAdmin = generated.staff.find((staff) => staff.role === 'admin' && staff.units.includes('city'))!;
  const staff = [cityAdmin, ...generated.staff.filter((row) => row.role === 'grid_worker')];
  const report = await importCity(
    { ...emptyCity(), units, staff, stations: generated.stations.map((station) => ({ ...station, managerPhones: [] })) },
    { concurrency: 16 },
  );
  if (report.problems.length > 0) throw new Error(`import: ${report.problems.slice(0, 3).map((problem) => problem.message).join('; ')}`);
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  const ancestorsOf = (unit: CityUnit): string[] => {
    const path: string[] = [];
    for (let id = unit.parentId; id; id = byId.get(id)?.parentId ?? null) path.unshift(id);
    return path;
  };
  const grids = units.filter((unit) => unit.kind === 'grid').map((unit) => ({ unit, ancestors: ancestorsOf(unit), weight: unit.households ?? 400 }));
  const random = mulberry32(2026);
  const order = [...generated.stations];
  for (let index = order.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [order[index], order[other]] = [order[other]!, order[index]!];
  }
  const cumulative = (weights: number[]) => weights.reduce<number[]>((list, weight) => [...list, (list.at(-1) ?? 0) + weight], []);
  const kinds = new Map<string, RollupKind>([[CITY_UNIT.id, 'city']]);
  for (const unit of units) if (unit.kind !== 'micro_grid') kinds.set(unit.id, unit.kind as RollupKind);
  return {
    city: {
      grids,
      stations: order.map((station) => ({ id: station.id, location: station.location })),
      stationWeights: cumulative(order.map((_, rank) => 1 / (rank + 1) ** ZIPF_S)),
      gridWeights: cumulative(grids.map((grid) => grid.weight)),
      adminUserId: (await staffUserOfPhone(cityAdmin.phone))!,
      kinds,
      units,
    },
    seconds: (performance.now() - started) / 1000,
    counts: `${units.length.toLocaleString('en')} units (${grids.length.toLocaleString('en')} grids), ${report.counts.staff.created.toLocaleString('en')} staff, ${report.counts.stations.created.toLocaleString('en')} stations`,
  };
}

const pickCumulative = (cumulative: readonly number[], next: () => number) => {
  const target = next() * cumulative.at(-1)!;
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (cumulative[middle]! < target) low = middle + 1;
    else high = middle;
  }
  return low;
};

function pointInGrid(unit: CityUnit, next: () => number) {
  const ring = unit.boundary!.coordinates[0]!;
  const lngs = ring.map(([lng]) => lng!);
  const lats = ring.map(([, lat]) => lat!);
  const [west, east, south, north] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)];
  return { lat: round(south + (0.1 + 0.8 * next()) * (north - south), 6), lng: round(west + (0.1 + 0.8 * next()) * (east - west), 6) };
}

/** A request body of a category: its required fields filled as a resident would. */
function requestBody(categoryId: string, location: { lat: number; lng: number }) {
  const category = defaultCategories.find((candidate) => candidate.id === categoryId)!;
  const attributes: Record<string, unknown> = {};
  for (const field of category.attributes ?? []) {
    if (!field.required) continue;
    attributes[field.code] =
      field.datatype === 'singlevaluelist' ? field.options![0]!.key : field.datatype === 'multivaluelist' ? [field.options![0]!.key] : field.datatype === 'number' ? 2 : field.datatype === 'boolean' ? false : field.datatype === 'datetime' ? new Date().toISOString() : '街角小吃店';
  }
  return { categoryId, description: `${category.name}：楼下的问题已经好几天了，请尽快处理`, location, attributes };
}

// ————— HTTP —————

const queryOf = (params: Record<string, string | number | boolean>) => new URLSearchParams(Object.entries(params).map(([name, value]): [string, string] => [name, String(value)])).toString();

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

interface Answer {
  status: number;
  body: any;
}

function call(base: string, method: string, path: string, options: { token?: string; body?: unknown; key?: string } = {}): Promise<Answer> {
  const url = new URL(path, base);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method,
        agent,
        headers: {
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.key ? { 'idempotency-key': options.key } : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON: kept as text
          }
          resolve({ status: response.statusCode ?? 0, body });
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

// ————— the load —————

interface Load {
  sessions: Map<string, number>;
  outcomes: Map<string, number>;
  inFlight: number;
  maxInFlight: number;
  lateMs: number[];
  errors: string[];
}

/** A min-heap of things to do at a simulated time. */
class Agenda {
  private readonly heap: { at: number; run: () => Promise<void> }[] = [];
  push(at: number, run: () => Promise<void>): void {
    const heap = this.heap;
    heap.push({ at, run });
    for (let index = heap.length - 1; index > 0; ) {
      const parent = (index - 1) >> 1;
      if (heap[parent]!.at <= heap[index]!.at) break;
      [heap[parent], heap[index]] = [heap[index]!, heap[parent]!];
      index = parent;
    }
  }
  due(now: number): { at: number; run: () => Promise<void> }[] {
    const out = [];
    const heap = this.heap;
    while (heap.length > 0 && heap[0]!.at <= now) {
      out.push(heap[0]!);
      const last = heap.pop()!;
      if (heap.length === 0) break;
      heap[0] = last;
      for (let index = 0; ; ) {
        const [left, right] = [2 * index + 1, 2 * index + 2];
        let smallest = index;
        if (left < heap.length && heap[left]!.at < heap[smallest]!.at) smallest = left;
        if (right < heap.length && heap[right]!.at < heap[smallest]!.at) smallest = right;
        if (smallest === index) break;
        [heap[smallest], heap[index]] = [heap[index]!, heap[smallest]!];
        index = smallest;
      }
    }
    return out;
  }
}

interface OpenRequest {
  id: string;
  assigneeId: string;
  residentCode: string;
}

const MINUTE = 60_000;

async function runLoad(
  runtime: Runtime,
  engine: { flush(): Promise<void> },
  city: City,
  meter: Meter,
  day: string,
  residents: number,
  backlog: Record<'submitted' | 'accepted' | 'resolved', OpenRequest[]>,
  noon: readonly NoonReservation[],
): Promise<Load> {
  const base = runtime.url;
  const next = mulberry32(12);
  const load: Load = { sessions: new Map(), outcomes: new Map(), inFlight: 0, maxInFlight: 0, lateMs: [], errors: [] };
  const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  const agenda = new Agenda();
  const pools = { submitted: [...backlog.submitted], accepted: [...backlog.accepted], resolved: [...backlog.resolved] };
  const tokens = new Map<string, { token: string; until: number }>();
  let resident = 0;
  const nextResident = () => `peak-${(resident++ % residents).toString().padStart(6, '0')}`;

  /** A session's sign-in: WeChat's code for a resident, `dev:<id>` for staff; tokens kept 110 minutes. */
  const signIn = async (code: string, keep: boolean): Promise<string> => {
    const kept = keep ? tokens.get(code) : undefined;
    if (kept && kept.until > Date.now()) return kept.token;
    const answer = await call(base, 'POST', '/auth/wechat', { body: { code } });
    if (answer.status !== 200) throw new Error(`sign-in ${code}: ${answer.status} ${JSON.stringify(answer.body)}`);
    if (keep) tokens.set(code, { token: answer.body.token, until: Date.now() + 110 * MINUTE });
    return answer.body.token as string;
  };
  const uniform = (from: number, to: number) => from + (to - from) * next();
  const stationNear = (index: number) => {
    const { location } = city.stations[index]!;
    const metres = 600 * Math.sqrt(next());
    const angle = 2 * Math.PI * next();
    return { lat: round(location.lat + (metres * Math.cos(angle)) / 111_320, 6), lng: round(location.lng + (metres * Math.sin(angle)) / (111_320 * Math.cos((location.lat * Math.PI) / 180)), 6) };
  };

  const submit = async () => {
    const code = nextResident();
    const token = await signIn(code, false);
    await call(base, 'GET', '/categories', { token });
    const grid = city.grids[pickCumulative(city.gridWeights, next)]!;
    const category = defaultCategories[Math.floor(next() * defaultCategories.length)]!;
    const answer = await call(base, 'POST', '/requests', { token, key: `peak-${crypto.randomUUID()}`, body: requestBody(category.id, pointInGrid(grid.unit, next)) });
    count(load.outcomes, `submit ${answer.status}`);
    if (answer.status === 201 && answer.body.assigneeId) pools.submitted.push({ id: answer.body.id, assigneeId: answer.body.assigneeId, residentCode: code });
  };
  const move = (from: keyof typeof pools, action: string, to?: keyof typeof pools) => async () => {
    const request = pools[from].shift();
    if (!request) return void count(load.outcomes, `${action}: none waiting`);
    const staff = action !== 'confirm';
    const token = await signIn(staff ? `dev:${request.assigneeId}` : request.residentCode, staff);
    if (action === 'accept') await call(base, 'GET', '/me/queue?status=submitted', { token });
    const body = action === 'resolve' ? { note: '已处理完毕' } : action === 'confirm' ? { rating: next() < 0.9 ? 5 : 3 } : {};
    const answer = await call(base, 'POST', `/requests/${request.id}/${action}`, { token, body });
    count(load.outcomes, `${action} ${answer.status}`);
    if (answer.status === 200 && to) pools[to].push(request);
  };

  const reserve = async () => {
    const code = nextResident();
    const token = await signIn(code, false);
    const wanted = pickCumulative(city.stationWeights, next);
    const search = await call(base, 'GET', `/stations?${queryOf({ ...stationNear(wanted), radius: 2000, limit: 10 })}`, { token });
    const found: string[] = search.status === 200 ? search.body.items.map((item: { id: string }) => item.id) : [];
    const candidates = [city.stations[wanted]!.id, ...found.filter((id) => id !== city.stations[wanted]!.id)].slice(0, 3);
    const noonEnd = instantAt(day, 14 * 60).getTime();
    for (const stationId of candidates) {
      const slots = await call(base, 'GET', `/stations/${stationId}/slots`, { token });
      if (slots.status !== 200) continue;
      const open = (slots.body.items as { start: string; free: number; waitlisted: number; bookable: boolean }[])
        .filter((slot) => slot.bookable && Date.parse(slot.start) <= noonEnd)
        .slice(0, 2);
      if (open.length === 0) continue;
      const withSeat = open.find((slot) => slot.free > 0);
      const waitlist = !withSeat && open[0]!.waitlisted < 50 && next() < 0.5;
      if (!withSeat && !waitlist) continue;
      const slot = withSeat ?? open[0]!;
      const seats = withSeat && next() < 0.1 ? Math.min(withSeat.free, 2 + Math.floor(next() * 3)) : 1;
      const answer = await call(base, 'POST', `/stations/${stationId}/reservations`, { token, key: `peak-${crypto.randomUUID()}`, body: { start: slot.start, seats, waitlist } });
      count(load.outcomes, `reserve ${answer.status}${answer.status === 201 ? ` ${answer.body.status}` : ''}`);
      if (answer.status !== 201) continue;
      const start = Date.parse(slot.start);
      if (next() < CANCEL) {
        agenda.push(uniform(Date.now(), start - MINUTE), async () => {
          const cancelled = await call(base, 'DELETE', `/reservations/${answer.body.id}`, { token: await signIn(code, true) });
          count(load.outcomes, `cancel ${cancelled.status}`);
        });
      } else if (answer.body.status === 'confirmed' && next() < SHOW_UP) {
        tokens.set(code, { token, until: Date.now() + 110 * MINUTE });
        agenda.push(start + uniform(0, 12) * MINUTE, async () => {
          const visit = await call(base, 'POST', `/stations/${stationId}/check-ins`, { token: await signIn(code, true) });
          count(load.outcomes, `check-in (reserved) ${visit.status}`);
          if (visit.status === 201) {
            agenda.push(start + uniform(35, 58) * MINUTE, async () => {
              const out = await call(base, 'POST', `/stations/${stationId}/check-outs`, { token: await signIn(code, true) });
              count(load.outcomes, `check-out ${out.status}`);
            });
          }
        });
      }
      return;
    }
    count(load.outcomes, 'reserve: gave up (full)');
  };

  const walkIn = async () => {
    const code = nextResident();
    const token = await signIn(code, false);
    const wanted = pickCumulative(city.stationWeights, next);
    const search = await call(base, 'GET', `/stations?${queryOf({ ...stationNear(wanted), radius: 2000, openNow: true, minFreeSeats: 1, limit: 10 })}`, { token });
    const found: string[] = search.status === 200 ? search.body.items.map((item: { id: string }) => item.id) : [];
    for (const stationId of [city.stations[wanted]!.id, ...found].slice(0, 3)) {
      const visit = await call(base, 'POST', `/stations/${stationId}/check-ins`, { token });
      count(load.outcomes, `check-in (walk-in) ${visit.status}`);
      if (visit.status !== 201) continue;
      tokens.set(code, { token, until: Date.now() + 110 * MINUTE });
      agenda.push(Date.now() + uniform(20, 60) * MINUTE, async () => {
        const out = await call(base, 'POST', `/stations/${stationId}/check-outs`, { token: await signIn(code, true) });
        count(load.outcomes, `check-out ${out.status}`);
      });
      return;
    }
  };

  const streams: { name: string; perHour: number; run: () => Promise<void>; nextAt: number }[] = [
    { name: 'request', perHour: PER_HOUR.requests, run: submit, nextAt: 0 },
    { name: 'accept', perHour: PER_HOUR.accepts, run: move('submitted', 'accept', 'accepted'), nextAt: 0 },
    { name: 'resolve', perHour: PER_HOUR.resolves, run: move('accepted', 'resolve', 'resolved'), nextAt: 0 },
    { name: 'confirm', perHour: PER_HOUR.confirms, run: move('resolved', 'confirm'), nextAt: 0 },
    { name: 'reservation', perHour: PER_HOUR.reservations, run: reserve, nextAt: 0 },
    { name: 'walk-in', perHour: PER_HOUR.walkIns, run: walkIn, nextAt: 0 },
  ];
  const loadStart = instantAt(day, LOAD_STARTS_AT).getTime();
  const windowStart = loadStart + WARM_UP_MINUTES * MINUTE;
  const windowEnd = windowStart + WINDOW_MINUTES * MINUTE;
  const exponential = (perHour: number) => (-Math.log(1 - next()) * 3_600_000) / perHour;
  for (const stream of streams) stream.nextAt = loadStart + exponential(stream.perHour);

  const launch = (what: string, at: number, run: () => Promise<void>) => {
    load.inFlight += 1;
    load.maxInFlight = Math.max(load.maxInFlight, load.inFlight);
    if (meter.phase) load.lateMs.push((Date.now() - at) / FACTOR);
    count(load.sessions, what);
    run()
      .catch((error: unknown) => {
        if (load.errors.length < 20) load.errors.push(`${what}: ${(error as Error).message}`);
      })
      .finally(() => {
        load.inFlight -= 1;
      });
  };

  setClock(loadStart, FACTOR);
  // The holders of the 12:00 seats come in the first 12 minutes of their slot (or never: no-shows).
  const noonStart = instantAt(day, 12 * 60).getTime();
  for (const { code, stationId, status } of noon) {
    if (status !== 'confirmed' || next() >= SHOW_UP) continue;
    agenda.push(noonStart + uniform(0, 12) * MINUTE, async () => {
      const token = await signIn(code, true);
      const visit = await call(base, 'POST', `/stations/${stationId}/check-ins`, { token });
      count(load.outcomes, `check-in (reserved) ${visit.status}`);
      if (visit.status === 201) {
        agenda.push(noonStart + uniform(35, 58) * MINUTE, async () => {
          const out = await call(base, 'POST', `/stations/${stationId}/check-outs`, { token: await signIn(code, true) });
          count(load.outcomes, `check-out ${out.status}`);
        });
      }
    });
  }
  let lastMinute = Math.floor(loadStart / MINUTE);
  const scheduleRuns: Promise<unknown>[] = [];
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const now = Date.now();
      if (!meter.phase && now >= windowStart && now < windowEnd) meter.start('peak');
      if (now >= windowEnd) {
        clearInterval(tick);
        resolve();
        return;
      }
      for (const stream of streams) {
        while (stream.nextAt <= now) {
          launch(stream.name, stream.nextAt, stream.run);
          stream.nextAt += exponential(stream.perHour);
        }
      }
      for (const task of agenda.due(now)) launch('follow-up', task.at, task.run);
      // The schedules, every (simulated) minute as EventBridge Scheduler would run them.
      const minute = Math.floor(now / MINUTE);
      for (; lastMinute < minute; lastMinute += 1) {
        const at = new Date((lastMinute + 1) * MINUTE);
        for (const schedule of schedules) {
          if ((localMinuteOf(at) % schedule.everyMinutes) !== 0) continue;
          scheduleRuns.push(runtime.runSchedule(schedule.name, at).catch((error: unknown) => load.errors.push(`${schedule.name}: ${(error as Error).message}`)));
        }
      }
    }, 20);
  });
  await meter.stop(engine);
  // What was under way finishes (unrecorded), so the runtime closes cleanly.
  const drainUntil = performance.now() + 60_000;
  while (load.inFlight > 0 && performance.now() < drainUntil) await new Promise((resolve) => setTimeout(resolve, 50));
  await Promise.allSettled(scheduleRuns);
  await runtime.bus.idle();
  // Then each kind of session a few times, one at a time, and each schedule: handler durations on a quiet machine.
  setClock(Date.now(), 1);
  meter.start('quiet');
  const kinds: [string, () => Promise<void>][] = [
    ['request', submit],
    ['accept', move('submitted', 'accept', 'accepted')],
    ['resolve', move('accepted', 'resolve', 'resolved')],
    ['confirm', move('resolved', 'confirm')],
    ['reservation', reserve],
    ['walk-in', walkIn],
  ];
  for (const [what, run] of kinds) {
    for (let index = 0; index < QUIET_SESSIONS; index += 1) {
      await run().catch((error: unknown) => load.errors.push(`quiet ${what}: ${(error as Error).message}`));
      await runtime.bus.idle();
    }
  }
  for (const schedule of schedules) for (let index = 0; index < 3; index += 1) await runtime.runSchedule(schedule.name).catch(() => undefined);
  await runtime.bus.idle();
  await meter.stop(engine);
  return load;
}

// ————— set-up —————

/** Residents as their first WeChat sign-in registers them: `peak-000000`… (and `noon-…` for the 12:00 slots), by their WeChat code. */
async function registerResidents(codes: readonly string[]): Promise<Map<string, string>> {
  const users = await mapLimit(codes, 32, (code) => registerWeChatUser(`local-${code}`, new Date()));
  return new Map(codes.map((code, index) => [code, users[index]!.id]));
}

/** A reservation of a 12:00 slot made before the load, whose holder comes (or not) at noon. */
interface NoonReservation {
  code: string;
  stationId: string;
  status: string;
}

/**
 * The 12:00 slots as the half hour before their booking closes (11:00–11:30) leaves them: that many
 * attempts at the peak's rate, each at a station drawn as the load draws them, else at one of the
 * two nearest it, straight through the use case (`reserve`, the same writes and events as
 * `POST …/reservations`, unrecorded). Half of those who find a slot full join its waitlist.
 */
async function fillNoonSlots(city: City, day: string, holders: ReadonlyMap<string, string>): Promise<{ held: NoonReservation[]; outcomes: Map<string, number> }> {
  const next = mulberry32(1200);
  const noon = instantAt(day, 12 * 60);
  const outcomes = new Map<string, number>();
  const count = (what: string) => outcomes.set(what, (outcomes.get(what) ?? 0) + 1);
  const stations = new Map<string, Promise<Station | undefined>>();
  const stationOf = (id: string) => {
    let found = stations.get(id);
    if (!found) stations.set(id, (found = getStationState(id).then((state) => state?.station)));
    return found;
  };
  const nearestTo = (index: number) => {
    const from = city.stations[index]!.location;
    return city.stations
      .map((station, other) => ({ id: station.id, metres: other === index ? Infinity : distanceMetres(from, station.location) }))
      .sort((a, b) => a.metres - b.metres)
      .slice(0, 2)
      .map((station) => station.id);
  };
  const attempts = [...holders].map(([code, userId]) => ({ code, userId, wanted: pickCumulative(city.stationWeights, next), waitlist: next() < 0.5 }));
  const held: NoonReservation[] = [];
  await mapLimit(attempts, 16, async ({ code, userId, wanted, waitlist }) => {
    for (const stationId of [city.stations[wanted]!.id, ...nearestTo(wanted)]) {
      const station = await stationOf(stationId);
      if (!station) continue;
      try {
        const reservation = await reserve({ station, userId, reservationId: newId(), start: noon, seats: 1, waitlist, now: new Date() });
        held.push({ code, stationId, status: reservation.status });
        count(`noon ${reservation.status}`);
        return;
      } catch (error) {
        if (!(error instanceof ProblemError)) throw error;
      }
    }
    count('noon: gave up');
  });
  return { held, outcomes };
}

/** Requests in each open status, written straight through the repository before the run (no events). */
async function writeBacklog(city: City, residents: ReadonlyMap<string, string>, loadStart: number): Promise<Record<'submitted' | 'accepted' | 'resolved', OpenRequest[]>> {
  const next = mulberry32(99);
  const seeder: Identity = { userId: 'seed', role: 'admin', units: ['city'] };
  const categories: Category[] = defaultCategories.map(({ id, ...input }) => planCategory(seeder, id, input, new Date('2026-01-01T00:00:00.000Z')));
  const backlog = { submitted: [] as OpenRequest[], accepted: [] as OpenRequest[], resolved: [] as OpenRequest[] };
  const statuses = Object.keys(backlog) as (keyof typeof backlog)[];
  const jobs = Array.from({ length: BACKLOG * statuses.length }, (_, index) => ({ index, status: statuses[index % statuses.length]! }));
  await mapLimit(jobs, 16, async ({ index, status }) => {
    const grid = city.grids[pickCumulative(city.gridWeights, next)]!;
    const [assigneeId] = await listGridWorkers(grid.unit.id, 1);
    if (!assigneeId) return;
    const category = categories[index % categories.length]!;
    const residentCode = `peak-${(residents.size - 1 - index).toString().padStart(6, '0')}`;
    const identity: Identity = { userId: residents.get(residentCode)!, role: 'resident', units: [] };
    // Submitted in the last 40 minutes (before any accept deadline, the shortest being an hour), so the backlog does not all fall overdue at once.
    const now = new Date(loadStart - (5 + (35 * index) / jobs.length) * 60_000);
    let request = planSubmission({
      id: `backlog-${index.toString().padStart(5, '0')}`,
      identity,
      input: { categoryId: category.id, description: '楼道灯不亮，请处理', location: pointInGrid(grid.unit, next), photos: [], attributes: {} },
      category: { ...category, attributes: [] },
      grid: { id: grid.unit.id, ancestors: grid.ancestors },
      routedBy: 'location',
      assigneeId,
      now,
    });
    const worker: Identity = { userId: assigneeId, role: 'grid_worker', units: [grid.unit.id] };
    if (status !== 'submitted') request = planTransition(request, { action: 'accept' }, worker, new Date(now.getTime() + 60_000)).request;
    if (status === 'resolved') request = planTransition(request, { action: 'resolve', note: '已处理' }, worker, new Date(now.getTime() + 120_000)).request;
    await createRequest(request, []);
    backlog[status].push({ id: request.id, assigneeId, residentCode });
  });
  return backlog;
}

/** A tally as a busy unit's month ends: every sum, status and resolve-time bucket non-zero, `total` digits long. */
function fullTally(total: number): Tally {
  const tally = emptyTally();
  const share = (fraction: number) => Math.max(1, Math.round(total * fraction));
  Object.assign(tally, {
    total,
    acceptedOnTime: share(0.93), acceptDecided: share(0.97), resolvedOnTime: share(0.9), resolveDecided: share(0.95),
    everResolved: share(0.95), reopened: share(0.03), rated: share(0.8), satisfied: share(0.77), ratingSum: share(3.9),
  });
  for (const status of requestStatuses) tally.byStatus[status] = share(1 / requestStatuses.length);
  tally.hoursToResolve = Array.from({ length: RESOLVE_HOURS_BUCKETS }, () => share(1 / RESOLVE_HOURS_BUCKETS));
  return tally;
}

/**
 * The month-end size of each kind of rollup item, measured: the largest unit of each kind in the
 * generated city, written full (every child with all ten categories at month-end numbers; a grid
 * with three times the city's mean requests a month) through the repository into a scratch table.
 */
async function rollupSizes(city: City): Promise<Map<RollupKind, { bytes: number; children: number }>> {
  const home = process.env.TABLE_NAME!;
  const scratch = `${home}-rollup-sizes`;
  await ensureTable(config().dynamodbEndpoint!, scratch);
  process.env.TABLE_NAME = scratch;
  const month = '2026-12';
  const perMonth = MONTH_PEAK_HOURS * PER_HOUR.requests;
  const sizes = new Map<RollupKind, { bytes: number; children: number }>();
  const childrenOf = new Map<string, CityUnit[]>();
  for (const unit of city.units) if (unit.parentId) childrenOf.set(unit.parentId, [...(childrenOf.get(unit.parentId) ?? []), unit]);
  const read = async (unitId: string) => {
    const key = requestKeys.requestRollup(unitId, month);
    const output = await dynamoClient().send(new GetItemCommand({ TableName: scratch, Key: { pk: { S: key.pk }, sk: { S: key.sk } } }));
    return sizeOf(output.Item as RawItem | undefined);
  };
  try {
    const largest = (kind: string) =>
      city.units.filter((unit) => unit.kind === kind).reduce((best, unit) => ((childrenOf.get(unit.id)?.length ?? 0) > (childrenOf.get(best.id)?.length ?? 0) ? unit : best));
    // No city item: the city's figures are read from its districts' items (shared/requests/repository/rollups.ts).
    const parents: { kind: RollupKind; id: string; name: string; children: { id: string; name: string }[] }[] = [
      ...(['district', 'subdistrict', 'community'] as const).map((kind) => {
        const unit = largest(kind);
        return { kind, id: unit.id, name: unit.name, children: childrenOf.get(unit.id) ?? [] };
      }),
    ];
    const unitsOfKind = (kind: RollupKind) => city.units.filter((unit) => unit.kind === kind).length;
    for (const parent of parents) {
      // A child's month: the city's month shared among the units of the child's kind.
      const childKind = parent.kind === 'district' ? 'subdistrict' : parent.kind === 'subdistrict' ? 'community' : 'grid';
      const perCategory = Math.max(1, Math.round(perMonth / unitsOfKind(childKind as RollupKind) / defaultCategories.length));
      let exists = false;
      for (const child of parent.children) {
        const tallies = new Map(defaultCategories.map((category) => [category.id, fullTally(perCategory)]));
        await writeSnapshot({ id: parent.id, kind: parent.kind, name: parent.name, parentId: null }, month, child.id, { version: 1000, name: child.name, tallies }, exists);
        exists = true;
      }
      sizes.set(parent.kind, { bytes: await read(parent.id), children: parent.children.length });
    }
    const grid = city.grids[0]!;
    const chain = [
      { id: grid.unit.id, kind: 'grid', name: grid.unit.name, parentId: grid.ancestors[2]! },
      { id: grid.ancestors[2]!, kind: 'community', name: 'c', parentId: grid.ancestors[1]! },
      { id: grid.ancestors[1]!, kind: 'subdistrict', name: 's', parentId: grid.ancestors[0]! },
      { id: grid.ancestors[0]!, kind: 'district', name: 'd', parentId: CITY_UNIT.id },
    ] as unknown as UnitChain;
    const contributions = Math.round((3 * perMonth) / city.grids.length);
    let stored = false;
    for (let index = 0; index < contributions; index += 1) {
      const requestId = `01J${index.toString().padStart(10, '0')}ABCDEFGHIJK`;
      const contribution = { categoryId: defaultCategories[index % defaultCategories.length]!.id, status: 'closed' as const, acceptedOnTime: true, resolvedOnTime: true, reopened: false, rating: 5, hoursBucket: 3 };
      await writeContribution(chain, month, requestId, { exists: stored }, { version: 6, contribution }, true);
      stored = true;
    }
    sizes.set('grid', { bytes: await read(grid.unit.id), children: contributions });
  } finally {
    process.env.TABLE_NAME = home;
  }
  return sizes;
}

/** Bytes the items created in the window hold at its end, with their index copies (DynamoDB adds 100 bytes an item and an index entry). */
async function storageAdded(meter: Meter, tableName: string): Promise<{ bytes: number; expiring: number; items: number }> {
  const keys = [...meter.created.values()];
  let bytes = 0;
  let expiring = 0;
  await mapLimit(keys, 32, async (key) => {
    const output = await dynamoClient().send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: key.pk }, sk: { S: key.sk } } }));
    const item = output.Item as RawItem | undefined;
    if (!item) return;
    const copies = 1 + indexes.filter(([, index]) => item[index.partitionKey] && item[index.sortKey]).length;
    const total = copies * (sizeOf(item) + 100);
    const expiresAt = Number(item[tableDesign.timeToLiveAttribute]?.N ?? Number.NaN);
    // An item that expires is held until then (at most the month it is counted in).
    if (Number.isFinite(expiresAt)) expiring += total * Math.min(1, Math.max(0, expiresAt * 1000 - Date.now()) / (30 * 24 * 3_600_000));
    else bytes += total;
  });
  return { bytes, expiring, items: keys.length };
}

// ————— the announcement —————

async function announce(runtime: Runtime, engine: { flush(): Promise<void> }, meter: Meter, adminUserId: string): Promise<{ seconds: number; people: number }> {
  const signedIn = await call(runtime.url, 'POST', '/auth/wechat', { body: { code: `dev:${adminUserId}` } });
  const token = signedIn.body.token as string;
  setClock(Date.now(), 1);
  meter.start('announcement');
  const started = performance.now();
  const answer = await call(runtime.url, 'POST', '/announcements', { token, body: { title: '高温天气提醒', body: '各位网格员：明日高温，请提醒辖区户外劳动者就近到宁小蜂驿站休息。', scope: 'city', audience: 'grid_workers' } });
  if (answer.status !== 202) throw new Error(`announcement: ${answer.status} ${JSON.stringify(answer.body)}`);
  let status = answer.body;
  for (let wait = 0; status.status !== 'sent' && wait < 1200; wait += 1) {
    await runtime.bus.idle();
    status = (await call(runtime.url, 'GET', `/announcements/${answer.body.id}`, { token })).body;
    if (status.status !== 'sent') await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await runtime.bus.idle();
  await meter.stop(engine);
  return { seconds: (performance.now() - started) / 1000, people: Number(status.progress?.recipientsWritten ?? 0) };
}

// ————— the report —————

interface HotKey {
  key: string;
  kind: 'table' | string;
  writes: number;
  reads: number;
  /** Peak per real second: the busiest wall second ÷ FACTOR. */
  peakWcu: number;
  peakRcu: number;
  meanWcu: number;
  meanRcu: number;
  peakWrites: number;
  peakReads: number;
  monthEnd?: boolean;
}

function hotKeys(meter: Meter, rollupUnits: Map<RollupKind, { wcu: number; strong: number; eventual: number }>): HotKey[] {
  const seconds = Math.max(1, meter.secondsOf('peak'));
  const list: HotKey[] = [];
  for (const [key, stats] of meter.keys) {
    const [type, ...rest] = key.split('|');
    const kind = type === 'T' ? 'table' : rest[0]!;
    const partition = type === 'T' ? rest.join('|') : rest.slice(1).join('|');
    const rollup = type === 'T' ? meter.rollupKindOf(partition) : undefined;
    const units = rollup ? rollupUnits.get(rollup) : undefined;
    let peakWcu = 0, peakRcu = 0, peakWrites = 0, peakReads = 0, sumWcu = 0, sumRcu = 0;
    for (const second of stats.seconds.values()) {
      const wcu = units ? second[W] * units.wcu : second[WCU];
      const rcu = units ? second[SR] * units.strong + second[ER] * units.eventual : second[RCU];
      peakWcu = Math.max(peakWcu, wcu);
      peakRcu = Math.max(peakRcu, rcu);
      peakWrites = Math.max(peakWrites, second[W]);
      peakReads = Math.max(peakReads, second[SR] + second[ER]);
      sumWcu += wcu;
      sumRcu += rcu;
    }
    list.push({
      key: partition, kind, writes: stats.writes, reads: stats.reads,
      peakWcu: peakWcu / FACTOR, peakRcu: peakRcu / FACTOR, peakWrites: peakWrites / FACTOR, peakReads: peakReads / FACTOR,
      meanWcu: sumWcu / seconds / FACTOR, meanRcu: sumRcu / seconds / FACTOR, ...(units ? { monthEnd: true } : {}),
    });
  }
  return list;
}

const describeKey = (hot: HotKey) =>
  `${hot.kind === 'table' ? '' : `${hot.kind}: `}${hot.key} — peak ${fmt(hot.peakWcu)} WCU/s (${fmt(hot.peakWrites)} writes/s), ${fmt(hot.peakRcu)} RCU/s (${fmt(hot.peakReads)} reads/s); mean ${fmt(hot.meanWcu)} WCU/s, ${fmt(hot.meanRcu)} RCU/s${hot.monthEnd ? '; at month-end item size' : ''}; ${hot.writes} writes, ${hot.reads} reads in the window`;

/** A partition's name with its variable part named, for grouping (`STATION#<id>`, `ROLLUP#<district>`…). */
function familyOf(hot: HotKey, meter: Meter): string {
  const rollup = hot.kind === 'table' ? meter.rollupKindOf(hot.key) : undefined;
  if (rollup) return rollup === 'city' ? 'ROLLUP#city' : `ROLLUP#<${rollup}>`;
  return hot.key
    .replace(/^(OUTBOX|DUE#[A-Z_]+|STAFF_PHONES)#\d+$/, '$1#<shard>')
    .replace(/^(STATION#CELL|STATIONCELL|GRIDCELL)#\w+$/, '$1#<cell>')
    .replace(/^([A-Z_]+)#[^#]+(#.*)?$/, (_, prefix: string, tail: string | undefined) => `${prefix}#<id>${tail ? tail.replace(/#[^#]+$/, '#…') : ''}`);
}

export const bench: Bench = async () => {
  const rows: BenchRow[] = [];
  const previousLevel = process.env.POWERTOOLS_LOG_LEVEL;
  // As deployed: the functions log at Powertools' default level.
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
  installClock();
  const day = loadDay();
  setClock(instantAt(day, 9 * 60).getTime(), 1);
  const runtime = await startRuntime({ port: 0, timers: false, seed: false, wechatStandIn: true });
  const meter = new Meter(() => config().tableName);
  const instruments = await instrument(runtime, meter).catch(async (error: unknown) => {
    await runtime.close();
    restoreClock();
    throw error;
  });
  try {
    console.error(`  peak: importing the generated Nanjing…`);
    const { city, seconds: importSeconds, counts } = await importNanjing();
    for (const [id, kind] of city.kinds) meter.rollupKinds.set(id, kind);
    const sessions = ((WARM_UP_MINUTES + WINDOW_MINUTES) / 60) * (PER_HOUR.requests + PER_HOUR.reservations + PER_HOUR.walkIns) + 6 * QUIET_SESSIONS;
    const pool = Math.ceil(sessions * 1.1) + BACKLOG * 3;
    const registerStarted = performance.now();
    const residents = await registerResidents(Array.from({ length: pool }, (_, index) => `peak-${index.toString().padStart(6, '0')}`));
    const holders = await registerResidents(Array.from({ length: NOON_ATTEMPTS }, (_, index) => `noon-${index.toString().padStart(6, '0')}`));
    const backlog = await writeBacklog(city, residents, instantAt(day, LOAD_STARTS_AT).getTime());
    const registerSeconds = (performance.now() - registerStarted) / 1000;
    setClock(instantAt(day, 11 * 60).getTime(), 1);
    const noonStarted = performance.now();
    const noon = await fillNoonSlots(city, day, holders);
    await runtime.bus.idle();
    const noonSeconds = (performance.now() - noonStarted) / 1000;
    rows.push({
      name: 'peak set-up: the generated Nanjing imported',
      value: round(importSeconds, 1),
      unit: 's',
      note: `${counts}; then ${(pool + NOON_ATTEMPTS).toLocaleString('en')} residents registered and ${BACKLOG * 3} open requests written in ${round(registerSeconds, 1)} s; the 12:00 slots filled by ${NOON_ATTEMPTS.toLocaleString('en')} attempts in ${round(noonSeconds, 1)} s (${[...noon.outcomes].map(([what, n]) => `${what}: ${n}`).join(', ')})`,
    });
    console.error(`  peak: load at ${FACTOR}× real time, ${WARM_UP_MINUTES} + ${WINDOW_MINUTES} simulated minutes from ${clockOf(LOAD_STARTS_AT)} on ${day}…`);
    const wallStarted = performance.now();
    const load = await runLoad(runtime, instruments.engine, city, meter, day, pool, backlog, noon.held);
    const wallSeconds = (performance.now() - wallStarted) / 1000;
    if (load.errors.length > 0) console.error(`  peak: ${load.errors.length} sessions failed, e.g. ${load.errors.slice(0, 5).join(' | ')}`);
    const denied = instruments.guard.denials;
    if (denied.length > 0) throw new Error(`table access refused during the peak: ${denied.slice(0, 3).join('; ')}`);

    const peakSeconds = meter.secondsOf('peak');
    const scale = 60 / WINDOW_MINUTES;
    // Storage the window's new items hold, and the month-end rollups.
    const added = await storageAdded(meter, config().tableName);
    const sizes = await rollupSizes(city);
    console.error('  peak: the announcement to every grid worker…');
    const announcement = await announce(runtime, instruments.engine, meter, city.adminUserId);

    // ——— hot keys ———
    const rollupEnd = new Map([...sizes].map(([kind, { bytes }]) => [kind, { wcu: writeUnits(bytes), strong: readUnits(bytes, true), eventual: readUnits(bytes, false) }]));
    const keys = hotKeys(meter, rollupEnd);
    rows.push({
      name: 'peak: compression',
      value: FACTOR,
      unit: '×',
      note: `${WINDOW_MINUTES} simulated minutes (${clockOf(WINDOW_STARTS_AT)}–${clockOf(WINDOW_STARTS_AT + WINDOW_MINUTES)} on ${day}) recorded in ${round(peakSeconds)} wall s, after ${WARM_UP_MINUTES} unrecorded; whole run ${round(wallSeconds)} s; per-second figures below are the busiest wall second ÷ ${FACTOR} (an average over ${FACTOR} real seconds); sessions started late by ${round(percentile(load.lateMs, 0.5) / 1000, 2)} s median, ${round(percentile(load.lateMs, 0.99) / 1000, 2)} s p99 (real time), at most ${load.maxInFlight} under way; ${load.errors.length} sessions failed${load.errors.length ? ` (${load.errors.slice(0, 3).join(' | ')})` : ''}; ${meter.faults.length} calls the meter could not read${meter.faults.length ? ` (${meter.faults.slice(0, 3).join(' | ')})` : ''}`,
    });
    const outcomes = [...load.outcomes].sort(([a], [b]) => a.localeCompare(b)).map(([what, n]) => `${what}: ${n}`).join(', ');
    rows.push({ name: 'peak: outcomes (warm-up and window)', value: [...load.outcomes.values()].reduce((a, b) => a + b, 0), unit: 'calls', note: outcomes });
    const table = keys.filter((hot) => hot.kind === 'table');
    const top = (list: HotKey[], by: 'peakWcu' | 'peakRcu', n: number) => [...list].sort((a, b) => b[by] - a[by]).slice(0, n);
    for (const hot of top(table, 'peakWcu', 8)) rows.push({ name: `hot key (table, writes): ${hot.key}`, value: round(hot.peakWcu, 1), unit: 'WCU/s', note: `${round((100 * hot.peakWcu) / PARTITION_LIMITS.wcu, 1)} % of 1,000; ${describeKey(hot)}` });
    for (const hot of top(table, 'peakRcu', 6)) rows.push({ name: `hot key (table, reads): ${hot.key}`, value: round(hot.peakRcu, 1), unit: 'RCU/s', note: `${round((100 * hot.peakRcu) / PARTITION_LIMITS.rcu, 1)} % of 3,000; ${describeKey(hot)}` });
    for (const [name] of indexes) {
      const ofIndex = keys.filter((hot) => hot.kind === name);
      for (const hot of top(ofIndex, 'peakWcu', 3)) if (hot.writes > 0) rows.push({ name: `hot key (${name}, writes): ${hot.key}`, value: round(hot.peakWcu, 1), unit: 'WCU/s', note: `${round((100 * hot.peakWcu) / PARTITION_LIMITS.wcu, 1)} % of 1,000; ${describeKey(hot)}` });
      for (const hot of top(ofIndex, 'peakRcu', 2)) if (hot.reads > 0) rows.push({ name: `hot key (${name}, reads): ${hot.key}`, value: round(hot.peakRcu, 1), unit: 'RCU/s', note: `${round((100 * hot.peakRcu) / PARTITION_LIMITS.rcu, 1)} % of 3,000; ${describeKey(hot)}` });
    }
    // The families of keys named in the issue, each by its busiest member.
    const families = new Map<string, HotKey>();
    for (const hot of keys) {
      const family = `${hot.kind === 'table' ? '' : `${hot.kind}: `}${familyOf(hot, meter)}`;
      const best = families.get(family);
      if (!best || Math.max(hot.peakWcu / 1000, hot.peakRcu / 3000) > Math.max(best.peakWcu / 1000, best.peakRcu / 3000)) families.set(family, hot);
    }
    const suspects = [/^ROLLUP#/, /OUTBOX#/, /DUE#/, /CATEGORIES/, /^STATION#<id>/, /STATION#CELL/, /STATIONCELL/, /GRIDCELL/];
    for (const [family, hot] of [...families].sort(([a], [b]) => a.localeCompare(b))) {
      if (!suspects.some((pattern) => pattern.test(family.replace(/^\w+: /, '')))) continue;
      rows.push({ name: `suspect: ${family}`, value: round(Math.max(hot.peakWcu / 10, hot.peakRcu / 30), 2), unit: '% limit', note: `busiest: ${describeKey(hot)}` });
    }
    const flagged = keys.filter((hot) => hot.peakWcu >= FLAG_SHARE * PARTITION_LIMITS.wcu || hot.peakRcu >= FLAG_SHARE * PARTITION_LIMITS.rcu);
    const hottest = [...keys].sort((a, b) => Math.max(b.peakWcu / 1000, b.peakRcu / 3000) - Math.max(a.peakWcu / 1000, a.peakRcu / 3000))[0]!;
    const hottestShare = Math.max(hottest.peakWcu / PARTITION_LIMITS.wcu, hottest.peakRcu / PARTITION_LIMITS.rcu);
    rows.push({
      name: 'peak: partitions above 30 % of a per-partition limit',
      value: flagged.length,
      unit: 'keys',
      note: `${flagged.map(describeKey).join('; ') || 'none'}; hottest ${hottest.kind === 'table' ? '' : `${hottest.kind} `}${hottest.key} at ${round(100 * hottestShare, 1)} % (reaches its limit at ${round(1 / hottestShare, 1)}× this peak); ${meter.keys.size.toLocaleString('en')} partitions touched; rollups at month-end size: ${[...sizes].map(([kind, { bytes, children }]) => `${kind} ${round(bytes / 1024, 1)} KB (${children} ${kind === 'grid' ? 'requests' : 'children'})`).join(', ')}`,
    });

    // ——— per operation ———
    const peakOps = [...meter.ops.entries()].filter(([key]) => key.startsWith('peak|')).map(([, op]) => op);
    const announceOps = [...meter.ops.entries()].filter(([key]) => key.startsWith('announcement|')).map(([, op]) => op);
    const midMonth = (kind: RollupKind) => writeUnits(sizes.get(kind)!.bytes / 2);
    /** An operation's WCU and RCU with its rollup items at mid-month size (the month's average). */
    const units = (op: OpStats) => {
      let wcu = op.wcuTable + op.wcuIndex - op.rollupWcu;
      for (const [kind, n] of op.rollupWrites) wcu += n * midMonth(kind);
      let rcu = op.rcu - op.rollupRcu;
      for (const [label, n] of op.rollupReads) {
        const [kind, consistency] = label.split('|') as [RollupKind, string];
        rcu += n * readUnits(sizes.get(kind)!.bytes / 2, consistency === 'strong');
      }
      return { wcu, rcu };
    };
    const scheduleOf = (op: OpStats) => schedules.find((schedule) => schedule.name === op.fn);
    /**
     * Invocations a month: the window's, for 60 peak hours (the schedules' runs too: what they do
     * follows the load); the announcements as assumed. The schedules' other runs are counted apart, idle.
     */
    const monthly = (op: OpStats, phase: Phase) => (phase === 'announcement' ? op.invocations * ANNOUNCEMENTS_A_MONTH : op.invocations * scale * MONTH_PEAK_HOURS);
    const describeCalls = (op: OpStats) => [...op.calls].sort(([a], [b]) => a.localeCompare(b)).map(([action, n]) => `${action} ${round(n / op.invocations, 2)}`).join(', ');
    const meanOf = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
    const quietOps = new Map([...meter.ops.entries()].filter(([key]) => key.startsWith('quiet|')).map(([, op]) => [op.name, op]));
    /** The handler's duration on a quiet machine (the sessions run one at a time after the peak), else under the peak's load. */
    const quietMs = (op: OpStats) => {
      const quiet = quietOps.get(op.name);
      return quiet && quiet.invocations >= 3 ? meanOf(quiet.durations) : meanOf(op.durations);
    };
    /** Lambda's duration, modelled: the quiet local duration plus an AWS round trip a call. */
    const lambdaMs = (op: OpStats) => {
      const calls = [...op.calls.values()].reduce((a, b) => a + b, 0) / op.invocations;
      return quietMs(op) + calls * AWS_CALL_MS.dynamo + (op.putEventsCalls / op.invocations) * AWS_CALL_MS.putEvents;
    };
    const opRow = (op: OpStats, phase: Phase): BenchRow => {
      const u = units(op);
      const n = op.invocations;
      const statuses = [...op.statuses].map(([status, count]) => `${status}×${count}`).join(' ');
      return {
        name: `${phase === 'peak' ? 'op' : 'op (announcement)'}: ${op.kind === 'http' ? `${op.fn} ` : ''}${op.name}`,
        value: n,
        unit: 'calls',
        note:
          `per call: ${describeCalls(op)}; ${round(op.itemWrites / n, 2)} items written (+${round(op.failedWrites / n, 2)} refused), ${round(op.wcuTable / n, 2)} WCU table + ${round(op.wcuIndex / n, 2)} WCU GSI (${round(op.indexWrites / n, 2)} entries), ${round(op.rcu / n, 2)} RCU (${round(op.itemsRead / n, 2)} items)` +
          `${op.rollupWcu > 0 || op.rollupRcu > 0 ? `, mid-month rollups: ${round(u.wcu / n, 2)} WCU, ${round(u.rcu / n, 2)} RCU` : ''}; ` +
          `${round(op.putEventsEntries / n, 2)} PutEvents entries in ${round(op.putEventsCalls / n, 2)} calls; ${round(op.logBytes / n)} log bytes; ` +
          `local duration under the peak median ${round(percentile(op.durations, 0.5), 1)} ms, p90 ${round(percentile(op.durations, 0.9), 1)} ms, quiet mean ${round(quietMs(op), 1)} ms (${quietOps.get(op.name)?.invocations ?? 0} runs), Lambda modelled ${round(lambdaMs(op), 1)} ms; ` +
          `${fmt(monthly(op, phase))} a month${statuses ? `; ${statuses}` : ''}`,
      };
    };
    const byVolume = (list: OpStats[]) => [...list].filter((op) => op.invocations > 0).sort((a, b) => b.invocations - a.invocations);
    for (const op of byVolume(peakOps)) rows.push(opRow(op, 'peak'));
    for (const op of byVolume(announceOps)) rows.push(opRow(op, 'announcement'));

    // ——— the month ———
    const all = [...byVolume(peakOps).map((op) => ({ op, phase: 'peak' as Phase })), ...byVolume(announceOps).map((op) => ({ op, phase: 'announcement' as Phase }))];
    const sum = (value: (op: OpStats, phase: Phase) => number) => all.reduce((total, { op, phase }) => total + value(op, phase), 0);
    const perInvocation = (op: OpStats, value: number) => (op.invocations > 0 ? value / op.invocations : 0);
    const monthlyOf = (get: (op: OpStats) => number) => sum((op, phase) => perInvocation(op, get(op)) * monthly(op, phase));
    const wru = monthlyOf((op) => units(op).wcu);
    const wruIndex = monthlyOf((op) => op.wcuIndex);
    const rruLoad = monthlyOf((op) => units(op).rcu);
    const invocationsLoad = sum((op, phase) => monthly(op, phase));
    const localGbSeconds = monthlyOf((op) => (quietMs(op) * op.invocations) / 1000) * (FUNCTION_MEMORY_MB / 1024);
    const modelledGbSecondsLoad = monthlyOf((op) => (lambdaMs(op) * op.invocations) / 1000) * (FUNCTION_MEMORY_MB / 1024);
    // The schedules' runs outside the 60 peak hours, idle: their Queries of empty worklists (0.5 RCU each), at their quiet duration.
    const idle = schedules.map((schedule) => {
      const quiet = [...quietOps.values()].find((op) => op.fn === schedule.name);
      const queries = quiet ? (quiet.calls.get('Query') ?? 0) / Math.max(1, quiet.invocations) : 0;
      const runs = (MINUTES_A_MONTH - 60 * MONTH_PEAK_HOURS) / schedule.everyMinutes;
      return { runs, rcu: runs * queries * 0.5, gbSeconds: (runs * ((quiet ? meanOf(quiet.durations) : 0) + queries * AWS_CALL_MS.dynamo) * FUNCTION_MEMORY_MB) / 1024 / 1000 };
    });
    const idleRuns = idle.reduce((total, one) => total + one.runs, 0);
    const idleRcu = idle.reduce((total, one) => total + one.rcu, 0);
    const idleGbSeconds = idle.reduce((total, one) => total + one.gbSeconds, 0);
    const modelledGbSeconds = modelledGbSecondsLoad + idleGbSeconds;
    const apiRequests = sum((op, phase) => (op.kind === 'http' ? monthly(op, phase) : 0));
    const events = monthlyOf((op) => op.putEventsEntries);
    const rru = rruLoad + idleRcu;
    const invocations = invocationsLoad + idleRuns;
    const logGb = (monthlyOf((op) => op.logBytes + PLATFORM_LOG_BYTES * op.invocations) + PLATFORM_LOG_BYTES * idleRuns) / 1e9;
    const signIns = sum((op, phase) => (op.name === 'POST /auth/wechat' ? monthly(op, phase) : 0));
    const dataOutGb = monthlyOf((op) => (op.kind === 'http' ? op.responseBytes + 300 * op.invocations : 0)) / 1e9;
    const inboxItems = [...meter.keys].reduce((total, [key, stats]) => total + (key.startsWith('T|INBOX#') ? stats.writes : 0), 0) * scale * MONTH_PEAK_HOURS;
    const storageGbPerMonth = (added.bytes * scale * MONTH_PEAK_HOURS) / 1e9;
    const expiringGb = (added.expiring * scale * MONTH_PEAK_HOURS) / 1e9;
    const storageGb = 12 * storageGbPerMonth + expiringGb;
    // X-Ray's default sampling: the first request each second, then 5 %; traffic taken as 16 hours a day.
    const tracedSeconds = 16 * 3600 * 30;
    const traces = Math.min(apiRequests, tracedSeconds) + 0.05 * Math.max(0, apiRequests - tracedSeconds);
    const lines: [string, number, string][] = [
      ['DynamoDB writes (on-demand)', (wru / 1e6) * PRICES.dynamoWriteRequestUnitPerMillion, `${fmt(wru / 1e6)} M write request units a month, of which ${fmt(wruIndex / 1e6)} M to the GSIs; × $${PRICES.dynamoWriteRequestUnitPerMillion}/M`],
      ['DynamoDB reads (on-demand)', (rru / 1e6) * PRICES.dynamoReadRequestUnitPerMillion, `${fmt(rru / 1e6)} M read request units (${fmt(idleRcu / 1e6)} M of them the schedules' idle runs) × $${PRICES.dynamoReadRequestUnitPerMillion}/M`],
      ['DynamoDB storage', storageGb * PRICES.dynamoStorageGbMonth, `${fmt(storageGbPerMonth)} GB added a month (items + GSI copies), held after 12 months, + ${fmt(expiringGb)} GB-month of items that expire (held until their TTL); × $${PRICES.dynamoStorageGbMonth}/GB-month`],
      ['Lambda requests', (invocations / 1e6) * PRICES.lambdaRequestsPerMillion, `${fmt(invocations / 1e6)} M invocations (${fmt(idleRuns / 1e6)} M of them the schedules' idle runs) × $${PRICES.lambdaRequestsPerMillion}/M`],
      ['Lambda duration (arm64)', modelledGbSeconds * PRICES.lambdaArmGbSecond, `${fmt(modelledGbSeconds)} GB-s at ${FUNCTION_MEMORY_MB} MB: per operation its quiet local duration + ${AWS_CALL_MS.dynamo} ms a table call + ${AWS_CALL_MS.putEvents} ms a PutEvents (local durations alone: ${fmt(localGbSeconds)} GB-s) × $${PRICES.lambdaArmGbSecond}`],
      ['API Gateway HTTP API', (apiRequests / 1e6) * PRICES.httpApiPerMillion, `${fmt(apiRequests / 1e6)} M requests × $${PRICES.httpApiPerMillion}/M`],
      ['EventBridge custom events', (events / 1e6) * PRICES.eventBridgeCustomEventsPerMillion, `${fmt(events / 1e6)} M PutEvents entries × $${PRICES.eventBridgeCustomEventsPerMillion}/M (schedules and rule deliveries free)`],
      ['CloudWatch Logs', logGb * PRICES.logsIngestionPerGb + logGb * PRICES.logsStorageGbMonth, `${fmt(logGb)} GB ingested (INFO-level lines measured + ${PLATFORM_LOG_BYTES} B of platform lines an invocation) × $${PRICES.logsIngestionPerGb}/GB, kept a month × $${PRICES.logsStorageGbMonth}/GB-month`],
      ['KMS (token signing)', PRICES.kmsKeyMonth + (signIns / 1e4) * PRICES.kmsAsymmetricPer10k, `one key + ${fmt(signIns)} ECC Sign calls (one a sign-in) × $${PRICES.kmsAsymmetricPer10k}/10k`],
      ['Secrets Manager', PRICES.secretMonth + (200_000 / 1e4) * PRICES.secretsPer10kCalls, `one secret (the WeChat AppSecret) + ~200,000 reads (cold starts; assumed) × $${PRICES.secretsPer10kCalls}/10k`],
      ['X-Ray', (traces / 1e6) * PRICES.xrayTracesPerMillion, `${fmt(traces / 1e6)} M traces recorded (default sampling: 1/s + 5 %, traffic 16 h a day) × $${PRICES.xrayTracesPerMillion}/M`],
      ['Data out to the internet', dataOutGb * PRICES.dataOutPerGb, `${fmt(dataOutGb)} GB of API responses (bodies measured + 300 B of headers) × $${PRICES.dataOutPerGb}/GB`],
    ];
    const total = lines.reduce((sumOf, [, cost]) => sumOf + cost, 0);
    for (const [what, cost, note] of lines) rows.push({ name: `month: ${what}`, value: round(cost, 2), unit: 'USD', note });
    const requestsMonth = PER_HOUR.requests * MONTH_PEAK_HOURS;
    rows.push({
      name: 'month: total (on-demand list prices)',
      value: round(total, 2),
      unit: 'USD',
      note: `${PRICES.region}, prices assumed as of ${PRICES.asOf}; volume: ${fmt(requestsMonth)} requests, ${fmt(PER_HOUR.reservations * MONTH_PEAK_HOURS)} reservation attempts, ${fmt(PER_HOUR.walkIns * MONTH_PEAK_HOURS)} walk-ins, ${fmt(signIns)} sign-ins, ${fmt(inboxItems)} inbox writes by the notices, ${ANNOUNCEMENTS_A_MONTH} city-wide announcements (${announcement.people.toLocaleString('en')} people, measured in ${round(announcement.seconds, 1)} s), the schedules every minute (shift reminders every 5), their runs in the peak hours as measured, the rest idle: ${fmt(apiRequests / 1e6)} M API requests, ${fmt(invocations / 1e6)} M invocations, ${fmt(events / 1e6)} M events`,
    });

    // ——— quotas ———
    const windowRate = (value: number) => value / Math.max(1, peakSeconds) / FACTOR;
    const peakOf = (get: (op: OpStats) => number) => windowRate(peakOps.reduce((total, op) => total + get(op), 0));
    const rps = peakOf((op) => (op.kind === 'http' ? op.invocations : 0));
    const concurrency = peakOf((op) => (quietMs(op) * op.invocations) / 1000);
    const modelledConcurrency = peakOf((op) => (lambdaMs(op) * op.invocations) / 1000);
    const putEventsTps = peakOf((op) => op.putEventsCalls);
    const deliveries = peakOf((op) => (op.kind === 'consumer' ? op.invocations : 0));
    const headroom = [
      { what: `DynamoDB partition ${hottest.kind === 'table' ? '' : `(${hottest.kind}) `}${hottest.key}`, times: 1 / hottestShare, at: `busiest second ${round(100 * hottestShare, 1)} % of its limit` },
      { what: 'EventBridge PutEvents (2,400/s in ap-northeast-1)', times: QUOTAS.putEventsTps / meter.peakRate('putEvents'), at: `peak ${round(meter.peakRate('putEvents'), 1)} calls/s (mean ${round(putEventsTps, 1)})` },
      { what: 'EventBridge rule invocations (2,250/s in ap-northeast-1)', times: QUOTAS.eventBridgeInvocationsTps / meter.peakRate('consumer'), at: `peak ${round(meter.peakRate('consumer'), 1)} deliveries/s (mean ${round(deliveries, 1)})` },
      {
        what: 'Lambda concurrency (1,000 a region)',
        times: QUOTAS.lambdaConcurrency / ((modelledConcurrency * (meter.peakRate('http') + meter.peakRate('consumer'))) / Math.max(0.001, rps + deliveries)),
        at: `${round(modelledConcurrency, 1)} in use on average, modelled (${round(concurrency, 1)} at quiet local durations), ${round((modelledConcurrency * (meter.peakRate('http') + meter.peakRate('consumer'))) / Math.max(0.001, rps + deliveries), 1)} in the busiest second`,
      },
      { what: 'API Gateway account throttle (10,000 rps)', times: QUOTAS.httpApiRps / meter.peakRate('http'), at: `peak ${round(meter.peakRate('http'), 1)} rps (mean ${round(rps, 1)})` },
    ].sort((a, b) => a.times - b.times);
    for (const quota of headroom) rows.push({ name: `quota: ${quota.what}`, value: round(quota.times, 1), unit: '× peak', note: `${quota.at}; reached at ${round(quota.times, 1)}× this peak (${fmt(quota.times * PER_HOUR.requests)} requests and ${fmt(quota.times * PER_HOUR.reservations)} reservations an hour)` });
    rows.push({ name: 'quota: first hit', value: round(headroom[0]!.times, 1), unit: '× peak', note: headroom[0]!.what });
    return rows;
  } finally {
    await runtime.close();
    await instruments.restore();
    agent.destroy();
    restoreClock();
    if (previousLevel === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
    else process.env.POWERTOOLS_LOG_LEVEL = previousLevel;
  }
};
