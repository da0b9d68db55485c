import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../aws/clients';
import { config } from '../config';
import type { Page } from '../http/pagination';
import { windowOf } from '../rate-limit';
import { writeIf, writeOrUndefined } from '../table/conditions';
import { departmentKeys as keys, indexAttributes, indexEntry } from '../table/design';
import { expiresAfter } from '../table/expiry';
import { type PageRequest, queryPage } from '../table/query';
import { readShards, shardOf } from '../table/shards';
import { type UpdateSpec, buildUpdate } from '../table/update';
import type { Delivery, OutgoingCase } from './delivery-model';

/**
 * Deliveries of cases to departments: one item per delivery under its case
 * (`CASE_DELIVERIES#<requestId>`), so a case's history is one Query. The same pattern as push jobs
 * (shared/notifications/push-jobs.ts): pending deliveries sit in byDue (sharded) by their next
 * attempt; a dispatcher claims one by moving it there to when its lease ends, under a lease token
 * every later write of the attempt is conditioned on; dead ones leave byDue for byParent
 * `DELIVERY_DEAD_LETTERS`, newest first, where city-wide admins see and redrive them.
 */

const table = () => config().tableName;

/** Partitions of byDue for deliveries: a burst of escalations never lands on one hot key. */
export const DELIVERY_DUE_SHARDS = 4;
/** Delivered deliveries are kept 90 days (a case's history), then collected. */
const SENT_DELIVERY_SECONDS = 90 * 24 * 3600;

const [, DUE_SORT] = indexAttributes('byDue');

/** A delivery as stored: what it carries, its place in byDue and the current lease. */
export interface StoredDelivery {
  delivery: Delivery;
  /** The case as it was when the delivery was made: every retry sends the same case. */
  case: OutgoingCase;
  dueSort?: string;
  lease?: string;
}

const DELIVERY_FIELDS = [
  'id', 'requestId', 'departmentId', 'event', 'status', 'attempts', 'createdAt', 'firstAttemptAt', 'lastAttemptAt', 'nextAttemptAt',
  'lastError', 'sentAt', 'deadAt', 'cancelledAt', 'redrives',
] as const;

function toStored(item: Record<string, unknown>): StoredDelivery {
  const delivery = Object.fromEntries(DELIVERY_FIELDS.filter((field) => item[field] !== undefined).map((field) => [field, item[field]]));
  const dueSort = item[DUE_SORT];
  return {
    delivery: delivery as unknown as Delivery,
    case: item.case as OutgoingCase,
    ...(typeof dueSort === 'string' ? { dueSort } : {}),
    ...(typeof item.lease === 'string' ? { lease: item.lease } : {}),
  };
}

const dueEntry = (deliveryId: string, at: Date) =>
  indexEntry('byDue', keys.deliveriesDue(shardOf(deliveryId, DELIVERY_DUE_SHARDS)), `${at.toISOString()}#${deliveryId}`);

/** When a stored pending delivery is next due, from its place in byDue. */
export const deliveryDueAt = (stored: StoredDelivery): Date | undefined =>
  stored.dueSort ? new Date(stored.dueSort.slice(0, stored.dueSort.indexOf('#'))) : undefined;

/**
 * Writes a new delivery, due at its `createdAt`, unless it exists (its id comes from the event, so
 * an event delivered twice makes one delivery). The delivery as stored when it was new, else undefined.
 */
