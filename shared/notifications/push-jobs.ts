import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../aws/clients';
import { config } from '../config';
import { type PendingEvent, updateWithEvents } from '../events/outbox';
import type { Page } from '../http/pagination';
import { batchGetItems } from '../table/batch';
import { writeIf, writeOrUndefined } from '../table/conditions';
import { indexAttributes, indexEntry, notificationKeys as keys } from '../table/design';
import { expiresAfter } from '../table/expiry';
import { type PageRequest, queryPage } from '../table/query';
import { readShards, shardOf } from '../table/shards';
import { buildUpdate } from '../table/update';
import type { PushJob } from './model';

/**
 * Push jobs `PUSH#<id>`: a notice on its way to a grid's robot or a person's WeChat. Pending jobs sit
 * in byDue (sharded) by their next attempt; a dispatcher claims one by moving it there to when its
 * lease ends, under a lease token that every later write of the attempt is conditioned on. Dead jobs
 * leave byDue for byParent `PUSH_DEAD_LETTERS`, newest first, where admins see and retry them.
 */

const table = () => config().tableName;

/** Partitions of the byDue index for pushes, so a burst of notices never lands on one hot key. */
export const PUSH_DUE_SHARDS = 4;
/** Delivered pushes are kept a month (for support questions), then collected. */
const SENT_PUSH_SECONDS = 30 * 24 * 3600;

const [, DUE_SORT] = indexAttributes('byDue');

/** A job as stored, with what claiming it needs: its place in byDue and the current lease. */
export interface StoredJob {
  job: PushJob;
  /** Its sort value in byDue (`<due ISO>#<id>`); absent once it is sent or dead. */
  dueSort?: string;
  lease?: string;
}

const JOB_FIELDS = [
  'id', 'channel', 'status', 'kind', 'title', 'body', 'subject', 'eventId', 'correlationId', 'occurredAt', 'createdAt', 'attempts',
  'nextAttemptAt', 'lastError', 'sentAt', 'deadAt', 'gridId', 'userId', 'openId', 'templateId', 'notificationId',
] as const;

function toStoredJob(item: Record<string, unknown>): StoredJob {
  const job = Object.fromEntries(JOB_FIELDS.filter((field) => item[field] !== undefined).map((field) => [field, item[field]]));
  const dueSort = item[DUE_SORT];
  return {
    job: job as unknown as PushJob,
    ...(typeof dueSort === 'string' ? { dueSort } : {}),
    ...(typeof item.lease === 'string' ? { lease: item.lease } : {}),
  };
}

/** A job's place in byDue: due at `at`, in its shard. */
const dueEntry = (jobId: string, at: Date) =>
  indexEntry('byDue', keys.pushesDue(shardOf(jobId, PUSH_DUE_SHARDS)), `${at.toISOString()}#${jobId}`);

/** When a stored pending job is next due, from its place in byDue. */
export const dueAtOf = (stored: StoredJob): Date | undefined =>
  stored.dueSort ? new Date(stored.dueSort.slice(0, stored.dueSort.indexOf('#'))) : undefined;

/**
 * Enqueues a push, due at once, unless it exists (the id comes from the event). Returns the job as
 * stored when it was new (what a read would give, so a dispatcher can claim it without reading it
 * back), undefined when it was there already.
 */
