import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { Context } from 'aws-lambda';
import { type LambdaFunction, lambdaFunctions } from '../functions';
import { runAsFunction } from './table-guard';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/**
 * Loads each function's module on its first invocation and keeps it, like a warm Lambda
 * execution environment: module-level state (clients, caches) is initialised once per process.
 */
export class LocalLambdas {
  private readonly modules = new Map<string, Promise<Handler>>();
  private readonly byName = new Map(lambdaFunctions().map((fn) => [fn.name, fn]));

  constructor(private readonly root: string) {}

  get(name: string): LambdaFunction {
    const fn = this.byName.get(name);
    if (!fn) throw new Error(`no function named ${name}`);
    return fn;
  }

  /**
   * Invokes a function with a Lambda-like context; errors propagate like a failed invocation. It runs
   * as that function, so its table calls are held to its declared access (infra/table-access.ts).
   */
  invoke(name: string, event: unknown): Promise<unknown> {
    return runAsFunction(name, async () => {
      const handler = await this.load(name);
      return handler(event, contextFor(this.get(name)));
    });
  }

  private load(name: string): Promise<Handler> {
    let loaded = this.modules.get(name);
    if (!loaded) {
      const entry = resolve(this.root, this.get(name).entry);
      loaded = import(entry).then((module: { handler?: Handler }) => {
        if (typeof module.handler !== 'function') throw new Error(`${entry} does not export a handler`);
        return module.handler;
      });
      // A module that failed to load is retried on the next invocation, as a new cold start would.
      loaded.catch(() => this.modules.delete(name));
      this.modules.set(name, loaded);
    }
    return loaded;
  }
}

/**
 * The context counts down from the function's configured timeout, as Lambda's does: Powertools
 * idempotency marks a record "in progress" until then, so a run cut short (a crash, `kill -9`)
 * leaves a record that a redelivery can take over once that time has passed, not later.
 */
export function contextFor({ name: functionName, timeoutSeconds }: Pick<LambdaFunction, 'name' | 'timeoutSeconds'>): Context {
  const deadline = Date.now() + timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
