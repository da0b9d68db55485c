import { createHash } from 'node:crypto';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../../shared/aws/clients';
import { config } from '../../shared/config';
import { keys } from '../../shared/table/design';

/**
 * Where the `Idempotency-Key` record of one caller's key lives: Powertools hashes the guard's key
 * (`<callerId>#<key>`, JSON-encoded, MD5, base64) under the prefix `http` (shared/http/idempotency-key.ts),
 * and shared/idempotency.ts puts each record in a partition of its own.
 */
export function idempotencyRecordKey(callerId: string, key: string) {
  const hash = createHash('md5').update(JSON.stringify(`${callerId}#${key}`)).digest('base64');
  return keys.idempotencyRecord(`http#${hash}`);
}

/**
 * Leaves the record of a request that already wrote what it creates as a crash (a Lambda timeout, a
 * process killed) between that write and the record's completion leaves it, once the in-progress
 * time has run out: `INPROGRESS`, expired, with no saved response. The next request with the key runs
 * the operation again. Throws when there is no such record, so a test cannot pass without its crash.
 */
export async function crashBeforeCompletion(callerId: string, key: string): Promise<void> {
  const recordKey = idempotencyRecordKey(callerId, key);
  const found = await documents().send(new GetCommand({ TableName: config().tableName, Key: recordKey, ConsistentRead: true }));
  if (!found.Item) throw new Error(`no Idempotency-Key record for ${callerId} and ${key}`);
  await documents().send(
    new UpdateCommand({
      TableName: config().tableName,
      Key: recordKey,
      UpdateExpression: 'SET #status = :inProgress, #inProgressExpiry = :past REMOVE #data',
      ExpressionAttributeNames: { '#status': 'status', '#inProgressExpiry': 'in_progress_expiration', '#data': 'data' },
      ExpressionAttributeValues: { ':inProgress': 'INPROGRESS', ':past': Date.now() - 1 },
    }),
  );
}
