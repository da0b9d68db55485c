import { fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { type EngineWrites, startDynalite } from './dynalite-atomic.mjs';
import { tableDesign } from '../../shared/table/design';

// These machines run Node 20 while Lambda runs a newer Node; the SDK's upgrade notice is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** A running embedded DynamoDB engine. */
export interface Engine {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

export type { EngineWrites };

/**
 * Starts dynalite on 127.0.0.1: on disk under `path`, or in memory without one. Port 0 picks a
 * free port. dynalite has no transactions, TTL deletion or streams; the service never needs them.
 * It writes an item and its index entries as one LevelDB batch (dynalite-atomic.mjs), so a crash
 * never leaves an index entry without its item, and fsyncs it before answering, so what it
 * acknowledged survives a power cut too, as the bus journal's events do: an event must never outlive
 * the write it came from. Other `writes` are for the benchmark.
 */
export async function startEngine(
  options: { path?: string; port?: number; separateProcess?: boolean; writes?: EngineWrites } = {},
): Promise<Engine> {
  const writes = options.writes ?? 'atomic-sync';
  if (options.separateProcess) return startEngineProcess(options.path, writes, options.port ?? 0);
  const { server, close } = startDynalite({ ...(options.path ? { path: options.path } : {}), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }, { writes });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, port, close };
}

/**
 * The engine in a child process: `npm start` and the benchmark use it, so the engine's work and the
 * handlers' work run on different cores instead of taking turns on one event loop.
 */
async function startEngineProcess(path: string | undefined, writes: EngineWrites, askedPort: number): Promise<Engine> {
  const child = fork(join(import.meta.dirname, 'engine-process.mjs'), [writes, String(askedPort), ...(path ? [path] : [])], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // The child's listen error (a taken port) comes back as it would in process: an error with its code.
  type Started = { port: number; error?: undefined } | { error: { code?: string; message: string } };
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: Started) => {
      if (message.error) reject(Object.assign(new Error(`the engine process could not listen: ${message.error.message}`), { code: message.error.code }));
      else resolve(message.port);
    });
    child.once('exit', (code) => reject(new Error(`the engine process exited with ${code}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    close: async () => {
      child.disconnect();
      await exited;
    },
  };
}

/** Credentials the SDK needs to sign requests; the engine ignores them. */
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };
export const LOCAL_REGION = 'cn-north-1';

/** Creates the single table from the table design, unless it exists (a restart keeps data). */
export async function ensureTable(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: localCredentials });
  const indexes = Object.entries(tableDesign.indexes);
  const attributes = new Set<string>([tableDesign.partitionKey, tableDesign.sortKey]);
  for (const [, index] of indexes) {
    attributes.add(index.partitionKey);
    attributes.add(index.sortKey);
  }
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: tableDesign.partitionKey, KeyType: 'HASH' },
          { AttributeName: tableDesign.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: indexes.map(([name, index]) => ({
          IndexName: name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: index.projection },
        })),
      }),
    );
    await untilActive(client, tableName);
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    await untilActive(client, tableName);
  } finally {
    client.destroy();
  }
}

/**
 * dynalite answers CreateTable while the table is CREATING and writes ACTIVE a moment later; a call
 * in between is refused as if there were no table. A table still CREATING on a restart was being
 * created when the engine died, and stays so: every call would be refused, so say it plainly.
 */
async function untilActive(client: DynamoDBClient, tableName: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`table ${tableName} never became ACTIVE: the engine died while creating it; remove the engine's data folder and start again`);
}
