import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePortBlock } from '../support/ports';

/**
 * `kill -9` of `npm start` (its whole process group: gateway, handlers, bus and the engine's own
 * process) while residents submit requests and workers reserve seats, then a restart on the same
 * data folder. Nothing acknowledged may be lost, no event of a present write may be lost or
 * doubled in its effect, and every resubmission with its Idempotency-Key must find its first attempt.
 *
 * `CRASH_RUNS=20 npx vitest run test/e2e/crash.test.ts` runs it many times in a row.
 */

const root = resolve(import.meta.dirname, '../..');
const RUNS = Number(process.env.CRASH_RUNS ?? 1);
/** How long a restarted backend may take to finish what the crash interrupted (deliveries, retries). */
const SETTLE_MS = 90_000;


/** `npm start` in a process group of its own, resolved once it says it is up. */
async function startBackend(port: number, dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'infra/local/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`not up within 30 s:\n${output}`)), 30_000);
    const check = () => {
      if (!output.includes('Ctrl-C stops')) return;
      clearTimeout(timer);
      ready();
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => fail(new Error(`exited with ${code}:\n${output}`)));
  });
  return child;
}

/** SIGKILL to the whole group: nothing gets to flush or close. */
async function killGroup(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  process.kill(-child.pid!, 'SIGKILL');
  await exited;
}

interface Answer {
  status: number;
  body: any;
}

/** A client: one call, or a connection that dropped (status 0). */
function clientOf(port: number) {
  return async (method: string, path: string, options: { token?: string; body?: unknown; key?: string } = {}): Promise<Answer> => {
    try {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.key ? { 'idempotency-key': options.key } : {}),
        },
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    } catch {
      return { status: 0, body: undefined };
    }
  };
}

