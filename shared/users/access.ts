import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { dynamoClient } from '../aws/dynamodb-client';
import { config } from '../config';
import { userKeys as keys } from '../table/design';
import type { Access } from './model';

/**
 * What the authorizer checks a token against: one strongly consistent GetItem of the profile's
 * access attributes, so a role, scope or sign-in change made a moment ago is seen. Its own module,
 * on the low-level client, because the authorizer runs before every request and stays small.
 */
export async function accessOf(userId: string): Promise<Access | undefined> {
  const { pk, sk } = keys.user(userId);
  const output = await dynamoClient().send(
    new GetItemCommand({
      TableName: config().tableName,
      Key: { pk: { S: pk }, sk: { S: sk } },
      ConsistentRead: true,
      ProjectionExpression: '#role, units, tokenVersion, deactivatedAt',
      ExpressionAttributeNames: { '#role': 'role' },
    }),
  );
  const item = output.Item;
  if (!item?.role?.S) return undefined;
  return {
    role: item.role.S as Access['role'],
    units: (item.units?.L ?? []).flatMap((value) => (value.S !== undefined ? [value.S] : [])),
    tokenVersion: Number(item.tokenVersion?.N ?? 0),
    active: item.deactivatedAt?.S === undefined,
  };
}
