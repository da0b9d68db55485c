import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { dynamoClient } from '../aws/dynamodb-client';
import { config } from '../config';
import { userKeys as keys } from '../table/design';
import type { Access } from './model';

/**
 * What the authorizer checks a token against: one strongly consistent GetItem of the profile's
 * access attributes (and the language they chose), so a role, scope or sign-in change made a moment ago is seen. Its own module,
 * on the low-level client, because the authorizer runs before every request and stays small.
 */
export async function accessOf(userId: string): Promise<Access | undefined> {
  const { pk, sk } = keys.user(userId);
  const output = await dynamoClient().send(
    new GetItemCommand({
      TableName: config().tableName,
      Key: { pk: { S: pk }, sk: { S: sk } },
      ConsistentRead: true,
      ProjectionExpression: '#role, units, tokenVersion, deactivatedAt, #language',
      ExpressionAttributeNames: { '#role': 'role', '#language': 'language' },
    }),
  );
  const item = output.Item;
  if (!item?.role?.S) return undefined;
  return {
    role: item.role.S as Access['role'],
    units: (item.units?.L ?? []).flatMap((value) => (value.S !== undefined ? [value.S] : [])),
    tokenVersion: Number(item.tokenVersion?.N ?? 0),
    active: item.deactivatedAt?.S === undefined,
    ...(item.language?.S === 'en' || item.language?.S === 'zh' ? { language: item.language.S } : {}),
  };
}
