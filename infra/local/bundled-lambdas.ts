import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { LambdaFunction } from '../functions';
import { bundleOf } from './bundles';
import { FunctionDirectory, type LocalFunctions, contextFieldsFor } from './lambda';
import { isEmf } from './metrics-page';

/** The worker that hosts one function (plain JavaScript, next to this file). */
const WORKER_SCRIPT = new URL('./function-worker.mjs', import.meta.url);

type Settled = { id: number; result?: unknown; error?: Record<string, unknown> & { name: string; message: string }; initFailed?: boolean };

/**
 * Runs each function from the esbuild bundle CDK deploys (infra/local/bundles.ts), each in a worker
 * thread of its own — its execution environment — with exactly its own environment as `process.env`
 * (`environmentOf`, infra/local/environment.ts). A worker starts on the function's first invocation
 * (its cold start) and stays warm; one that dies, or whose bundle fails to load, is replaced on the
 * next invocation, as Lambda replaces an environment. So a defect only a bundle has — a module that
 * bundles wrongly, a variable the function reads but is not given — fails here before it deploys.
 * The EMF lines a worker prints (its metrics) also go to `onMetrics` (the local /metrics page).
 */
export class BundledLambdas extends FunctionDirectory implements LocalFunctions {
  private readonly environments = new Map<string, FunctionWorker>();

  constructor(
    private readonly bundles: string,
    private readonly environmentOf: (fn: LambdaFunction) => Record<string, string>,
    private readonly onMetrics?: (document: unknown) => void,
  ) {
    super();
  }

  invoke(name: string, event: unknown): Promise<unknown> {
    const fn = this.get(name);
    let environment = this.environments.get(name);
    if (!environment?.alive) {
      environment = new FunctionWorker(fn, bundleOf(this.bundles, name), this.environmentOf(fn), this.onMetrics);
      this.environments.set(name, environment);
    }
    return environment.invoke(event);
  }

  async close(): Promise<void> {
    const workers = [...this.environments.values()];
    this.environments.clear();
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/** One function's worker and the invocations it is running. */
class FunctionWorker {
  alive = true;
  private readonly worker: Worker;
  private readonly running = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 0;

  constructor(
    private readonly fn: LambdaFunction,
    bundle: string,
    environment: Record<string, string>,
    onMetrics?: (document: unknown) => void,
  ) {
    this.worker = new Worker(WORKER_SCRIPT, { env: environment, workerData: { bundle }, stdout: true, stderr: true });
    this.worker.on('message', (settled: Settled) => this.settle(settled));
    this.worker.on('error', (error) => this.die(error));
    this.worker.on('exit', (code) => this.die(new Error(`the execution environment of ${fn.name} exited with code ${code}`)));
    tagLines(this.worker.stdout, process.stdout, fn.name, onMetrics);
    tagLines(this.worker.stderr, process.stderr, fn.name);
  }

  invoke(event: unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.running.set(id, { resolve, reject });
      const { deadline, ...context } = contextFieldsFor(this.fn);
      // The worker counts the remaining time on its clock, which follows ours (function-worker.mjs).
      this.worker.postMessage({ id, event, clock: Date.now(), context: { ...context, remainingMs: deadline - Date.now() } });
    });
  }

  async terminate(): Promise<void> {
    this.alive = false;
    await this.worker.terminate();
  }

  private settle({ id, result, error, initFailed }: Settled): void {
    const invocation = this.running.get(id);
    if (!invocation) return;
    this.running.delete(id);
    if (!error) return invocation.resolve(result);
    const { name, message, stack, ...fields } = error;
    invocation.reject(Object.assign(new Error(message), fields, { name, stack }));
    // An environment whose init failed is not reused: the next invocation starts a new one.
    if (initFailed && this.alive) void this.terminate();
  }

  private die(error: Error): void {
    this.alive = false;
    for (const { reject } of this.running.values()) reject(error);
    this.running.clear();
  }
}

/**
 * Copies a worker's output lines to ours, each naming the function (as its log group would): a JSON
 * log line gains `function_name` where it lacks one, any other line a `[name]` prefix. An EMF line
 * (metrics, as CloudWatch reads them from the log) is also handed to `onMetrics`.
 */
function tagLines(from: Readable, to: Writable, functionName: string, onMetrics?: (document: unknown) => void): void {
  createInterface({ input: from, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) => {
    let tagged = `[${functionName}] ${line}`;
    if (line.startsWith('{')) {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        tagged = JSON.stringify({ function_name: functionName, ...entry });
        if (onMetrics && isEmf(entry)) onMetrics(entry);
      } catch {
        // Not JSON after all: the prefix stays.
      }
    }
    to.write(`${tagged}\n`);
  });
}
