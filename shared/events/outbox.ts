import { PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type PutCommandInput } from '@aws-sdk/lib-dynamodb';
import { documents, eventBridge } from '../aws/clients';
import { config } from '../config';
import { newId, nowIso } from '../ids';
import { logger } from '../logger';
import { count, measure } from '../observability/metrics';
import { correlationId } from '../observability/correlation';
import { type ItemKey, OUTBOX_SHARDS, indexAttributes, indexEntry, kernelKeys, tableDesign } from '../table/design';
import { type UpdateSpec, buildUpdate } from '../table/update';
import { type EventData, type EventDefinition, detailSchemaOf } from './define';
import { writeIf } from '../table/conditions';
import { creating, newItemPut } from '../table/creation';
import { shardOf } from '../table/shards';

/**
 * The transactional outbox, without transactions: an event is written *into the same item* as the
 * state change it announces (attribute `ob_<eventId>`), so the write and the event cannot part.
 * After the write we publish and remove the attribute. If publishing fails, the item stays in the
 * sparse `outbox` index and the `outbox-relay` schedule publishes it later. Delivery is therefore
 * at-least-once, and consumers deduplicate on `detail.meta.id`.
 *
 * A write whose events were all published takes its item out of the `outbox` index in the same
 * update that removes them, when it knows no other write's events wait there (its own write
 * returned the item). Otherwise the relay did it up to a minute later for every write of that
 * minute at once: at the city's noon peak that one second was the hottest of the table (see the
 * README, "The noon peak: hot keys").
 */

const OUTBOX_PREFIX = 'ob_';

/** An event ready to publish, as kept in the outbox. */
export interface PendingEvent {
  id: string;
  source: string;
  detailType: string;
  /** The JSON `detail`, validated against the catalogue when the event was made. */
  detail: string;
}

/**
 * Makes an event from the catalogue, validating its data first: producers never publish junk. The
 * event belongs to the case running now, if any (its `meta.correlationId`), or to the one `options`
 * names (a schedule run acting on something a case left: a push job).
 */
export function makeEvent<E extends EventDefinition>(
  definition: E,
  data: EventData<E>,
  options: { correlationId?: string | undefined } = {},
): PendingEvent {
  const id = newId();
  const inCase = options.correlationId ?? correlationId();
  const detail = detailSchemaOf(definition).parse({
    meta: { id, version: definition.version, occurredAt: nowIso(), ...(inCase ? { correlationId: inCase } : {}) },
    data,
  });
  return { id, source: definition.source, detailType: definition.detailType, detail: JSON.stringify(detail) };
}

/** Which outbox shard (0 to OUTBOX_SHARDS − 1) a write's events wait in: that of its first event. */
export const outboxShardOf = (eventId: string): number => shardOf(eventId, OUTBOX_SHARDS);

/** A write's place in the outbox index: unique per write, so only that write's own clearing matches it. */
type OutboxMark = string;

function outboxAttributes(events: readonly PendingEvent[]): { attributes: Record<string, unknown>; mark?: OutboxMark } {
  if (events.length === 0) return { attributes: {} };
  const first = events[0]!;
  const mark = `${nowIso()}#${first.id}`;
  const attributes: Record<string, unknown> = { ...indexEntry('outbox', kernelKeys.outboxShard(outboxShardOf(first.id)), mark) };
  for (const event of events) attributes[OUTBOX_PREFIX + event.id] = event;
  return { attributes, mark };
}

/** True when every event waiting in `item` is one of `events`: no other write's events wait there. */
const holdsOnly = (item: Record<string, unknown>, events: readonly PendingEvent[]): boolean => {
  const ours = new Set(events.map((event) => OUTBOX_PREFIX + event.id));
  return Object.keys(item).every((name) => !name.startsWith(OUTBOX_PREFIX) || ours.has(name));
};