/** Polls until `done` says so (a generous deadline, never a fixed sleep: the machine may be slow). */
async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not settle: ${JSON.stringify(value).slice(0, 2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A slot start tomorrow, local time (the demo station opens 08:00–20:00, Asia/Shanghai). */
const slotTomorrow = (hour: number) => `${new Date(Date.now() + 8 * 3600_000 + 86_400_000).toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00:00+08:00`;

const submitters = ['demo-resident', 'demo-volunteer', 'demo-outdoor-worker'];
const reservers = ['demo-outdoor-worker', 'demo-resident', 'demo-volunteer', 'demo-grid-worker'];

describe('a hard crash of npm start under load', () => {
  const folders: string[] = [];
  afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

  for (let run = 1; run <= RUNS; run += 1) {
    it(`loses nothing acknowledged, no event, and doubles nothing (run ${run} of ${RUNS})`, async () => {
      // Prepare: a fresh backend with its demo data, and every demo user signed in.
      const dataDir = mkdtempSync(join(tmpdir(), 'grid-crash-'));
      folders.push(dataDir);
      // npm start listens on PORT and the four ports after it (infra/local/ports.ts).
      const port = await freePortBlock();
      let backend = await startBackend(port, dataDir);
      const api = clientOf(port);
      const tokens = new Map<string, string>();
      for (const user of new Set([...submitters, ...reservers, 'demo-grid-worker'])) {
        tokens.set(user, (await api('POST', '/auth/wechat', { body: { code: `dev:${user}` } })).body.token);
      }
      const tag = `crash-${Date.now().toString(36)}`;
      const submissions = Array.from({ length: 24 }, (_, index) => ({
        user: submitters[index % submitters.length]!,
        key: `${tag}-request-${index}`,
        body: { categoryId: 'sanitation', description: `${tag} 第${index}号：楼下垃圾桶满了`, location: { lat: 32.003, lng: 118.742 } },
      }));
      const reservations = reservers.flatMap((user, person) =>
        [10, 11, 12].map((hour) => ({ user, key: `${tag}-reserve-${person}-${hour}`, body: { start: slotTomorrow(hour) }, hour })),
      );
      const calls = [
        ...submissions.map((call) => ({ ...call, path: '/requests' })),
        ...reservations.map((call) => ({ ...call, path: '/stations/lushan-station/reservations' })),
      ].sort(() => Math.random() - 0.5);

      // Act: four clients at a time; the backend is killed after a random number of answers.
      const acknowledged = new Map<string, string>();
      const killAfter = 3 + Math.floor(Math.random() * 12);
      let answered = 0;
      let killing: Promise<void> | undefined;
      const queue = [...calls];
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          for (let call = queue.shift(); call && !killing; call = queue.shift()) {
            const answer = await api('POST', call.path, { token: tokens.get(call.user)!, body: call.body, key: call.key });
            if (answer.status === 201 || answer.status === 200) acknowledged.set(call.key, answer.body.id);
            answered += 1;
            if (answered >= killAfter && !killing) killing = killGroup(backend);
          }
        }),
      );
      await killing;
      backend = await startBackend(port, dataDir);
      try {
        // Every call is sent again with its key, as a client whose connection dropped would, until answered.
        const resent = new Map<string, Answer>();
        for (const call of calls) {
          resent.set(
            call.key,
            await eventually(
              () => api('POST', call.path, { token: tokens.get(call.user)!, body: call.body, key: call.key }),
              // A dropped connection, a fault, or the crashed attempt still "in progress" until its record expires.
              (answer) => answer.status !== 0 && answer.status < 500 && answer.body?.code !== 'idempotency_in_progress',
              `resending ${call.key}`,
            ),
          );
        }

        // Assess: every resubmission finds its first attempt; an acknowledged one, the very same object.
        for (const call of calls) {
          const answer = resent.get(call.key)!;
          expect([200, 201], `${call.key}: ${JSON.stringify(answer.body)}`).toContain(answer.status);
          if (acknowledged.has(call.key)) expect(answer.body.id, call.key).toBe(acknowledged.get(call.key));
        }
        // One request per key, each listed for its resident and opening as itself (no entry without its item).
        for (const user of submitters) {
          const listed = (await api('GET', '/me/requests?limit=100', { token: tokens.get(user)! })).body.items.filter(
            (item: { description?: string; summary?: string }) => JSON.stringify(item).includes(tag),
          );
          const mine = submissions.filter((call) => call.user === user);
          expect(listed.map((item: { id: string }) => item.id).sort(), user).toEqual(mine.map((call) => resent.get(call.key)!.body.id).sort());
          for (const item of listed) expect((await api('GET', `/requests/${item.id}`, { token: tokens.get(user)! })).status).toBe(200);
        }
        // One seat per reservation, and the slot's count matches.
        for (const hour of [10, 11, 12]) {
          const date = slotTomorrow(hour).slice(0, 10);
          const slots = (await api('GET', `/stations/lushan-station/slots?date=${date}`, { token: tokens.get('demo-resident')! })).body.items;
          const slot = slots.find((candidate: { start: string }) => Date.parse(candidate.start) === Date.parse(slotTomorrow(hour)));
          expect(slot.booked, `slot ${hour}:00`).toBe(reservers.length);
        }
        for (const user of reservers) {
          const listed = (await api('GET', '/me/reservations?limit=100', { token: tokens.get(user)! })).body.items;
          const mine = reservations.filter((call) => call.user === user).map((call) => resent.get(call.key)!.body.id);
          expect(listed.filter((item: { id: string }) => mine.includes(item.id)).map((item: { status: string }) => item.status)).toEqual(
            mine.map(() => 'confirmed'),
          );
        }
        // Every event of every present request reaches its effect exactly once: one notice for the grid
        // worker, one receipt for the resident.
        const requestIds = submissions.map((call) => resent.get(call.key)!.body.id as string);
        const noticesOf = async (user: string, kind: string) => {
          const items: { kind: string; subject?: { id: string } }[] = [];
          let cursor: string | undefined;
          do {
            const page = (await api('GET', `/me/notifications?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token: tokens.get(user)! })).body;
            items.push(...page.items);
            cursor = page.nextCursor;
          } while (cursor);
          return items.filter((item) => item.kind === kind && requestIds.includes(item.subject?.id ?? '')).map((item) => item.subject!.id);
        };
        const forWorker = await eventually(() => noticesOf('demo-grid-worker', 'request.submitted'), (ids) => new Set(ids).size === requestIds.length, 'the grid worker’s notices');
        expect(forWorker.sort()).toEqual([...requestIds].sort());
        for (const user of submitters) {
          const expected = submissions.filter((call) => call.user === user).map((call) => resent.get(call.key)!.body.id as string);
          const receipts = await eventually(() => noticesOf(user, 'request.received'), (ids) => new Set(ids).size === expected.length, `${user}'s receipts`);
          expect(receipts.sort(), user).toEqual(expected.sort());
        }
      } finally {
        await killGroup(backend);
      }
    }, 240_000);
  }
});