export async function createPushJob(job: PushJob): Promise<StoredJob | undefined> {
  const item = {
    ...keys.pushJob(job.id),
    entity: 'push-job',
    ...job,
    ...dueEntry(job.id, new Date(job.nextAttemptAt ?? job.createdAt)),
  };
  const created = await writeIf(
    documents().send(new PutCommand({ TableName: table(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' })),
  );
  return created ? toStoredJob(item) : undefined;
}

/** A job by id, read strongly consistent (a decision follows). */
async function getPushJob(jobId: string): Promise<StoredJob | undefined> {
  const output = await documents().send(new GetCommand({ TableName: table(), Key: keys.pushJob(jobId), ConsistentRead: true }));
  return output.Item ? toStoredJob(output.Item) : undefined;
}

/** Several jobs by id (missing ones skipped). */
export async function getPushJobs(jobIds: readonly string[]): Promise<StoredJob[]> {
  return (await batchGetItems(jobIds.map((id) => keys.pushJob(id)), { consistent: true })).map(toStoredJob);
}

/** Pending jobs due by `now`, oldest first within each shard, at most `max` in all (the shards read side by side). */
export async function listDuePushJobs(now: Date, max: number): Promise<StoredJob[]> {
  // '~' sorts after every character of a job id: everything due at or before now.
  const dueBy = `${now.toISOString()}#~`;
  const due = await readShards(PUSH_DUE_SHARDS, max, 100, (shard, limit, cursor) =>
    queryPage({ index: 'byDue', partition: keys.pushesDue(shard), sortUpTo: dueBy, limit, ...(cursor ? { cursor } : {}) }),
  );
  return due.map(toStoredJob);
}

/**
 * Claims a due job for one dispatcher: moves it in byDue to when the lease ends (so a dispatcher
 * that dies mid-send leaves it due again then) and records a lease token. Only one claimer wins:
 * the condition is the place in byDue it was seen at. Undefined when someone else got it.
 */
export async function claimPushJob(stored: StoredJob, now: Date, leaseMs: number): Promise<StoredJob | undefined> {
  if (!stored.dueSort) return undefined;
  const lease = randomUUID();
  const moved = dueEntry(stored.job.id, new Date(now.getTime() + leaseMs));
  const claimed = await writeIf(
    documents().send(
      new UpdateCommand(
        buildUpdate(table(), {
          key: keys.pushJob(stored.job.id),
          set: { ...moved, lease },
          condition: '#status = :pending AND #dueSort = :seen',
          names: { '#status': 'status', '#dueSort': DUE_SORT },
          values: { ':pending': 'pending', ':seen': stored.dueSort },
        }),
      ),
    ),
  );
  return claimed ? { job: stored.job, dueSort: moved[DUE_SORT], lease } : undefined;
}

/** The condition of every write of a claimed job: the lease is still this dispatcher's. */
const leaseCondition = (stored: StoredJob) => ({
  condition: '#lease = :lease',
  names: { '#lease': 'lease' },
  values: { ':lease': stored.lease ?? '-' },
});

/** Marks a claimed job delivered; false when the lease was lost (another dispatcher took the job over). */
export async function markPushSent(stored: StoredJob, now: Date): Promise<boolean> {
  return writeIf(
    documents().send(
      new UpdateCommand(
        buildUpdate(table(), {
          key: keys.pushJob(stored.job.id),
          set: { status: 'sent', sentAt: now.toISOString(), expiresAt: expiresAfter(now, SENT_PUSH_SECONDS) },
          remove: [...indexAttributes('byDue'), 'lease', 'nextAttemptAt'],
          ...leaseCondition(stored),
        }),
      ),
    ),
  );
}

/** Puts a claimed job back in line for `at`; with `failure`, the attempt counts. False when the lease was lost. */
export async function reschedulePush(
  stored: StoredJob,
  at: Date,
  failure?: { attempts: number; reason: string },
): Promise<boolean> {
  return writeIf(
    documents().send(
      new UpdateCommand(
        buildUpdate(table(), {
          key: keys.pushJob(stored.job.id),
          set: {
            ...dueEntry(stored.job.id, at),
            nextAttemptAt: at.toISOString(),
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
  now: Date,
  failure: { attempts: number; reason: string },
  events: readonly PendingEvent[],
): Promise<boolean> {
  return writeIf(
    updateWithEvents(
      {
        key: keys.pushJob(stored.job.id),
        set: {
          status: 'dead',
          deadAt: now.toISOString(),
          attempts: failure.attempts,
          lastError: failure.reason,
          ...indexEntry('byParent', keys.deadPushes, `${now.toISOString()}#${stored.job.id}`),
        },
        remove: [...indexAttributes('byDue'), 'lease', 'nextAttemptAt'],
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
export async function retryDeadPushJob(jobId: string, now: Date): Promise<PushJob | 'not-dead' | undefined> {
  const output = await writeOrUndefined(
    documents().send(
      new UpdateCommand(
        buildUpdate(table(), {
          key: keys.pushJob(jobId),
          set: { status: 'pending', attempts: 0, nextAttemptAt: now.toISOString(), ...dueEntry(jobId, now) },
          remove: [...indexAttributes('byParent'), 'deadAt'],
          condition: '#status = :dead',
          names: { '#status': 'status' },
          values: { ':dead': 'dead' },
          returnValues: 'ALL_NEW',
        }),
      ),
    ),
  );
  if (output) return toStoredJob(output.Attributes ?? {}).job;
  return (await getPushJob(jobId)) ? 'not-dead' : undefined;
}
