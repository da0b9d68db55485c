import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { type Engine, LOCAL_REGION, ensureTable, localCredentials, startEngine } from '../../infra/local/engine';
import { resetClients } from '../../shared/aws/clients';

/**
 * Which table `npm run city` works on, and pointing this process's AWS clients at it:
 *
 * - by default the data folder `npm start` uses (`--data-dir`, else `DATA_DIR`, else `.data`): the
 *   embedded engine is started here on `<dir>/engine`, as `npm start` would, with the same table. The
 *   engine's files are a LevelDB database that one process at a time may open, so while `npm start`
 *   runs on the folder this refuses, saying so, rather than failing half-way;
 * - or a deployed table (`--table NAME --region R`), with the credentials of the default AWS chain
 *   (the deployer's own: nothing goes through the API, and no route can do this).
 */

/** What the command line says about the target. */
export interface TargetOptions {
  dataDir?: string | undefined;
  table?: string | undefined;
  region?: string | undefined;
  /** The engine in a process of its own (two cores: the engine's and the importer's). Default: yes. */
  separateEngineProcess?: boolean;
}

/** An open target: the process's clients point at its table until `close`. */
export interface Target {
  kind: 'local' | 'aws';
  tableName: string;
  /** For messages: `.data/ (local engine)` or `table grid-service in cn-north-1`. */
  description: string;
  close(): Promise<void>;
}

/** The target cannot be used (folder in use, no such table): a message for the operator, exit 1. */
export class TargetError extends Error {
  override readonly name = 'TargetError';
}

/** The table `npm start` creates in its data folder (infra/local/runtime.ts). */
export const LOCAL_TABLE_NAME = 'grid-service';

/** The variables this module sets, restored on close (tests run several commands in one process). */
const VARIABLES = ['TABLE_NAME', 'DYNAMODB_ENDPOINT', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;

function saveEnvironment(): () => void {
  const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
  return () => {
    for (const name of VARIABLES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    resetClients();
  };
}

/** Opens the target the options name (usage mistakes, such as `--table` without `--region`, are the caller's to catch). */
export async function openTarget(options: TargetOptions): Promise<Target> {
  if (options.table !== undefined) {
    if (options.dataDir !== undefined) throw new TargetError('give either --data-dir (a local data folder) or --table (a deployed table), not both');
    if (!options.region) throw new TargetError('--table needs --region: the region of the deployed table');
    return openDeployedTable(options.table, options.region);
  }
  return openDataFolder(options.dataDir ?? process.env.DATA_DIR ?? '.data', options.separateEngineProcess ?? true);
}

async function openDataFolder(dataDir: string, separateProcess: boolean): Promise<Target> {
  const folder = resolve(dataDir);
  const enginePath = join(folder, 'engine');
  mkdirSync(enginePath, { recursive: true });
  await assertFolderFree(enginePath, dataDir);
  let engine: Engine;
  try {
    engine = await startEngine({ path: enginePath, separateProcess });
  } catch (error) {
    throw new TargetError(`could not start the embedded engine on ${enginePath}: ${(error as Error).message}`);
  }
  const restore = saveEnvironment();
  try {
    await ensureTable(engine.endpoint, LOCAL_TABLE_NAME);
  } catch (error) {
    await engine.close();
    throw new TargetError(`the data folder ${dataDir} holds no usable table: ${(error as Error).message}`);
  }
  Object.assign(process.env, {
    TABLE_NAME: LOCAL_TABLE_NAME,
    DYNAMODB_ENDPOINT: engine.endpoint,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
  });
  resetClients();
  return {
    kind: 'local',
    tableName: LOCAL_TABLE_NAME,
    description: `${dataDir} (local engine)`,
    async close() {
      restore();
      await engine.close();
    },
  };
}

/**
 * Refuses a data folder whose engine another process holds open (`npm start`, or another
 * `npm run city`): LevelDB locks `<engine>/LOCK` while a database is open. Tried by opening the
 * database as the engine would, and closing it at once.
 */
async function assertFolderFree(enginePath: string, dataDir: string): Promise<void> {
  // The LevelDB dynalite itself is built on (not a dependency of ours): resolved from dynalite.
  const fromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
  const { Level } = fromDynalite('level') as { Level: new (path: string) => { open(): Promise<void>; close(): Promise<void> } };
  const database = new Level(enginePath);
  try {
    await database.open();
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code === 'LEVEL_LOCKED') {
      throw new TargetError(
        `the data folder ${dataDir} is in use: \`npm start\` (or another \`npm run city\`) has its engine open. ` +
          'Stop it first (Ctrl-C), then run this again; or give another folder with --data-dir.',
      );
    }
    throw new TargetError(`cannot open the engine's files in ${enginePath}: ${(error as Error).message}`);
  }
  await database.close();
}

async function openDeployedTable(tableName: string, region: string): Promise<Target> {
  const restore = saveEnvironment();
  // The default credential chain (environment, profile, SSO, instance role): the deployer's own.
  delete process.env.DYNAMODB_ENDPOINT;
  if (process.env.AWS_ACCESS_KEY_ID === localCredentials.accessKeyId) {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
  }
  Object.assign(process.env, { TABLE_NAME: tableName, AWS_REGION: region });
  resetClients();
  const client = new DynamoDBClient({ region });
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus !== 'ACTIVE' && Table?.TableStatus !== 'UPDATING') {
      throw new TargetError(`table ${tableName} in ${region} is ${Table?.TableStatus ?? 'in an unknown state'}, not ACTIVE`);
    }
  } catch (error) {
    restore();
    if (error instanceof TargetError) throw error;
    if (error instanceof ResourceNotFoundException) throw new TargetError(`there is no table ${tableName} in ${region}`);
    throw new TargetError(`cannot reach table ${tableName} in ${region}: ${(error as Error).message}`);
  } finally {
    client.destroy();
  }
  return {
    kind: 'aws',
    tableName,
    description: `table ${tableName} in ${region}`,
    async close() {
      restore();
    },
  };
}