/** Puts an item together with its events, then publishes them. Returns once the write is durable. */
export async function putWithEvents(input: PutCommandInput, events: readonly PendingEvent[]): Promise<void> {
  const { attributes, mark } = outboxAttributes(events);
  await documents().send(new PutCommand({ ...input, Item: { ...input.Item, ...attributes } }));
  // A put replaces the whole item: its events are the only ones in it.
  await publishFromOutbox(input.Item as ItemKey, events, mark);
}

/**
 * Creates the item at `key` with `attributes` and its events (see `newItemPut` in
 * shared/table/creation.ts); a taken key is a `KeyTakenError` naming `what`, and publishes nothing.
 */
export async function putNewWithEvents(
  key: ItemKey,
  what: string,
  attributes: Record<string, unknown>,
  events: readonly PendingEvent[],
  fingerprint?: string,
): Promise<void> {
  await creating(key, what, () => putWithEvents(newItemPut(key, attributes, fingerprint), events));
}

/** Updates an item together with its events, then publishes them; returns the update's output attributes. */
export async function updateWithEvents(
  spec: UpdateSpec,
  events: readonly PendingEvent[],
): Promise<Record<string, unknown> | undefined> {
  const { attributes, mark } = outboxAttributes(events);
  // The item as written tells whether an earlier write's events still wait in it; a caller who asked
  // for other return values gets them, and the relay takes the item out of the index instead.
  const returnValues = spec.returnValues ?? (events.length > 0 ? 'ALL_NEW' : undefined);
  const update = buildUpdate(config().tableName, { ...spec, set: { ...spec.set, ...attributes }, ...(returnValues ? { returnValues } : {}) });
  const output = await documents().send(new UpdateCommand(update));
  const alone = returnValues === 'ALL_NEW' && output.Attributes !== undefined && holdsOnly(output.Attributes, events);
  await publishFromOutbox(spec.key, events, alone ? mark : undefined);
  return spec.returnValues ? output.Attributes : undefined;
}

/**
 * Publishes events that are already durable in an item's outbox, then clears them from it.
 * `soleMark`: the item's outbox mark, given when these are the only events in the item; once they
 * are all published the same update takes the item out of the outbox index, if the mark is still
 * that one (a newer write with events of its own re-marked it: then only these events go).
 * Never throws: an event that could not be published stays in the outbox for the relay.
 */
export async function publishFromOutbox(key: ItemKey, events: readonly PendingEvent[], soleMark?: OutboxMark): Promise<number> {
  if (events.length === 0) return 0;
  let published: PendingEvent[] = [];
  try {
    published = await putEvents(events);
  } catch (error) {
    logger.warn('publishing failed; the outbox relay will retry', { error, eventIds: events.map((e) => e.id) });
    return 0;
  }
  if (published.length > 0) {
    const publishedNames = published.map((event) => OUTBOX_PREFIX + event.id);
    try {
      const unmarked =
        soleMark !== undefined && published.length === events.length && (await clearMark(key, soleMark, publishedNames)) === 1;
      if (!unmarked) {
        await documents().send(
          new UpdateCommand(
            buildUpdate(config().tableName, {
              key: { pk: key.pk, sk: key.sk },
              remove: publishedNames,
              // An item deleted meanwhile must not be brought back as a husk.
              condition: 'attribute_exists(pk)',
            }),
          ),
        );
      }
    } catch (error) {
      // Harmless: the relay will publish these again and consumers drop the duplicates.
      logger.warn('could not clear published events from the outbox', { error });
    }
  }
  return published.length;
}

/** PutEvents in batches of ten; returns the events EventBridge accepted. */
async function putEvents(events: readonly PendingEvent[]): Promise<PendingEvent[]> {
  const accepted: PendingEvent[] = [];
  for (let start = 0; start < events.length; start += 10) {
    const batch = events.slice(start, start + 10);
    const entries: PutEventsRequestEntry[] = batch.map((event) => ({
      EventBusName: config().eventBusName,
      Source: event.source,
      DetailType: event.detailType,
      Detail: event.detail,
    }));
    const output = await eventBridge().send(new PutEventsCommand({ Entries: entries }));
    batch.forEach((event, index) => {
      if (!output.Entries?.[index]?.ErrorCode) accepted.push(event);
    });
  }
  return accepted;
}

