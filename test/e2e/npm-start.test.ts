import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'grid-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const freePort = () =>
  new Promise<number>((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });

describe('npm start', () => {
  it('comes up, prints the URLs and demo users, answers /health, and stops cleanly on Ctrl-C', async () => {
    // Prepare
    const port = await freePort();
    const child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'infra/local/main.ts'], {
      cwd: root,
      env: { ...process.env, PORT: String(port), DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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
    for (const user of ['demo-admin', 'demo-grid-worker', 'demo-volunteer', 'demo-resident', 'demo-outdoor-worker', 'demo-station-manager']) {
      expect(output).toContain(user);
    }
    expect(code).toBe(0);
  });
});
