import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../aws/clients';
import { mapLimit } from '../concurrency';
import { config } from '../config';
import type { Language } from '../http/errors';
import type { Page } from '../http/pagination';
import { writeIf, writeOrUndefined } from '../table/conditions';
import { type IndexName, type ItemKey, indexAttributes, indexEntry, notificationKeys as keys, tableDesign } from '../table/design';
import { epochSecondsOf, expiresAfter, isUnexpired } from '../table/expiry';
import { type PageRequest, queryPage } from '../table/query';
import type { Notification } from './model';

/**
 * A person's inbox: items `INBOX#<user>` / `NOTE#<id>`, newest first (ids start with the event's
 * time). Unread items also sit in the sparse byUser partition `UNREAD#<user>`, and reading one takes
 * it out, so the unread count is a Query COUNT of what is actually unread (it cannot drift), of at
 * most 100 items ("99+" beyond): reading the inbox costs the same however full it is.
 */

const table = () => config().tableName;

/** The index whose partition `UNREAD#<user>` holds a person's unread items only. */
const UNREAD_INDEX = 'byUser' satisfies IndexName;
const [UNREAD_PARTITION_ATTRIBUTE, UNREAD_SORT_ATTRIBUTE] = indexAttributes(UNREAD_INDEX);

/** Inbox items are kept a year. */
const INBOX_SECONDS = 365 * 24 * 3600;
/** Most unread items `read-all` marks in one call; the answer's unreadCount tells if more remain. */
export const READ_ALL_MAX = 2000;
/**
 * Most unread items the count tells apart: a badge shows "99+" beyond this. Counting stops there, so
 * every read of the inbox costs one Query of at most {@link UNREAD_COUNT_CAP} + 1 small index items,
 * however many are unread.
 */
export const UNREAD_COUNT_CAP = 99;

/**
 * An inbox item as written: `title` and `body` in Chinese (the default, and all that items from
 * before English existed have), and `en` when its notice was written in English too (shared/events/notices.ts).
 */
export interface NotificationRecord extends Notification {
  en?: { title: string; body: string };
}

/**
 * An item as its owner reads it, in their language: the English text when they read English and
 * the item has one, the Chinese otherwise (so items written before English existed still show).
 */
function toNotification(item: Record<string, unknown>, language: Language): Notification {
  const english = item.en as { title?: unknown; body?: unknown } | undefined;
  const text =
    language === 'en' && typeof english?.title === 'string' && typeof english.body === 'string'
      ? { title: english.title, body: english.body }
      : { title: item.title as string, body: item.body as string };
  return {
    id: item.id as string,
    kind: item.kind as string,
    ...text,
    ...(item.subject ? { subject: item.subject as Notification['subject'] & object } : {}),
    createdAt: item.createdAt as string,
    ...(typeof item.readAt === 'string' ? { readAt: item.readAt } : {}),
  };
}

/** Bookkeeping on an item written by one batch of a job (an announcement's): which batch. Never shown. */
const BATCH_ATTRIBUTE = 'writtenInBatch';

/**
 * Puts an inbox item unless it is there already: the id comes from the event, so a redelivered
 * event changes nothing. Returns whether it was new. `batch` marks the item with the batch of a job
 * that wrote it (see {@link batchOfNotification}); `correlationId` keeps the case it came from
 * (shared/observability/correlation.ts). Neither is ever shown.
 */
