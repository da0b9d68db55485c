import { type IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { dynamoClient } from './aws/clients';
import { config } from './config';
import { kernelKeys, tableDesign } from './table/design';

/**
 * Powertools' DynamoDB layer writes either pk = the idempotency key (no sort key) or pk = one static
 * value and sk = the key: the second puts every record of the city in one hot partition, the first
 * leaves the table's `sk` empty. This layer writes each record under its own partition,
 * `kernelKeys.idempotencyRecord(key)`, and is otherwise Powertools' own (its conditional put on
 * `attribute_not_exists(pk)`, expiry and in-progress checks).
 */
class PartitionedPersistenceLayer extends DynamoDBPersistenceLayer {
  protected override getKey(idempotencyKey: string): Record<string, AttributeValue> {
    const key = kernelKeys.idempotencyRecord(idempotencyKey);
    return { [tableDesign.partitionKey]: { S: key.pk }, [tableDesign.sortKey]: { S: key.sk } };
  }
}

const stores = new Map<string, DynamoDBPersistenceLayer>();
let storeClient: unknown;

/**
 * Powertools idempotency records, kept in the single table, each in a partition of its own (see
 * {@link PartitionedPersistenceLayer}). Records expire through the TTL attribute; that is garbage
 * collection only, because Powertools also checks the expiry time itself.
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
    store = new PartitionedPersistenceLayer({
      tableName: config().tableName,
      // The conditional put tests attribute_not_exists(keyAttr); the key itself comes from getKey.
      keyAttr: tableDesign.partitionKey,
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
 *
 * Records are keyed `<keyPrefix>#<hash>`; the prefix is the scope unless several scopes share one
 * key space (every HTTP operation shares the callers' Idempotency-Keys).
 */
export function idempotentOnce<Payload, Result>(
  scope: string,
  fn: (payload: Payload, context: Context) => Promise<Result>,
  config: IdempotencyConfig,
  keyPrefix: string = scope,
): (payload: Payload, context: Context) => Promise<Result> {
  let wrapped: ((payload: Payload, context: Context) => Promise<Result>) | undefined;
  let wrappedStore: DynamoDBPersistenceLayer | undefined;
  return (payload, context) => {
    const store = idempotencyStore(scope);
    if (store !== wrappedStore) {
      wrapped = makeIdempotent(fn, { persistenceStore: store, config, keyPrefix });
      wrappedStore = store;
    }
    return wrapped!(payload, context);
  };
}
