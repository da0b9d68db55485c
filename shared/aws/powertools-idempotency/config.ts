import type { JSONValue } from '@aws-lambda-powertools/commons/types';
import type { Context } from 'aws-lambda';
import { isFieldPath } from '../jmespath';
import { strictFlagFromEnv } from '../powertools-commons';
import type { IdempotencyRecord } from './dynamodb';
import { unavailable } from './errors';

/** What a replayed call returns instead of the saved result: Powertools' `responseHook`. */
export type ResponseHook = (response: JSONValue, record: IdempotencyRecord) => JSONValue;

/** Powertools' `IdempotencyConfigOptions`, less what the bundles leave out (see {@link IdempotencyConfig}). */
export interface IdempotencyConfigOptions {
  /** A dotted field path (`detail.meta.id`) to the part of the payload the key is hashed from; '' hashes it whole. */
  eventKeyJmesPath?: string;
  /** A dotted field path to the part of the payload a repeat must match. */
  payloadValidationJmesPath?: string;
  /** Custom JMESPath functions: accepted, and meaningless, since a field path calls none. */
  jmesPathOptions?: object;
  throwOnNoIdempotencyKey?: boolean;
  expiresAfterSeconds?: number;
  /** Refused when true: the local cache is not in the bundles. */
  useLocalCache?: boolean;
  /** Accepted, and meaningless without the local cache. */
  maxLocalCacheSize?: number;
  hashFunction?: string;
  lambdaContext?: Context;
  responseHook?: ResponseHook;
}


/**
 * Powertools' `IdempotencyConfig` with the same defaults (no key path, an hour, MD5) and the same
 * switch, `POWERTOOLS_IDEMPOTENCY_DISABLED`, read when it is made. Key paths must be dotted field
 * paths (shared/aws/jmespath): one that is not throws here, when the function is defined, rather
 * than on its first call. `useLocalCache` throws: the local cache is not in the bundles, and
 * without it a repeat would read the table where the package answers from memory.
 */
export class IdempotencyConfig {
  // Declared only: each is set in the constructor, and a class field would be written out twice.
  declare eventKeyJmesPath: string;
  declare payloadValidationJmesPath?: string;
  declare throwOnNoIdempotencyKey: boolean;
  declare expiresAfterSeconds: number;
  declare hashFunction: string;
  declare lambdaContext?: Context;
  declare responseHook?: ResponseHook;
  readonly #enabled: boolean;

  constructor(config: IdempotencyConfigOptions) {
    if (config.useLocalCache) unavailable('local cache (useLocalCache)');
    for (const path of [config.eventKeyJmesPath, config.payloadValidationJmesPath]) {
      if (path && !isFieldPath(path)) unavailable(`JMESPath "${path}" (only dotted field paths are)`);
    }
    this.eventKeyJmesPath = config.eventKeyJmesPath ?? '';
    this.payloadValidationJmesPath = config.payloadValidationJmesPath;
    this.throwOnNoIdempotencyKey = config.throwOnNoIdempotencyKey ?? false;
    this.expiresAfterSeconds = config.expiresAfterSeconds ?? 3600;
    this.hashFunction = config.hashFunction ?? 'md5';
    this.lambdaContext = config.lambdaContext;
    this.responseHook = config.responseHook;
    this.#enabled = !strictFlagFromEnv('POWERTOOLS_IDEMPOTENCY_DISABLED');
  }

  isEnabled(): boolean {
    return this.#enabled;
  }

  /** The context whose remaining time bounds the in-progress record; makeIdempotent registers it too. */
  registerLambdaContext(context: Context): void {
    this.lambdaContext = context;
  }
}
