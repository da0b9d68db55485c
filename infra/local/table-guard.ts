import { type IncomingMessage, type Server, type ServerResponse, Agent, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type DynamoDBClient, DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import { tableDesign } from '../../shared/table/design';
import { ITEM_ACTIONS, type ItemAction, type TableAccess, anyPartition, isIndexName, tableAccessOf } from '../table-access';
import { functionOfAccessKey } from './environment';
import { currentFunction } from './function-scope';

/**
 * The local runtime's stand-in for each function's IAM role on the table: every DynamoDB call a
 * function makes is checked against its entry in infra/table-access.ts, exactly as the policy CDK
 * builds from that entry would judge it (action, table or index, `dynamodb:LeadingKeys`), and a call
 * the policy would refuse fails with an `AccessDeniedException`, as it would in AWS.
 *
 * Calls made outside any function (seeding, test set-up) are not checked. The check sits on the
 * wire request, so it sees what DynamoDB sees, whichever client or library made the call: in the
 * client (functions loaded in the runtime's process, which says which function runs:
 * infra/local/function-scope.ts), or in front of the engine (functions run from their bundles, each
 * signing with a key that names it, as a role's credentials name the role).
 */

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
  /** Adds the check to a DynamoDB client, for calls made inside a function's scope. */
  install: (client: DynamoDBClient) => void;
  /**
   * Why the function's role would refuse the wire request (its `X-Amz-Target` and JSON body), or
   * undefined when it allows it. A refusal is logged and kept in `denials`.
   */
  judge: (functionName: string, target: string, body: string) => string | undefined;
}

/**
 * A guard for the service's table `tableName`. Each refusal is also logged and kept in `denials`,
 * since some callers (the outbox's clean-up) log and carry on, and a refusal must not go unseen.
 */
export function tableGuard(tableName: () => string): TableGuard {
  const denials: string[] = [];
  const judge = (functionName: string, target: string, body: string): string | undefined => {
    const operation = target.slice(target.indexOf('.') + 1);
    const access = tableAccessOf(functionName);
    for (const call of callsOf(operation, JSON.parse(body || '{}') as Json)) {
      const reason = denialOf(access, call, tableName());
      if (reason) {
        denials.push(`${functionName}: ${reason}`);
        console.error(`[table access] ${functionName} refused: ${reason}`);
        return reason;
      }
    }
    return undefined;
  };
  const install = (client: DynamoDBClient) => {
    client.middlewareStack.add(
      (next) => async (args) => {
        const functionName = currentFunction()?.name;
        if (functionName !== undefined) {
          const request = args.request as { headers?: Record<string, string>; body?: unknown };
          const target = Object.entries(request.headers ?? {}).find(([name]) => name.toLowerCase() === 'x-amz-target')?.[1] ?? '';
          const reason = judge(functionName, target, bodyText(request.body));
          if (reason) throw accessDenied(functionName, reason);
        }
        return next(args);
      },
      { step: 'build', name: 'localTableAccessGuard' },
    );
  };
  return { denials, install, judge };
}

/** A guarded endpoint in front of the engine. */
export interface GuardedEngine {
  endpoint: string;
  close(): Promise<void>;
}

/** The access key id of a SigV4-signed request: `Credential=<key id>/<date>/<region>/<service>/aws4_request`. */
const accessKeyIdOf = (request: IncomingMessage): string | undefined =>
  /Credential=([^/,\s]+)\//.exec(String(request.headers.authorization ?? ''))?.[1];

/**
 * An HTTP endpoint that hands every request on to the engine, after `guard` has judged the calls of
 * those signed by a function (`functionOfAccessKey`): a call its role would refuse is answered as
 * DynamoDB answers it, `AccessDeniedException`, and never reaches the engine. Functions that run
 * from their bundles, outside the runtime's process, are given this endpoint.
 */
export async function guardEngine(engineEndpoint: string, guard: TableGuard): Promise<GuardedEngine> {
  const engine = new URL(engineEndpoint);
  const agent = new Agent({ keepAlive: true });
  const server: Server = createServer((request, response) => {
    forward(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: String(error) }));
    });
  });
  const forward = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const functionName = functionOfAccessKey(accessKeyIdOf(request) ?? '');
    if (functionName !== undefined) {
      const reason = guard.judge(functionName, String(request.headers['x-amz-target'] ?? ''), body.toString('utf8'));
      if (reason) {
        const denied = accessDenied(functionName, reason);
        response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${denied.name}`, message: denied.message }));
        return;
      }
    }
    await new Promise<void>((resolve, reject) => {
      const upstream = httpRequest(
        { host: engine.hostname, port: engine.port, method: request.method, path: request.url, headers: request.headers, agent },
        (answer) => {
          response.writeHead(answer.statusCode ?? 500, answer.headers);
          answer.pipe(response);
          answer.on('end', resolve);
          answer.on('error', reject);
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
