import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { idempotentOnce } from '../idempotency';
import { logger } from '../logger';
import { caseOf, inCase } from '../observability/correlation';
import { count, withMetrics } from '../observability/metrics';
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

/** A consumer's Lambda handler, labelled with what it handles so tests can hold it to the catalogue. */
export type ConsumerHandler = ((event: BusEvent, context: Context) => Promise<void>) & {
  readonly consumer: string;
  /** The detail-types it has a reaction for. */
  readonly detailTypes: readonly string[];
};

/**
 * Builds an event consumer. It parses each event with its own event's schema and runs the handler for
 * its detail-type at most once per event id (Powertools idempotency on the single table), so a
 * duplicate delivery or a relay re-publish changes nothing. It throws on failure, so the bus retries
 * and then dead-letters: an error is never returned as a value.
 *
 * It knows only the events it is handed, never the whole catalogue, so a consumer's bundle carries
 * its own events' schemas and nothing else. That the catalogue subscribes it to exactly these is
 * checked before deployment (`consumerMismatch` in events/catalogue.ts, run by the tests).
 *
 * Metrics its handlers record are published when the invocation ends. Each attempt that throws
 * counts one `ConsumerRetries`, counted as it fails rather than as the retry arrives: nothing a
 * consumer receives tells a retry from a first delivery (Lambda's async retries and the bus's carry
 * the very same event and no attempt number, and Powertools deletes the idempotency record of a
 * failed attempt so that the retry can run), while every failed attempt is delivered again (Lambda
 * retries an asynchronous invocation that threw; locally the bus does) except the last, which goes
 * to the dead-letter queue, whose own alarm counts it. An invocation that dies without throwing (a
 * timeout, a crash) publishes nothing; Lambda's own `Errors` metric counts those.
 */
export function consumerFunction(name: string, reactions: readonly Reaction[]): ConsumerHandler {
  const byDetailType = new Map(reactions.map((reaction) => [reaction.event.detailType, reaction]));
  if (byDetailType.size !== reactions.length) throw new Error(`consumer ${name} has two reactions to one detail-type`);
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

  const handler = withMetrics(async (event: BusEvent, context: Context): Promise<void> => {
    try {
      if (!byDetailType.has(event['detail-type'])) {
        throw new Error(`${name} does not consume ${event['detail-type']}`);
      }
      idempotencyConfig.registerLambdaContext(context);
      logger.appendKeys({ consumer: name, detailType: event['detail-type'] });
      // The event's case (correlation.ts) is the case of whatever this reaction makes.
      await inCase(caseOf(event), () => process(event, context));
    } catch (error) {
      count('consumerRetries');
      throw error;
    }
  });
  return Object.assign(handler, { consumer: name, detailTypes: [...byDetailType.keys()] });
}
