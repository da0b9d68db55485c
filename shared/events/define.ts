import * as z from 'zod/mini';

/** Envelope metadata every event carries; `id` is ours, stable across re-publishing. */
export const eventMetaSchema = z.object({
  id: z.string(),
  version: z.number(),
  occurredAt: z.string(),
  /**
   * The case the event belongs to (shared/observability/correlation.ts): the API Gateway request id
   * of the HTTP call that started it, or the id of the schedule run. Optional: events published
   * before it existed (waiting in an outbox, or re-driven from a dead-letter queue) still parse, and
   * are their own case.
   */
  correlationId: z.optional(z.string()),
});
export type EventMeta = z.infer<typeof eventMetaSchema>;

/**
 * One entry of the event catalogue. `detailType` is what rules match on; `version` is bumped on a
 * breaking change to `data`, and consumers see it in `detail.meta.version`.
 */
export interface EventDefinition<Data extends z.ZodMiniType = z.ZodMiniType, DetailType extends string = string> {
  source: string;
  detailType: DetailType;
  version: number;
  description: string;
  data: Data;
}

/** Declares an event, keeping its data type for producers and consumers. */
export function defineEvent<Data extends z.ZodMiniType, const DetailType extends string>(
  definition: EventDefinition<Data, DetailType>,
): EventDefinition<Data, DetailType> {
  return definition;
}

export type EventData<E extends EventDefinition> = z.output<E['data']>;

/** The `detail` of every event on the bus. */
export interface EventDetail<Data = unknown> {
  meta: EventMeta;
  data: Data;
}

/** The detail schema of an event: the envelope around its data schema. */
export const detailSchemaOf = <E extends EventDefinition>(definition: E) =>
  z.object({ meta: eventMetaSchema, data: definition.data });
