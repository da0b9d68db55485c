import * as realIdempotency from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer as RealLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { type AttributeValue, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { build } from 'esbuild';
import { resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { bundleAliases, esbuildOptions } from '../../infra/bundling';
import { LOCAL_REGION, ensureTable, localCredentials } from '../../infra/local/engine';
import { documents, dynamoClient } from '../../shared/aws/clients';
import { DynamoDBPersistenceLayer as StandInLayer } from '../../shared/aws/powertools-idempotency/dynamodb';
import * as standInIdempotency from '../../shared/aws/powertools-idempotency/index';
import { kernelKeys, tableDesign } from '../../shared/table/design';
import { useEngine } from '../support/engine';
import { refusedAsNotInBundles } from '../support/stand-ins';

const root = resolve(import.meta.dirname, '../..');
const { tableName } = useEngine();

/** The house's layer (shared/idempotency.ts) over each implementation: each record in a partition of its own. */
class RealPartitionedLayer extends RealLayer {
  protected override getKey(idempotencyKey: string): Record<string, AttributeValue> {
    const key = kernelKeys.idempotencyRecord(idempotencyKey);
    return { [tableDesign.partitionKey]: { S: key.pk }, [tableDesign.sortKey]: { S: key.sk } };
  }
}
class StandInPartitionedLayer extends StandInLayer {
  protected override getKey(idempotencyKey: string): Record<string, AttributeValue> {
    const key = kernelKeys.idempotencyRecord(idempotencyKey);
    return { [tableDesign.partitionKey]: { S: key.pk }, [tableDesign.sortKey]: { S: key.sk } };
  }
}

type Module = typeof realIdempotency;

/** One implementation with its own table: the package's, or the stand-in's. */
interface Implementation {
  idempotency: Module;
  table: () => string;
  /** A layer as shared/idempotency.ts makes one. */
  layer: (client: DynamoDBClient) => RealLayer;
}

const standInTable = () => `${tableName()}-stand-in`;
const implementations: Record<'real' | 'standIn', Implementation> = {
  real: {
    idempotency: realIdempotency,
    table: tableName,
    layer: (client) =>
      new RealPartitionedLayer({ tableName: tableName(), keyAttr: tableDesign.partitionKey, expiryAttr: tableDesign.timeToLiveAttribute, awsSdkV3Client: client }),
  },
  standIn: {
    // The stand-in exports the same names with compatible types: the house's modules compile against either.
    idempotency: standInIdempotency as unknown as Module,
    table: standInTable,
    layer: (client) =>
      new StandInPartitionedLayer({ tableName: standInTable(), keyAttr: tableDesign.partitionKey, expiryAttr: tableDesign.timeToLiveAttribute, awsSdkV3Client: client }) as unknown as RealLayer,
  },
};

beforeAll(async () => {
  await ensureTable(process.env.DYNAMODB_ENDPOINT!, standInTable());
});

/**
 * A client of the engine that answers a failed conditional put as DynamoDB does when asked for
 * `ALL_OLD`: with the item that is there. dynalite leaves the item out, and the layers then read it
 * with a consistent get; with this client they take the record from the error instead.
 */
let oldItemsReturned = 0;
function clientReturningOldItems(): DynamoDBClient {
  const options = { endpoint: process.env.DYNAMODB_ENDPOINT!, region: LOCAL_REGION, credentials: localCredentials };
  const client = new DynamoDBClient(options);
  const reader = new DynamoDBClient(options);
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        const input = args.input as { TableName?: string; Item?: Record<string, AttributeValue>; ReturnValuesOnConditionCheckFailure?: string };
        if ((error as Error).name === 'ConditionalCheckFailedException' && input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' && input.Item) {
          const key = { [tableDesign.partitionKey]: input.Item[tableDesign.partitionKey]!, [tableDesign.sortKey]: input.Item[tableDesign.sortKey]! };
          const { Item } = await reader.send(new GetItemCommand({ TableName: input.TableName, Key: key, ConsistentRead: true }));
          Object.assign(error as object, { Item });
          oldItemsReturned += 1;
        }
        throw error;
      }
    },
    { step: 'initialize', name: 'returnOldItemOnConditionFailure' },
  );
  return client;
}

