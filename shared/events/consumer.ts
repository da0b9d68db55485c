import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { subscriptions } from '../../events/catalogue';
import { idempotentOnce } from '../idempotency';
import { logger } from '../logger';
import { type EventData, type EventDefinition, type EventMeta, detailSchemaOf } from './define';

/** One event a consumer hears and what it does with it. */
export interface Reaction {
  event: EventDefinition;
  handle: (data: never, meta: EventMeta) => Promise<void>;
}

/** Pairs an event of the catalogue with its handler, typing the handler's data from the event. */
export const on = <E extends EventDefinition>(
  event: E,
  handle: (data: EventData<E>, meta: EventMeta) => Promise<void>,
): Reaction => ({ event, handle: handle as Reaction['handle'] });

export type BusEvent = EventBridgeEvent<string, unknown>;

/**
 * Builds an event consumer. It parses each event against the catalogue and runs the handler for its
 * detail-type at most once per event id (Powertools idempotency on the single table), so a duplicate
 * delivery or a relay re-publish changes nothing. It throws on failure, so the bus retries and then
 * dead-letters: an error is never returned as a value.
 */
export function consumerFunction(name: string, reactions: readonly Reaction[]) {
  const byDetailType = new Map(reactions.map((reaction) => [reaction.event.detailType, reaction]));
  assertMatchesCatalogue(name, [...byDetailType.keys()]);
  const idempotencyConfig = new IdempotencyConfig({
    eventKeyJmesPath: 'detail.meta.id',
    // Re-publishing can come hours later (an outage); remember processed events for a week.
    expiresAfterSeconds: 7 * 24 * 3600,
  });

  const handleOnce = async (event: BusEvent, _context: Context): Promise<{ handled: string }> => {
    const reaction = byDetailType.get(event['detail-type'])!;
    const detail = detailSchemaOf(reaction.event).parse(event.detail);
    await reaction.handle(detail.data as never, detail.meta);
    return { handled: detail.meta.id };
  };
  const process = idempotentOnce(name, handleOnce, idempotencyConfig);

  return async (event: BusEvent, context: Context): Promise<void> => {
    if (!byDetailType.has(event['detail-type'])) {
      throw new Error(`${name} does not consume ${event['detail-type']}`);
    }
    idempotencyConfig.registerLambdaContext(context);
    logger.appendKeys({ consumer: name, detailType: event['detail-type'] });
    await process(event, context);
  };
}

/**
 * The catalogue's subscription decides what the bus delivers; the consumer's reactions decide what
 * it can handle. Fail at set-up if they differ, rather than dead-lettering events in production.
 */
function assertMatchesCatalogue(name: string, handled: string[]): void {
  const subscription = subscriptions.find((candidate) => candidate.consumer === name);
  const subscribed = (subscription?.events ?? []).map((event) => event.detailType).sort();
  if (subscribed.join() !== [...handled].sort().join()) {
    throw new Error(`consumer ${name} handles [${handled}] but the catalogue subscribes it to [${subscribed}]`);
  }
}
