/**
 * What the bundles get instead of `@aws-lambda-powertools/idempotency` (an alias in
 * infra/bundling.ts; `/dynamodb` follows it to ./dynamodb.ts): the part of Powertools idempotency
 * the house uses — `makeIdempotent` over a Lambda-shaped function with `persistenceStore`,
 * `config` and `keyPrefix` (shared/idempotency.ts), `IdempotencyConfig` with its key and payload
 * paths, expiry, `responseHook` and `registerLambdaContext` (shared/events/consumer.ts,
 * shared/http/idempotency-key.ts), the errors callers tell apart, and the DynamoDB layer
 * (./dynamodb.ts) — behaving as the package does: the same item for the same call, the same
 * conditional put, the saved result (through `responseHook`) for a repeat,
 * `IdempotencyAlreadyInProgressError` while another run holds the key, `IdempotencyValidationError`
 * for another payload under it, the record deleted when the function throws so the retry runs, the
 * function run without idempotency when the key path finds nothing (or `IdempotencyKeyError` under
 * `throwOnNoIdempotencyKey`), Powertools' warnings, and the switch `POWERTOOLS_IDEMPOTENCY_DISABLED`.
 *
 * Why: the package is 15 KiB of every consumer's bundle and every HTTP function's with an
 * Idempotency-Key route, and 4 more of Powertools commons it pulls in (its environment and type
 * helpers, the LRU cache, the user-agent middleware); this is under 8, 11 KiB less of each bundle.
 * It reads its key paths with the house's field lookup (shared/aws/jmespath), as the package does
 * in the bundles.
 *
 * Not here: the local cache (`useLocalCache` throws), the class method decorator (`idempotent`),
 * the middy middleware (`/middleware`), the other persistence layers (`/cache`, `/persistence`;
 * importing any of them fails the build), durable functions' contexts and `dataIndexArgument`
 * (both throw), and what ./dynamodb.ts leaves out. Key paths must be dotted field paths
 * (IdempotencyConfig throws on others). Powertools also tests an in-progress record's expiry when
 * it answers a repeat, against the milliseconds of the current second, which no expiry is below:
 * that test never fires, and is left out (an in-progress record past its expiry is taken over by
 * the conditional put, as in the package). test/integration/idempotency-stand-in.test.ts holds
 * this to the real package: the same outcomes and the same stored items, scenario by scenario, on
 * the embedded engine.
 */

import type { Context } from 'aws-lambda';
import { search } from '../jmespath';
import { IdempotencyConfig } from './config';
import { type DynamoDBPersistenceLayer, type IdempotencyRecord, statusOf } from './dynamodb';
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyInconsistentStateError,
  type IdempotencyItemAlreadyExistsError,
  IdempotencyPersistenceLayerError,
  IdempotencyUnknownError,
  unavailable,
} from './errors';

export { IdempotencyConfig, type IdempotencyConfigOptions, type ResponseHook } from './config';
export {
  IdempotencyAlreadyInProgressError,
  IdempotencyInconsistentStateError,
  IdempotencyInvalidStatusError,
  IdempotencyItemAlreadyExistsError,
  IdempotencyItemNotFoundError,
  IdempotencyKeyError,
  IdempotencyPersistenceLayerError,
  IdempotencyUnknownError,
  IdempotencyValidationError,
} from './errors';

/** How many times Powertools tries again on `IdempotencyInconsistentStateError` (a record that expired under it). */
const MAX_RETRIES = 2;

// The package's own constraint on the wrapped function, so the same functions type-check against either.
type AnyFunction = (...args: Array<any>) => any;

export interface IdempotencyLambdaHandlerOptions {
  persistenceStore: DynamoDBPersistenceLayer;
  config?: IdempotencyConfig;
  keyPrefix?: string;
}

/**
 * Powertools' `makeIdempotent`: with idempotency switched off, the function itself; else a wrapper
 * that hashes its first argument (or the part at the key path), registers the Lambda context it is
 * called with, and runs it at most once per key while the record lives.
 */
