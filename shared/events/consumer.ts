import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { dynamoClient } from '../aws/clients';
import { config } from '../config';
import { logger } from '../logger';
import { keys, tableDesign } from '../table/design';
import { type EventData, type EventDefinition, type EventMeta, detailSchemaOf } from './define';

type Handlers<Events extends readonly EventDefinition[]> = {
  [K in Events[number] as K['detailType']]: (data: EventData<K>, meta: EventMeta) => Promise<void>;
};

export type BusEvent = EventBridgeEvent<string, unknown>;

/**
 * Builds an event consumer. It parses each event against the catalogue and runs the handler for its
 * detail-type at most once per event id (Powertools idempotency on the single table), so a duplicate
 * delivery or a relay re-publish changes nothing. It throws on failure, so the bus retries and then
 * dead-letters: an error is never returned as a value.
 */
export function consumerFunction<const Events extends readonly EventDefinition[]>(
  name: string,
  events: Events,
  handlers: Handlers<Events>,
) {
  const byDetailType = new Map(events.map((event) => [event.detailType, event]));
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: config().tableName,
    keyAttr: tableDesign.partitionKey,
    sortKeyAttr: tableDesign.sortKey,
    staticPkValue: keys.idempotencyPartition,
    expiryAttr: tableDesign.timeToLiveAttribute,
    awsSdkV3Client: dynamoClient(),
  });
  const idempotencyConfig = new IdempotencyConfig({
    eventKeyJmesPath: 'detail.meta.id',
    // Re-publishing can come hours later (an outage); remember processed events for a week.
    expiresAfterSeconds: 7 * 24 * 3600,
  });

  const process = makeIdempotent(
    async (event: BusEvent, _context: Context): Promise<{ handled: string }> => {
      const definition = byDetailType.get(event['detail-type'])!;
      const detail = detailSchemaOf(definition).parse(event.detail);
      const handler = (handlers as Record<string, (data: unknown, meta: EventMeta) => Promise<void>>)[
        definition.detailType
      ]!;
      await handler(detail.data, detail.meta);
      return { handled: detail.meta.id };
    },
    { persistenceStore, config: idempotencyConfig, keyPrefix: name },
  );

  return async (event: BusEvent, context: Context): Promise<void> => {
    if (!byDetailType.has(event['detail-type'])) {
      throw new Error(`${name} does not consume ${event['detail-type']}`);
    }
    idempotencyConfig.registerLambdaContext(context);
    logger.appendKeys({ consumer: name, detailType: event['detail-type'] });
    await process(event, context);
  };
}
