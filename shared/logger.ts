import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext as powertoolsLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { HouseLogger } from './aws/powertools-logger/index';
import type { InjectLambdaContextOptions } from './aws/powertools-logger/middleware';

/** The function's own logger: in Lambda there is one function to a process, so one logger. */
const own = new Logger({ serviceName: 'grid-service' });

/**
 * The logger of the function running now. The local runtime can run every function in one process;
 * it then answers with the running function's own logger (infra/local/function-scope.ts), so a log
 * line names the function that wrote it and one function's keys never show in another's lines.
 */
let currentLogger: () => HouseLogger | undefined = () => undefined;

/** Set only by the local runtime: where to find the running function's logger (undefined: this process's own). */
export function loggersFrom(source: (() => HouseLogger | undefined) | undefined): void {
  currentLogger = source ?? (() => undefined);
}

/**
 * The structured JSON logger every function uses (Powertools). Level from `POWERTOOLS_LOG_LEVEL`.
 * Each use goes to the running function's logger (see {@link loggersFrom}); in Lambda, always `own`.
 * Typed as what the house uses of it ({@link HouseLogger}): the bundles carry a stand-in that has
 * only that (shared/aws/powertools-logger), so anything more fails the type check here, not in Lambda.
 */
export const logger: HouseLogger = new Proxy(own, {
  get(target, key) {
    const active = currentLogger() ?? target;
    const value: unknown = Reflect.get(active, key, active);
    // Powertools keeps its state in private fields, which only the logger itself can reach.
    return typeof value === 'function' ? value.bind(active) : value;
  },
});

/**
 * Powertools' middy middleware, for {@link logger}: the Lambda context on every line, the keys
 * appended during an invocation cleared after it (`resetKeys`). The package types its argument as
 * its own `Logger` class, which `logger`'s narrower type is not; behind the proxy it is one (or, in
 * a bundle, the stand-in, whose middleware asks no more of it).
 */
export const injectLambdaContext = (target: HouseLogger, options: InjectLambdaContextOptions): ReturnType<typeof powertoolsLambdaContext> =>
  powertoolsLambdaContext(target as Logger, options);
