import { type IndexName, type ItemKey, keys, tableDesign } from '../shared/table/design';

/**
 * What each Lambda function may do to the table, declared once. CDK turns each entry into the
 * function role's only DynamoDB statements (infra/house-function.ts), and the local runtime refuses
 * any call a function makes beyond its entry (infra/local/table-guard.ts), so the whole test suite
 * proves every entry is enough, and nothing more is used.
 *
 * - `items`: actions on the table's items, each grant for partitions starting with given prefixes
 *   (IAM: `ForAllValues:StringLike` on `dynamodb:LeadingKeys`), or for `anyPartition`. A Query on
 *   the table itself is an item action: its partition is a leading key like any other.
 * - `indexes`: the indexes the function Queries. AWS documents `dynamodb:LeadingKeys` as the
 *   partition key of the table, not of an index, so index Queries are scoped to the index ARNs
 *   alone, with no key condition.
 *
 * No Scan, no transactions, no table-level actions: nothing here can grant them.
 */

/** The item-level DynamoDB actions a function may be granted. */
export type ItemAction = 'GetItem' | 'BatchGetItem' | 'Query' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'BatchWriteItem';

export const ITEM_ACTIONS: readonly ItemAction[] = ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'];

/** Every partition: no `dynamodb:LeadingKeys` condition. Only where the items are not known in advance. */
export const anyPartition = 'any partition' as const;

export interface ItemGrant {
  actions: readonly ItemAction[];
  /** Partition key prefixes (from {@link partitionOf}), or {@link anyPartition}. */
  partitions: readonly string[] | typeof anyPartition;
}

export interface TableAccess {
  items: readonly ItemGrant[];
  indexes: readonly IndexName[];
}

/** A key builder of the table design (`keys.user`, `keys.member`…): its item's partition key is what counts. */
type KeyBuilder = (...ids: never[]) => ItemKey | { pk: string; skPrefix: string };

/** Stands in for every id a key builder takes; no real id contains it. */
const HOLE = '\u0000';

/**
 * The constant start of the partition keys a key builder makes (`keys.user` → `USER#`), taken from
 * the builder itself so no key string is spelled twice.
 */
export function partitionOf(builder: KeyBuilder): string {
  const built = (builder as unknown as (...ids: string[]) => { pk: string })(HOLE, HOLE, HOLE, HOLE);
  const at = built.pk.indexOf(HOLE);
  if (at <= 0) throw new Error(`key builder ${builder.name} has no constant partition prefix (${JSON.stringify(built.pk)})`);
  const prefix = built.pk.slice(0, at);
  // The prefix becomes an IAM StringLike pattern `<prefix>*`: it must hold no pattern characters.
  if (/[*?]/.test(prefix)) throw new Error(`partition prefix ${prefix} holds an IAM wildcard character`);
  return prefix;
}

/** Partition prefixes, each once, from key builders. */
const partitions = (...builders: KeyBuilder[]): string[] => [...new Set(builders.map(partitionOf))];

const READ: readonly ItemAction[] = ['GetItem'];

/**
 * Powertools idempotency records (shared/idempotency.ts): every consumer, and the HTTP functions with
 * `Idempotency-Key` routes. Powertools reads, claims (conditional put), completes and deletes them.
 */
const idempotencyRecords: ItemGrant = {
  actions: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'],
  partitions: partitions(keys.idempotencyRecord),
};

/** The function name every entry is for (infra/functions.ts); a test checks the two lists agree. */
export const tableAccess: Readonly<Record<string, TableAccess | null>> = {
  // Reads the caller's user item (shared/users/access.ts), and nothing else.
  authorizer: { items: [{ actions: READ, partitions: partitions(keys.user) }], indexes: [] },
};

/** A function's declared table access; `undefined` when it may not touch the table at all. */
export function tableAccessOf(functionName: string): TableAccess | undefined {
  if (!(functionName in tableAccess)) throw new Error(`infra/table-access.ts declares nothing for function ${functionName}`);
  return tableAccess[functionName] ?? undefined;
}

/** The index a Query names must be one of the table design's. */
export const isIndexName = (name: string): name is IndexName => Object.hasOwn(tableDesign.indexes, name);
