import { Logger } from '@aws-lambda-powertools/logger';

/** The function's own logger: in Lambda there is one function to a process, so one logger. */
const own = new Logger({ serviceName: 'grid-service' });

/**
 * The logger of the function running now. The local runtime can run every function in one process;
 * it then answers with the running function's own logger (infra/local/function-scope.ts), so a log
 * line names the function that wrote it and one function's keys never show in another's lines.
 */
let currentLogger: () => Logger | undefined = () => undefined;

/** Set only by the local runtime: where to find the running function's logger (undefined: this process's own). */
export function loggersFrom(source: (() => Logger | undefined) | undefined): void {
  currentLogger = source ?? (() => undefined);
}

/**
 * The structured JSON logger every function uses (Powertools). Level from `POWERTOOLS_LOG_LEVEL`.
 * Each use goes to the running function's logger (see {@link loggersFrom}); in Lambda, always `own`.
 */
export const logger: Logger = new Proxy(own, {
  get(target, key) {
    const active = currentLogger() ?? target;
    const value: unknown = Reflect.get(active, key, active);
    // Powertools keeps its state in private fields, which only the logger itself can reach.
    return typeof value === 'function' ? value.bind(active) : value;
  },
});
