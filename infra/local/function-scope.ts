import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Environment, readEnvironmentFrom } from '../../shared/config';
import { loggersFrom } from '../../shared/logger';
import { type EmfOutput, metricsObservedBy } from '../../shared/observability/metrics';

/**
 * Which function the code running now belongs to, when the local runtime runs every function in one
 * process (npm start, npm test): in Lambda each function has a process of its own, so its variables,
 * its logger and its role go without saying; here they follow the invocation, through async calls.
 */
export interface FunctionScope {
  name: string;
  /** What its deployed twin's `process.env` would hold (infra/local/environment.ts). */
  environment?: Environment;
  /** Its own logger (one per function, as one per Lambda execution environment). */
  logger?: Logger;
  /** Who also reads the EMF documents it publishes (the runtime's local /metrics page). */
  onMetrics?: (document: EmfOutput) => void;
}

const scopes = new AsyncLocalStorage<FunctionScope>();

/** The function whose code is running now; undefined outside any (seeding, a test's own calls). */
export const currentFunction = (): FunctionScope | undefined => scopes.getStore();

/**
 * Runs `work` as the function `name`: its configuration reads `environment`, its log lines go to
 * `logger`, and its table calls are held to its declared access (infra/local/table-guard.ts).
 */
export function runAsFunction<T>(name: string, work: () => T, identity: Omit<FunctionScope, 'name'> = {}): T {
  scopeSharedModules();
  return scopes.run({ name, ...identity }, work);
}

let installed = false;

/**
 * Points shared/config.ts and shared/logger.ts at the running function's environment and logger,
 * and shared/observability/metrics.ts at its runtime's metrics page; outside any function they read
 * `process.env` and their own logger, as before, and metrics go to stdout only.
 */
function scopeSharedModules(): void {
  if (installed) return;
  installed = true;
  readEnvironmentFrom(() => scopes.getStore()?.environment);
  loggersFrom(() => scopes.getStore()?.logger);
  metricsObservedBy(() => scopes.getStore()?.onMetrics);
}