export async function createDelivery(delivery: Delivery, outgoing: OutgoingCase): Promise<StoredDelivery | undefined> {
  const item = {
    ...keys.delivery(delivery.requestId, delivery.id),
    entity: 'department-delivery',
    ...delivery,
    case: outgoing,
    ...dueEntry(delivery.id, new Date(delivery.createdAt)),
  };
  const created = await writeIf(
    documents().send(new PutCommand({ TableName: table(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' })),
  );
  return created ? toStored(item) : undefined;
}

/** One delivery of a case, read strongly consistent (a decision follows). */
export async function getDelivery(requestId: string, deliveryId: string): Promise<StoredDelivery | undefined> {
  const output = await documents().send(
    new GetCommand({ TableName: table(), Key: keys.delivery(requestId, deliveryId), ConsistentRead: true }),
  );
  return output.Item ? toStored(output.Item) : undefined;
}

/** A case's deliveries, newest first. */
export async function listDeliveriesOf(requestId: string, page: PageRequest): Promise<Page<Delivery>> {
  const { pk, skPrefix } = keys.deliveriesOf(requestId);
  const result = await queryPage({ ...page, partition: pk, sortPrefix: skPrefix, newestFirst: true });
  return { ...result, items: result.items.map((item) => toStored(item).delivery) };
}

/**
 * How many of a case's deliveries are looked through for its latest escalation: one Query, newest
 * first. A case makes a delivery per escalation, withdrawal or update: a handful, far below this.
 */
const CASE_DELIVERIES_READ = 100;

/** The latest delivery of `event` of a case to a department, read strongly consistent (a decision follows). */
export async function latestDeliveryOf(requestId: string, departmentId: string, event: Delivery['event']): Promise<StoredDelivery | undefined> {
  const { pk, skPrefix } = keys.deliveriesOf(requestId);
  // Newest first: ids start with the time of the event that made them.
  const page = await queryPage({ partition: pk, sortPrefix: skPrefix, newestFirst: true, consistent: true, limit: CASE_DELIVERIES_READ });
  return page.items.map(toStored).find((stored) => stored.delivery.departmentId === departmentId && stored.delivery.event === event);
}

/**
 * Whether a dispatcher holds the delivery right now (its POST may be on the wire): a lease that has
 * not ended. A lease past its end is one a dispatcher died with; the delivery is due again.
 */
export const isInFlight = (stored: StoredDelivery, now: Date): boolean =>
  stored.lease !== undefined && stored.delivery.status === 'pending' && (deliveryDueAt(stored)?.getTime() ?? 0) > now.getTime();

/**
 * The condition a change of a delivery nobody holds is written under: pending, at the place in byDue
 * it was read at (as a claim is: a dispatcher claiming it meanwhile moves it, and this write fails),
 * or still dead.
 */
function unheldAsRead(stored: StoredDelivery): Pick<UpdateSpec, 'condition' | 'names' | 'values'> {
  return stored.delivery.status === 'pending'
    ? { condition: '#status = :status AND #dueSort = :seen', names: { '#status': 'status', '#dueSort': DUE_SORT }, values: { ':status': 'pending', ':seen': stored.dueSort ?? '-' } }
    : { condition: '#status = :status', names: { '#status': 'status' }, values: { ':status': stored.delivery.status } };
}

/**
 * Cancels a pending or dead delivery as read (an escalation withdrawn before it reached the
 * department): out of byDue and the dead letters, never sent nor redriven, kept as long as a sent
 * one. False when it changed meanwhile (a dispatcher claimed it): the caller decides again.
 */
export function cancelDelivery(stored: StoredDelivery, now: Date): Promise<boolean> {
  return writeIf(
    documents().send(
      new UpdateCommand(
        buildUpdate(table(), {
          key: keys.delivery(stored.delivery.requestId, stored.delivery.id),
          set: { status: 'cancelled', cancelledAt: now.toISOString(), expiresAt: expiresAfter(now, SENT_DELIVERY_SECONDS) },
          remove: [...indexAttributes('byDue'), ...indexAttributes('byParent'), 'lease', 'nextAttemptAt'],
          ...unheldAsRead(stored),
        }),
      ),
    ),
  );
}

/**
 * Replaces the case a pending or dead delivery carries (the case changed before it reached the
 * department: it will get the case as it is now). False when the delivery changed meanwhile.
 */
export function replaceDeliveryCase(stored: StoredDelivery, outgoing: OutgoingCase): Promise<boolean> {
  return writeIf(
    documents().send(
      new UpdateCommand(
        buildUpdate(table(), { key: keys.delivery(stored.delivery.requestId, stored.delivery.id), set: { case: outgoing }, ...unheldAsRead(stored) }),
      ),
    ),
  );
}

/** Pending deliveries due by `now`, at most `max` in all (the shards read side by side). */
export async function listDueDeliveries(now: Date, max: number): Promise<StoredDelivery[]> {
  // '~' sorts after every character of an id: everything due at or before now.
  const dueBy = `${now.toISOString()}#~`;
  const due = await readShards(DELIVERY_DUE_SHARDS, max, 100, (shard, limit, cursor) =>
    queryPage({ index: 'byDue', partition: keys.deliveriesDue(shard), sortUpTo: dueBy, limit, ...(cursor ? { cursor } : {}) }),
  );
  return due.map(toStored);
}

/**
 * Claims a due delivery for one dispatcher: moves it in byDue to when the lease ends (a dispatcher
 * that dies mid-send leaves it due again then) and records a lease token. Only one claimer wins: the
 * condition is the place in byDue it was seen at. Undefined when someone else got it.
 */
export async function claimDelivery(stored: StoredDelivery, now: Date, leaseMs: number): Promise<StoredDelivery | undefined> {
  if (!stored.dueSort) return undefined;
  const lease = randomUUID();
  const moved = dueEntry(stored.delivery.id, new Date(now.getTime() + leaseMs));
  const claimed = await writeIf(
    documents().send(
      new UpdateCommand(
        buildUpdate(table(), {
          key: keys.delivery(stored.delivery.requestId, stored.delivery.id),
          set: { ...moved, lease },
          condition: '#status = :pending AND #dueSort = :seen',
          names: { '#status': 'status', '#dueSort': DUE_SORT },
          values: { ':pending': 'pending', ':seen': stored.dueSort },
        }),
      ),
    ),
  );
  return claimed ? { ...stored, dueSort: moved[DUE_SORT], lease } : undefined;
}

/** What an attempt adds to the delivery's record. */
export interface AttemptRecord {
  attemptAt: Date;
  /** The round's first attempt (this one, when it is the first). */
  firstAttemptAt: Date;
}

/** A failed attempt: the record, the failures so far (this one included) and why. */
export type FailedAttemptRecord = AttemptRecord & { attempts: number; reason: string };

const attemptFields = (attempt: AttemptRecord) => ({
  lastAttemptAt: attempt.attemptAt.toISOString(),
  firstAttemptAt: attempt.firstAttemptAt.toISOString(),
});

const failureFields = (failure: FailedAttemptRecord) => ({ ...attemptFields(failure), attempts: failure.attempts, lastError: failure.reason });

/** One write of a claimed delivery, conditioned on the lease still being this dispatcher's; false when it was lost. */
function updateClaimed(stored: StoredDelivery, change: { set: Record<string, unknown>; remove: readonly string[] }): Promise<boolean> {
  return writeIf(
    documents().send(
      new UpdateCommand(
        buildUpdate(table(), {
          key: keys.delivery(stored.delivery.requestId, stored.delivery.id),
          ...change,
          condition: '#lease = :lease',
          names: { '#lease': 'lease' },
          values: { ':lease': stored.lease ?? '-' },
        }),
      ),
    ),
  );
}

/** Marks a claimed delivery delivered; false when the lease was lost. */
export function markDeliverySent(stored: StoredDelivery, attempt: AttemptRecord): Promise<boolean> {
  return updateClaimed(stored, {
    set: {
      status: 'sent',
      sentAt: attempt.attemptAt.toISOString(),
      ...attemptFields(attempt),
      expiresAt: expiresAfter(attempt.attemptAt, SENT_DELIVERY_SECONDS),
    },
    remove: [...indexAttributes('byDue'), 'lease', 'nextAttemptAt'],
  });
}

/**
 * Puts a claimed delivery back in line for `at`: after a failed attempt (which counts) or, without
 * `failure`, when it was not attempted (its endpoint's rate limit, a paused endpoint). False when the
 * lease was lost.
 */
export function rescheduleDelivery(stored: StoredDelivery, at: Date, failure?: FailedAttemptRecord): Promise<boolean> {
  return updateClaimed(stored, {
    set: { ...dueEntry(stored.delivery.id, at), nextAttemptAt: at.toISOString(), ...(failure ? failureFields(failure) : {}) },
    remove: ['lease'],
  });
}

/** Dead-letters a claimed delivery: out of byDue, into the admins' list. False when the lease was lost. */
export function markDeliveryDead(stored: StoredDelivery, failure: FailedAttemptRecord): Promise<boolean> {
  const at = failure.attemptAt.toISOString();
  return updateClaimed(stored, {
    set: {
      status: 'dead',
      deadAt: at,
      ...failureFields(failure),
      ...indexEntry('byParent', keys.deadDeliveries, `${at}#${stored.delivery.id}`),
    },
    remove: [...indexAttributes('byDue'), 'lease', 'nextAttemptAt'],
  });
}

/** The dead letters of every department, newest first. */
export async function listDeadDeliveries(page: PageRequest): Promise<Page<Delivery>> {
  const result = await queryPage({ ...page, index: 'byParent', partition: keys.deadDeliveries, newestFirst: true });
  return { ...result, items: result.items.map((item) => toStored(item).delivery) };
}

/**
 * Gives a dead delivery a fresh round (a new 24-hour window), due now, with the same id (the
 * department dedupes on it): the delivery as stored, its place in byDue with it (for an immediate
 * attempt). Undefined when there is no such delivery; 'not-dead' when it is not dead.
 */
export async function redriveDelivery(requestId: string, deliveryId: string, now: Date): Promise<StoredDelivery | 'not-dead' | undefined> {
  const output = await writeOrUndefined(
    documents().send(
      new UpdateCommand(
        buildUpdate(table(), {
          key: keys.delivery(requestId, deliveryId),
          set: { status: 'pending', attempts: 0, nextAttemptAt: now.toISOString(), ...dueEntry(deliveryId, now) },
          add: { redrives: 1 },
          remove: [...indexAttributes('byParent'), 'deadAt', 'firstAttemptAt'],
          condition: '#status = :dead',
          names: { '#status': 'status' },
          values: { ':dead': 'dead' },
          returnValues: 'ALL_NEW',
        }),
      ),
    ),
  );
  if (output) return toStored(output.Attributes ?? {});
  return (await getDelivery(requestId, deliveryId)) ? 'not-dead' : undefined;
}

/** Windows of a department's rate limit are kept a day for TTL to collect; nothing reads them after their minute. */
const WINDOW_GARBAGE_SECONDS = 24 * 3600;

/**
 * Takes one of a department's `ratePerMinute` sends in the current minute (a conditional ADD on one
 * small item per department and minute: exact under any concurrency). When the minute's are spent:
 * when the next minute starts, for the delivery to wait until (deferred, never dropped).
 */
export async function takeDeliverySlot(departmentId: string, ratePerMinute: number, now: Date): Promise<{ allowed: true } | { allowed: false; retryAt: Date }> {
  const { start, end } = windowOf({ windowSeconds: 60 }, now);
  const taken = await writeIf(
    documents().send(
      new UpdateCommand(
        buildUpdate(table(), {
          key: keys.deliveryWindow(departmentId, start.toISOString()),
          add: { sends: 1 },
          set: { entity: 'delivery-window', expiresAt: expiresAfter(end, WINDOW_GARBAGE_SECONDS) },
          condition: 'attribute_not_exists(#sends) OR #sends < :max',
          names: { '#sends': 'sends' },
          values: { ':max': ratePerMinute },
        }),
      ),
    ),
  );
  return taken ? { allowed: true } : { allowed: false, retryAt: end };
}
