import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../aws/clients';
import { config } from '../config';
import { newId } from '../ids';
import { writeIf } from '../table/conditions';
import { userKeys as keys } from '../table/design';
import type { User } from './model';
import { DEFAULT_DISPLAY_NAME, getUser } from './repository';

/**
 * WeChat links: a WeChat openid maps to its user through a link item (`WECHAT#<openid>` / `LINK`),
 * the only way to find a user by openid without a Scan. A first sign-in registers a resident and
 * links them; a phone binding moves a link to a staff user (shared/users/staff-binding.ts).
 */

/** A WeChat link: whom an openid signs in as, and (once a phone binding moved it) whom it was moved from. */
export interface WeChatLink {
  userId: string;
  /** The resident user the openid signed in as before a phone binding moved the link to a staff user. */
  boundFrom?: string;
}

/** The link of an openid, read consistently. */
export async function weChatLinkOf(openId: string): Promise<WeChatLink | undefined> {
  const output = await documents().send(
    new GetCommand({ TableName: config().tableName, Key: keys.wechatLink(openId), ConsistentRead: true, ProjectionExpression: 'userId, boundFrom' }),
  );
  const item = output.Item;
  if (typeof item?.userId !== 'string') return undefined;
  return { userId: item.userId, ...(typeof item.boundFrom === 'string' ? { boundFrom: item.boundFrom } : {}) };
}

/** The user a WeChat openid signed in as before, if any. */
export async function findUserIdByOpenId(openId: string): Promise<string | undefined> {
  const output = await documents().send(
    new GetCommand({ TableName: config().tableName, Key: keys.wechatLink(openId), ConsistentRead: true }),
  );
  return output.Item?.userId as string | undefined;
}

/**
 * Registers the first sign-in of a WeChat user as a resident. The user item is written first and
 * the link second, so a crash in between leaves only an unreachable user item (harmless) and the
 * next sign-in simply registers again. Two first sign-ins racing both write a user; one link wins,
 * and both callers get the winner's user.
 */
export async function registerWeChatUser(openId: string, now: Date): Promise<User> {
  const createdAt = now.toISOString();
  const user: User = { id: newId(), displayName: DEFAULT_DISPLAY_NAME, role: 'resident', units: [], stations: [], createdAt };
  const { stations: _derived, ...kept } = user;
  const { tableName } = config();
  await documents().send(
    new PutCommand({
      TableName: tableName,
      // The openid is kept for WeChat subscribe messages; toUser never shows it.
      Item: { ...keys.user(user.id), entity: 'user', ...kept, openId, tokenVersion: 0 },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  const linked = await writeIf(
    documents().send(
      new PutCommand({
        TableName: tableName,
        Item: { ...keys.wechatLink(openId), entity: 'wechat-link', openId, userId: user.id, createdAt },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
  if (linked) return user;
  // Lost the race: the winner wrote its user before its link, so that user exists.
  const winnerId = await findUserIdByOpenId(openId);
  const winner = winnerId ? await getUser(winnerId) : undefined;
  if (!winner) throw new Error(`WeChat link for a user that cannot be read (${winnerId ?? 'no id'})`);
  return winner;
}

/**
 * Moves an openid's link from one user to another (`boundFrom` remembers whom from): false when the
 * link does not name `fromUserId` (gone, or moved already).
 */
export async function moveWeChatLink(openId: string, fromUserId: string, toUserId: string, now: Date): Promise<boolean> {
  return writeIf(
    documents().send(
      new UpdateCommand({
        TableName: config().tableName,
        Key: keys.wechatLink(openId),
        UpdateExpression: 'SET userId = :to, boundFrom = :from, boundAt = :at',
        ConditionExpression: 'userId = :from',
        ExpressionAttributeValues: { ':to': toUserId, ':from': fromUserId, ':at': now.toISOString() },
      }),
    ),
  );
}

/** Removes an openid's link if it still names `userId` (a WeChat account the person left); false when it did not. */
export async function deleteWeChatLink(openId: string, userId: string): Promise<boolean> {
  return writeIf(
    documents().send(
      new DeleteCommand({
        TableName: config().tableName,
        Key: keys.wechatLink(openId),
        ConditionExpression: 'userId = :user',
        ExpressionAttributeValues: { ':user': userId },
      }),
    ),
  );
}
