import { QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { documents } from '../aws/clients';
import { config } from '../config';
import { type Page, decodeCursor, encodeCursor, invalidCursor } from '../http/pagination';
import { batchGetItems } from './batch';
import { CREATION_FINGERPRINT } from './creation';
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
  /** Only sort keys up to this one, inclusive: what is due by now (`<due>#<id>` sorts, bounded by `${now}~`). */
  sortUpTo?: string;
  newestFirst?: boolean;
  /** Strongly consistent (the table only: an index has no consistent reads), for reads a decision is made on. */
  consistent?: boolean;
  /** Only these attributes of each item (a projection: fewer bytes, not fewer reads); names are escaped. */
  attributes?: readonly string[];
}

/** Where a page may start: the list's index, partition and sort-key bounds. */
export interface StartKeyBounds {
  index?: IndexName | undefined;
  partition: string;
  sortPrefix?: string | undefined;
  /** Inclusive; `''` as the lower bound means none. */
  sortBetween?: readonly [from: string, to: string] | undefined;
  /** Inclusive. */
  sortUpTo?: string | undefined;
}

/** DynamoDB's limit on a sort key value, in bytes (a partition key may be 2048: cursors are ≤ 1024). */
const MAX_KEY_BYTES = 1024;

/**
 * The ExclusiveStartKey a client's cursor stands for, checked strictly against the list it is used
 * on: exactly the table's key and (on an index) the index's key attributes, every one a non-empty
 * string, the list's own partition, and a sort key inside the query's bounds. Anything else is a
 * 400 naming `query.cursor`, never the engine's ValidationException (a 500).
 *
 * Cursors are checked, not signed: a forged one can only start a page inside the partition the
 * server chose for the caller, so it can skip items but never reveal another list's.
 */
export function startKeyFrom(cursor: string | undefined, bounds: StartKeyBounds): Record<string, string> | undefined {
  const decoded = decodeCursor(cursor);
  if (!decoded) return undefined;
  const keyNames = keyNamesOf(bounds.index);
  const expected = new Set([tableDesign.partitionKey, tableDesign.sortKey, keyNames.partitionKey, keyNames.sortKey]);
  const names = Object.keys(decoded);
  if (names.length !== expected.size || !names.every((name) => expected.has(name))) throw invalidCursor();
  for (const value of Object.values(decoded)) {
    if (typeof value !== 'string' || value === '' || Buffer.byteLength(value) > MAX_KEY_BYTES) throw invalidCursor();
  }
  const key = decoded as Record<string, string>;
  if (key[keyNames.partitionKey] !== bounds.partition) throw invalidCursor();
  const sort = key[keyNames.sortKey]!;
  if (bounds.sortPrefix !== undefined && !sort.startsWith(bounds.sortPrefix)) throw invalidCursor();
  // DynamoDB orders strings by their UTF-8 bytes.
  const at = Buffer.from(sort);
  if (bounds.sortBetween) {
    const [from, to] = bounds.sortBetween.map((bound) => Buffer.from(bound));
    if (Buffer.compare(at, from!) < 0 || Buffer.compare(at, to!) > 0) throw invalidCursor();
  }
  if (bounds.sortUpTo !== undefined && Buffer.compare(at, Buffer.from(bounds.sortUpTo)) > 0) throw invalidCursor();
  return key;
}

/**
 * Sends a Query that may start from a client's key; should the engine still refuse the start key,
 * that is the client's cursor (400), not a fault of ours (500).
 */
export async function queryFrom(command: QueryCommand): Promise<QueryCommandOutput> {
  try {
    return await documents().send(command);
  } catch (error) {
    if (command.input.ExclusiveStartKey && isStartKeyRejection(error)) throw invalidCursor();
    throw error;
  }
}

/** DynamoDB's and the local engine's ValidationExceptions about ExclusiveStartKey ("The provided starting key …"). */
function isStartKeyRejection(error: unknown): boolean {
  return (
    error instanceof Error &&
    error.name === 'ValidationException' &&
    /start(ing)? ?key/i.test(error.message)
  );
}

function keyNamesOf(index: IndexName | undefined): { partitionKey: string; sortKey: string } {
  return index ? tableDesign.indexes[index] : { partitionKey: tableDesign.partitionKey, sortKey: tableDesign.sortKey };
}

/**
 * One page of a Query on the table or a named index, with an opaque cursor. This is the only way
 * repositories list things: there is no Scan on a request path.
 */
