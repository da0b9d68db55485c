import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Role } from '../auth/identity';
import { documents } from '../aws/clients';
import { config } from '../config';
import type { Page } from '../http/pagination';
import { newId } from '../ids';
import { writeIf } from '../table/conditions';
import { indexEntry, tableDesign, userKeys as keys } from '../table/design';
import { type PageRequest, queryPage } from '../table/query';
import { shardOf } from '../table/shards';

/**
 * Staff known by phone: a city imports its grid workers, volunteers, station managers and admins
 * from a spreadsheet keyed by mainland mobile number, long before they open the mini-program. Each
 * becomes a pre-provisioned user (no WeChat openid yet) and a phone link item (`PHONE#<phone>` /
 * `LINK` → user id), the one place a phone is looked up by; the links also sit in a sharded byParent
 * partition (`STAFF_PHONES#<shard>`, sorted by phone) so an export can read them all without a Scan.
 * At first sign-in, WeChat's phone-number button binds the person's WeChat to that user
 * (shared/users/staff-binding.ts).
 *
 * Phone numbers are personal data: they are never logged, nor quoted in an error.
 */

/** How many byParent partitions the phone links spread over. */
export const STAFF_PHONE_SHARDS = 16;

export type StaffChange = 'created' | 'updated' | 'unchanged';

export interface StaffInput {
  /** Mainland mobile number, 11 digits (`13812345678`). */
  phone: string;
  displayName: string;
  role: Role;
  units: string[];
}

/** A mainland mobile number as the import files and WeChat's `purePhoneNumber` write it. */
export const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

/** What a phone link holds (besides its keys and index entry). */
interface PhoneLink {
  userId: string;
  boundAt?: string;
}

async function phoneLinkOf(phone: string): Promise<PhoneLink | undefined> {
  const output = await documents().send(
    new GetCommand({
      TableName: config().tableName,
      Key: keys.phoneLink(phone),
      ConsistentRead: true,
      ProjectionExpression: 'userId, boundAt',
    }),
  );
  const item = output.Item;
  if (typeof item?.userId !== 'string') return undefined;
  return { userId: item.userId, ...(typeof item.boundAt === 'string' ? { boundAt: item.boundAt } : {}) };
}

/** The staff user a phone was imported for, if any (one GetItem on the phone link). */
export async function staffUserOfPhone(phone: string): Promise<string | undefined> {
  return (await phoneLinkOf(phone))?.userId;
}

/** The same units, whatever their order. */
const sameUnits = (a: readonly string[], b: readonly string[]): boolean => {
  if (a.length !== b.length) return false;
  const left = [...a].sort();
  const right = [...b].sort();
  return left.every((unit, index) => unit === right[index]);
};

/**
 * Creates (or updates) the pre-provisioned user of a phone, without events (bulk import);
 * idempotent: same input → 'unchanged', no write. Returns the user id, the change, and the
 * role/units before (for updated).
 *
 * A new phone gets its user item first and its link second (`attribute_not_exists(pk)`): a crash in
 * between leaves an unreachable user item (no link, no openid: nobody can sign in as it), and the
 * next import creates the pair again. Two imports of one new phone racing both write a user; one
 * link wins, the loser removes its own user and carries on as an update of the winner's.
 */
export async function saveStaffAccount(
  input: StaffInput,
  now: Date,
  by: string,
): Promise<{ userId: string; change: StaffChange; before?: { role: Role; units: string[]; displayName: string } }> {
  // The number itself stays out of the message: it would end up in a log.
  if (!MAINLAND_MOBILE.test(input.phone)) throw new Error('a staff phone is a mainland mobile number of 11 digits');
  const link = await phoneLinkOf(input.phone);
  if (!link) {
    const created = await createStaffAccount(input, now, by);
    if (created) return { userId: created, change: 'created' };
  }
  const userId = link?.userId ?? (await staffUserOfPhone(input.phone));
  if (!userId) throw new Error('a phone link vanished while a staff account was saved');
  return updateStaffAccount(userId, input, now, by);
}

