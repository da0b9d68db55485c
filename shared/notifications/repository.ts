import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../aws/clients';
import { mapLimit } from '../concurrency';
import { config } from '../config';
import { type PendingEvent, updateWithEvents } from '../events/outbox';
import type { Page } from '../http/pagination';
import { batchGetItems } from '../table/batch';
import { keys, tableDesign } from '../table/design';
import { type PageRequest, queryPage } from '../table/query';
import { buildUpdate } from '../table/update';
import { type SlotDecision, keyHintOf, planSlot, shardOf } from './domain';
import type { Notification, PushJob, WeComRobot } from './model';
import { isConditionFailure } from '../table/conditions';

/**
 * Reads and writes of the notifications feature, one function per access pattern:
 *
 * - inbox items `INBOX#<user>` / `NOTE#<id>`; unread ones also sit in the sparse byUser partition
 *   `UNREAD#<user>`, so the unread count is a Query COUNT of what is actually unread (it cannot drift),
 *   of at most 100 items ("99+" beyond), so reading the inbox costs the same however full it is;
 * - push jobs `PUSH#<id>`: pending ones sit in byDue (sharded) by their next attempt; dead ones in
 *   byParent `PUSH_DEAD_LETTERS`, newest first;
 * - a grid's WeCom robot on its own item under the unit; each robot's 20-a-minute window;
 * - one-time WeChat subscriptions per person and kind, counted down by conditional updates.
 */

const table = () => config().tableName;
const iso = (ms: number) => new Date(ms).toISOString();
const epochSeconds = (ms: number) => Math.floor(ms / 1000);

/** Inbox items are kept a year. */
const INBOX_SECONDS = 365 * 24 * 3600;
/** Delivered pushes are kept a month (for support questions), then collected. */
const SENT_PUSH_SECONDS = 30 * 24 * 3600;
/** Partitions of the byDue index for pushes, so a burst of notices never lands on one hot key. */
export const PUSH_DUE_SHARDS = 4;
/** Most unread items `read-all` marks in one call; the answer's unreadCount tells if more remain. */
export const READ_ALL_MAX = 2000;

// ---------------------------------------------------------------------------------------------
// Inbox

function toNotification(item: Record<string, unknown>): Notification {
  return {
    id: item.id as string,
    kind: item.kind as string,
    title: item.title as string,
    body: item.body as string,
    ...(item.subject ? { subject: item.subject as Notification['subject'] & object } : {}),
    createdAt: item.createdAt as string,
    ...(typeof item.readAt === 'string' ? { readAt: item.readAt } : {}),
  };
}

const unexpired = (item: Record<string, unknown>, now: number) =>
  typeof item.expiresAt !== 'number' || item.expiresAt > epochSeconds(now);

/**
 * Puts an inbox item unless it is there already: the id comes from the event, so a redelivered
 * event changes nothing. Returns whether it was new.
 */
