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
  /** Only sort keys in this inclusive range (e.g. `start#id` sorts bounded by two instants). */
  sortBetween?: readonly [from: string, to: string];
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
  } else if (spec.sortBetween) {
    names['#s'] = keyNames.sortKey;
    values[':from'] = spec.sortBetween[0];
    values[':to'] = spec.sortBetween[1];
    condition += ' AND #s BETWEEN :from AND :to';
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

/**
 * Every item of a bounded partition or range (a week of shifts, a donor's gifts), page after page.
 * Only for lists known to stay small; anything a client pages through uses {@link queryPage}.
 */
export async function queryAll(spec: Omit<QuerySpec, 'limit' | 'cursor'>): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryPage({ ...spec, limit: 100, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
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