/** How the failed put's old item reaches the layers: read again (the engine's answer), or in the error (DynamoDB's). */
const answers = [
  { answer: 'the engine, which leaves the old item out of a failed put', client: dynamoClient, suffix: '' },
  { answer: "DynamoDB's ALL_OLD answer, which carries it", client: clientReturningOldItems, suffix: '-all-old' },
];

/** Both implementations see the same time: the clock is pinned, and moved only by the scenario. */
let clock = 0;
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** A Lambda context with a fixed remaining time, as the house's handlers get one. */
const contextWith = (remainingMs: number): Context =>
  ({ functionName: 'parity', awsRequestId: 'req-1', getRemainingTimeInMillis: () => remainingMs }) as unknown as Context;

/** The records of one key prefix, whole, as stored. */
async function itemsOf(table: string, keyPrefix: string): Promise<Record<string, unknown>[]> {
  const { Items = [] } = await documents().send(new ScanCommand({ TableName: table, ConsistentRead: true }));
  return Items.filter((item) => String(item.pk).startsWith(`IDEMPOTENCY#${keyPrefix}#`)).sort((a, b) => String(a.pk).localeCompare(String(b.pk)));
}

/** What a call came to: its value, or its error's name, message, cause's name and class (the implementation's own). */
async function outcome(call: () => Promise<unknown>, idempotency: Module): Promise<unknown> {
  try {
    return { value: await call() };
  } catch (error) {
    const known = ['IdempotencyAlreadyInProgressError', 'IdempotencyValidationError', 'IdempotencyPersistenceLayerError', 'IdempotencyUnknownError'] as const;
    const { name, message, cause } = error as Error;
    return {
      name,
      message,
      ...(cause instanceof Error ? { cause: cause.name } : {}),
      classes: known.filter((error_) => error instanceof idempotency[error_]),
    };
  }
}

/**
 * Runs a scenario through one implementation, with the clock pinned at `start`, and returns what
 * it saw, what it warned and what it stored under its key prefix.
 */
async function run(
  implementation: Implementation,
  keyPrefix: string,
  scenario: (tools: {
    idempotency: Module;
    layer: RealLayer;
    keyPrefix: string;
    tick: (ms: number) => void;
    stored: () => Promise<Record<string, unknown>[]>;
  }) => Promise<unknown>,
  client: DynamoDBClient,
) {
  clock = 1_800_000_000_000;
  vi.spyOn(Date, 'now').mockImplementation(() => clock);
  const warnings: string[] = [];
  vi.spyOn(console, 'warn').mockImplementation((text: unknown) => {
    warnings.push(String(text));
  });
  const stored = () => itemsOf(implementation.table(), keyPrefix);
  const layer = implementation.layer(client);
  const seen = await scenario({ idempotency: implementation.idempotency, layer, keyPrefix, tick: (ms) => (clock += ms), stored });
  const result = { seen, warnings, items: await stored() };
  vi.restoreAllMocks();
  return result;
}

/** The same scenario through the package and through the stand-in. */
async function both(keyPrefix: string, scenario: Parameters<typeof run>[2], client: DynamoDBClient) {
  const real = await run(implementations.real, keyPrefix, scenario, client);
  const standIn = await run(implementations.standIn, keyPrefix, scenario, client);
  return { real, standIn };
}

const busEvent = (id: string, extra: Record<string, unknown> = {}) => ({
  'detail-type': 'RequestSubmitted',
  source: 'grid.requests',
  detail: { meta: { id, version: 1 }, data: { requestId: 'R-1', ...extra } },
});

