import { AsyncLocalStorage } from 'node:async_hooks';
import { type DynamoDBClient, DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import { tableDesign } from '../../shared/table/design';
import { ITEM_ACTIONS, type ItemAction, type TableAccess, anyPartition, isIndexName, tableAccessOf } from '../table-access';

/**
 * The local runtime's stand-in for each function's IAM role on the table: every DynamoDB call a
 * function makes is checked against its entry in infra/table-access.ts, exactly as the policy CDK
 * builds from that entry would judge it (action, table or index, `dynamodb:LeadingKeys`), and a call
 * the policy would refuse fails with an `AccessDeniedException`, as it would in AWS.
 *
 * Calls made outside any function (seeding, test set-up) are not checked. The check sits on the
 * wire request, so it sees what DynamoDB sees, whichever client or library made the call.
 */

const running = new AsyncLocalStorage<string>();

/** Runs `work` as the function `functionName`: its DynamoDB calls are checked against that function's access. */
export const runAsFunction = <T>(functionName: string, work: () => T): T => running.run(functionName, work);

/** One DynamoDB call as IAM judges it: the action, the resource, and the leading keys. */
export interface TableCall {
  action: string;
  table: string;
  /** Set for a Query (or Scan) on an index: the resource is then the index. */
  index?: string;
  /** Partition key values the call touches (`dynamodb:LeadingKeys`); for index calls, none. */
  partitions: string[];
}

type AttributeValue = { S?: string; N?: string; B?: string };
type Json = Record<string, any>;

const valueOf = (value: AttributeValue | undefined): string | undefined => value?.S ?? value?.N ?? value?.B;

/**
 * The calls one wire request makes (a batch may name several tables), from its `X-Amz-Target`
 * operation and JSON body.
 */
export function callsOf(operation: string, body: Json): TableCall[] {
  const { partitionKey } = tableDesign;
  const single = (partitions: (string | undefined)[], index?: string): TableCall[] => [
    { action: operation, table: String(body.TableName), ...(index ? { index } : {}), partitions: partitions.map((p) => p ?? '') },
  ];
  switch (operation) {
    case 'GetItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return single([valueOf(body.Key?.[partitionKey])]);
    case 'PutItem':
      return single([valueOf(body.Item?.[partitionKey])]);
    case 'Query':
      return body.IndexName ? single([], String(body.IndexName)) : single([queriedPartition(body)]);
    case 'Scan':
      return single([], body.IndexName ? String(body.IndexName) : undefined);
    case 'BatchGetItem':
      return Object.entries((body.RequestItems ?? {}) as Record<string, { Keys?: Json[] }>).map(([table, request]) => ({
        action: operation,
        table,
        partitions: (request.Keys ?? []).map((key) => valueOf(key[partitionKey]) ?? ''),
      }));
    case 'BatchWriteItem':
      return Object.entries((body.RequestItems ?? {}) as Record<string, Json[]>).map(([table, writes]) => ({
        action: operation,
        table,
        partitions: writes.map((write) => valueOf(write.PutRequest?.Item?.[partitionKey] ?? write.DeleteRequest?.Key?.[partitionKey]) ?? ''),
      }));
    default:
      // Transactions, PartiQL, table management: nothing in the declarations can allow them.
      return [{ action: operation, table: String(body.TableName ?? ''), partitions: [] }];
  }
}

/** The partition key value a Query on the table asks for (`pk = :v` in its key condition), if it can be read. */
function queriedPartition(body: Json): string | undefined {
  const { partitionKey } = tableDesign;
  if (body.KeyConditions) {
    const condition = body.KeyConditions[partitionKey];
    return condition?.ComparisonOperator === 'EQ' ? valueOf(condition.AttributeValueList?.[0]) : undefined;
  }
  const expression: string = body.KeyConditionExpression ?? '';
  const names: Record<string, string> = body.ExpressionAttributeNames ?? {};
  const values: Record<string, AttributeValue> = body.ExpressionAttributeValues ?? {};
  const nameOf = (token: string) => names[token] ?? token;
  for (const term of expression.split(/\s+AND\s+/i)) {
    const match = /^\(?\s*([#:\w]+)\s*=\s*([#:\w]+)\s*\)?$/.exec(term.trim());
    if (!match) continue;
    const [, left, right] = match as unknown as [string, string, string];
    if (nameOf(left) === partitionKey && right.startsWith(':')) return valueOf(values[right]);
    if (nameOf(right) === partitionKey && left.startsWith(':')) return valueOf(values[left]);
  }
  return undefined;
}

/**
 * Why the policy built from `access` would refuse the call, or `undefined` when it allows it:
 * the same rules IAM applies to the statements of infra/house-function.ts.
 */
export function denialOf(access: TableAccess | undefined, call: TableCall, tableName: string): string | undefined {
  const action = `dynamodb:${call.action}`;
  const resource = call.index ? `table/${call.table}/index/${call.index}` : `table/${call.table}`;
  if (!access) return `${action} on ${resource}: the function has no table access at all`;
  if (call.table !== tableName) return `${action} on ${resource}: not the service's table`;
  if (call.index) {
    const allowed = call.action === 'Query' && isIndexName(call.index) && access.indexes.includes(call.index);
    return allowed ? undefined : `${action} on ${resource}: not granted (indexes: ${access.indexes.join(', ') || 'none'})`;
  }
  if (!ITEM_ACTIONS.includes(call.action as ItemAction)) return `${action} on ${resource}: never granted`;
  if (call.partitions.some((partition) => partition === '')) {
    return `${action} on ${resource}: the partition key of the call cannot be read, so no key condition can allow it`;
  }
  const grants = access.items.filter((grant) => grant.actions.includes(call.action as ItemAction));
  if (grants.length === 0) return `${action} on ${resource}: not granted`;
  const covered = (partition: string) =>
    grants.some((grant) => grant.partitions === anyPartition || grant.partitions.some((prefix) => partition.startsWith(prefix)));
  const outside = call.partitions.filter((partition) => !covered(partition));
  if (outside.length > 0) return `${action} on ${resource}: leading keys ${outside.join(', ')} are outside the granted partitions`;
  return undefined;
}

/** The error DynamoDB answers a refused call with. */
export function accessDenied(functionName: string, reason: string): DynamoDBServiceException {
  return new DynamoDBServiceException({
    name: 'AccessDeniedException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message: `User: arn:aws:sts::000000000000:assumed-role/local/${functionName} is not authorized to perform ${reason} (infra/table-access.ts)`,
  });
}

/** The JSON text of a wire request's body (the SDK serializes it to bytes, or a string). */
function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  return '';
}

/** What the guard refused, in order: kept so a test can fail even where a handler swallows the error. */
export interface TableGuard {
  denials: string[];
  install: (client: DynamoDBClient) => void;
}

/**
 * A guard for the service's table `tableName`: `install` adds the check to a DynamoDB client. Each
 * refusal is also logged and kept in `denials`, since some callers (the outbox's clean-up) log and
 * carry on, and a refusal must not go unseen.
 */
export function tableGuard(tableName: () => string): TableGuard {
  const denials: string[] = [];
  const install = (client: DynamoDBClient) => {
    client.middlewareStack.add(
      (next) => async (args) => {
        const functionName = running.getStore();
        if (functionName !== undefined) {
          const request = args.request as { headers?: Record<string, string>; body?: unknown };
          const target = Object.entries(request.headers ?? {}).find(([name]) => name.toLowerCase() === 'x-amz-target')?.[1] ?? '';
          const operation = target.slice(target.indexOf('.') + 1);
          const body = JSON.parse(bodyText(request.body) || '{}') as Json;
          const access = tableAccessOf(functionName);
          for (const call of callsOf(operation, body)) {
            const reason = denialOf(access, call, tableName());
            if (reason) {
              denials.push(`${functionName}: ${reason}`);
              console.error(`[table access] ${functionName} refused: ${reason}`);
              throw accessDenied(functionName, reason);
            }
          }
        }
        return next(args);
      },
      { step: 'build', name: 'localTableAccessGuard' },
    );
  };
  return { denials, install };
}
