import { type ChildProcess, fork } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDynalite, dynaliteFolder, type EngineWrites, PINNED_DYNALITE } from '../../../infra/local/dynalite-atomic.mjs';
import { LOCAL_REGION, ensureTable, localCredentials, startEngine } from '../../../infra/local/engine';
import { keys, tableDesign } from '../../../shared/table/design';

const TABLE = 'atomic-writes';
const folders: string[] = [];
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));
const freshFolder = (name: string) => {
  const folder = mkdtempSync(join(tmpdir(), `grid-${name}-`));
  folders.push(folder);
  return folder;
};

const documentsAt = (endpoint: string) =>
  // One attempt: a retry against a dead engine would only fail again, more slowly.
  DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: localCredentials, maxAttempts: 1 }));

/** A request as the requests repository keeps it: in its resident's list (byUser) and its worker's queue (byParent). */
const request = (id: string, status: 'submitted' | 'accepted') => ({
  ...keys.request(id),
  id,
  status,
  userKey: keys.requestsOf('resident-1'),
  userSort: `2026-12-01T08:00:00.000Z#${id}`,
  parentKey: keys.requestQueue('worker-1', status),
  parentSort: `2026-12-02T08:00:00.000Z#${id}`,
});

/** The engine of test/support/crashing-engine.mjs on `folder`: armed, it dies as an item write reaches LevelDB. */
async function startCrashingEngine(folder: string, writes: EngineWrites) {
  const child: ChildProcess = fork(join(import.meta.dirname, '../../support/crashing-engine.mjs'), [writes, folder], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const death = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve(message.port));
    child.once('exit', (code) => reject(new Error(`the crashing engine exited with ${code} before it listened`)));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  await ensureTable(endpoint, TABLE);
  const documents = documentsAt(endpoint);
  return {
    documents,
    arm: () =>
      new Promise<void>((resolve) => {
        child.once('message', () => resolve());
        child.send('arm');
      }),
    /** Resolves with the signal that ended the engine, once it is gone. */
    death: death.finally(() => documents.destroy()),
  };
}

/** Every secondary-index entry that has no item, shows the item other than it is, or is missing for an item. */
async function indexProblems(documents: DynamoDBDocumentClient): Promise<string[]> {
  const keyOf = (item: Record<string, unknown>) => `${item.pk}|${item.sk}`;
  const items = (await documents.send(new ScanCommand({ TableName: TABLE }))).Items ?? [];
  const itemsByKey = new Map(items.map((item) => [keyOf(item), item]));
  const problems: string[] = [];
  for (const [name, index] of Object.entries(tableDesign.indexes)) {
    const entries = (await documents.send(new ScanCommand({ TableName: TABLE, IndexName: name }))).Items ?? [];
    // An entry sits under the index key it carries; an item must be listed under the one it carries.
    const placeOf = (item: Record<string, unknown>) => `${item[index.partitionKey]}|${item[index.sortKey]}|${keyOf(item)}`;
    const places = new Set(entries.map(placeOf));
    for (const entry of entries) {
      const item = itemsByKey.get(keyOf(entry));
      if (!item) problems.push(`${name} lists ${entry.pk}, which has no item`);
      else if (JSON.stringify(item) !== JSON.stringify(entry)) problems.push(`${name} lists ${entry.pk} other than its item is`);
    }
    for (const item of items) {
      if (item[index.partitionKey] !== undefined && item[index.sortKey] !== undefined && !places.has(placeOf(item))) {
        problems.push(`${name} does not list ${item.pk} where its item says`);
      }
    }
  }
  return problems;
}

/** Reopens the data folder with a fresh engine (the in-process one) and reads what survived. */
async function reopen(folder: string) {
  const engine = await startEngine({ path: folder });
  const documents = documentsAt(engine.endpoint);
  try {
    const ids = async (IndexName: string, partition: Record<string, string>) => {
      const [[name, value]] = Object.entries(partition) as [[string, string]];
      const page = await documents.send(
        new QueryCommand({ TableName: TABLE, IndexName, KeyConditionExpression: '#k = :v', ExpressionAttributeNames: { '#k': name }, ExpressionAttributeValues: { ':v': value } }),
      );
      return (page.Items ?? []).map((item) => item.id as string).sort();
    };
    const get = async (id: string) => (await documents.send(new GetCommand({ TableName: TABLE, Key: keys.request(id) }))).Item;
    return {
      residentList: await ids('byUser', { userKey: keys.requestsOf('resident-1') }),
      submittedQueue: await ids('byParent', { parentKey: keys.requestQueue('worker-1', 'submitted') }),
      acceptedQueue: await ids('byParent', { parentKey: keys.requestQueue('worker-1', 'accepted') }),
      old: await get('r-old'),
      fresh: await get('r-new'),
      problems: await indexProblems(documents),
    };
  } finally {
    documents.destroy();
    await engine.close();
  }
}

/** Starts the crashing engine on `folder` (the table made, `r-old` written and acknowledged), arms it, then issues `write`. */
async function crashDuring(folder: string, writes: EngineWrites, write: (documents: DynamoDBDocumentClient) => Promise<unknown>) {
  const engine = await startCrashingEngine(folder, writes);
  // Written once per folder (a second crash on the same folder finds it there); the tests read it back.
  await engine.documents
    .send(new PutCommand({ TableName: TABLE, Item: request('r-old', 'submitted'), ConditionExpression: 'attribute_not_exists(pk)' }))
    .catch((error: Error) => {
      if (error.name !== 'ConditionalCheckFailedException') throw error;
    });
  await engine.arm();
  const answered = await write(engine.documents).then(
    () => 'answered',
    () => 'no answer',
  );
  return { answered, signal: await engine.death };
}

