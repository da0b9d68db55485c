import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { FUNCTION_MEMORY_MB, type LambdaFunction, lambdaFunctions } from '../functions';
import type { EmfOutput } from '../../shared/observability/metrics';
import { functionEnvironment } from './environment';
import { runAsFunction } from './function-scope';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/** What runs the functions locally: the gateway, the bus and the schedules invoke through it. */
export interface LocalFunctions {
  /** The function of that name in `lambdaFunctions()`. */
  get(name: string): LambdaFunction;
  /** Invokes a function with a Lambda-like context; errors propagate like a failed invocation. */
  invoke(name: string, event: unknown): Promise<unknown>;
  /** Lets go of what the functions hold (workers); invocations still running are cut short. */
  close(): Promise<void>;
}

/** The functions of the service by name, for both ways of running them. */
export class FunctionDirectory {
  private readonly byName = new Map(lambdaFunctions().map((fn) => [fn.name, fn]));

  get(name: string): LambdaFunction {
    const fn = this.byName.get(name);
    if (!fn) throw new Error(`no function named ${name}`);
    return fn;
  }
}

/**
 * Runs every function in this process: loads each function's module on its first invocation and
 * keeps it, like a warm Lambda execution environment (module-level state — clients, caches — is
 * initialised once). What Lambda gives each function a process for, it gives each invocation
 * (infra/local/function-scope.ts): the function's own environment, derived from its bindings as CDK
 * derives it, read from the runtime's environment at the time of the call; its own logger; and its
 * declared table access (infra/table-access.ts). The EMF documents they publish also go to
 * `onMetrics` (the local /metrics page).
 */
export class LocalLambdas extends FunctionDirectory implements LocalFunctions {
  private readonly modules = new Map<string, Promise<Handler>>();
  private readonly loggers = new Map<string, Logger>();

  constructor(
    private readonly root: string,
    private readonly onMetrics?: (document: EmfOutput) => void,
  ) {
    super();
  }

  invoke(name: string, event: unknown): Promise<unknown> {
    const fn = this.get(name);
    const environment = functionEnvironment(fn, process.env);
    return runAsFunction(
      name,
      async () => {
        const handler = await this.load(fn);
        return handler(event, contextFor(fn));
      },
      { environment, logger: this.loggerOf(fn, environment), ...(this.onMetrics ? { onMetrics: this.onMetrics } : {}) },
    );
  }

  async close(): Promise<void> {
    // Modules stay loaded: this process is the execution environment of them all.
  }

  /** The function's own logger: its service name, and its name on every line, as its log group would say. */
  private loggerOf(fn: LambdaFunction, environment: Record<string, string>): Logger {
    let logger = this.loggers.get(fn.name);
    if (!logger) {
      logger = new Logger({ serviceName: environment.POWERTOOLS_SERVICE_NAME, persistentKeys: { function_name: fn.name } });
      this.loggers.set(fn.name, logger);
    }
    return logger;
  }

  private load(fn: LambdaFunction): Promise<Handler> {
    let loaded = this.modules.get(fn.name);
    if (!loaded) {
      const entry = resolve(this.root, fn.entry);
      loaded = import(entry).then((module: { handler?: Handler }) => {
        if (typeof module.handler !== 'function') throw new Error(`${entry} does not export a handler`);
        return module.handler;
      });
      // A module that failed to load is retried on the next invocation, as a new cold start would.
      loaded.catch(() => this.modules.delete(fn.name));
      this.modules.set(fn.name, loaded);
    }
    return loaded;
  }
}

/** A Lambda context's data, without its methods; `deadline` is when its remaining time runs out (epoch ms). */
export type ContextFields = Omit<Context, 'getRemainingTimeInMillis' | 'done' | 'fail' | 'succeed'> & { deadline: number };

/**
 * The context counts down from the function's configured timeout, as Lambda's does: Powertools
 * idempotency marks a record "in progress" until then, so a run cut short (a crash, `kill -9`)
 * leaves a record that a redelivery can take over once that time has passed, not later.
 */
export function contextFieldsFor({ name: functionName, timeoutSeconds }: Pick<LambdaFunction, 'name' | 'timeoutSeconds'>): ContextFields {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: String(FUNCTION_MEMORY_MB),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    deadline: Date.now() + timeoutSeconds * 1000,
  };
}

/** The Lambda context of one invocation (see {@link contextFieldsFor}). */
export function contextFor(fn: Pick<LambdaFunction, 'name' | 'timeoutSeconds'>): Context {
  const { deadline, ...fields } = contextFieldsFor(fn);
  return {
    ...fields,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