/** The consumers' configuration (shared/events/consumer.ts). */
const consumerConfig = (idempotency: Module) =>
  new idempotency.IdempotencyConfig({ eventKeyJmesPath: 'detail.meta.id', expiresAfterSeconds: 7 * 24 * 3600 });

/** The Idempotency-Key guard's configuration (shared/http/idempotency-key.ts). */
const httpConfig = (idempotency: Module) =>
  new idempotency.IdempotencyConfig({
    eventKeyJmesPath: 'key',
    payloadValidationJmesPath: 'request',
    expiresAfterSeconds: 24 * 3600,
    responseHook: (response) => {
      const saved = response as { headers?: Record<string, string> };
      return { ...saved, headers: { ...saved.headers, 'idempotent-replayed': 'true' } };
    },
  });

describe.each(answers)('the idempotency stand-in the bundles carry, held to the package on the embedded engine, through $answer', ({ client: clientOf, suffix }) => {
  let client: DynamoDBClient;
  beforeAll(() => {
    client = clientOf();
  });
  it('runs a first event once and stores the same COMPLETED record with its result', async () => {
    // Act
    const { real, standIn } = await both(`first${suffix}`, async ({ idempotency, layer, keyPrefix }) => {
      let runs = 0;
      const config = consumerConfig(idempotency);
      const handle = idempotency.makeIdempotent(
        async (event: ReturnType<typeof busEvent>, _context: Context) => {
          runs += 1;
          return { handled: event.detail.meta.id, list: [1, 'two', { b: true, A: null }] };
        },
        { persistenceStore: layer, config, keyPrefix },
      );
      const context = contextWith(30_000);
      config.registerLambdaContext(context);
      return { result: await outcome(() => handle(busEvent('evt-1'), context), idempotency), runs };
    }, client);

    // Assess
    expect(standIn).toEqual(real);
    expect(real.seen).toEqual({ result: { value: { handled: 'evt-1', list: [1, 'two', { b: true, A: null }] } }, runs: 1 });
    expect(real.items).toEqual([
      expect.objectContaining({ status: 'COMPLETED', data: { handled: 'evt-1', list: [1, 'two', { b: true, A: null }] }, in_progress_expiration: clock + 30_000 }),
    ]);
    expect(real.items[0]!.pk).toMatch(new RegExp(`^IDEMPOTENCY#first${suffix}#[A-Za-z0-9+/]{22}==$`));
    expect(real.items[0]![tableDesign.timeToLiveAttribute]).toBe(Math.round(clock / 1000 + 7 * 24 * 3600));
  });

  it('answers a repeated event with the saved result and does not run it again', async () => {
    // Act
    const { real, standIn } = await both(`repeat${suffix}`, async ({ idempotency, layer, keyPrefix }) => {
      let runs = 0;
      const config = consumerConfig(idempotency);
      const handle = idempotency.makeIdempotent(
        async (event: ReturnType<typeof busEvent>, _context: Context) => {
          runs += 1;
          return { handled: event.detail.meta.id, run: runs };
        },
        { persistenceStore: layer, config, keyPrefix },
      );
      const context = contextWith(30_000);
      const first = await outcome(() => handle(busEvent('evt-1'), context), idempotency);
      // A re-publish of the same event, hours later: the same id, whatever else the event carries.
      const again = await outcome(() => handle(busEvent('evt-1', { changed: true }), context), idempotency);
      const other = await outcome(() => handle(busEvent('evt-2'), context), idempotency);
      return { first, again, other, runs };
    }, client);

    // Assess
    expect(standIn).toEqual(real);
    expect(real.seen).toEqual({ first: { value: { handled: 'evt-1', run: 1 } }, again: { value: { handled: 'evt-1', run: 1 } }, other: { value: { handled: 'evt-2', run: 2 } }, runs: 2 });
    expect(real.items).toHaveLength(2);
    // Through the ALL_OLD client, the repeats' records came in the failed puts' errors.
    if (suffix) expect(oldItemsReturned).toBeGreaterThanOrEqual(2);
  });

  it('answers an Idempotency-Key retry through responseHook, and refuses the key with another request', async () => {
    // Act
    const { real, standIn } = await both(`http${suffix}`, async ({ idempotency, layer, keyPrefix }) => {
      let runs = 0;
      const config = httpConfig(idempotency);
      const once = idempotency.makeIdempotent(async (request: { key: string; request: unknown; produce: () => Promise<unknown> }, _context: Context) => request.produce(), {
        persistenceStore: layer,
        config,
        keyPrefix,
      });
      const produce = async () => {
        runs += 1;
        return { statusCode: 201, headers: { location: `/notes/${runs}` }, body: JSON.stringify({ id: runs }) };
      };
      const context = contextWith(29_000);
      config.registerLambdaContext(context);
      const request = { route: 'POST /notes', params: { noteId: 'n1' }, query: null, body: { text: 'hello', Colour: 'red', size: 2 } };
      // The same request with its fields in another order: the same fingerprint (keys sorted regardless of case).
      const reordered = { body: { size: 2, text: 'hello', Colour: 'red' }, query: null, params: { noteId: 'n1' }, route: 'POST /notes' };
      return {
        first: await outcome(() => once({ key: 'r1#key-0001', request, produce }, context), idempotency),
        retry: await outcome(() => once({ key: 'r1#key-0001', request: reordered, produce }, context), idempotency),
        reused: await outcome(() => once({ key: 'r1#key-0001', request: { ...request, body: { text: 'other' } }, produce }, context), idempotency),
        otherCaller: await outcome(() => once({ key: 'r2#key-0001', request, produce }, context), idempotency),
        // Keys equal but for case keep the order they came in (Powertools' comparator never answers 0): another fingerprint.
        caseTwins: await outcome(() => once({ key: 'r3#key-0001', request: { ...request, body: { Tag: 'a', tag: 'b' } }, produce }, context), idempotency),
        caseTwinsSwapped: await outcome(() => once({ key: 'r3#key-0001', request: { ...request, body: { tag: 'b', Tag: 'a' } }, produce }, context), idempotency),
        runs,
      };
    }, client);

    // Assess
    expect(standIn).toEqual(real);
    expect(real.seen).toMatchObject({
      first: { value: { statusCode: 201, headers: { location: '/notes/1' } } },
      retry: { value: { statusCode: 201, headers: { location: '/notes/1', 'idempotent-replayed': 'true' } } },
      reused: { name: 'IdempotencyValidationError', message: 'Payload does not match stored record for this event key', classes: ['IdempotencyValidationError', 'IdempotencyUnknownError'] },
      otherCaller: { value: { headers: { location: '/notes/2' } } },
      caseTwinsSwapped: { name: 'IdempotencyValidationError' },
      runs: 3,
    });
    expect(real.items).toEqual(expect.arrayContaining([expect.objectContaining({ status: 'COMPLETED', validation: expect.stringMatching(/==$/) })]));
  });

  it('refuses a repeat while the first run is in progress, and answers it once the first has finished', async () => {
    // Act
    const { real, standIn } = await both(`concurrent${suffix}`, async ({ idempotency, layer, keyPrefix, stored }) => {
      let runs = 0;
      let release = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const config = consumerConfig(idempotency);
      const handle = idempotency.makeIdempotent(
        async (event: ReturnType<typeof busEvent>, _context: Context) => {
          runs += 1;
          await gate;
          return { handled: event.detail.meta.id };
        },
        { persistenceStore: layer, config, keyPrefix },
      );
      const context = contextWith(30_000);
      const first = handle(busEvent('evt-1'), context);
      // Until the first run has written its record.
      while ((await stored()).length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      const whileRunning = await outcome(() => handle(busEvent('evt-1'), context), idempotency);
      const inProgress = await stored();
      release();
      const firstResult = await outcome(() => first, idempotency);
      const afterwards = await outcome(() => handle(busEvent('evt-1'), context), idempotency);
      return { whileRunning, inProgress, firstResult, afterwards, runs };
    }, client);

    // Assess
    expect(standIn).toEqual(real);
    expect(real.seen).toMatchObject({
      whileRunning: { name: 'IdempotencyAlreadyInProgressError', classes: ['IdempotencyAlreadyInProgressError', 'IdempotencyUnknownError'] },
      inProgress: [expect.objectContaining({ status: 'INPROGRESS', in_progress_expiration: clock + 30_000 })],
      firstResult: { value: { handled: 'evt-1' } },
      afterwards: { value: { handled: 'evt-1' } },
      runs: 1,
    });
    expect((real.seen as { whileRunning: { message: string } }).whileRunning.message).toMatch(new RegExp(`^There is already an execution in progress with idempotency key: IDEMPOTENCY#concurrent${suffix}#`));
  });

  it('runs again when the record in progress has outlived its Lambda context (a crash, a timeout)', async () => {
    // Act
    const { real, standIn } = await both(`expired${suffix}`, async ({ idempotency, layer, keyPrefix, tick }) => {
      let runs = 0;
      let release = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const config = consumerConfig(idempotency);
      const handle = idempotency.makeIdempotent(
        async (event: ReturnType<typeof busEvent>, _context: Context) => {
          runs += 1;
          if (runs === 1) await gate;
          return { handled: event.detail.meta.id, run: runs };
        },
        { persistenceStore: layer, config, keyPrefix },
      );
      const crashed = handle(busEvent('evt-1'), contextWith(1_000));
      await new Promise((resolve) => setTimeout(resolve, 50));
      tick(2_000);
      const retry = await outcome(() => handle(busEvent('evt-1'), contextWith(30_000)), idempotency);
      release();
      await crashed;
      return { retry, runs };
    }, client);

    // Assess
    expect(standIn).toEqual(real);
    expect(real.seen).toEqual({ retry: { value: { handled: 'evt-1', run: 2 } }, runs: 2 });
  });

  it('deletes the record of a run that throws, so that the retry runs', async () => {
    // Act
    const { real, standIn } = await both(`throws${suffix}`, async ({ idempotency, layer, keyPrefix, stored }) => {
      let runs = 0;
      const config = consumerConfig(idempotency);
      const handle = idempotency.makeIdempotent(
        async (event: ReturnType<typeof busEvent>, _context: Context) => {
          runs += 1;
          if (runs === 1) throw new Error('engine unavailable');
          return { handled: event.detail.meta.id };
        },
        { persistenceStore: layer, config, keyPrefix },
      );
      const context = contextWith(30_000);
      const failed = await outcome(() => handle(busEvent('evt-1'), context), idempotency);
      const afterFailure = await stored();
      const retry = await outcome(() => handle(busEvent('evt-1'), context), idempotency);
      return { failed, afterFailure, retry, runs };
    }, client);

    // Assess
    expect(standIn).toEqual(real);
    expect(real.seen).toEqual({ failed: { name: 'Error', message: 'engine unavailable', classes: [] }, afterFailure: [], retry: { value: { handled: 'evt-1' } }, runs: 2 });
    expect(real.items).toEqual([expect.objectContaining({ status: 'COMPLETED' })]);
  });

  it('runs without a record when the key path finds nothing, and hashes an empty key with a warning', async () => {
    // Act
    const { real, standIn } = await both(`missing${suffix}`, async ({ idempotency, layer, keyPrefix }) => {
      let runs = 0;
      const handle = idempotency.makeIdempotent(
        async (_event: unknown, _context: Context) => {
          runs += 1;
          return undefined;
        },
        { persistenceStore: layer, config: consumerConfig(idempotency), keyPrefix },
      );
      const context = contextWith(30_000);
      const noMeta = { 'detail-type': 'RequestSubmitted', detail: { data: {} } };
      return {
        results: [
          await outcome(() => handle(noMeta, context), idempotency),
          await outcome(() => handle(noMeta, context), idempotency),
          await outcome(() => handle({ detail: { meta: { id: '' } } }, context), idempotency),
          await outcome(() => handle({ detail: { meta: { id: {} } } }, context), idempotency),
        ],
        runs,
      };
    }, client);

    // Assess
    expect(standIn).toEqual(real);
    expect((real.seen as { runs: number }).runs).toBe(4);
    // Once as the record is put, once as it is completed, for each of the two empty keys.
    expect(real.warnings).toEqual(Array(4).fill('No value found for idempotency_key. jmespath: detail.meta.id'));
    // An empty key is hashed all the same: '' and {} make two records, neither with data (the function returned nothing).
    expect(real.items).toHaveLength(2);
    expect(real.items.map((item) => 'data' in item)).toEqual([false, false]);
  });

  it('refuses a payload without a key under throwOnNoIdempotencyKey, as a persistence layer error', async () => {
    // Act
    const { real, standIn } = await both(`throw-on-missing${suffix}`, async ({ idempotency, layer, keyPrefix }) => {
      const config = new idempotency.IdempotencyConfig({ eventKeyJmesPath: 'detail.meta.id', throwOnNoIdempotencyKey: true });
      const handle = idempotency.makeIdempotent(async (_event: unknown, _context: Context) => 'ran', { persistenceStore: layer, config, keyPrefix });
      return outcome(() => handle({ detail: {} }, contextWith(30_000)), idempotency);
    }, client);

    // Assess
    expect(standIn).toEqual(real);
    expect(real.seen).toMatchObject({ name: 'IdempotencyPersistenceLayerError', message: 'Failed to save in progress record to idempotency store', cause: 'IdempotencyKeyError' });
  });

  it('records no in-progress expiry, with the same warning, when no Lambda context was registered', async () => {
    // Act
    const { real, standIn } = await both(`no-context${suffix}`, async ({ idempotency, layer, keyPrefix }) => {
      const handle = idempotency.makeIdempotent(async (event: { id: string }) => ({ id: event.id }), {
        persistenceStore: layer,
        config: new idempotency.IdempotencyConfig({ eventKeyJmesPath: 'id' }),
        keyPrefix,
      });
      return [await outcome(() => handle({ id: 'a' }), idempotency), await outcome(() => handle({ id: 'a' }), idempotency)];
    }, client);

    // Assess
    expect(standIn).toEqual(real);
    // Each attempt to put the record warns, the repeat's too.
    expect(real.warnings).toEqual(Array(2).fill('Could not determine remaining time left. Did you call registerLambdaContext on IdempotencyConfig?'));
    expect(real.items).toEqual([expect.not.objectContaining({ in_progress_expiration: expect.anything() })]);
    expect(real.items[0]![tableDesign.timeToLiveAttribute]).toBe(Math.round(clock / 1000 + 3600));
  });

  it('is switched off by POWERTOOLS_IDEMPOTENCY_DISABLED as the package is: the function itself, no record', async () => {
    // Act
    const { real, standIn } = await both(`disabled${suffix}`, async ({ idempotency, layer, keyPrefix }) => {
      vi.stubEnv('POWERTOOLS_IDEMPOTENCY_DISABLED', ' Yes ');
      let runs = 0;
      const fn = async (_event: unknown, _context: Context) => {
        runs += 1;
        return runs;
      };
      const handle = idempotency.makeIdempotent(fn, { persistenceStore: layer, config: consumerConfig(idempotency), keyPrefix });
      const results = [await handle(busEvent('evt-1'), contextWith(30_000)), await handle(busEvent('evt-1'), contextWith(30_000))];
      vi.stubEnv('POWERTOOLS_IDEMPOTENCY_DISABLED', 'maybe');
      const unreadable = await outcome(async () => consumerConfig(idempotency), idempotency);
      vi.unstubAllEnvs();
      return { itself: handle === fn, results, unreadable };
    }, client);

    // Assess
    expect(standIn).toEqual(real);
    expect(real.seen).toEqual({ itself: true, results: [1, 2], unreadable: { name: 'Error', message: 'Environment variable POWERTOOLS_IDEMPOTENCY_DISABLED must be a boolean', classes: [] } });
    expect(real.items).toEqual([]);
  });

});

describe('the idempotency stand-in, asked for what it leaves out', () => {
  it('refuses it, rather than behaving otherwise', () => {
    // Prepare
    const { IdempotencyConfig, makeIdempotent } = standInIdempotency;
    const layer = () => new StandInLayer({ tableName: standInTable(), awsSdkV3Client: dynamoClient() });
    const attempts = [
      () => new IdempotencyConfig({ useLocalCache: true }),
      () => new IdempotencyConfig({ eventKeyJmesPath: 'powertools_json(body).id' }),
      () => new IdempotencyConfig({ payloadValidationJmesPath: 'detail.items[0]' }),
      () => new StandInLayer({ tableName: standInTable() }),
      () => new StandInLayer({ tableName: standInTable(), awsSdkV3Client: dynamoClient(), sortKeyAttr: 'sk' } as never),
      () => makeIdempotent(async (record: unknown, _user: string) => record, { persistenceStore: layer(), dataIndexArgument: 1 } as never),
      () => {
        // Powertools keeps the first configuration and warns; a record made by the other is worth more than a warning.
        const shared = layer();
        shared.configure({ config: new IdempotencyConfig({ eventKeyJmesPath: 'key' }) });
        shared.configure({ config: new IdempotencyConfig({ eventKeyJmesPath: 'detail.meta.id' }) });
      },
    ];

    // Act
    const refused = refusedAsNotInBundles(attempts);

    // Assess
    expect(refused).toHaveLength(attempts.length);
  });
});

describe('a function bundled with the house settings', () => {
  /** The bundle of `entry` with the house's aliases, or without the idempotency one: its size and its inputs. */
  const bundle = async (entry: string, alias: Record<string, string>) => {
    const { metafile } = await build({ ...esbuildOptions(resolve(root, entry), 'out.mjs', undefined, root), alias, metafile: true, write: false, logLevel: 'silent' });
    const [output] = Object.values(metafile.outputs).filter((_, index) => Object.keys(metafile.outputs)[index]!.endsWith('.mjs'));
    return { bytes: output!.bytes, inputs: Object.keys(metafile.inputs) };
  };
  const { '@aws-lambda-powertools/idempotency': _idempotency, ...withoutStandIn } = bundleAliases;

  it.each(['functions/consumers/request-rollups.ts', 'functions/http/stations.ts'])('%s carries the stand-in, not the package, and is smaller by it', async (entry) => {
    // Act
    const standIn = await bundle(entry, { ...bundleAliases });
    const package_ = await bundle(entry, withoutStandIn);

    // Assess
    expect(standIn.inputs.filter((path) => /node_modules\/@aws-lambda-powertools\/(idempotency|commons|jmespath)\//.test(path))).toEqual([]);
    expect(standIn.inputs).toEqual(expect.arrayContaining(['shared/aws/powertools-idempotency/index.ts', 'shared/aws/powertools-idempotency/dynamodb.ts']));
    expect(package_.inputs.filter((path) => path.includes('node_modules/@aws-lambda-powertools/idempotency/')).length).toBeGreaterThan(0);
    const savedKiB = (package_.bytes - standIn.bytes) / 1024;
    console.info(`${entry}: ${(package_.bytes / 1024).toFixed(1)} KiB with the package, ${(standIn.bytes / 1024).toFixed(1)} with the stand-in (${savedKiB.toFixed(1)} KiB saved)`);
    expect(savedKiB).toBeGreaterThan(9);
  });
});