export async function queryPage(spec: QuerySpec): Promise<Page<Record<string, unknown>>> {
  const keyNames = keyNamesOf(spec.index);
  const names: Record<string, string> = { '#p': keyNames.partitionKey };
  const values: Record<string, unknown> = { ':p': spec.partition };
  let condition = '#p = :p';
  /** The one sort-key bound the query has, which a cursor must also stay within. */
  let sortBounds: Pick<StartKeyBounds, 'sortPrefix' | 'sortBetween' | 'sortUpTo'> = {};
  if (spec.sortPrefix) {
    values[':s'] = spec.sortPrefix;
    condition += ' AND begins_with(#s, :s)';
    sortBounds = { sortPrefix: spec.sortPrefix };
  } else if (spec.sortBetween) {
    values[':from'] = spec.sortBetween[0];
    values[':to'] = spec.sortBetween[1];
    condition += ' AND #s BETWEEN :from AND :to';
    sortBounds = { sortBetween: spec.sortBetween };
  } else if (spec.sortUpTo !== undefined) {
    values[':to'] = spec.sortUpTo;
    condition += ' AND #s <= :to';
    sortBounds = { sortUpTo: spec.sortUpTo };
  }
  if (Object.keys(sortBounds).length > 0) names['#s'] = keyNames.sortKey;
  spec.attributes?.forEach((name, index) => (names[`#a${index}`] = name));
  const output = await queryFrom(
    new QueryCommand({
      TableName: config().tableName,
      IndexName: spec.index,
      KeyConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ...(spec.attributes ? { ProjectionExpression: spec.attributes.map((_, index) => `#a${index}`).join(', ') } : {}),
      Limit: spec.limit,
      ScanIndexForward: !spec.newestFirst,
      ...(spec.consistent ? { ConsistentRead: true } : {}),
      ExclusiveStartKey: startKeyFrom(spec.cursor, { index: spec.index, partition: spec.partition, ...sortBounds }),
    }),
  );
  const items = output.Items ?? [];
  // A full page may be the last one; DynamoDB tells us only by an empty next page, which is fine.
  return { items, ...(output.LastEvaluatedKey ? { nextCursor: encodeCursor(output.LastEvaluatedKey) } : {}) };
}

/**
 * Every item of a bounded partition or range (a week of shifts, a donor's gifts), page after page
 * (`pageSize` items a page, 100 unless said). Only for lists known to stay small; anything a client
 * pages through uses {@link queryPage}.
 */
export async function queryAll(
  spec: Omit<QuerySpec, 'limit' | 'cursor'> & { pageSize?: number },
  max = Number.POSITIVE_INFINITY,
): Promise<Record<string, unknown>[]> {
  const { pageSize = 100, ...query } = spec;
  const items: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryPage({ ...query, limit: pageSize, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < max);
  return items;
}

/** Drops the table's own bookkeeping (keys, index attributes, outbox, creation fingerprint) from an item. */
export function withoutKeys<T extends Record<string, unknown>>(item: Record<string, unknown>): T {
  const bookkeeping = new Set<string>([
    tableDesign.partitionKey,
    tableDesign.sortKey,
    tableDesign.timeToLiveAttribute,
    CREATION_FINGERPRINT,
    ...Object.values(tableDesign.indexes).flatMap((index) => [index.partitionKey, index.sortKey]),
  ]);
  return Object.fromEntries(
    Object.entries(item).filter(([name]) => !bookkeeping.has(name) && !name.startsWith('ob_') && name !== 'entity'),
  ) as T;
}

/**
 * A page of index entries without those whose item is gone. An index entry is a copy: a list must
 * never show an entry that opens as a 404. DynamoDB never leaves one behind (an index may only lag),
 * but an engine crash between an item and its index entries could, so the lists people click through
 * confirm their entries with one BatchGet of keys (≤ 100 a page: one call, projection `pk` only).
 */
export async function withExistingItems(page: Page<Record<string, unknown>>): Promise<Page<Record<string, unknown>>> {
  if (page.items.length === 0) return page;
  const { partitionKey, sortKey } = tableDesign;
  const keyOf = (item: Record<string, unknown>) => `${String(item[partitionKey])}\u0000${String(item[sortKey])}`;
  const itemKeys = page.items.map((item) => ({ pk: String(item[partitionKey]), sk: String(item[sortKey]) }));
  const present = new Set((await batchGetItems(itemKeys, { attributes: [partitionKey, sortKey] })).map(keyOf));
  return { ...page, items: page.items.filter((item) => present.has(keyOf(item))) };
}
