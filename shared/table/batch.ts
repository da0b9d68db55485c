import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../aws/clients';
import { config } from '../config';
import type { ItemKey } from './design';

/**
 * BatchGetItem and BatchWriteItem as repositories want them: any number of keys (sent 100 and 25 at
 * a time), each key once, and what the engine leaves unprocessed (throttling) asked for again after
 * a short, growing pause. Keys still unprocessed after that are a fault, never silently dropped.
 */

const GET_BATCH = 100;
const WRITE_BATCH = 25;
/** Rounds of asking again for what the engine left unprocessed: 50 ms doubling, about 12 s in all. */
const UNPROCESSED_ROUNDS = 8;

export interface BatchGetOptions {
  /** Strongly consistent reads (a decision is made on them). */
  consistent?: boolean;
  /** Only these attributes (names are escaped, so reserved words are fine). */
  attributes?: readonly string[];
}

/** One write of a batch: an item to put, or the key of one to delete. */
export type BatchWrite = { put: Record<string, unknown> } | { delete: ItemKey };

const pause = (round: number) => new Promise((resolve) => setTimeout(resolve, 50 * 2 ** Math.min(round, 6)));

/** Sends one batch, and again what comes back unprocessed, until nothing is left. */
async function untilProcessed<R extends Record<string, unknown>>(
  request: R,
  send: (request: R) => Promise<R | undefined>,
): Promise<void> {
  let pending: R | undefined = request;
  for (let round = 0; pending && Object.keys(pending).length > 0; round += 1) {
    if (round > UNPROCESSED_ROUNDS) throw new Error(`part of a batch was still unprocessed after ${UNPROCESSED_ROUNDS} retries`);
    if (round > 0) await pause(round);
    pending = await send(pending);
  }
}

/** The items at these keys (missing ones are simply absent), in no particular order. */
export async function batchGetItems(itemKeys: readonly ItemKey[], options: BatchGetOptions = {}): Promise<Record<string, unknown>[]> {
  const table = config().tableName;
  const unique = [...new Map(itemKeys.map((key) => [`${key.pk}\u0000${key.sk}`, { pk: key.pk, sk: key.sk }])).values()];
  const names = Object.fromEntries((options.attributes ?? []).map((name, index) => [`#a${index}`, name]));
  const shape = {
    ...(options.consistent ? { ConsistentRead: true } : {}),
    ...(options.attributes ? { ProjectionExpression: Object.keys(names).join(', '), ExpressionAttributeNames: names } : {}),
  };
  const items: Record<string, unknown>[] = [];
  for (let start = 0; start < unique.length; start += GET_BATCH) {
    await untilProcessed({ [table]: { Keys: unique.slice(start, start + GET_BATCH), ...shape } }, async (request) => {
      const output = await documents().send(new BatchGetCommand({ RequestItems: request }));
      items.push(...(output.Responses?.[table] ?? []));
      return output.UnprocessedKeys as typeof request | undefined;
    });
  }
  return items;
}

/** Puts and deletes, 25 at a time; each is idempotent, so asking again for unprocessed ones is safe. */
export async function batchWriteItems(writes: readonly BatchWrite[]): Promise<void> {
  const table = config().tableName;
  const requests = writes.map((write) => ('put' in write ? { PutRequest: { Item: write.put } } : { DeleteRequest: { Key: write.delete } }));
  for (let start = 0; start < requests.length; start += WRITE_BATCH) {
    await untilProcessed({ [table]: requests.slice(start, start + WRITE_BATCH) }, async (request) => {
      const output = await documents().send(new BatchWriteCommand({ RequestItems: request as never }));
      return output.UnprocessedItems as typeof request | undefined;
    });
  }
}
