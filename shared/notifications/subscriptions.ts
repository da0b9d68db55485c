import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../aws/clients';
import { config } from '../config';
import { writeIf } from '../table/conditions';
import { notificationKeys as keys } from '../table/design';
import { queryAll } from '../table/query';
import { buildUpdate } from '../table/update';

/**
 * One-time WeChat subscriptions: each time a person accepts a subscribe-message template in the
 * mini-program, WeChat allows one message of it. One item per person and kind
 * (`USER#<user>` / `SUBSCRIPTION#<kind>`) counts them; pushes take one each by a conditional
 * decrement that never goes below zero, and remember which job took it, so a redelivery takes none.
 */

const table = () => config().tableName;

/** Records that a person accepted `count` more one-time subscriptions for a kind; returns how many they have. */
export async function grantSubscriptions(userId: string, kind: string, count: number, now: Date): Promise<number> {
  const output = await documents().send(
    new UpdateCommand(
      buildUpdate(table(), {
        key: keys.notificationSubscription(userId, kind),
        set: { entity: 'notification-subscription', userId, kind, updatedAt: now.toISOString() },
        add: { remaining: count },
        returnValues: 'ALL_NEW',
      }),
    ),
  );
  return (output.Attributes?.remaining as number | undefined) ?? count;
}

/** A person's remaining one-time subscriptions, by kind (one item per kind that has a template: a few). */
export async function listSubscriptions(userId: string): Promise<Map<string, number>> {
  const { pk, skPrefix } = keys.notificationSubscriptionsOf(userId);
  const items = await queryAll({ partition: pk, sortPrefix: skPrefix });
  return new Map(items.map((item) => [item.kind as string, Math.max(0, Number(item.remaining ?? 0))]));
}

/**
 * Takes one subscription for a push job: a conditional decrement that never goes below zero. The
 * job id is remembered on the item until the job ends, so taking again for the same job (a
 * redelivered event, a crash between this and writing the job) takes nothing more and answers true.
 * False: none left.
 */
export async function takeSubscription(userId: string, kind: string, jobId: string): Promise<boolean> {
  const key = keys.notificationSubscription(userId, kind);
  const taken = await writeIf(
    documents().send(
      new UpdateCommand({
        TableName: table(),
        Key: key,
        UpdateExpression: 'SET #remaining = #remaining - :one ADD #taken :job',
        ConditionExpression: '#remaining > :zero AND NOT contains(#taken, :jobId)',
        ExpressionAttributeNames: { '#remaining': 'remaining', '#taken': 'takenBy' },
        ExpressionAttributeValues: { ':one': 1, ':zero': 0, ':job': new Set([jobId]), ':jobId': jobId },
      }),
    ),
  );
  if (taken) return true;
  const item = (await documents().send(new GetCommand({ TableName: table(), Key: key, ConsistentRead: true }))).Item;
  return (item?.takenBy as Set<string> | undefined)?.has(jobId) ?? false;
}

/**
 * Forgets a job's mark once the job has ended (sent or dead). When WeChat said the person has no
 * subscription left (43101), our count goes to zero too. A subscription item that is gone needs nothing.
 */
export async function releaseSubscription(userId: string, kind: string, jobId: string, gone: boolean): Promise<void> {
  await writeIf(
    documents().send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.notificationSubscription(userId, kind),
        UpdateExpression: gone ? 'SET #remaining = :zero DELETE #taken :job' : 'DELETE #taken :job',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#taken': 'takenBy', ...(gone ? { '#remaining': 'remaining' } : {}) },
        ExpressionAttributeValues: { ':job': new Set([jobId]), ...(gone ? { ':zero': 0 } : {}) },
      }),
    ),
  );
}
