import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BundledLambdas } from '../../../infra/local/bundled-lambdas';
import { bundleOf } from '../../../infra/local/bundles';
import { functionEnvironment } from '../../../infra/local/environment';

/**
 * Stand-ins for bundles, written where `buildBundles` puts each function's: what each does says what
 * its execution environment is (its thread, its process.env), or fails in a way Lambda knows.
 */
const folder = mkdtempSync(join(tmpdir(), 'grid-fake-bundles-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function fakeBundle(functionName: string, source: string): void {
  const file = bundleOf(folder, functionName);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, source);
}

const REPORTS = `
import { threadId } from 'node:worker_threads';
let invocations = 0;
export const handler = async (event, context) => ({
  threadId, invocations: ++invocations, env: { ...process.env }, functionName: context.functionName,
  remaining: context.getRemainingTimeInMillis(), event,
});`;
fakeBundle('meta', REPORTS);
fakeBundle('users', REPORTS);
fakeBundle('reports', `export const handler = async () => { throw Object.assign(new Error('no such thing'), { name: 'IdempotencyAlreadyInProgressError', code: 7 }); };`);
fakeBundle('organisation', `export const handler = async () => { setTimeout(() => { throw new Error('escaped'); }); return new Promise(() => undefined); };`);
fakeBundle('facilities', `throw new Error('the bundle fails at init');`);

const runtimeEnvironment = { TABLE_NAME: 'grid-service', DYNAMODB_ENDPOINT: 'http://127.0.0.1:1', SERVICE_AREA: '1,2,3,4', HOME: '/root' };

type Report = { threadId: number; invocations: number; env: Record<string, string>; functionName: string; remaining: number; event: unknown };

describe('functions run from their bundles', () => {
  it('run each function in a thread of its own, warm after the first call, with exactly its own environment', async () => {
    // Prepare
    const lambdas = new BundledLambdas(folder, (fn) => functionEnvironment(fn, runtimeEnvironment));
    // Act
    const first = (await lambdas.invoke('meta', { n: 1 })) as Report;
    const again = (await lambdas.invoke('meta', { n: 2 })) as Report;
    const other = (await lambdas.invoke('users', { n: 3 })) as Report;
    await lambdas.close();
    // Assess
    expect(first.threadId).not.toBe(other.threadId);
    expect(again.threadId).toBe(first.threadId);
    expect([first.invocations, again.invocations, other.invocations]).toEqual([1, 2, 1]);
    expect(first.env).toEqual(functionEnvironment(lambdas.get('meta'), runtimeEnvironment));
    expect(other.env).toEqual(functionEnvironment(lambdas.get('users'), runtimeEnvironment));
    expect(first.env).not.toHaveProperty('HOME');
    expect(first.functionName).toBe('meta');
    expect(first.remaining).toBeGreaterThan(0);
    expect(again.event).toEqual({ n: 2 });
  });

  it("fail an invocation with the function's own error, its name and fields kept", async () => {
    // Prepare
    const lambdas = new BundledLambdas(folder, (fn) => functionEnvironment(fn, runtimeEnvironment));
    // Act
    const failure = lambdas.invoke('reports', {});
    // Assess
    await expect(failure).rejects.toMatchObject({ name: 'IdempotencyAlreadyInProgressError', message: 'no such thing', code: 7 });
    await lambdas.close();
  });

  it('fail the invocations of an environment that dies, and start a new one for the next', async () => {
    // Prepare
    const lambdas = new BundledLambdas(folder, (fn) => functionEnvironment(fn, runtimeEnvironment));
    // Act
    const dying = lambdas.invoke('organisation', {});
    await expect(dying).rejects.toThrow(/escaped/);
    const next = lambdas.invoke('organisation', {});
    // Assess
    await expect(next).rejects.toThrow(/escaped/);
    await lambdas.close();
  });

  it('fail every invocation of a bundle that cannot load, trying a fresh environment each time', async () => {
    // Prepare
    const lambdas = new BundledLambdas(folder, (fn) => functionEnvironment(fn, runtimeEnvironment));
    // Act
    const first = lambdas.invoke('facilities', {});
    await expect(first).rejects.toThrow(/fails at init/);
    const second = lambdas.invoke('facilities', {});
    // Assess
    await expect(second).rejects.toThrow(/fails at init/);
    await lambdas.close();
  });
});
