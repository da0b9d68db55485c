import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { roleAssigned } from '../../events/users';
import { documents } from '../aws/clients';
import { config } from '../config';
import { makeEvent, updateWithEvents } from '../events/outbox';
import { type Language, notFound } from '../http/errors';
import { batchGetItems } from '../table/batch';
import { writeIf, writeOrUndefined } from '../table/conditions';
import { userKeys as keys } from '../table/design';
import type { RoleAssignment } from './domain';
import type { User } from './model';

/**
 * Users: one item each (`USER#<id>` / `PROFILE`). Which user a WeChat openid signs in as is kept on
 * link items of their own (wechat-links.ts).
 */

/** What WeChat itself calls a user who has not set a nickname. */
export const DEFAULT_DISPLAY_NAME = '微信用户';

/**
 * The profile as the API shows it: the item's other attributes (the openid above all) stay inside.
 * `stations` is filled by the caller from the stations' managers lists (see
 * `stationsManagedBy` in shared/stations/managers.ts); a legacy `stations` attribute grants nothing.
 */
function toUser(item: Record<string, unknown>): User {
  return {
    id: item.id as string,
    displayName: item.displayName as string,
    role: item.role as User['role'],
    units: (item.units as string[] | undefined) ?? [],
    stations: [],
    ...(typeof item.homeGridId === 'string' ? { homeGridId: item.homeGridId } : {}),
    createdAt: item.createdAt as string,
    ...(typeof item.phone === 'string' ? { phone: item.phone } : {}),
    ...(typeof item.deactivatedAt === 'string' ? { deactivatedAt: item.deactivatedAt } : {}),
    ...(item.language === 'en' || item.language === 'zh' ? { language: item.language } : {}),
  };
}

/** The language a user item says the person reads: Chinese unless they chose English (items from before the choice: Chinese). */
const languageOfItem = (item: Record<string, unknown> | undefined): Language => (item?.language === 'en' ? 'en' : 'zh');

/** The authorizer's read lives on its own (small bundle); sign-in reads the same. */
export { accessOf } from './access';

/** Reads a user's profile. */
export async function getUser(userId: string): Promise<User | undefined> {
  const output = await documents().send(new GetCommand({ TableName: config().tableName, Key: keys.user(userId) }));
  return output.Item ? toUser(output.Item) : undefined;
}

/** Whom a pushed message goes to, and in which language it is written. */
export interface Recipient {
  /** The WeChat openid they signed in with (kept on the user item, never shown), if any. */
  openId?: string;
  /** The language they chose (zh unless they chose en). */
  language: Language;
}

/**
 * What a WeChat subscribe message to a person needs: the openid it is addressed to and the language
 * they read, in one GetItem of two attributes (a push is sent without a request, so no
 * `Accept-Language` says it). Undefined when there is no such user.
 */
export async function recipientOf(userId: string): Promise<Recipient | undefined> {
  const output = await documents().send(
    new GetCommand({
      TableName: config().tableName,
      Key: keys.user(userId),
      ProjectionExpression: 'openId, #language',
      ExpressionAttributeNames: { '#language': 'language' },
    }),
  );
  if (!output.Item) return undefined;
  const { openId } = output.Item;
  return { ...(typeof openId === 'string' ? { openId } : {}), language: languageOfItem(output.Item) };
}

/** The WeChat openid a person signed in with, if any: what a WeChat subscribe message is addressed to. */
export async function openIdOf(userId: string): Promise<string | undefined> {
  return (await recipientOf(userId))?.openId;
}

/** Keeps the language a person chose on their profile; returns the profile, 404 when there is no such user. */
export async function setLanguage(userId: string, language: Language): Promise<User> {
  const output = await writeOrUndefined(
    documents().send(
      new UpdateCommand({
        TableName: config().tableName,
        Key: keys.user(userId),
        UpdateExpression: 'SET #language = :language',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#language': 'language' },
        ExpressionAttributeValues: { ':language': language },
        ReturnValues: 'ALL_NEW',
      }),
    ),
  );
  if (!output) throw notFound(`user ${userId}`);
  return toUser(output.Attributes ?? {});
}

