import { GetCommand, PutCommand, type PutCommandInput } from '@aws-sdk/lib-dynamodb';
import { documents } from '../aws/clients';
import { config } from '../config';
import { ProblemError } from '../http/errors';
import { writeIf } from './conditions';
import { type ItemKey, tableDesign } from './design';

/**
 * On an item made under an `Idempotency-Key`: the fingerprint of the request that made it (route,
 * path, query and body; see shared/http/creation.ts), so a later attempt with the same key can tell
 * whether it is the same request. Bookkeeping: readers never show it (`withoutKeys` drops it).
 */
export const CREATION_FINGERPRINT = 'creationFingerprint';

/** The attribute to write on a new item: its fingerprint, when it has one. */
export const creationStamp = (fingerprint: string | undefined): Record<string, string> =>
  fingerprint ? { [CREATION_FINGERPRINT]: fingerprint } : {};

/**
 * A new item's conditional write (`attribute_not_exists(pk)`) found its key taken. A 409 `conflict`
 * to whoever does not handle it, as an id already used always was.
 */
export class KeyTakenError extends ProblemError {
  constructor(
    readonly key: ItemKey,
    what: string,
  ) {
    super('conflict', `${what} already exists`);
  }
}

/** Runs the conditional write that creates the item at `key`; a refused condition becomes a {@link KeyTakenError}. */
export async function creating(key: ItemKey, what: string, write: () => Promise<unknown>): Promise<void> {
  if (!(await writeIf(write()))) throw new KeyTakenError(key, what);
}

/**
 * The put that creates a new item: its key, its attributes and the creating request's fingerprint,
 * written only if the key is free (`attribute_not_exists` on the partition key).
 */
export const newItemPut = (key: ItemKey, attributes: Record<string, unknown>, fingerprint?: string): PutCommandInput => ({
  TableName: config().tableName,
  Item: { ...key, ...attributes, ...creationStamp(fingerprint) },
  ConditionExpression: `attribute_not_exists(${tableDesign.partitionKey})`,
});

/**
 * Creates the item at `key` with `attributes` (see {@link newItemPut}); a taken key is a
 * {@link KeyTakenError} naming `what`. For an item whose creation announces nothing; one with events
 * goes through `putNewWithEvents` (shared/events/outbox.ts).
 */
export async function putNew(key: ItemKey, what: string, attributes: Record<string, unknown>, fingerprint?: string): Promise<void> {
  await creating(key, what, () => documents().send(new PutCommand(newItemPut(key, attributes, fingerprint))));
}

/** The whole item at a key, read consistently: what holds a key a creation found taken. */
export async function itemAt(key: ItemKey): Promise<Record<string, unknown> | undefined> {
  return (await documents().send(new GetCommand({ TableName: config().tableName, Key: key, ConsistentRead: true }))).Item;
}
