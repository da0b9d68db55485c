import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { type Server, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePortBlock } from '../support/ports';

const root = resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'grid-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** `npm start` with PORT and DATA_DIR. */
const npmStart = (port: number | string, data: string) =>
  spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'infra/local/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), DATA_DIR: data },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

/** Runs `npm start` to its end (it stops by itself): its exit code and what it printed. */
async function npmStartToEnd(port: number | string, data: string): Promise<{ code: number | null; out: string; err: string }> {
  const child = npmStart(port, data);
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.on('exit', (exit) => done(exit)));
  return { code, out, err };
}

/** Another program listening on 127.0.0.1:`port` until the returned close. */
async function holdPort(port: number): Promise<() => Promise<void>> {
  const server: Server = createServer();
  await new Promise<void>((listening) => server.listen(port, '127.0.0.1', listening));
  return () => new Promise<void>((closed) => server.close(() => closed()));
}

describe('npm start', () => {
  it('comes up, prints the URLs and demo users, answers /health, and stops cleanly on Ctrl-C', async () => {
    // Prepare
    const port = await freePortBlock();
    const child = npmStart(port, dataDir);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    // Act
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(() => fail(new Error(`not up within 15 s:\n${output}`)), 15_000);
      child.stdout.on('data', () => {
        if (output.includes('Ctrl-C stops')) {
          clearTimeout(timer);
          ready();
        }
      });
    });
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    child.kill('SIGINT');
    const code = await exited;
    // Assess
    expect(health.status).toBe(200);
    expect(output).toContain(`http://127.0.0.1:${port}/docs`);
    // The other parts on the ports derived from PORT, printed.
    expect(output).toContain(`DynamoDB       http://127.0.0.1:${port + 1}   (PORT+1)`);
    expect(output).toContain(`Event bus      http://127.0.0.1:${port + 2}   (PORT+2)`);
    expect(output).toContain(`S3 (photos)    http://127.0.0.1:${port + 3}   (PORT+3)`);
    expect(output).toContain(`WeChat is a local stand-in (http://127.0.0.1:${port + 4}, PORT+4)`);
    expect(output).toContain(`Urban management's own system is a local simulator (http://127.0.0.1:${port + 6}, PORT+6)`);
    for (const user of ['demo-admin', 'demo-grid-worker', 'demo-volunteer', 'demo-resident', 'demo-outdoor-worker', 'demo-station-manager']) {
      expect(output).toContain(user);
    }
    expect(code).toBe(0);
  });

  it('stops with one line and exit code 1 when a port it needs is taken: PORT itself, or one derived from it', async () => {
    // Prepare: something holds PORT of one start, and PORT+2 (the bus's) of another.
    const first = await freePortBlock();
    const releases = [await holdPort(first)];
    const second = await freePortBlock();
    releases.push(await holdPort(second + 2));
    const folders = [join(dataDir, 'first'), join(dataDir, 'second')];
    try {
      // Act
      const [gateway, bus] = await Promise.all([npmStartToEnd(first, folders[0]!), npmStartToEnd(second, folders[1]!)]);
      // Assess
      for (const result of [gateway, bus]) {
        expect(result.code).toBe(1);
        expect(result.err.trim().split('\n')).toHaveLength(1);
        expect(result.err).not.toMatch(/\n\s+at /);
        expect(result.out).toBe('');
      }
      expect(gateway.err).toContain(`npm start: port ${first} (the API gateway, PORT) is already in use`);
      expect(gateway.err).toContain(`PORT=${first + 100} npm start`);
      expect(bus.err).toContain(`npm start: port ${second + 2} (the event bus, PORT+2) is already in use`);
      // Nothing started: not even the data folder was made.
      expect(folders.map((folder) => existsSync(folder))).toEqual([false, false]);
    } finally {
      for (const release of releases) await release();
    }
  });

  it('stops with one line and exit code 1 on a PORT that is not one', async () => {
    // Act
    const result = await npmStartToEnd('http', join(dataDir, 'never'));
    // Assess
    expect(result.code).toBe(1);
    expect(result.err.trim()).toBe("npm start: PORT is 'http': give a whole number from 0 to 65529 (the next 6 ports are used too), e.g. PORT=3100 npm start");
  });
});
