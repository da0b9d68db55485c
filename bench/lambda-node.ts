import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LAMBDA_RUNTIME } from '../infra/bundling';

const run = promisify(execFile);

/**
 * The Node release the cold-start bench runs the bundles on: one of the major version Lambda runs
 * them on (`LAMBDA_RUNTIME`). Loading and first calls differ between majors — on Node 24, for one,
 * AsyncLocalStorage no longer works through async hooks, which on Node 20 slow every promise of a
 * function that uses it — so a bench on this machine's Node 20 would measure a runtime nothing is
 * deployed on. Bump it with the runtime; {@link lambdaNode} refuses a mismatch.
 */
export const LAMBDA_NODE_VERSION = '24.22.3';

/** What runs the cold starts: the Node binary, its version, and why, when it is not Lambda's. */
export interface BenchNode {
  path: string;
  version: string;
  /** Set when the bench could not run Lambda's major version and fell back to this process's Node. */
  fallback?: string;
}

/**
 * The Node binary for the cold starts. `BENCH_NODE=<path>` names one, `BENCH_NODE=current` keeps this
 * process's; otherwise the official build of {@link LAMBDA_NODE_VERSION} for this platform, from the
 * npm registry (`node-<platform>-<arch>`, the package npm's own `node` package installs), unpacked
 * once into `<work>/node-<version>`. Without the registry the bench falls back to this process's
 * Node and says so in its results.
 */
export async function lambdaNode(work: string): Promise<BenchNode> {
  const major = /^nodejs(\d+)\.x$/.exec(LAMBDA_RUNTIME)?.[1];
  if (major !== LAMBDA_NODE_VERSION.split('.')[0]) {
    throw new Error(`the bench's Node ${LAMBDA_NODE_VERSION} is not the major of the deployed runtime ${LAMBDA_RUNTIME}: bump LAMBDA_NODE_VERSION`);
  }
  const named = process.env.BENCH_NODE;
  if (named && named !== 'current') return { path: named, version: (await run(named, ['--version'])).stdout.trim() };
  const current = (fallback: string): BenchNode => ({ path: process.execPath, version: process.version, fallback });
  if (named === 'current') return current('BENCH_NODE=current');
  const folder = join(work, `node-${LAMBDA_NODE_VERSION}`);
  const binary = join(folder, 'package', 'bin', 'node');
  if (!existsSync(binary)) {
    mkdirSync(folder, { recursive: true });
    const spec = `node-${process.platform}-${process.arch}@${LAMBDA_NODE_VERSION}`;
    try {
      const { stdout } = await run('npm', ['pack', spec, '--silent', '--pack-destination', folder], { cwd: folder });
      await run('tar', ['xzf', stdout.trim().split('\n').at(-1)!], { cwd: folder });
    } catch (error) {
      return current(`could not fetch ${spec} (${(error as Error).message.split('\n')[0]})`);
    }
  }
  return { path: binary, version: (await run(binary, ['--version'])).stdout.trim() };
}
