import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../aws/clients';
import { config } from '../config';
import { type Page } from '../http/pagination';
import { fieldProblem } from '../http/errors';
import type { Department } from '../requests/model';
import { departmentKeys as keys, indexEntry } from '../table/design';
import { type PageRequest, queryPage } from '../table/query';
import { buildUpdate } from '../table/update';
import { writeIf } from '../table/conditions';
import type { DepartmentEventKind } from './model';

/**
 * Departments' endpoints as the city configured them: one item per department
 * (`DEPARTMENT#<id>`/`ENDPOINT`), listed through byParent under one partition (six departments:
 * one bounded Query). The signing secret is in Secrets Manager (secrets.ts); the item only records
 * when it was last made.
 */

/** A department's own system (or another district's platform), as the city configured it. No secret in it. */
export interface DepartmentEndpoint {
  /** The department's id: one of the request model's `departments` (`urban_management`) or another platform's id. */
  departmentId: string;
  name: string;
  /** Where cases are POSTed (https in AWS; http allowed locally). */
  url: string;
  /** Request category ids it receives; empty: all. */
  categories: string[];
  /** Which changes of a case it receives. */
  events: DepartmentEventKind[];
  /** At most this many deliveries a minute to it. */
  ratePerMinute: number;
  status: 'active' | 'paused';
  updatedAt: string;
}

/** An endpoint as stored: the configuration, and when its signing secret was last made. */
export interface StoredEndpoint extends DepartmentEndpoint {
  secretRotatedAt?: string;
}

const table = () => config().tableName;

function toEndpoint(item: Record<string, unknown>): StoredEndpoint {
  const { departmentId, name, url, categories, events, ratePerMinute, status, updatedAt, secretRotatedAt } = item as unknown as StoredEndpoint;
  return {
    departmentId,
    name,
    url,
    categories: [...(categories ?? [])],
    events: [...(events ?? [])],
    ratePerMinute,
    status,
    updatedAt,
    ...(secretRotatedAt ? { secretRotatedAt } : {}),
  };
}

/**
 * Refuses a URL a department cannot be sent to: https only in AWS (cases carry residents'
 * descriptions and locations); locally http too, for the department simulator. No credentials in it.
 */
export function assertEndpointUrl(url: string, stage: 'local' | 'aws'): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw fieldProblem('body.url', 'not a URL');
  }
  const allowed = stage === 'local' ? ['https:', 'http:'] : ['https:'];
  if (!allowed.includes(parsed.protocol)) throw fieldProblem('body.url', stage === 'local' ? 'use http or https' : 'use https');
  if (parsed.username || parsed.password) throw fieldProblem('body.url', 'no credentials in the URL: the signature authenticates us');
}

/** The endpoint of a department, if the city configured one. */
export async function getDepartmentEndpoint(departmentId: string): Promise<DepartmentEndpoint | undefined> {
  const stored = await getStoredEndpoint(departmentId);
  if (!stored) return undefined;
  const { secretRotatedAt: _secret, ...endpoint } = stored;
  return endpoint;
}

/** The endpoint as stored, with when its secret was made. */
export async function getStoredEndpoint(departmentId: string): Promise<StoredEndpoint | undefined> {
  const { Item } = await documents().send(new GetCommand({ TableName: table(), Key: keys.departmentEndpoint(departmentId), ConsistentRead: true }));
  return Item ? toEndpoint(Item) : undefined;
}

/** Sets a department's endpoint (all of it: PUT), keeping when its secret was made. */
export async function putDepartmentEndpoint(endpoint: DepartmentEndpoint & { departmentId: Department }): Promise<StoredEndpoint> {
  const output = await documents().send(
    new UpdateCommand({
      ...buildUpdate(table(), {
        key: keys.departmentEndpoint(endpoint.departmentId),
        set: { entity: 'department-endpoint', ...endpoint, ...indexEntry('byParent', keys.departmentEndpoints, endpoint.departmentId) },
      }),
      ReturnValues: 'ALL_NEW',
    }),
  );
  return toEndpoint(output.Attributes ?? {});
}

/** Records that a department's secret was made now; false when it has no endpoint (configure that first). */
export async function markSecretRotated(departmentId: string, at: Date): Promise<boolean> {
  return writeIf(
    documents().send(
      new UpdateCommand(
        buildUpdate(table(), {
          key: keys.departmentEndpoint(departmentId),
          set: { secretRotatedAt: at.toISOString() },
          condition: 'attribute_exists(pk)',
        }),
      ),
    ),
  );
}

/** Every configured endpoint, by department id: one Query of byParent (a handful of items). */
export async function listDepartmentEndpoints(page: PageRequest): Promise<Page<StoredEndpoint>> {
  const result = await queryPage({ ...page, index: 'byParent', partition: keys.departmentEndpoints });
  return { ...result, items: result.items.map(toEndpoint) };
}

/** Writes an endpoint as it is, for seeds and tests. */
export async function seedDepartmentEndpoint(endpoint: StoredEndpoint): Promise<void> {
  await documents().send(
    new PutCommand({
      TableName: table(),
      Item: { ...keys.departmentEndpoint(endpoint.departmentId), entity: 'department-endpoint', ...endpoint, ...indexEntry('byParent', keys.departmentEndpoints, endpoint.departmentId) },
    }),
  );
}
