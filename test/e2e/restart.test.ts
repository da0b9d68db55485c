import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startRuntime } from '../../infra/local/runtime';

const dataDir = mkdtempSync(join(tmpdir(), 'grid-restart-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const call = async (url: string, path: string, init: RequestInit = {}) => {
  const response = await fetch(`${url}${path}`, init);
  return { status: response.status, body: (await response.json()) as any };
};

describe('a restart of the local runtime (engine in its own process, as npm start runs it)', () => {
  it('keeps every write and the signing key, and seeds only on the first start', async () => {
    // Prepare
    const first = await startRuntime({ port: 0, dataDir, timers: false, separateEngineProcess: true });
    const { body: session } = await call(first.url, '/auth/wechat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'dev:demo-admin' }),
    });
    const auth = { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' };
    await call(first.url, '/org-units', {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ kind: 'grid', name: '重启后仍在的网格', parentId: 'lushan', id: 'survives-restart' }),
    });
    await first.close();
    // Act
    const second = await startRuntime({ port: 0, dataDir, timers: false, separateEngineProcess: true });
    const kept = await call(second.url, '/org-units/survives-restart', { headers: auth });
    await second.close();
    // Assess
    expect(first.seeded).toBe(true);
    expect(second.seeded).toBe(false);
    expect(kept.status).toBe(200);
    expect(kept.body.name).toBe('重启后仍在的网格');
  });
});