/**
 * Writes a user's profile (creating it, or replacing its profile fields). The local demo seed and
 * tests use this. An update, not a Put, so events still waiting in the item's outbox (a role
 * assignment whose publish failed) stay there for the relay. `stations` is not kept: the stations'
 * managers lists are the truth about who runs a station.
 */
export async function saveUser(user: User): Promise<void> {
  const { stations: _derived, ...fields } = user;
  await updateWithEvents(
    {
      key: keys.user(user.id),
      set: { entity: 'user', ...fields },
      remove: OPTIONAL_USER_FIELDS.filter((field) => fields[field] === undefined),
    },
    [],
  );
}

/** Profile fields a user may lack: saving a profile without them removes them. */
const OPTIONAL_USER_FIELDS = ['homeGridId', 'deactivatedAt'] as const;

/** Which of these ids name users (at most 100 ids: one BatchGet of keys only). */
export async function existingUserIds(userIds: readonly string[]): Promise<string[]> {
  const found = await batchGetItems([...new Set(userIds)].slice(0, 100).map((id) => keys.user(id)), { attributes: ['id'] });
  return found.map((item) => item.id as string);
}

/** The display names of these users, by id (unknown ids are absent): BatchGets of 100, names only. */
export async function displayNamesOf(userIds: readonly string[]): Promise<Map<string, string>> {
  const found = await batchGetItems([...new Set(userIds)].map((id) => keys.user(id)), { attributes: ['id', 'displayName'] });
  return new Map(found.flatMap((item) => (typeof item.displayName === 'string' ? [[item.id as string, item.displayName] as const] : [])));
}

/**
 * The current role and scope of each of these users that exists (in no particular order): what a
 * feature checks an index of people against, e.g. the admins a request escalates to. BatchGets of
 * three attributes, a hundred ids each.
 */
export async function rolesOf(userIds: readonly string[]): Promise<Pick<User, 'id' | 'role' | 'units'>[]> {
  const found = await batchGetItems(userIds.map((id) => keys.user(id)), { attributes: ['id', 'role', 'units'] });
  return found.map((item) => ({ id: item.id as string, role: item.role as User['role'], units: (item.units as string[] | undefined) ?? [] }));
}

/**
 * Sets a user's role and scope, announcing `users.role-assigned`. Tokens already issued carry no
 * role: the authorizer reads this item, so the change reaches them within its cache (60 s).
 * Throws 404 when there is no such user. Returns the updated profile.
 */
export async function assignRole(userId: string, assignment: RoleAssignment, assignedBy: string): Promise<User> {
  const { role, units } = assignment;
  const attributes = await writeOrUndefined(
    updateWithEvents(
      {
        key: keys.user(userId),
        set: { role, units, roleAssignedBy: assignedBy },
        // A `stations` list from before station managers were kept on the stations alone.
        remove: ['stations'],
        condition: 'attribute_exists(pk)',
        returnValues: 'ALL_NEW',
      },
      [makeEvent(roleAssigned, { userId, role, units, assignedBy })],
    ),
  );
  // ALL_NEW always answers the item it wrote: nothing back means the condition refused (no such user).
  if (!attributes) throw notFound(`user ${userId}`);
  return toUser(attributes);
}

/**
 * Ends every session of a user: moves their token version on, so every token issued before stops
 * passing the authorizer (within its cache). Their next sign-in gets a token of the new version.
 */