/** Events still waiting in an item read from the table. */
export function pendingEventsOf(item: Record<string, unknown>): PendingEvent[] {
  return Object.entries(item)
    .filter(([name]) => name.startsWith(OUTBOX_PREFIX))
    .map(([, value]) => value as PendingEvent);
}

/** Attributes that are outbox bookkeeping, which read models should not show. */
export const isOutboxAttribute = (name: string): boolean =>
  name.startsWith(OUTBOX_PREFIX) ||
  name === tableDesign.indexes.outbox.partitionKey ||
  name === tableDesign.indexes.outbox.sortKey;

/**
 * The relay: publishes what writes left behind and tidies the index. Only items whose write is
 * older than `settleMs` are touched, so the relay rarely races the writer's own publish.
 * Each run reports the age of the oldest write it found still holding events (`OutboxBacklogAge`,
 * 0 when none: a steady line to alarm on) and how many events it published (`OutboxRelayed`).
 */
export async function relayOutbox(settleMs = 15_000): Promise<{ published: number; cleared: number }> {
  const { tableName } = config();
  const { partitionKey, sortKey } = tableDesign.indexes.outbox;
  // Marks are "<iso time>#<event id>"; '~' sorts after every id character, so "< cutoff~" takes in the
  // writes made in the cutoff's own millisecond too (with settleMs 0, a write an instant ago).
  const before = `${new Date(Date.now() - settleMs).toISOString()}~`;
  let published = 0;
  let cleared = 0;
  let oldestMs = 0;
  // Shards are independent: read them side by side rather than one after another.
  await Promise.all(
    Array.from({ length: OUTBOX_SHARDS }, async (_, shard) => {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await documents().send(
          new QueryCommand({
            TableName: tableName,
            IndexName: 'outbox',
            KeyConditionExpression: '#shard = :shard AND #mark < :before',
            ExpressionAttributeNames: { '#shard': partitionKey, '#mark': sortKey },
            ExpressionAttributeValues: { ':shard': kernelKeys.outboxShard(shard), ':before': before },
            ExclusiveStartKey: startKey,
            Limit: 100,
          }),
        );
        for (const entry of page.Items ?? []) {
          const key = { pk: entry.pk as string, sk: entry.sk as string };
          const item = (await documents().send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;
          if (!item) continue;
          const pending = pendingEventsOf(item);
          const mark = item[sortKey] as OutboxMark | undefined;
          if (pending.length > 0) {
            // The mark starts with the time of the write that left these events.
            const writtenAt = Date.parse(String(mark ?? entry[sortKey]).split('#')[0]!);
            if (!Number.isNaN(writtenAt)) oldestMs = Math.max(oldestMs, Date.now() - writtenAt);
            published += await publishFromOutbox(key, pending, mark);
          } else if (mark !== undefined) {
            // No mark: its writer (or an overlapping run of the relay) took the item out meanwhile.
            cleared += await clearMark(key, mark);
          }
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }),
  );
  measure('outboxBacklogAge', Math.round(oldestMs / 1000));
  count('outboxRelayed', published);
  return { published, cleared };
}

/**
 * Takes an item out of the outbox index (and removes `alsoRemove`, its published events), only if
 * its mark is still `mark`: a newer write re-marked it, so leave it for the next round. 1 when done.
 */
async function clearMark(key: ItemKey, mark: OutboxMark, alsoRemove: readonly string[] = []): Promise<number> {
  const cleared = await writeIf(
    documents().send(
      new UpdateCommand(
        buildUpdate(config().tableName, {
          key: { pk: key.pk, sk: key.sk },
          remove: [...indexAttributes('outbox'), ...alsoRemove],
          condition: '#mark = :mark',
          names: { '#mark': tableDesign.indexes.outbox.sortKey },
          values: { ':mark': mark },
        }),
      ),
    ),
  );
  return cleared ? 1 : 0;
}