export async function putNotification(
  userId: string,
  notification: NotificationRecord,
  options: { batch?: string; correlationId?: string } = {},
): Promise<boolean> {
  return writeIf(
    documents().send(
      new PutCommand({
        TableName: table(),
        Item: {
          ...keys.notification(userId, notification.id),
          entity: 'notification',
          ...indexEntry(UNREAD_INDEX, keys.unreadOf(userId), notification.id),
          expiresAt: expiresAfter(new Date(notification.createdAt), INBOX_SECONDS),
          userId,
          ...(options.batch !== undefined ? { [BATCH_ATTRIBUTE]: options.batch } : {}),
          ...(options.correlationId !== undefined ? { correlationId: options.correlationId } : {}),
          ...notification,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
}

/**
 * Which batch wrote one of a person's items (the `batch` it was put with), read consistently;
 * undefined when there is no such item or it has no mark. When a put finds its item already there,
 * this tells an earlier attempt of the same batch (a retry after a crash: the item is that batch's
 * to count) from an earlier batch that reached the same person.
 */
export async function batchOfNotification(userId: string, notificationId: string): Promise<string | undefined> {
  const output = await documents().send(
    new GetCommand({
      TableName: table(),
      Key: keys.notification(userId, notificationId),
      ConsistentRead: true,
      ProjectionExpression: '#batch',
      ExpressionAttributeNames: { '#batch': BATCH_ATTRIBUTE },
    }),
  );
  const batch = output.Item?.[BATCH_ATTRIBUTE];
  return typeof batch === 'string' ? batch : undefined;
}

/** A person's inbox, newest first, in `language` (default zh); or only the unread items (from the sparse unread partition). */
export async function listNotifications(
  userId: string,
  page: PageRequest,
  options: { unreadOnly: boolean; now: Date; language?: Language },
): Promise<Page<Notification>> {
  const inbox = keys.inboxOf(userId);
  const result = options.unreadOnly
    ? await queryPage({ ...page, index: UNREAD_INDEX, partition: keys.unreadOf(userId), newestFirst: true })
    : await queryPage({ ...page, partition: inbox.pk, sortPrefix: inbox.skPrefix, newestFirst: true });
  return { ...result, items: result.items.filter((item) => isUnexpired(item, options.now)).map((item) => toNotification(item, options.language ?? 'zh')) };
}

/**
 * How many unread items a person has, up to {@link UNREAD_COUNT_CAP} + 1 (which means "more than
 * the cap"): a COUNT over the newest entries of the unread partition, so it is what is there and
 * cannot drift (no counter to keep in step with the items). Newest first, because expiry follows
 * age: the items past their expiry (left out by the filter) are the oldest, so the count is exact
 * up to the cap. A Query of its own: `queryPage` neither counts nor filters.
 */
export async function countUnread(userId: string, now: Date): Promise<number> {
  const output = await documents().send(
    new QueryCommand({
      TableName: table(),
      IndexName: UNREAD_INDEX,
      KeyConditionExpression: '#p = :p',
      FilterExpression: 'attribute_not_exists(#expires) OR #expires > :now',
      ExpressionAttributeNames: { '#p': UNREAD_PARTITION_ATTRIBUTE, '#expires': tableDesign.timeToLiveAttribute },
      ExpressionAttributeValues: { ':p': keys.unreadOf(userId), ':now': epochSecondsOf(now) },
      Select: 'COUNT',
      ScanIndexForward: false,
      Limit: UNREAD_COUNT_CAP + 1,
    }),
  );
  return Math.min(output.Count ?? 0, UNREAD_COUNT_CAP + 1);
}

/** The unread count as the API shows it: exact up to the cap; beyond it, the cap and `unreadCountCapped` ("99+"). */
export async function unreadCountOf(userId: string, now: Date): Promise<{ unreadCount: number; unreadCountCapped: boolean }> {
  const count = await countUnread(userId, now);
  return { unreadCount: Math.min(count, UNREAD_COUNT_CAP), unreadCountCapped: count > UNREAD_COUNT_CAP };
}

/**
 * The write that marks an inbox item read: the first reading time stays, and the item leaves the
 * unread partition. `condition` says when it may happen, with its own placeholders.
 */
function markReadCommand(
  key: ItemKey,
  now: Date,
  condition: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> },
  returnValues?: 'ALL_NEW',
): UpdateCommand {
  return new UpdateCommand({
    TableName: table(),
    Key: key,
    UpdateExpression: 'SET #readAt = if_not_exists(#readAt, :now) REMOVE #unreadKey, #unreadSort',
    ConditionExpression: condition.expression,
    ExpressionAttributeNames: {
      '#readAt': 'readAt',
      '#unreadKey': UNREAD_PARTITION_ATTRIBUTE,
      '#unreadSort': UNREAD_SORT_ATTRIBUTE,
      ...condition.names,
    },
    ExpressionAttributeValues: { ':now': now.toISOString(), ...condition.values },
    ...(returnValues ? { ReturnValues: returnValues } : {}),
  });
}

/**
 * Marks one of a person's items read (the first reading time stays) and takes it out of the unread
 * partition; answers it in `language` (default zh). Undefined when the person has no such item:
 * someone else's id is simply not found.
 */
export async function markNotificationRead(
  userId: string,
  notificationId: string,
  now: Date,
  language: Language = 'zh',
): Promise<Notification | undefined> {
  const output = await writeOrUndefined(
    documents().send(
      markReadCommand(
        keys.notification(userId, notificationId),
        now,
        {
          expression: 'attribute_exists(pk) AND (attribute_not_exists(#expires) OR #expires > :epoch)',
          names: { '#expires': tableDesign.timeToLiveAttribute },
          values: { ':epoch': epochSecondsOf(now) },
        },
        'ALL_NEW',
      ),
    ),
  );
  return output?.Attributes ? toNotification(output.Attributes, language) : undefined;
}

/** Marks every unread item of a person read (at most {@link READ_ALL_MAX} per call); returns how many. */
export async function markAllNotificationsRead(userId: string, now: Date): Promise<number> {
  let marked = 0;
  let cursor: string | undefined;
  do {
    const page = await queryPage({ index: UNREAD_INDEX, partition: keys.unreadOf(userId), limit: 100, ...(cursor ? { cursor } : {}) });
    const results = await mapLimit(page.items, 10, (item) =>
      writeIf(
        documents().send(
          // The index is eventually consistent: an item read meanwhile is skipped, not counted twice.
          markReadCommand({ pk: item.pk as string, sk: item.sk as string }, now, { expression: 'attribute_exists(#unreadKey)' }),
        ),
      ),
    );
    marked += results.filter(Boolean).length;
    cursor = page.nextCursor;
  } while (cursor && marked < READ_ALL_MAX);
  return marked;
}