const submitNew = (documents: DynamoDBDocumentClient) => documents.send(new PutCommand({ TableName: TABLE, Item: request('r-new', 'submitted') }));
/** The worker accepts r-old: one conditional update that moves it from the submitted queue to the accepted one. */
const acceptOld = (documents: DynamoDBDocumentClient) =>
  documents.send(
    new UpdateCommand({
      TableName: TABLE,
      Key: keys.request('r-old'),
      UpdateExpression: 'SET #status = :accepted, parentKey = :queue',
      ConditionExpression: '#status = :submitted',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':accepted': 'accepted', ':submitted': 'submitted', ':queue': keys.requestQueue('worker-1', 'accepted') },
    }),
  );

describe.each<EngineWrites>(['atomic', 'atomic-sync'])('the engine writing %s, killed as an item write reaches LevelDB', (writes) => {
  it('leaves neither a new request nor its entries in the resident list and the worker queue, and keeps the acknowledged one whole', async () => {
    // Prepare
    const folder = freshFolder(`${writes}-put`);
    // Act
    const crash = await crashDuring(folder, writes, submitNew);
    const after = await reopen(folder);
    // Assess
    expect(crash).toEqual({ answered: 'no answer', signal: 'SIGKILL' });
    expect(after.fresh).toBeUndefined();
    expect(after.residentList).toEqual(['r-old']);
    expect(after.submittedQueue).toEqual(['r-old']);
    expect(after.old).toEqual(request('r-old', 'submitted'));
    expect(after.problems).toEqual([]);
  });

  it('leaves a request whose acceptance it was writing submitted, in the submitted queue and not the accepted one', async () => {
    // Prepare
    const folder = freshFolder(`${writes}-update`);
    // Act
    const crash = await crashDuring(folder, writes, acceptOld);
    const after = await reopen(folder);
    // Assess
    expect(crash).toEqual({ answered: 'no answer', signal: 'SIGKILL' });
    expect(after.old).toEqual(request('r-old', 'submitted'));
    expect(after.submittedQueue).toEqual(['r-old']);
    expect(after.acceptedQueue).toEqual([]);
    expect(after.problems).toEqual([]);
  });
});

describe('unpatched dynalite, killed at the same point (the bug the patch removes, so the tests above can catch it)', () => {
  it('lists a new request GetItem cannot find, and shows an accepted request in the accepted queue while its item says submitted', async () => {
    // Prepare
    const folder = freshFolder('unpatched');
    // Act
    const put = await crashDuring(folder, 'unpatched', submitNew);
    const update = await crashDuring(folder, 'unpatched', acceptOld);
    const after = await reopen(folder);
    // Assess
    expect([put.signal, update.signal]).toEqual(['SIGKILL', 'SIGKILL']);
    expect(after.residentList).toEqual(['r-new', 'r-old']);
    expect(after.fresh).toBeUndefined();
    expect(after.acceptedQueue).toEqual(['r-old']);
    expect(after.submittedQueue).toEqual(['r-new']);
    expect(after.old).toMatchObject({ status: 'submitted' });
    expect(after.problems.sort()).toEqual([
      'byParent does not list REQUEST#r-old where its item says',
      'byParent lists REQUEST#r-new, which has no item',
      'byParent lists REQUEST#r-old other than its item is',
      'byUser lists REQUEST#r-new, which has no item',
      'byUser lists REQUEST#r-old other than its item is',
    ]);
  });
});

describe("the patch's pin on dynalite 4.0.0 (checked at every engine start)", () => {
  /** A copy of the installed dynalite's pinned files, for the check to read. */
  const copyOfDynalite = () => {
    const folder = freshFolder('dynalite-copy');
    for (const file of ['package.json', ...Object.keys(PINNED_DYNALITE.files)]) {
      mkdirSync(dirname(join(folder, file)), { recursive: true });
      copyFileSync(join(dynaliteFolder(), file), join(folder, file));
    }
    return folder;
  };

  it('accepts the dynalite installed here', () => {
    // Prepare
    const folder = copyOfDynalite();
    // Act
    const check = () => checkDynalite(folder);
    // Assess
    expect(check).not.toThrow();
  });

  it('refuses another version of dynalite, naming it', () => {
    // Prepare
    const folder = copyOfDynalite();
    const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
    writeFileSync(join(folder, 'package.json'), JSON.stringify({ ...manifest, version: '4.1.0' }));
    // Act
    const check = () => checkDynalite(folder);
    // Assess
    expect(check).toThrow(/refuses the dynalite .*it is version 4\.1\.0, not 4\.0\.0/);
  });

  it('refuses dynalite 4.0.0 whose write path is not the one the patch was written against, naming the file', () => {
    // Prepare
    const folder = copyOfDynalite();
    appendFileSync(join(folder, 'actions/putItem.js'), '\n// a later change\n');
    // Act
    const check = () => checkDynalite(folder);
    // Assess
    expect(check).toThrow(/actions\/putItem\.js differs/);
    expect(check).not.toThrow(/it is version/);
  });
});
