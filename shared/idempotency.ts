import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { dynamoClient } from './aws/clients';
import { config } from './config';
import { keys, tableDesign } from './table/design';

let store: DynamoDBPersistenceLayer | undefined;
let storeClient: unknown;

/**
 * Powertools idempotency records, kept in the single table under one static partition. Records
 * expire through the TTL attribute; that is garbage collection only, because Powertools also checks
 * the expiry time itself.
 */
export function idempotencyStore(): DynamoDBPersistenceLayer {
  // Rebuilt when the clients were reset (tests pointing the process at another engine).
  if (store && storeClient === dynamoClient()) return store;
  storeClient = dynamoClient();
  store = new DynamoDBPersistenceLayer({
    tableName: config().tableName,
    keyAttr: tableDesign.partitionKey,
    sortKeyAttr: tableDesign.sortKey,
    staticPkValue: keys.idempotencyPartition,
    expiryAttr: tableDesign.timeToLiveAttribute,
    awsSdkV3Client: dynamoClient(),
  });
  return store;
}