export async function putNotification(userId: string, notification: Notification): Promise<boolean> {
  try {
    await documents().send(
      new PutCommand({
        TableName: table(),
        Item: {
          ...keys.notification(userId, notification.id),
          entity: 'notification',
          userKey: keys.unreadOf(userId),
          userSort: notification.id,
          expiresAt: epochSeconds(Date.parse(notification.createdAt)) + INBOX_SECONDS,
          userId,
          ...notification,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** A person's inbox, newest first; or only the unread items (from the sparse unread partition). */
export async function listNotifications(
  userId: string,
  page: PageRequest,
  options: { unreadOnly: boolean; now: number },
): Promise<Page<Notification>> {
  const inbox = keys.inboxOf(userId);
  const result = options.unreadOnly
    ? await queryPage({ ...page, index: 'byUser', partition: keys.unreadOf(userId), newestFirst: true })
    : await queryPage({ ...page, partition: inbox.pk, sortPrefix: inbox.skPrefix, newestFirst: true });
  return { ...result, items: result.items.filter((item) => unexpired(item, options.now)).map(toNotification) };
}

/**
 * Most unread items the count tells apart: a badge shows "99+" beyond this. Counting stops there, so
 * every read of the inbox costs one Query of at most {@link UNREAD_COUNT_CAP} + 1 small index items,
 * however many are unread.
 */
export const UNREAD_COUNT_CAP = 99;

/**
 * How many unread items a person has, up to {@link UNREAD_COUNT_CAP} + 1 (which means "more than
 * the cap"): a COUNT over the newest entries of the unread partition, so it is what is there and
 * cannot drift (no counter to keep in step with the items). Newest first, because expiry follows
 * age: the items past their expiry (left out by the filter) are the oldest, so the count is exact
 * up to the cap.
 */
export async function countUnread(userId: string, now: number): Promise<number> {
  const { partitionKey } = tableDesign.indexes.byUser;
  const output = await documents().send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'byUser',
      KeyConditionExpression: '#p = :p',
      FilterExpression: 'attribute_not_exists(#expires) OR #expires > :now',
      ExpressionAttributeNames: { '#p': partitionKey, '#expires': tableDesign.timeToLiveAttribute },
      ExpressionAttributeValues: { ':p': keys.unreadOf(userId), ':now': epochSeconds(now) },
      Select: 'COUNT',
      ScanIndexForward: false,
      Limit: UNREAD_COUNT_CAP + 1,
    }),
  );
  return Math.min(output.Count ?? 0, UNREAD_COUNT_CAP + 1);
}

/** The unread count as the API shows it: exact up to the cap; beyond it, the cap and `unreadCountCapped` ("99+"). */
export async function unreadCountOf(userId: string, now: number): Promise<{ unreadCount: number; unreadCountCapped: boolean }> {
  const count = await countUnread(userId, now);
  return { unreadCount: Math.min(count, UNREAD_COUNT_CAP), unreadCountCapped: count > UNREAD_COUNT_CAP };
}

/**
 * Marks one of a person's items read (the first reading time stays) and takes it out of the unread
 * partition. Undefined when the person has no such item: someone else's id is simply not found.
 */
export async function markNotificationRead(userId: string, notificationId: string, now: number): Promise<Notification | undefined> {
  const { partitionKey, sortKey } = tableDesign.indexes.byUser;
  try {
    const output = await documents().send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.notification(userId, notificationId),
        UpdateExpression: 'SET #readAt = if_not_exists(#readAt, :now) REMOVE #userKey, #userSort',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(#expires) OR #expires > :epoch)',
        ExpressionAttributeNames: {
          '#readAt': 'readAt',
          '#userKey': partitionKey,
          '#userSort': sortKey,
          '#expires': tableDesign.timeToLiveAttribute,
        },
        ExpressionAttributeValues: { ':now': iso(now), ':epoch': epochSeconds(now) },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return output.Attributes ? toNotification(output.Attributes) : undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

/** Marks every unread item of a person read (at most {@link READ_ALL_MAX} per call); returns how many. */
export async function markAllNotificationsRead(userId: string, now: number): Promise<number> {
  const { partitionKey, sortKey } = tableDesign.indexes.byUser;
  let marked = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documents().send(
      new QueryCommand({
        TableName: table(),
        IndexName: 'byUser',
        KeyConditionExpression: '#p = :p',
        ExpressionAttributeNames: { '#p': partitionKey },
        ExpressionAttributeValues: { ':p': keys.unreadOf(userId) },
        Limit: 100,
        ExclusiveStartKey: startKey,
      }),
    );
    const results = await mapLimit(page.Items ?? [], 10, async (item) => {
      try {
        await documents().send(
          new UpdateCommand({
            TableName: table(),
            Key: { pk: item.pk as string, sk: item.sk as string },
            UpdateExpression: 'SET #readAt = if_not_exists(#readAt, :now) REMOVE #userKey, #userSort',
            // The index is eventually consistent: an item read meanwhile is skipped, not counted twice.
            ConditionExpression: 'attribute_exists(#userKey)',
            ExpressionAttributeNames: { '#readAt': 'readAt', '#userKey': partitionKey, '#userSort': sortKey },
            ExpressionAttributeValues: { ':now': iso(now) },
          }),
        );
        return 1;
      } catch (error) {
        if (isConditionFailure(error)) return 0;
        throw error;
      }
    });
    marked += results.reduce<number>((sum, n) => sum + n, 0);
    startKey = page.LastEvaluatedKey;
  } while (startKey && marked < READ_ALL_MAX);
  return marked;
}

// ---------------------------------------------------------------------------------------------
// One-time WeChat subscriptions

/** Records that a person accepted `count` more one-time subscriptions for a kind; returns how many they have. */
export async function grantSubscriptions(userId: string, kind: string, count: number, now: number): Promise<number> {
  const output = await documents().send(
    new UpdateCommand(
      buildUpdate(table(), {
        key: keys.notificationSubscription(userId, kind),
        set: { entity: 'notification-subscription', userId, kind, updatedAt: iso(now) },
        add: { remaining: count },
        returnValues: 'ALL_NEW',
      }),
    ),
  );
  return (output.Attributes?.remaining as number | undefined) ?? count;
}

/** A person's remaining one-time subscriptions, by kind. */
export async function listSubscriptions(userId: string): Promise<Map<string, number>> {
  const { pk, skPrefix } = keys.notificationSubscriptionsOf(userId);
  const remaining = new Map<string, number>();
  let cursor: string | undefined;
  do {
    const page = await queryPage({ partition: pk, sortPrefix: skPrefix, limit: 100, ...(cursor ? { cursor } : {}) });
    for (const item of page.items) remaining.set(item.kind as string, Math.max(0, Number(item.remaining ?? 0)));
    cursor = page.nextCursor;
  } while (cursor);
  return remaining;
}

/**
 * Takes one subscription for a push job: a conditional decrement that never goes below zero. The
 * job id is remembered on the item until the job ends, so taking again for the same job (a
 * redelivered event, a crash between this and writing the job) takes nothing more and answers true.
 * False: none left.
 */
export async function takeSubscription(userId: string, kind: string, jobId: string): Promise<boolean> {
  const key = keys.notificationSubscription(userId, kind);
  try {
    await documents().send(
      new UpdateCommand({
        TableName: table(),
        Key: key,
        UpdateExpression: 'SET #remaining = #remaining - :one ADD #taken :job',
        ConditionExpression: '#remaining > :zero AND NOT contains(#taken, :jobId)',
        ExpressionAttributeNames: { '#remaining': 'remaining', '#taken': 'takenBy' },
        ExpressionAttributeValues: { ':one': 1, ':zero': 0, ':job': new Set([jobId]), ':jobId': jobId },
      }),
    );
    return true;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  const item = (await documents().send(new GetCommand({ TableName: table(), Key: key, ConsistentRead: true }))).Item;
  return (item?.takenBy as Set<string> | undefined)?.has(jobId) ?? false;
}

/**
 * Forgets a job's mark once the job has ended (sent or dead). When WeChat said the person has no
 * subscription left (43101), our count goes to zero too.
 */
export async function releaseSubscription(userId: string, kind: string, jobId: string, gone: boolean): Promise<void> {
  await documents().send(
    new UpdateCommand({
      TableName: table(),
      Key: keys.notificationSubscription(userId, kind),
      UpdateExpression: gone ? 'SET #remaining = :zero DELETE #taken :job' : 'DELETE #taken :job',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#taken': 'takenBy', ...(gone ? { '#remaining': 'remaining' } : {}) },
      ExpressionAttributeValues: { ':job': new Set([jobId]), ...(gone ? { ':zero': 0 } : {}) },
    }),
  ).catch((error: unknown) => {
    if (!isConditionFailure(error)) throw error;
  });
}

/** The WeChat openid a person signed in with (kept on the user item, never shown), if any. */
export async function openIdOf(userId: string): Promise<string | undefined> {
  const output = await documents().send(
    new GetCommand({ TableName: table(), Key: keys.user(userId), ProjectionExpression: 'openId' }),
  );
  return typeof output.Item?.openId === 'string' ? output.Item.openId : undefined;
}

// ---------------------------------------------------------------------------------------------
// WeCom group robots

export type StoredRobot = WeComRobot & { webhookKey: string };

const toRobot = (item: Record<string, unknown>): WeComRobot => ({
  unitId: item.unitId as string,
  keyHint: keyHintOf(item.webhookKey as string),
  updatedAt: item.updatedAt as string,
  updatedBy: item.updatedBy as string,
});

/** Sets (or replaces) a unit's robot webhook key; answers the masked view. */
export async function saveWeComRobot(unitId: string, webhookKey: string, updatedBy: string, now: number): Promise<WeComRobot> {
  const item = { ...keys.weComRobot(unitId), entity: 'wecom-robot', unitId, webhookKey, updatedAt: iso(now), updatedBy };
  await documents().send(new PutCommand({ TableName: table(), Item: item }));
  return toRobot(item);
}

/** A unit's robot, with its key (for sending only). */
export async function getWeComRobot(unitId: string): Promise<StoredRobot | undefined> {
  const output = await documents().send(new GetCommand({ TableName: table(), Key: keys.weComRobot(unitId) }));
  return output.Item ? { ...toRobot(output.Item), webhookKey: output.Item.webhookKey as string } : undefined;
}

/** Removes a unit's robot; returns whether there was one. */
export async function deleteWeComRobot(unitId: string): Promise<boolean> {
  const output = await documents().send(
    new DeleteCommand({ TableName: table(), Key: keys.weComRobot(unitId), ReturnValues: 'ALL_OLD' }),
  );
  return output.Attributes !== undefined;
}

/**
 * Reserves one message in a robot's 20-a-minute window (optimistic concurrency on the window item,
 * so dispatchers running side by side never exceed it together). Refused: when a slot frees up.
 */
export async function reserveRobotSlot(robotId: string, now: number): Promise<SlotDecision> {
  const key = keys.robotWindow(robotId);
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const item = (await documents().send(new GetCommand({ TableName: table(), Key: key, ConsistentRead: true }))).Item;
    const version = (item?.version as number | undefined) ?? 0;
    const decision = planSlot((item?.sentAt as number[] | undefined) ?? [], now);
    if (!decision.allowed) return decision;
    try {
      await documents().send(
        new PutCommand({
          TableName: table(),
          Item: { ...key, entity: 'robot-window', sentAt: decision.sentAt, version: version + 1, expiresAt: epochSeconds(now) + 3600 },
          ConditionExpression: item ? '#version = :version' : 'attribute_not_exists(pk)',
          ...(item ? { ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':version': version } } : {}),
        }),
      );
      return decision;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  // Heavy contention on one robot: let the next round take it.
  return { allowed: false, retryAt: now + 1_000 };
}

// ---------------------------------------------------------------------------------------------
// Push jobs

/** A job as stored, with what claiming it needs: its place in byDue and the current lease. */
export interface StoredJob {
  job: PushJob;
  dueSort?: string;
  lease?: string;
}

const JOB_FIELDS = [
  'id', 'channel', 'status', 'kind', 'title', 'body', 'subject', 'eventId', 'occurredAt', 'createdAt', 'attempts',
  'nextAttemptAt', 'lastError', 'sentAt', 'deadAt', 'gridId', 'userId', 'openId', 'templateId', 'notificationId',
] as const;

function toStoredJob(item: Record<string, unknown>): StoredJob {
  const job = Object.fromEntries(JOB_FIELDS.filter((field) => item[field] !== undefined).map((field) => [field, item[field]]));
  return {
    job: job as unknown as PushJob,
    ...(typeof item.dueSort === 'string' ? { dueSort: item.dueSort } : {}),
    ...(typeof item.lease === 'string' ? { lease: item.lease } : {}),
  };
}

const dueAttributes = (jobId: string, at: number) => ({
  [tableDesign.indexes.byDue.partitionKey]: keys.pushesDue(shardOf(jobId, PUSH_DUE_SHARDS)),
  [tableDesign.indexes.byDue.sortKey]: `${iso(at)}#${jobId}`,
});

/** When a stored pending job is next due (epoch ms), from its place in byDue. */
export const dueAtOf = (stored: StoredJob): number | undefined =>
  stored.dueSort ? Date.parse(stored.dueSort.slice(0, stored.dueSort.indexOf('#'))) : undefined;

/** Enqueues a push, due at once, unless it exists (the id comes from the event). Returns whether it was new. */
export async function createPushJob(job: PushJob): Promise<boolean> {
  try {
    await documents().send(
      new PutCommand({
        TableName: table(),
        Item: {
          ...keys.pushJob(job.id),
          entity: 'push-job',
          ...job,
          ...dueAttributes(job.id, Date.parse(job.nextAttemptAt ?? job.createdAt)),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export async function getPushJob(jobId: string): Promise<StoredJob | undefined> {
  const output = await documents().send(new GetCommand({ TableName: table(), Key: keys.pushJob(jobId), ConsistentRead: true }));
  return output.Item ? toStoredJob(output.Item) : undefined;
}

/** Several jobs by id (missing ones skipped). */
export async function getPushJobs(jobIds: readonly string[]): Promise<StoredJob[]> {
  return (await batchGetItems(jobIds.map((id) => keys.pushJob(id)), { consistent: true })).map(toStoredJob);
}

/** Pending jobs due by `now`, oldest first within each shard, at most `max` in all. */
export async function listDuePushJobs(now: number, max: number): Promise<StoredJob[]> {
  const { partitionKey, sortKey } = tableDesign.indexes.byDue;
  const due: StoredJob[] = [];
  for (let shard = 0; shard < PUSH_DUE_SHARDS && due.length < max; shard += 1) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await documents().send(
        new QueryCommand({
          TableName: table(),
          IndexName: 'byDue',
          KeyConditionExpression: '#p = :p AND #s <= :bound',
          ExpressionAttributeNames: { '#p': partitionKey, '#s': sortKey },
          // '~' sorts after every character of a job id: everything due at or before now.
          ExpressionAttributeValues: { ':p': keys.pushesDue(shard), ':bound': `${iso(now)}#~` },
          Limit: Math.min(100, max - due.length),
          ExclusiveStartKey: startKey,
        }),
      );
      due.push(...(page.Items ?? []).map(toStoredJob));
      startKey = page.LastEvaluatedKey;
    } while (startKey && due.length < max);
  }
  return due;
}

/**
 * Claims a due job for one dispatcher: moves it in byDue to when the lease ends (so a dispatcher
 * that dies mid-send leaves it due again then) and records a lease token. Only one claimer wins:
 * the condition is the place in byDue it was seen at. Undefined when someone else got it.
 */
export async function claimPushJob(stored: StoredJob, now: number, leaseMs: number): Promise<StoredJob | undefined> {
  if (!stored.dueSort) return undefined;
  const lease = randomUUID();
  const moved = dueAttributes(stored.job.id, now + leaseMs);
  try {
    await documents().send(
      new UpdateCommand(
        buildUpdate(table(), {
          key: keys.pushJob(stored.job.id),
          set: { ...moved, lease },
          condition: '#status = :pending AND #dueSort = :seen',
          names: { '#status': 'status', '#dueSort': tableDesign.indexes.byDue.sortKey },
          values: { ':pending': 'pending', ':seen': stored.dueSort },
        }),
      ),
    );
    return { job: stored.job, dueSort: moved[tableDesign.indexes.byDue.sortKey]!, lease };
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

const leaseCondition = (stored: StoredJob) => ({
  condition: '#lease = :lease',
  names: { '#lease': 'lease' },
  values: { ':lease': stored.lease ?? '-' },
});

/** Runs a lease-guarded write; false when the lease was lost (another dispatcher took the job over). */
async function whileLeased(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export async function markPushSent(stored: StoredJob, now: number): Promise<boolean> {
  const { partitionKey, sortKey } = tableDesign.indexes.byDue;
  return whileLeased(() =>
    documents().send(
      new UpdateCommand(
        buildUpdate(table(), {
          key: keys.pushJob(stored.job.id),
          set: { status: 'sent', sentAt: iso(now), expiresAt: epochSeconds(now) + SENT_PUSH_SECONDS },
          remove: [partitionKey, sortKey, 'lease', 'nextAttemptAt'],
          ...leaseCondition(stored),
        }),
      ),
    ),
  );
}

/** Puts a claimed job back in line for `at`; with `failure`, the attempt counts. */
export async function reschedulePush(
  stored: StoredJob,
  at: number,
  failure?: { attempts: number; reason: string },
): Promise<boolean> {
  return whileLeased(() =>
    documents().send(
      new UpdateCommand(
        buildUpdate(table(), {
          key: keys.pushJob(stored.job.id),
          set: {
            ...dueAttributes(stored.job.id, at),
            nextAttemptAt: iso(at),
            ...(failure ? { attempts: failure.attempts, lastError: failure.reason } : {}),
          },
          remove: ['lease'],
          ...leaseCondition(stored),
        }),
      ),
    ),
  );
}

/** Dead-letters a claimed job: out of byDue, into the admins' list, with the event announcing it. */
export async function markPushDead(
  stored: StoredJob,
  now: number,
  failure: { attempts: number; reason: string },
  events: readonly PendingEvent[],
): Promise<boolean> {
  const due = tableDesign.indexes.byDue;
  const parent = tableDesign.indexes.byParent;
  return whileLeased(() =>
    updateWithEvents(
      {
        key: keys.pushJob(stored.job.id),
        set: {
          status: 'dead',
          deadAt: iso(now),
          attempts: failure.attempts,
          lastError: failure.reason,
          [parent.partitionKey]: keys.deadPushes,
          [parent.sortKey]: `${iso(now)}#${stored.job.id}`,
        },
        remove: [due.partitionKey, due.sortKey, 'lease', 'nextAttemptAt'],
        ...leaseCondition(stored),
      },
      events,
    ),
  );
}

/** The dead letters, newest first. */
export async function listDeadPushJobs(page: PageRequest): Promise<Page<PushJob>> {
  const result = await queryPage({ ...page, index: 'byParent', partition: keys.deadPushes, newestFirst: true });
  return { ...result, items: result.items.map((item) => toStoredJob(item).job) };
}

/**
 * Gives a dead job a fresh round of attempts, due now. Undefined when there is no such job;
 * 'not-dead' when it is not (or no longer) dead.
 */
export async function retryDeadPushJob(jobId: string, now: number): Promise<PushJob | 'not-dead' | undefined> {
  const parent = tableDesign.indexes.byParent;
  try {
    const output = await documents().send(
      new UpdateCommand(
        buildUpdate(table(), {
          key: keys.pushJob(jobId),
          set: { status: 'pending', attempts: 0, nextAttemptAt: iso(now), ...dueAttributes(jobId, now) },
          remove: [parent.partitionKey, parent.sortKey, 'deadAt'],
          condition: '#status = :dead',
          names: { '#status': 'status' },
          values: { ':dead': 'dead' },
          returnValues: 'ALL_NEW',
        }),
      ),
    );
    return toStoredJob(output.Attributes ?? {}).job;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  return (await getPushJob(jobId)) ? 'not-dead' : undefined;
}

// ---------------------------------------------------------------------------------------------

/** The one bounded fan-out (shared/concurrency.ts), here for the fan-out and dispatcher that take this module as their store. */
export { mapLimit };
