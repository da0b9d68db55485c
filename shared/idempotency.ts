import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
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