export async function signOutEverywhere(userId: string): Promise<void> {
  const signedOut = await writeIf(
    documents().send(
      new UpdateCommand({
        TableName: config().tableName,
        Key: keys.user(userId),
        UpdateExpression: 'ADD tokenVersion :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    ),
  );
  if (!signedOut) throw notFound(`user ${userId}`);
}

/**
 * Deactivates a user (`at`) or reactivates them (`null`): a deactivated user cannot sign in and
 * their tokens stop passing the authorizer. Returns the updated profile; 404 when there is no such user.
 */
export async function setDeactivated(userId: string, at: Date | null, by: string): Promise<User> {
  const output = await writeOrUndefined(
    documents().send(
      new UpdateCommand({
        TableName: config().tableName,
        Key: keys.user(userId),
        UpdateExpression: at ? 'SET deactivatedAt = :at, deactivatedBy = :by' : 'REMOVE deactivatedAt SET reactivatedBy = :by',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ...(at ? { ':at': at.toISOString() } : {}), ':by': by },
        ReturnValues: 'ALL_NEW',
      }),
    ),
  );
  if (!output) throw notFound(`user ${userId}`);
  return toUser(output.Attributes ?? {});
}

// ---------------------------------------------------------------------------------------------
// Binding a WeChat account to an imported staff user (shared/users/staff-binding.ts says in which
// order these run, and why a crash between any two is completed later; the links it moves:
// wechat-links.ts).

/** A user's profile with what stays inside: their openid, and whether they were imported as staff. */
export interface UserRecord {
  user: User;
  openId?: string;
  staff: boolean;
}

/** A user's profile and inside attributes, read consistently (a binding decides on them). */
export async function userRecordOf(userId: string): Promise<UserRecord | undefined> {
  const output = await documents().send(new GetCommand({ TableName: config().tableName, Key: keys.user(userId), ConsistentRead: true }));
  const item = output.Item;
  if (!item) return undefined;
  return { user: toUser(item), ...(typeof item.openId === 'string' ? { openId: item.openId } : {}), staff: item.staff === true };
}

/** Keeps the mobile number a person confirmed with WeChat on their profile; returns the profile, 404 when there is no such user. */
export async function setPhone(userId: string, phone: string): Promise<User> {
  const output = await writeOrUndefined(
    documents().send(
      new UpdateCommand({
        TableName: config().tableName,
        Key: keys.user(userId),
        UpdateExpression: 'SET phone = :phone',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':phone': phone },
        ReturnValues: 'ALL_NEW',
      }),
    ),
  );
  if (!output) throw notFound(`user ${userId}`);
  return toUser(output.Attributes ?? {});
}

/**
 * Sets the openid a user's WeChat messages go to, if it is still `seen` (undefined: none): false when
 * another write changed it first.
 */
export async function replaceOpenId(userId: string, openId: string, seen: string | undefined): Promise<boolean> {
  return writeIf(
    documents().send(
      new UpdateCommand({
        TableName: config().tableName,
        Key: keys.user(userId),
        UpdateExpression: 'SET openId = :openId',
        ConditionExpression: seen === undefined ? 'attribute_exists(pk) AND attribute_not_exists(openId)' : 'attribute_exists(pk) AND openId = :seen',
        ExpressionAttributeValues: { ':openId': openId, ...(seen === undefined ? {} : { ':seen': seen }) },
      }),
    ),
  );
}

/**
 * Ends a user merged into another (the resident a WeChat account signed in as before it was bound to
 * a staff user): deactivated, `mergedInto` the other, and its token version moved on so its tokens
 * stop passing the authorizer. Once only: a user already merged is left as it is.
 */
export async function endMergedUser(userId: string, into: string, now: Date): Promise<void> {
  await writeIf(
    documents().send(
      new UpdateCommand({
        TableName: config().tableName,
        Key: keys.user(userId),
        UpdateExpression: 'SET deactivatedAt = if_not_exists(deactivatedAt, :at), deactivatedBy = :into, mergedInto = :into ADD tokenVersion :one',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(mergedInto)',
        ExpressionAttributeValues: { ':at': now.toISOString(), ':into': into, ':one': 1 },
      }),
    ),
  );
}
