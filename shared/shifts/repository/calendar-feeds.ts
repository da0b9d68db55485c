import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../../aws/clients';
import { config } from '../../config';
import { shiftKeys as keys } from '../../table/design';

/**
 * Calendar feeds: one item per person holding the hash of their current feed token (the truth: a
 * person has at most one live feed URL), and one lookup item per hash naming the person, so the
 * public feed URL finds them with one GetItem. The lookup is secondary: it is written before the
 * person's item and removed after, and a reader believes it only when the person's item still holds
 * the same hash (see calendar-feed.ts), so a crash between the writes never leaves an old URL alive.
 */

/** A person's feed as stored: the hash of its token, never the token. */
export interface CalendarFeedRecord {
  userId: string;
  tokenHash: string;
  createdAt: string;
}

const table = () => config().tableName;

/** A person's feed item, if they have a feed (strongly consistent: a revocation counts at once). */
export async function getCalendarFeed(userId: string): Promise<CalendarFeedRecord | undefined> {
  const output = await documents().send(new GetCommand({ TableName: table(), Key: keys.calendarFeed(userId), ConsistentRead: true }));
  return output.Item ? recordOf(output.Item) : undefined;
}

/** The person a token's hash was issued to, by its lookup item (to be checked against their feed item). */
export async function findCalendarFeedOwner(tokenHash: string): Promise<string | undefined> {
  const output = await documents().send(new GetCommand({ TableName: table(), Key: keys.calendarFeedToken(tokenHash) }));
  return typeof output.Item?.userId === 'string' ? output.Item.userId : undefined;
}

/** Writes the lookup item of a new token's hash (never over another one: a hash names one person). */
export async function putCalendarFeedLookup(feed: CalendarFeedRecord): Promise<void> {
  await documents().send(
    new PutCommand({
      TableName: table(),
      Item: { ...keys.calendarFeedToken(feed.tokenHash), entity: 'calendarFeedToken', userId: feed.userId, createdAt: feed.createdAt },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

/** Makes `feed` the person's one feed; returns the hash it replaced, if any. */
export async function replaceCalendarFeed(feed: CalendarFeedRecord): Promise<string | undefined> {
  const output = await documents().send(
    new PutCommand({
      TableName: table(),
      Item: { ...keys.calendarFeed(feed.userId), entity: 'calendarFeed', ...feed },
      ReturnValues: 'ALL_OLD',
    }),
  );
  return output.Attributes ? recordOf(output.Attributes).tokenHash : undefined;
}

/** Removes the person's feed; returns the hash it held, if there was one. */
export async function deleteCalendarFeed(userId: string): Promise<string | undefined> {
  const output = await documents().send(new DeleteCommand({ TableName: table(), Key: keys.calendarFeed(userId), ReturnValues: 'ALL_OLD' }));
  return output.Attributes ? recordOf(output.Attributes).tokenHash : undefined;
}

/** Removes a hash's lookup item (after its feed was replaced or revoked, or left behind by a crash). */
export async function deleteCalendarFeedLookup(tokenHash: string): Promise<void> {
  await documents().send(new DeleteCommand({ TableName: table(), Key: keys.calendarFeedToken(tokenHash) }));
}

const recordOf = (item: Record<string, unknown>): CalendarFeedRecord => ({
  userId: String(item.userId),
  tokenHash: String(item.tokenHash),
  createdAt: String(item.createdAt),
});
