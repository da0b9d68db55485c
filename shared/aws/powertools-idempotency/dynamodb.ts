/**
 * What the bundles get for `@aws-lambda-powertools/idempotency/dynamodb` (esbuild maps the subpath
 * with the package's alias, infra/bundling.ts): Powertools' `DynamoDBPersistenceLayer` and the part
 * of its `BasePersistenceLayer` that makes a record, in one class. It writes the same items with
 * the same low-level commands through the client it is given: the conditional put of the INPROGRESS
 * record (there is none, or it has expired, or it is in progress past its in-progress expiry), the
 * update to COMPLETED with the result, the delete when the function throws, the consistent read when
 * the failed put does not return the old item. `getKey` stays protected and overridable, as
 * shared/idempotency.ts overrides it; the rest is private.
 *
 * The key is `<prefix>#<hash>`: the prefix is makeIdempotent's `keyPrefix`, else
 * `AWS_LAMBDA_FUNCTION_NAME`; the hash is the configured one (MD5) of the JSON of the value at the
 * key path, object keys sorted as Powertools sorts them, in base64. The payload hash is made the
 * same way from the validation path.
 *
 * Not here: `sortKeyAttr` and `staticPkValue` (throw: the house keys records with `getKey`), a
 * client of the layer's own (`clientConfig` or none: throws), Powertools' user-agent middleware
 * (the package adds a `PT/IDEMPOTENCY` tag to every request of the client it is given; nothing
 * stored changes), and the methods of Powertools' layers the house never calls. A layer keeps the
 * configuration of its first call, as Powertools' does; where the package warns that a later,
 * different one is ignored, this throws.
 */

import { createHash } from 'node:crypto';
import type { JSONValue } from '@aws-lambda-powertools/commons/types';
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { search } from '../jmespath';
import type { IdempotencyConfig } from './config';
import {
  IdempotencyInvalidStatusError,
  IdempotencyItemAlreadyExistsError,
  IdempotencyItemNotFoundError,
  IdempotencyKeyError,
  IdempotencyValidationError,
  unavailable,
} from './errors';

/**
 * A record as read or about to be written: the fields of Powertools' `IdempotencyRecord` (what a
 * `responseHook` gets), without its methods.
 */
export interface IdempotencyRecord {
  idempotencyKey: string;
  sortKey?: string;
  /** As stored; {@link statusOf} says EXPIRED once `expiryTimestamp` has passed. */
  status: string;
  /** Seconds since the epoch. */
  expiryTimestamp?: number;
  /** Milliseconds since the epoch. */
  inProgressExpiryTimestamp?: number;
  responseData?: JSONValue;
  payloadHash?: string;
}

/** Powertools' `IdempotencyRecord.getStatus`: EXPIRED once the record's expiry has passed, whatever is stored. */
export function statusOf(record: IdempotencyRecord): string {
  if (record.expiryTimestamp !== undefined && Date.now() / 1000 > record.expiryTimestamp) return 'EXPIRED';
  if (['INPROGRESS', 'COMPLETED', 'EXPIRED'].includes(record.status)) return record.status;
  throw new IdempotencyInvalidStatusError(record.status);
}

/** Powertools' `DynamoDBPersistenceOptions`, with the client required. */
export interface DynamoDBPersistenceOptions {
  tableName: string;
  keyAttr?: string;
  statusAttr?: string;
  expiryAttr?: string;
  inProgressExpiryAttr?: string;
  dataAttr?: string;
  validationKeyAttr?: string;
  awsSdkV3Client?: DynamoDBClient;
  /** Refused, as is every option of the package's not listed here. */
  sortKeyAttr?: never;
  staticPkValue?: never;
  clientConfig?: never;
}

const isRecord = (value: unknown): value is Record<string, unknown> => Object.prototype.toString.call(value) === '[object Object]';

/**
 * Powertools' `deepSort`: object keys sorted without regard to case, at every depth, so that the
 * same fields in another order hash the same. The comparator is the package's own, which never
 * answers 0, so the order, and the hash, come out the same.
 */
function deepSort(data: unknown): unknown {
  if (Array.isArray(data)) return data.map(deepSort);
  if (!isRecord(data)) return data;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(data).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1))) sorted[key] = deepSort(data[key]);
  return sorted;
}

/** Powertools' `isMissingIdempotencyKey`: a falsy value, or an object or array with nothing truthy in it. */
const isMissingKey = (data: unknown): boolean => (data !== null && typeof data === 'object' ? !Object.values(data).some(Boolean) : !data);

