import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { config } from '../config';
import { traced } from '../observability/tracing';
import { dynamoClient, resetDynamoClient } from './dynamodb-client';

export { dynamoClient };

// Clients are created on first use and kept for the life of the execution environment,
// so a warm invocation reuses the TCP connections.
let documentClient: DynamoDBDocumentClient | undefined;
let eventBridgeClient: EventBridgeClient | undefined;

/** The DynamoDB document client every repository uses (its calls traced with the low-level client's: they share one middleware stack). */
export function documents(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(dynamoClient(), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documentClient;
}

/** The EventBridge client; in local mode it talks to the local bus's PutEvents endpoint. */
export function eventBridge(): EventBridgeClient {
  const { eventBridgeEndpoint } = config();
  eventBridgeClient ??= traced(new EventBridgeClient(eventBridgeEndpoint ? { endpoint: eventBridgeEndpoint, maxAttempts: 2 } : {}));
  return eventBridgeClient;
}

/** Forgets the cached clients; tests that point the process at another engine call this. */
export function resetClients(): void {
  documentClient = undefined;
  resetDynamoClient();
  eventBridgeClient = undefined;
}