/** The new user and its link; undefined when another import linked the phone first. */
async function createStaffAccount(input: StaffInput, now: Date, by: string): Promise<string | undefined> {
  const { tableName } = config();
  const userId = newId();
  const at = now.toISOString();
  await documents().send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...keys.user(userId),
        entity: 'user',
        id: userId,
        displayName: input.displayName,
        role: input.role,
        units: input.units,
        createdAt: at,
        tokenVersion: 0,
        phone: input.phone,
        staff: true,
        importedAt: at,
        importedBy: by,
      },
      ConditionExpression: `attribute_not_exists(${tableDesign.partitionKey})`,
    }),
  );
  const linked = await writeIf(
    documents().send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...keys.phoneLink(input.phone),
          entity: 'phone-link',
          phone: input.phone,
          userId,
          importedAt: at,
          ...indexEntry('byParent', keys.staffPhones(shardOf(input.phone, STAFF_PHONE_SHARDS)), input.phone),
        },
        ConditionExpression: `attribute_not_exists(${tableDesign.partitionKey})`,
      }),
    ),
  );
  if (linked) return userId;
  // Lost the race: nothing points at our user (no link, no openid), so it goes.
  await documents().send(new DeleteCommand({ TableName: tableName, Key: keys.user(userId) }));
  return undefined;
}

async function updateStaffAccount(
  userId: string,
  input: StaffInput,
  now: Date,
  by: string,
): Promise<{ userId: string; change: StaffChange; before?: { role: Role; units: string[]; displayName: string } }> {
  const { Item: user } = await documents().send(
    new GetCommand({
      TableName: config().tableName,
      Key: keys.user(userId),
      ConsistentRead: true,
      ProjectionExpression: 'displayName, #role, units',
      ExpressionAttributeNames: { '#role': 'role' },
    }),
  );
  // The user item is written before its link, so a link always has a user.
  if (!user) throw new Error(`phone link points at a missing user ${userId}`);
  const before = { role: user.role as Role, units: (user.units as string[] | undefined) ?? [], displayName: user.displayName as string };
  if (before.displayName === input.displayName && before.role === input.role && sameUnits(before.units, input.units)) {
    return { userId, change: 'unchanged' };
  }
  await documents().send(
    new UpdateCommand({
      TableName: config().tableName,
      Key: keys.user(userId),
      UpdateExpression: 'SET displayName = :name, #role = :role, units = :units, importedAt = :at, importedBy = :by',
      ConditionExpression: `attribute_exists(${tableDesign.partitionKey})`,
      ExpressionAttributeNames: { '#role': 'role' },
      ExpressionAttributeValues: { ':name': input.displayName, ':role': input.role, ':units': input.units, ':at': now.toISOString(), ':by': by },
    }),
  );
  return { userId, change: 'updated', before };
}

/** One page of the phone links of one shard (export reads all shards): phone → user id. */
export async function listStaffPhones(shard: number, page: PageRequest): Promise<Page<{ phone: string; userId: string }>> {
  if (!Number.isInteger(shard) || shard < 0 || shard >= STAFF_PHONE_SHARDS) throw new Error(`no staff phone shard ${shard}`);
  const found = await queryPage({ index: 'byParent', partition: keys.staffPhones(shard), limit: page.limit, cursor: page.cursor });
  return {
    items: found.items.map((item) => ({ phone: item.phone as string, userId: item.userId as string })),
    ...(found.nextCursor ? { nextCursor: found.nextCursor } : {}),
  };
}

/**
 * Records on the phone link when the person's WeChat was bound to its user (the latest binding).
 * Conditional on the link still naming that user: a re-import never moves a link, but a link is
 * never written for a user it does not name.
 */
export async function markPhoneBound(phone: string, userId: string, now: Date): Promise<void> {
  await writeIf(
    documents().send(
      new UpdateCommand({
        TableName: config().tableName,
        Key: keys.phoneLink(phone),
        UpdateExpression: 'SET boundAt = :at',
        ConditionExpression: 'userId = :user',
        ExpressionAttributeValues: { ':at': now.toISOString(), ':user': userId },
      }),
    ),
  );
}
