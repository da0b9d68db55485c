import { type IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import { dynamoClient } from './aws/clients';
import { config } from './config';
import { keys, tableDesign } from './table/design';

const stores = new Map<string, DynamoDBPersistenceLayer>();
let storeClient: unknown;

/**
 * Powertools idempotency records, kept in the single table under one static partition. Records
 * expire through the TTL attribute; that is garbage collection only, because Powertools also checks
 * the expiry time itself.
 *
 * One persistence layer per user (`scope`: a consumer, an HTTP operation): a layer keeps the first
 * configuration it is given (key path, key prefix) and is reconfigured on every call, so sharing
 * one between a consumer and an Idempotency-Key route — as the local runtime, running every
 * function in one process, would — mixes their keys up.
 */
export function idempotencyStore(scope: string): DynamoDBPersistenceLayer {
  // Rebuilt when the clients were reset (tests pointing the process at another engine).
  if (storeClient !== dynamoClient()) {
    stores.clear();
    storeClient = dynamoClient();
  }
  let store = stores.get(scope);
  if (!store) {
    store = new DynamoDBPersistenceLayer({
      tableName: config().tableName,
      keyAttr: tableDesign.partitionKey,
      sortKeyAttr: tableDesign.sortKey,
      staticPkValue: keys.idempotencyPartition,
      expiryAttr: tableDesign.timeToLiveAttribute,
      awsSdkV3Client: dynamoClient(),
    });
    stores.set(scope, store);
  }
  return store;
}

/**
 * `makeIdempotent` over this scope's store, for a Lambda-shaped function. The wrapper is built on
 * first use (so the store binds to the clients of the environment it runs in) and rebuilt only if
 * the store changes, as when tests or the benchmark re-point one process at a new engine.
 */
export function idempotentOnce<Payload, Result>(
  scope: string,
  fn: (payload: Payload, context: Context) => Promise<Result>,
  config: IdempotencyConfig,
): (payload: Payload, context: Context) => Promise<Result> {
  let wrapped: ((payload: Payload, context: Context) => Promise<Result>) | undefined;
  let wrappedStore: DynamoDBPersistenceLayer | undefined;
  return (payload, context) => {
    const store = idempotencyStore(scope);
    if (store !== wrappedStore) {
      wrapped = makeIdempotent(fn, { persistenceStore: store, config, keyPrefix: scope });
      wrappedStore = store;
    }
    return wrapped!(payload, context);
  };
}