export function makeIdempotent<Func extends AnyFunction>(
  fn: Func,
  options: IdempotencyLambdaHandlerOptions,
): (...args: Parameters<Func>) => ReturnType<Func> {
  if ('dataIndexArgument' in options) unavailable('dataIndexArgument');
  const { persistenceStore: store, config = new IdempotencyConfig({}), keyPrefix } = options;
  if (!config.isEnabled()) return fn;
  return function (this: unknown, ...args: Parameters<Func>) {
    const context: unknown = args[1];
    if (typeof context === 'object' && context !== null) {
      if ('step' in context) unavailable("durable functions' context");
      if ('getRemainingTimeInMillis' in context) config.registerLambdaContext(context as Context);
    }
    return handle(() => fn.apply(this, args), args[0], config, store, keyPrefix);
  } as (...args: Parameters<Func>) => ReturnType<Func>;
}

/** Powertools' `IdempotencyHandler.handle`. */
async function handle(run: () => unknown, payload: unknown, config: IdempotencyConfig, store: DynamoDBPersistenceLayer, keyPrefix?: string): Promise<unknown> {
  // On every call, as the package configures its layer; a refusal is the call's rejection.
  store.configure({ config, keyPrefix });
  // A key path that finds nothing (null, or not there) when a missing key is no error: no record.
  if (config.eventKeyJmesPath !== '' && !config.throwOnNoIdempotencyKey && search(config.eventKeyJmesPath, payload) == null) return await run();
  for (let retryNo = 0; ; retryNo++) {
    try {
      const existing = await saveInProgressOrReturnExistingResult(payload, config, store);
      if (existing) return existing.result;
      return await functionResult(run, payload, store);
    } catch (error) {
      if (!(error instanceof Error)) throw new IdempotencyUnknownError('An unknown error occurred while processing the request.', { cause: error });
      // The record expired between the failed put and its answer: the next put takes it.
      if (error.name !== 'IdempotencyInconsistentStateError' || retryNo >= MAX_RETRIES) throw error;
    }
  }
}

/** Runs the function; deletes the record when it throws (so its retry runs), else saves its result. */
async function functionResult(run: () => unknown, payload: unknown, store: DynamoDBPersistenceLayer): Promise<unknown> {
  let result: unknown;
  try {
    result = await run();
  } catch (error) {
    await persisting('delete record from', () => store.deleteRecord(payload));
    throw error;
  }
  await persisting('update success record to', () => store.saveSuccess(payload, result));
  return result;
}

/** A write of the record, its failure wrapped as Powertools wraps it. */
async function persisting(what: string, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (cause) {
    throw new IdempotencyPersistenceLayerError(`Failed to ${what} idempotency store`, { cause });
  }
}

/** Nothing when this call now holds the key; else the answer of the record that is there. */
async function saveInProgressOrReturnExistingResult(
  payload: unknown,
  config: IdempotencyConfig,
  store: DynamoDBPersistenceLayer,
): Promise<{ result: unknown } | undefined> {
  try {
    await store.saveInProgress(payload, config.lambdaContext?.getRemainingTimeInMillis());
    return undefined;
  } catch (error) {
    if (!(error instanceof Error)) throw new IdempotencyUnknownError('An unknown error occurred while processing the request.', { cause: error });
    if (error.name !== 'IdempotencyItemAlreadyExistsError') {
      throw new IdempotencyPersistenceLayerError('Failed to save in progress record to idempotency store', { cause: error });
    }
    const existing = (error as IdempotencyItemAlreadyExistsError).existingRecord;
    // Without the old item in the failed put's answer, read it; either way, hold the payload to it.
    const record = existing === undefined ? await store.getRecord(payload) : store.processExistingRecord(existing, payload);
    return { result: resultFromRecord(record, config) };
  }
}

/** The saved result (through `responseHook`), or an error while the record is in progress. */
function resultFromRecord(record: IdempotencyRecord, config: IdempotencyConfig): unknown {
  const status = statusOf(record);
  if (status === 'EXPIRED') throw new IdempotencyInconsistentStateError('Item has expired during processing and may not longer be valid.');
  if (status === 'INPROGRESS') throw new IdempotencyAlreadyInProgressError(`There is already an execution in progress with idempotency key: ${record.idempotencyKey}`);
  return config.responseHook ? config.responseHook(record.responseData as never, record) : record.responseData;
}
