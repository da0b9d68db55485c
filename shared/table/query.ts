import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../aws/clients';
import { config } from '../config';
import { type Page, decodeCursor, encodeCursor } from '../http/pagination';
import { type IndexName, tableDesign } from './design';

export interface PageRequest {
  limit: number;
  cursor?: string;
}

export interface QuerySpec extends PageRequest {
  /** Query an index instead of the table. */
  index?: IndexName;
  /** The partition key value (`pk`, or the index's partition key attribute). */
  partition: string;
  /** Only sort keys starting with this. */
  sortPrefix?: string;
  newestFirst?: boolean;
}

/**
 * One page of a Query on the table or a named index, with an opaque cursor. This is the only way
 * repositories list things: there is no Scan on a request path.
 */
export async function queryPage(spec: QuerySpec): Promise<Page<Record<string, unknown>>> {
  const keyNames = spec.index
    ? tableDesign.indexes[spec.index]
    : { partitionKey: tableDesign.partitionKey, sortKey: tableDesign.sortKey };
  const names: Record<string, string> = { '#p': keyNames.partitionKey };
  const values: Record<string, unknown> = { ':p': spec.partition };
  let condition = '#p = :p';
  if (spec.sortPrefix) {
    names['#s'] = keyNames.sortKey;
    values[':s'] = spec.sortPrefix;
    condition += ' AND begins_with(#s, :s)';
  }
  const output = await documents().send(
    new QueryCommand({
      TableName: config().tableName,
      IndexName: spec.index,
      KeyConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      Limit: spec.limit,
      ScanIndexForward: !spec.newestFirst,
      ExclusiveStartKey: decodeCursor(spec.cursor, { attribute: keyNames.partitionKey, value: spec.partition }),
    }),
  );
  const items = output.Items ?? [];
  // A full page may be the last one; DynamoDB tells us only by an empty next page, which is fine.
  return { items, ...(output.LastEvaluatedKey ? { nextCursor: encodeCursor(output.LastEvaluatedKey) } : {}) };
}

/** Drops the table's own bookkeeping (keys, index attributes, outbox) from an item. */
export function withoutKeys<T extends Record<string, unknown>>(item: Record<string, unknown>): T {
  const bookkeeping = new Set<string>([
    tableDesign.partitionKey,
    tableDesign.sortKey,
    tableDesign.timeToLiveAttribute,
    ...Object.values(tableDesign.indexes).flatMap((index) => [index.partitionKey, index.sortKey]),
  ]);
  return Object.fromEntries(
    Object.entries(item).filter(([name]) => !bookkeeping.has(name) && !name.startsWith('ob_') && name !== 'entity'),
  ) as T;
}
