import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';
import { contextFor } from '../../infra/local/lambda';
import { requestMarkedDuplicate } from '../../events/requests';
import { documents } from '../../shared/aws/clients';
import { config } from '../../shared/config';
import { consumerFunction, on } from '../../shared/events/consumer';
import { makeEvent } from '../../shared/events/outbox';

/**
 * What the bus-crash test runs: the real consumer wrapper (`consumerFunction`, Powertools
 * idempotency on the table) around a stand-in for `request-links`, the only consumer of
 * `request.marked-duplicate`. Each event's `requestId` says how its consumer behaves in the process
 * that is killed: `fast-…` is handled, `slow-…` hangs (its idempotency record stays "in progress"),
 * `failing-…` throws. The effect is one counter per event in the table.
 */
export const CRASH_CONSUMER = 'request-links';

export type Mode = 'fast' | 'slow' | 'failing';

export const modeOf = (event: EventBridgeEvent<string, unknown>): Mode =>
  modeOfRequest((event.detail as { data: { requestId: string } }).data.requestId);

const modeOfRequest = (requestId: string): Mode => requestId.split('-')[0] as Mode;

/** A PutEvents entry of `request.marked-duplicate` whose consumer behaves as `mode` says. */
export function crashEntry(mode: Mode, index: number) {
  const event = makeEvent(requestMarkedDuplicate, {
    requestId: `${mode}-${index}`,
    duplicateOf: 'original',
    residentId: 'demo-resident',
    actorId: 'demo-grid-worker',
  });
  return { id: event.id, entry: { Source: event.source, DetailType: event.detailType, Detail: event.detail } };
}

const effectKey = (eventId: string) => ({ pk: `BUS-CRASH#${eventId}`, sk: 'EFFECT' });

/** How many times an event's effect was applied. */
export async function effectsOf(eventId: string): Promise<number> {
  const item = await documents().send(new GetCommand({ TableName: config().tableName, Key: effectKey(eventId), ConsistentRead: true }));
  return (item.Item?.count as number | undefined) ?? 0;
}

/**
 * Lambdas for a LocalBus: the consumer, invoked with a context that counts down from `timeoutMs`
 * (the function's timeout: an in-progress record expires after it). `before` runs inside the
 * idempotent part (after the record is marked in progress), before the effect.
 */
export function crashLambdas(timeoutMs: number, before: (mode: Mode, eventId: string) => Promise<void>) {
  const invoked: EventBridgeEvent<string, unknown>[] = [];
  const handler = consumerFunction(CRASH_CONSUMER, [
    on(requestMarkedDuplicate, async (data, meta) => {
      await before(modeOfRequest(data.requestId), meta.id);
      await documents().send(
        new UpdateCommand({
          TableName: config().tableName,
          Key: effectKey(meta.id),
          UpdateExpression: 'ADD #count :one',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':one': 1 },
        }),
      );
    }),
  ]);
  return {
    invoked,
    invoke: async (name: string, event: unknown) => {
      if (name !== CRASH_CONSUMER) throw new Error(`no consumer ${name} here`);
      invoked.push(event as EventBridgeEvent<string, unknown>);
      return handler(event as EventBridgeEvent<string, unknown>, contextFor({ name, timeoutSeconds: timeoutMs / 1000 }));
    },
  };
}
