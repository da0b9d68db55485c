import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../../shared/aws/clients';
import { config } from '../../shared/config';
import type { ItemKey } from '../../shared/table/design';

/** DynamoDB refuses an item larger than this (attribute names and values together, UTF-8). */
export const DYNAMODB_ITEM_LIMIT_BYTES = 400 * 1024;

/**
 * An item's size as DynamoDB counts it, closely enough for tests: attribute names and strings in
 * UTF-8 bytes, numbers at most 21 bytes, a map or list 3 bytes plus one a member plus its members.
 */
export function itemBytes(item: Record<string, unknown>): number {
  let total = 0;
  for (const [name, value] of Object.entries(item)) total += Buffer.byteLength(name, 'utf8') + valueBytes(value);
  return total;
}

function valueBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number') return 21;
  if (typeof value === 'boolean' || value === null || value === undefined) return 1;
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, member) => sum + 1 + valueBytes(member), 0);
  if (typeof value === 'object') {
    return 3 + Object.entries(value as Record<string, unknown>).reduce((sum, [name, member]) => sum + 1 + Buffer.byteLength(name, 'utf8') + valueBytes(member), 0);
  }
  return 0;
}

/** An item as stored now (strongly consistent), for tests that look at its shape and size. */
export async function storedItem(key: ItemKey): Promise<Record<string, unknown> | undefined> {
  return (await documents().send(new GetCommand({ TableName: config().tableName, Key: key, ConsistentRead: true }))).Item;
}
