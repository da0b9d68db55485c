/**
 * What the bundles get instead of `@aws-lambda-powertools/logger/middleware` (the alias of the
 * package in infra/bundling.ts covers its subpaths): Powertools' middy middleware as the house uses
 * it, `injectLambdaContext(logger, { resetKeys: true })`. Before the handler it adds the Lambda
 * context to the logger's lines (the first invocation of an on-demand environment is its cold
 * start) and logs the event when `POWERTOOLS_LOGGER_LOG_EVENT` or `logEvent` asks; after it, or
 * when it fails, it clears the keys appended during the invocation. Like Powertools it leaves that
 * clean-up where another Powertools middleware that answers early finds it (`request.internal`).
 * The options that need what the stand-in leaves out (`correlationIdPath`,
 * `flushBufferOnUncaughtError`) throw. See ./index.ts.
 */

import { type LambdaContextFields, type Logger, unavailable } from './index';

/** The options the house may give: `clearState` is Powertools' older name for `resetKeys`. */
export interface InjectLambdaContextOptions {
  resetKeys?: boolean;
  clearState?: boolean;
  logEvent?: boolean;
}

/** Where Powertools middlewares leave their clean-up for one that answers early (commons' `LOGGER_KEY`). */
const LOGGER_KEY = 'powertools-for-aws.logger';

interface MiddyRequest {
  event: unknown;
  context: LambdaContextFields;
  internal: Record<string, unknown>;
}

export function injectLambdaContext(target: Logger | Logger[], options?: InjectLambdaContextOptions) {
  const unsupported = Object.keys(options ?? {}).filter((option) => !['resetKeys', 'clearState', 'logEvent'].includes(option));
  if (unsupported.length > 0) unavailable(`middleware option ${unsupported.join(', ')}`);
  const loggers = Array.isArray(target) ? target : [target];
  const resets = Boolean(options?.resetKeys || options?.clearState);
  const after = () => {
    if (resets) for (const logger of loggers) logger.resetKeys();
  };
  return {
    before(request: MiddyRequest) {
      for (const logger of loggers) {
        if (resets) request.internal = { ...request.internal, [LOGGER_KEY]: after };
        logger.addContext(request.context);
        logger.logEventIfEnabled(request.event, options?.logEvent);
      }
    },
    after,
    onError: after,
  };
}