export class DynamoDBPersistenceLayer {
  readonly #client: DynamoDBClient;
  readonly #table: string;
  readonly #keyAttr: string;
  readonly #statusAttr: string;
  readonly #expiryAttr: string;
  readonly #inProgressExpiryAttr: string;
  readonly #dataAttr: string;
  readonly #validationAttr: string;
  #prefix = process.env.AWS_LAMBDA_FUNCTION_NAME?.trim() ?? '';
  /** The configuration of the first call, kept. */
  #config?: IdempotencyConfig;

  constructor(options: DynamoDBPersistenceOptions) {
    for (const name of ['sortKeyAttr', 'staticPkValue', 'clientConfig'] as const) if (options[name] !== undefined) unavailable(name);
    // Powertools would build a client of its own, with a warning when what it is given is not one.
    if (typeof options.awsSdkV3Client?.send !== 'function') unavailable('DynamoDB client of its own (pass awsSdkV3Client)');
    this.#client = options.awsSdkV3Client;
    this.#table = options.tableName;
    this.#keyAttr = options.keyAttr ?? 'id';
    this.#statusAttr = options.statusAttr ?? 'status';
    this.#expiryAttr = options.expiryAttr ?? 'expiration';
    this.#inProgressExpiryAttr = options.inProgressExpiryAttr ?? 'in_progress_expiration';
    this.#dataAttr = options.dataAttr ?? 'data';
    this.#validationAttr = options.validationKeyAttr ?? 'validation';
  }

