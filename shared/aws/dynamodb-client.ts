import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { config } from '../config';
import { traced } from '../observability/tracing';

// Its own module so the authorizer, which needs only this client, bundles nothing else of clients.ts.
let rawDynamoClient: DynamoDBClient | undefined;

/**
 * Set only by the local runtime (infra/local/runtime.ts), which adds its check of each function's
 * declared table access to every client made here. Deployed functions never set it, so their bundles
 * carry this variable and nothing of the check.
 */
let onNewClient: ((client: DynamoDBClient) => void) | undefined;

/** The low-level DynamoDB client (Powertools idempotency and the authorizer want this one). */
export function dynamoClient(): DynamoDBClient {
  if (!rawDynamoClient) {
    const { dynamodbEndpoint } = config();
    rawDynamoClient = traced(new DynamoDBClient(dynamodbEndpoint ? { endpoint: dynamodbEndpoint, maxAttempts: 3 } : {}));
    onNewClient?.(rawDynamoClient);
  }
  return rawDynamoClient;
}

/**
 * Runs `hook` on every DynamoDB client made from now on (the local runtime's access check). Call
 * `resetClients` afterwards so no client made before escapes it.
 */
export function onDynamoClientCreated(hook: ((client: DynamoDBClient) => void) | undefined): void {
  onNewClient = hook;
}

/** Forgets the client; `resetClients` in clients.ts calls this. */
export function resetDynamoClient(): void {
  rawDynamoClient = undefined;
}
