import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { EventBridgeEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalBus } from '../../../infra/local/bus';
import { type Engine, LOCAL_REGION, ensureTable, localCredentials, startEngine } from '../../../infra/local/engine';
import { resetClients } from '../../../shared/aws/clients';
import { type Mode, crashEntry, crashLambdas, effectsOf, modeOf } from '../../support/bus-crash';

const root = resolve(import.meta.dirname, '../../..');
const dataDir = mkdtempSync(join(tmpdir(), 'grid-bus-kill-'));
const TABLE = 'bus-kill';
/** The consumer's timeout: the slow run's idempotency record stays "in progress" this long after it began. */
const CONSUMER_TIMEOUT_MS = 2000;

let engine: Engine;
let child: ChildProcess | undefined;

beforeAll(async () => {
  // The table outlives the killed process, as the engine (a process of its own) does under npm start.
  engine = await startEngine();
  await ensureTable(engine.endpoint, TABLE);
  Object.assign(process.env, {
    TABLE_NAME: TABLE,
    DYNAMODB_ENDPOINT: engine.endpoint,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
  });
  resetClients();
});

afterAll(async () => {
  if (child?.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
  resetClients();
  await engine.close();
  rmSync(dataDir, { recursive: true, force: true });
});

type Reported = { ready: true; deliveries: { eventId: string; mode: Mode; attempts: number; nextAttemptAt: number }[] };

/** Starts the bus of test/support/bus-crash-child.ts in a process group of its own. */
function startChild(expected: number) {
  const started = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'test/support/bus-crash-child.ts'], {
    cwd: root,
    detached: true,
    env: { ...process.env, DATA_DIR: dataDir, EXPECTED_EVENTS: String(expected), CONSUMER_TIMEOUT_MS: String(CONSUMER_TIMEOUT_MS) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  let buffered = '';
  let errors = '';
  started.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  started.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const complete = buffered.split('\n');
    buffered = complete.pop()!;
    for (const line of complete) if (line.startsWith('{')) lines.push(JSON.parse(line));
    waiters.splice(0).forEach((wake) => wake());
  });
  const exited = new Promise<void>((done) => started.on('exit', () => done()));
  const line = async <T>(key: string): Promise<T> => {
    for (;;) {
      const found = lines.find((candidate) => key in candidate);
      if (found) return found as T;
      if (started.exitCode !== null) throw new Error(`the bus process exited:\n${errors}`);
      await new Promise<void>((wake) => waiters.push(wake));
    }
  };
  return { process: started, exited, line };
}

describe('the local bus killed with -9', () => {
  it('finishes after a restart every delivery that was pending, once in effect, and none that was done', async () => {
    // Prepare
    const entries = (['fast', 'slow', 'failing'] as const).flatMap((mode) => [crashEntry(mode, 1), crashEntry(mode, 2)]);
    const first = startChild(entries.length);
    child = first.process;
    const { url } = await first.line<{ url: string }>('url');
    const client = new EventBridgeClient({ endpoint: url, region: LOCAL_REGION, credentials: localCredentials, maxAttempts: 1 });
    const accepted = await client.send(new PutEventsCommand({ Entries: entries.map(({ entry }) => entry) }));
    client.destroy();
    const reported = await first.line<Reported>('ready');
    // Act
    process.kill(-first.process.pid!, 'SIGKILL');
    await first.exited;
    const resumed: EventBridgeEvent<string, unknown>[] = [];
    const lambdas = crashLambdas(CONSUMER_TIMEOUT_MS, async () => undefined);
    const bus = new LocalBus({
      lambdas: { invoke: (name, event) => (resumed.push(event as EventBridgeEvent<string, unknown>), lambdas.invoke(name, event)) },
      busName: 'bus-kill',
      journalFile: join(dataDir, 'bus-journal.jsonl'),
      deadLetterFile: join(dataDir, 'dead-letters.jsonl'),
      // Five quick attempts end long before the slow run's record stops being "in progress": only
      // waiting it out, rather than spending retries on it, gets those deliveries through.
      retryDelayMs: () => 100,
      maxRetryDelayMs: 100,
    });
    const pendingAtRestart = bus.deliveries();
    bus.resume();
    await bus.idle();
    const effects = await Promise.all(entries.map(({ id }) => effectsOf(id)));
    const deadLetters = bus.listDeadLetters();
    await bus.close();
    // Assess
    expect(accepted.FailedEntryCount).toBe(0);
    const modeOfId = new Map(reported.deliveries.map((delivery) => [delivery.eventId, delivery.mode]));
    expect(pendingAtRestart.map((delivery) => modeOfId.get(delivery.eventId)).sort()).toEqual(['failing', 'failing', 'slow', 'slow']);
    for (const delivery of reported.deliveries.filter(({ mode }) => mode === 'failing')) {
      expect(pendingAtRestart.find(({ eventId }) => eventId === delivery.eventId)).toMatchObject({
        attempts: delivery.attempts,
        nextAttemptAt: delivery.nextAttemptAt,
      });
    }
    expect(resumed.map(modeOf)).not.toContain('fast');
    expect(effects).toEqual(entries.map(() => 1));
    expect(deadLetters).toEqual([]);
    expect(bus.deliveries()).toEqual([]);
  });
});