  /** Takes the key prefix of every call, and the configuration of the first (makeIdempotent calls it on every call). */
  configure({ config, keyPrefix }: { config: IdempotencyConfig; keyPrefix?: string }): void {
    if (keyPrefix?.trim()) this.#prefix = keyPrefix.trim();
    const first = (this.#config ??= config);
    const settings = (c: IdempotencyConfig) =>
      JSON.stringify([c.eventKeyJmesPath, c.payloadValidationJmesPath, c.throwOnNoIdempotencyKey, c.expiresAfterSeconds, c.hashFunction]);
    // Powertools keeps the first and warns; a record made by the wrong one is worth more than a warning.
    if (first !== config && settings(first) !== settings(config)) unavailable('layer shared by two configurations (use one layer each)');
  }

  /**
   * Writes the INPROGRESS record, unless a live one is there (`IdempotencyItemAlreadyExistsError`,
   * with the old item when the engine returns it). It is in progress until the Lambda context's
   * remaining time has run out; without a context it has no such bound, and Powertools' warning
   * says so.
   */
  async saveInProgress(data: unknown, remainingTimeInMillis?: number): Promise<void> {
    const record: IdempotencyRecord = {
      idempotencyKey: this.#key(data),
      status: 'INPROGRESS',
      expiryTimestamp: this.#expiry(),
      payloadHash: this.#payloadHash(data),
    };
    if (remainingTimeInMillis) record.inProgressExpiryTimestamp = Date.now() + remainingTimeInMillis;
    else console.warn('Could not determine remaining time left. Did you call registerLambdaContext on IdempotencyConfig?');
    const item: Record<string, AttributeValue> = {
      ...this.getKey(record.idempotencyKey),
      ...marshall({ [this.#expiryAttr]: record.expiryTimestamp, [this.#statusAttr]: statusOf(record) }),
    };
    if (record.inProgressExpiryTimestamp !== undefined) item[this.#inProgressExpiryAttr] = { N: record.inProgressExpiryTimestamp.toString() };
    if (this.#validating()) item[this.#validationAttr] = { S: record.payloadHash! };
    try {
      const now = Date.now();
      await this.#client.send(
        new PutItemCommand({
          TableName: this.#table,
          Item: item,
          ExpressionAttributeNames: {
            '#id': this.#keyAttr,
            '#expiry': this.#expiryAttr,
            '#in_progress_expiry': this.#inProgressExpiryAttr,
            '#status': this.#statusAttr,
          },
          ExpressionAttributeValues: marshall({ ':now': now / 1000, ':now_in_millis': now, ':inprogress': 'INPROGRESS' }),
          ConditionExpression:
            'attribute_not_exists(#id) OR #expiry < :now OR (#status = :inprogress AND attribute_exists(#in_progress_expiry) AND #in_progress_expiry < :now_in_millis)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      throw new IdempotencyItemAlreadyExistsError(
        `Failed to put record for already existing idempotency key: ${record.idempotencyKey}`,
        error.Item && this.#recordOf(error.Item),
      );
    }
  }

  /** Marks the record COMPLETED with the function's result, for repeats to be answered with. */
  async saveSuccess(data: unknown, result: unknown): Promise<void> {
    const record: IdempotencyRecord = { idempotencyKey: this.#key(data), status: 'COMPLETED', expiryTimestamp: this.#expiry() };
    const fields = ['#expiry = :expiry', '#status = :status'];
    const names: Record<string, string> = { '#expiry': this.#expiryAttr, '#status': this.#statusAttr };
    const values: Record<string, unknown> = { ':expiry': record.expiryTimestamp, ':status': statusOf(record) };
    if (result !== undefined) {
      fields.push('#response_data = :response_data');
      names['#response_data'] = this.#dataAttr;
      values[':response_data'] = result;
    }
    if (this.#validating()) {
      fields.push('#validation_key = :validation_key');
      names['#validation_key'] = this.#validationAttr;
      values[':validation_key'] = this.#payloadHash(data);
    }
    await this.#client.send(
      new UpdateItemCommand({
        TableName: this.#table,
        Key: this.getKey(record.idempotencyKey),
        UpdateExpression: `SET ${fields.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: marshall(values),
      }),
    );
  }

  /** Deletes the record of this payload: what lets the retry of a failed call run. */
  async deleteRecord(data: unknown): Promise<void> {
    await this.#client.send(new DeleteItemCommand({ TableName: this.#table, Key: this.getKey(this.#key(data)) }));
  }

  /** Reads the record of this payload (consistently) and checks the payload against it. */
  async getRecord(data: unknown): Promise<IdempotencyRecord> {
    const found = await this.#client.send(new GetItemCommand({ TableName: this.#table, Key: this.getKey(this.#key(data)), ConsistentRead: true }));
    if (!found.Item) throw new IdempotencyItemNotFoundError();
    return this.processExistingRecord(this.#recordOf(found.Item), data);
  }

  /** Refuses a record made for another payload (`IdempotencyValidationError`), when payloads are validated. */
  processExistingRecord(record: IdempotencyRecord, data: unknown): IdempotencyRecord {
    if (this.#validating() && this.#payloadHash(data) !== record.payloadHash) {
      throw new IdempotencyValidationError('Payload does not match stored record for this event key', record);
    }
    return record;
  }

  /** The table key of a record: the idempotency key as the partition key. */
  protected getKey(idempotencyKey: string): Record<string, AttributeValue> {
    return marshall({ [this.#keyAttr]: idempotencyKey });
  }

  /**
   * `<prefix>#<hash>` of the value at the key path. A value that is there but empty (`''`, `{}`) is
   * hashed all the same after Powertools' warning, or refused under `throwOnNoIdempotencyKey`; a
   * value that is not there at all never gets here (makeIdempotent runs the function without a record).
   */
  #key(data: unknown): string {
    const path = this.#config!.eventKeyJmesPath;
    const payload = path ? search(path, data) : data;
    if (isMissingKey(payload)) {
      if (this.#config!.throwOnNoIdempotencyKey) throw new IdempotencyKeyError('No data found to create a hashed idempotency_key');
      console.warn(`No value found for idempotency_key. jmespath: ${path}`);
    }
    return `${this.#prefix}#${this.#hash(payload)}`;
  }

  /** Whether payloads are validated: a validation path is configured, even an empty one, as in the package. */
  #validating(): boolean {
    return this.#config!.payloadValidationJmesPath !== undefined;
  }

  /** The hash of the value at the validation path; '' when that path is empty. */
  #payloadHash(data: unknown): string {
    const path = this.#config!.payloadValidationJmesPath;
    return path ? this.#hash(search(path, data)) : '';
  }

  #hash(value: unknown): string {
    return createHash(this.#config!.hashFunction)
      .update(JSON.stringify(deepSort(value)))
      .digest('base64');
  }

  /** Seconds since the epoch, rounded, as the TTL attribute wants them. */
  #expiry(): number {
    return Math.round(Date.now() / 1000 + this.#config!.expiresAfterSeconds);
  }

  #recordOf(stored: Record<string, AttributeValue>): IdempotencyRecord {
    const item = unmarshall(stored);
    return {
      idempotencyKey: item[this.#keyAttr],
      status: item[this.#statusAttr],
      expiryTimestamp: item[this.#expiryAttr],
      inProgressExpiryTimestamp: item[this.#inProgressExpiryAttr],
      responseData: item[this.#dataAttr],
      payloadHash: item[this.#validationAttr],
    };
  }
}
