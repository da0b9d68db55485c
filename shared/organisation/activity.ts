import { PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { documents } from '../aws/clients';
import { config } from '../config';
import type { Page } from '../http/pagination';
import { organisationKeys as keys } from '../table/design';
import { type PageRequest, queryPage, withoutKeys } from '../table/query';
import type { activitySchema } from './routes';
import { expiresAfter } from '../table/expiry';

export type Activity = z.infer<typeof activitySchema>;

/** How long a unit's activity is kept before TTL collects it. */
const ACTIVITY_SECONDS = 400 * 24 * 3600;

/**
 * Appends one entry to a unit's activity log. The event id is part of the key, so recording the
 * same event twice writes the same item: idempotent by construction, even without the consumer's
 * idempotency layer.
 */
export async function recordActivity(activity: Activity): Promise<void> {
  await documents().send(
    new PutCommand({
      TableName: config().tableName,
      Item: {
        ...keys.activity(activity.unitId, activity.occurredAt, activity.eventId),
        entity: 'activity',
        expiresAt: expiresAfter(new Date(activity.occurredAt), ACTIVITY_SECONDS),
        ...activity,
      },
    }),
  );
}

/** A unit's activity, newest first. */
export async function listActivity(unitId: string, page: PageRequest): Promise<Page<Activity>> {
  const { pk, skPrefix } = keys.activityOf(unitId);
  const result = await queryPage({ ...page, partition: pk, sortPrefix: skPrefix, newestFirst: true });
  return { ...result, items: result.items.map((item) => withoutKeys<Activity>(item)) };
}
