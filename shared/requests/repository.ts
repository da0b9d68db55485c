import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../aws/clients';
import { config } from '../config';
import { mapLimit } from '../concurrency';
import { type PendingEvent, putWithEvents, updateWithEvents } from '../events/outbox';
import { conflict, notFound, preconditionFailed } from '../http/errors';
import type { Page } from '../http/pagination';
import { creating, creationStamp } from '../table/creation';
import { keys, tableDesign } from '../table/design';
import { type PageRequest, queryPage, withExistingItems, withoutKeys } from '../table/query';
import { buildUpdate } from '../table/update';
import { type Change, type ReportRow, monthOf, monthRange, nextDueAt } from './domain';
import type { Category, Request, RequestStatus, RequestSummary } from './model';
import { isConditionFailure } from '../table/conditions';

/**
 * Requests and categories in the single table.
 *
 * A request is one item (`REQUEST#<id>` / `REQUEST`) holding its state, its version and its
 * timeline: every change is one conditional UpdateItem on `status` and `version` that also appends
 * the timeline step (`list_append`) and carries its events (the outbox), so a step can be neither
 * lost nor doubled, and nothing needs a transaction. The same item sits in four indexes through
 * attributes recomputed on every write, so no secondary item can drift from it:
 * - byUser   `REQUESTS_OF#<resident>`        / createdAt#id — a resident's requests, newest first;
 * - byParent `QUEUE#<assignee>#<status>`     / due#id — a grid worker's queue, by due time;
 * - byDue    `DUE#REQUEST#<shard>`           / nextDue#id — for the schedule: the next escalation, or
 *   the end of a resolved request's confirmation window;
 * - byArea   `AREA#<subdistrict>#<month>`    / community#createdAt#id — reports and admins' views.
 */

/** Partitions of the deadline index, so the schedule's Query never hits one hot key. */
export const REQUEST_DUE_SHARDS = 4;


const shardOf = (id: string): number => {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % REQUEST_DUE_SHARDS;
};

/** The time a request sorts by in its worker's queue: its current deadline, or when it last moved. */
function queueTimeOf(request: Request): string {
  if (request.status === 'submitted') return request.acceptDueAt;
  if (request.status === 'resolved') return request.resolvedAt ?? request.updatedAt;
  if (request.status === 'accepted' || request.status === 'in_progress' || request.status === 'escalated') {
    return request.resolveDueAt ?? request.acceptDueAt;
  }
  return request.closedAt ?? request.updatedAt;
}

const { byUser, byParent, byDue, byArea } = tableDesign.indexes;

/** The index attributes of a request as it is now; absent ones are removed on update. */
function indexAttributesOf(request: Request): Record<string, string | undefined> {
  const due = nextDueAt(request);
  return {
    [byUser.partitionKey]: keys.requestsOf(request.residentId),
    [byUser.sortKey]: `${request.createdAt}#${request.id}`,
    [byParent.partitionKey]: request.assigneeId ? keys.requestQueue(request.assigneeId, request.status) : undefined,
    [byParent.sortKey]: request.assigneeId ? `${queueTimeOf(request)}#${request.id}` : undefined,
    [byDue.partitionKey]: due ? keys.requestDue(shardOf(request.id)) : undefined,
    [byDue.sortKey]: due ? `${due}#${request.id}` : undefined,
    [byArea.partitionKey]: keys.requestArea(request.subdistrictId, monthOf(request.createdAt)),
    [byArea.sortKey]: `${keys.requestAreaCommunity(request.communityId)}${request.createdAt}#${request.id}`,
  };
}

/** A request as stored, without the table's bookkeeping. */
export function toRequest(item: Record<string, unknown>): Request {
  const request = withoutKeys<Request>(item);
  return { ...request, duplicateIds: request.duplicateIds ?? [], timeline: request.timeline ?? [] };
}

/** A request in a list: without its timeline. */
export function toSummary(item: Record<string, unknown>): RequestSummary {
  const { timeline: _timeline, timelineDropped: _dropped, ...summary } = toRequest(item);
  return summary;
}

// ── Writes ───────────────────────────────────────────────────────────────────────────────────────

/**
 * Creates a request with its events; an id already used is a {@link KeyTakenError}. `fingerprint`:
 * the creating request's, under an Idempotency-Key (see shared/http/creation.ts).
 */
export async function createRequest(request: Request, events: readonly PendingEvent[], fingerprint?: string): Promise<void> {
  const index = Object.fromEntries(Object.entries(indexAttributesOf(request)).filter(([, value]) => value !== undefined));
  const key = keys.request(request.id);
  await creating(key, `request ${request.id}`, () =>
    putWithEvents(
      {
        TableName: config().tableName,
        Item: { ...key, entity: 'request', ...request, ...index, ...creationStamp(fingerprint) },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
      events,
    ),
  );
}

/** The write lost a race: the request is no longer in the state (status, version) the change was decided on. */
export class StaleRequestError extends Error {
  constructor(readonly requestId: string) {
    super(`request ${requestId} changed meanwhile`);
    this.name = 'StaleRequestError';
  }
}

/**
 * Writes a decided change as one conditional update: only if the request is still at the status
 * and version it was decided on. Appends the new timeline step (or writes the trimmed timeline),
 * recomputes the index attributes and carries the events. Throws {@link StaleRequestError} on a lost race.
 */
export async function applyChange(before: Request, change: Change, events: readonly PendingEvent[]): Promise<Request> {
  const after = change.request;
  const { id: _id, timeline, ...fields } = after;
  const index = indexAttributesOf(after);
  const set: Record<string, unknown> = { ...fields };
  const remove = new Set<string>();
  for (const [name, value] of Object.entries(index)) {
    if (value === undefined) remove.add(name);
    else set[name] = value;
  }
  for (const name of Object.keys(before)) {
    if (!(name in after)) remove.add(name);
  }
  try {
    const attributes = await updateWithEvents(
      {
        key: keys.request(before.id),
        set: change.trimmed ? { ...set, timeline } : set,
        ...(change.trimmed ? {} : { append: { timeline: [change.entry] } }),
        remove: [...remove],
        condition: '#status = :status AND #version = :version',
        names: { '#status': 'status', '#version': 'version' },
        values: { ':status': before.status, ':version': before.version },
        returnValues: 'ALL_NEW',
      },
      events,
    );
    return toRequest(attributes ?? {});
  } catch (error) {
    if (isConditionFailure(error)) throw new StaleRequestError(before.id);
    throw error;
  }
}

/** What a transition decides from the request as it is now. */
export interface Decision {
  change: Change;
  events: readonly PendingEvent[];
}

/**
 * Read, decide, write conditionally (optimistic concurrency). A caller who sent the version they
 * saw (`If-Match`) gets 412 when the request has moved on; otherwise a lost race is decided again on
 * the fresh state, where it usually becomes a 409 (that move is no longer allowed).
 * `canSee` runs first, so a request one may not see answers 404, never 412.
 */
export async function transitionRequest(
  requestId: string,
  options: { expectedVersion?: number; canSee: (request: Request) => boolean },
  decide: (current: Request) => Promise<Decision> | Decision,
): Promise<Request> {
  for (let attempt = 1; ; attempt += 1) {
    const current = await getRequest(requestId);
    if (!current || !options.canSee(current)) throw notFound();
    if (options.expectedVersion !== undefined && current.version !== options.expectedVersion) {
      throw preconditionFailed(`the request is at version ${current.version}`);
    }
    const decision = await decide(current);
    try {
      return await applyChange(current, decision.change, decision.events);
    } catch (error) {
      if (!(error instanceof StaleRequestError)) throw error;
      if (options.expectedVersion !== undefined) throw preconditionFailed('the request changed meanwhile');
      if (attempt >= 5) throw conflict('the request is changing too fast; try again');
    }
  }
}

/**
 * Links a duplicate to its original (what the `request-links` consumer does on
 * `request.marked-duplicate`). Idempotent by its condition: a second delivery finds the link there.
 */
export async function linkDuplicate(originalId: string, duplicateId: string): Promise<boolean> {
  try {
    await documents().send(
      new UpdateCommand(
        buildUpdate(config().tableName, {
          key: keys.request(originalId),
          append: { duplicateIds: [duplicateId] },
          condition: 'attribute_exists(pk) AND NOT contains(#d, :d) AND (attribute_not_exists(#d) OR size(#d) < :max)',
          names: { '#d': 'duplicateIds' },
          values: { ':d': duplicateId, ':max': 100 },
        }),
      ),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

// ── Reads ────────────────────────────────────────────────────────────────────────────────────────

/** Reads one request (strongly consistent: transitions decide on it). */
export async function getRequest(requestId: string): Promise<Request | undefined> {
  const output = await documents().send(
    new GetCommand({ TableName: config().tableName, Key: keys.request(requestId), ConsistentRead: true }),
  );
  return output.Item ? toRequest(output.Item) : undefined;
}

/** A list page as summaries, without entries whose request is gone (see `withExistingItems`). */
const summaries = async (page: Page<Record<string, unknown>>): Promise<Page<RequestSummary>> => {
  const confirmed = await withExistingItems(page);
  return { ...confirmed, items: confirmed.items.map(toSummary) };
};

/** A resident's requests, newest first. */
export async function listRequestsOf(residentId: string, page: PageRequest): Promise<Page<RequestSummary>> {
  return summaries(await queryPage({ ...page, index: 'byUser', partition: keys.requestsOf(residentId), newestFirst: true }));
}

/** A grid worker's queue of one status, soonest due first. */
export async function listQueue(assigneeId: string, status: RequestStatus, page: PageRequest): Promise<Page<RequestSummary>> {
  return summaries(await queryPage({ ...page, index: 'byParent', partition: keys.requestQueue(assigneeId, status) }));
}

/** A subdistrict's requests of a month (or one community's, newest first). */
export async function listAreaRequests(
  area: { subdistrictId: string; communityId?: string },
  month: string,
  page: PageRequest,
): Promise<Page<RequestSummary>> {
  return summaries(
    await queryPage({
      ...page,
      index: 'byArea',
      partition: keys.requestArea(area.subdistrictId, month),
      ...(area.communityId ? { sortPrefix: keys.requestAreaCommunity(area.communityId) } : {}),
      newestFirst: true,
    }),
  );
}

const REPORT_FIELDS = [
  'categoryId',
  'categoryName',
  'status',
  'createdAt',
  'acceptDueAt',
  'acceptedAt',
  'resolveDueAt',
  'resolvedAt',
  'rating',
  'reopenCount',
  'gridId',
] as const;

/** How many slices of the month a community's report reads in parallel. */
const REPORT_SLICES = 4;
/** At most this many of a report's Queries in flight: a subdistrict of 30 communities is 120 slices. */
const REPORT_CONCURRENCY = 16;

/**
 * Everything the monthly figures need of a month's requests in a subdistrict (or one community of
 * it): Queries on `byArea` reading only the report's attributes. A community's month is read as a
 * few time slices in parallel (the sort key is community#createdAt); a subdistrict's as one slice
 * per community when `communityIds` are given, else the whole partition.
 */
export async function reportRows(
  area: { subdistrictId: string; communityIds?: readonly string[] },
  month: string,
): Promise<(ReportRow & { gridId: string })[]> {
  const partition = keys.requestArea(area.subdistrictId, month);
  if (!area.communityIds) return queryAll(partition);
  const { from, to } = monthRange(month);
  const span = Date.parse(to) - Date.parse(from);
  const ranges = area.communityIds.flatMap((communityId) =>
    Array.from({ length: REPORT_SLICES }, (_, slice) => {
      const prefix = keys.requestAreaCommunity(communityId);
      // The first and last slices are open-ended, so nothing at the month's edges falls between them.
      const start = slice === 0 ? prefix : `${prefix}${new Date(Date.parse(from) + (span * slice) / REPORT_SLICES).toISOString()}`;
      const end = slice === REPORT_SLICES - 1 ? `${prefix}~` : `${prefix}${new Date(Date.parse(from) + (span * (slice + 1)) / REPORT_SLICES).toISOString()}`;
      return { start, end };
    }),
  );
  const pages = await mapLimit(ranges, REPORT_CONCURRENCY, (range) => queryAll(partition, range));
  return pages.flat();
}

async function queryAll(partition: string, range?: { start: string; end: string }): Promise<(ReportRow & { gridId: string })[]> {
  const names: Record<string, string> = { '#p': byArea.partitionKey };
  REPORT_FIELDS.forEach((field, index) => (names[`#f${index}`] = field));
  const values: Record<string, unknown> = { ':p': partition };
  let condition = '#p = :p';
  if (range) {
    names['#s'] = byArea.sortKey;
    values[':start'] = range.start;
    values[':end'] = range.end;
    // Sort keys are community#createdAt#id, never exactly a slice bound, so no item is in two slices.
    condition += ' AND #s BETWEEN :start AND :end';
  }
  const rows: (ReportRow & { gridId: string })[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documents().send(
      new QueryCommand({
        TableName: config().tableName,
        IndexName: 'byArea',
        KeyConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ProjectionExpression: REPORT_FIELDS.map((_, index) => `#f${index}`).join(', '),
        ExclusiveStartKey: startKey,
      }),
    );
    rows.push(...((page.Items ?? []) as (ReportRow & { gridId: string })[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return rows;
}

/**
 * Requests whose next escalation or end of confirmation window is due by `now`, from every shard of
 * `byDue` (soonest first, at most `limit` in all). The caller re-reads each one before acting: an
 * index can lag.
 */
export async function dueRequestIds(now: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  for (let shard = 0; shard < REQUEST_DUE_SHARDS && ids.length < limit; shard += 1) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await documents().send(
        new QueryCommand({
          TableName: config().tableName,
          IndexName: 'byDue',
          KeyConditionExpression: '#k = :k AND #s < :before',
          ExpressionAttributeNames: { '#k': byDue.partitionKey, '#s': byDue.sortKey, '#id': 'id' },
          ExpressionAttributeValues: { ':k': keys.requestDue(shard), ':before': `${now}~` },
          ProjectionExpression: '#id',
          Limit: Math.min(100, limit - ids.length),
          ExclusiveStartKey: startKey,
        }),
      );
      ids.push(...(page.Items ?? []).map((item) => item.id as string));
      startKey = ids.length < limit ? page.LastEvaluatedKey : undefined;
    } while (startKey);
  }
  return ids;
}

// ── Categories ───────────────────────────────────────────────────────────────────────────────────

const categoryItem = (category: Category) => ({
  ...keys.category(category.id),
  entity: 'category',
  [byParent.partitionKey]: keys.categories,
  [byParent.sortKey]: `${String(category.order).padStart(6, '0')}#${category.id}`,
  ...category,
});

export async function getCategory(categoryId: string): Promise<Category | undefined> {
  const output = await documents().send(new GetCommand({ TableName: config().tableName, Key: keys.category(categoryId) }));
  return output.Item ? withoutKeys<Category>(output.Item) : undefined;
}

/** The categories in display order. */
export async function listCategories(page: PageRequest): Promise<Page<Category>> {
  const result = await queryPage({ ...page, index: 'byParent', partition: keys.categories });
  return { ...result, items: result.items.map((item) => withoutKeys<Category>(item)) };
}

/** Creates a category; an existing id is a 409 (or, with `ifAbsent`, left as it is and false returned). */
export async function createCategory(category: Category, options: { ifAbsent?: boolean } = {}): Promise<boolean> {
  try {
    await documents().send(
      new PutCommand({ TableName: config().tableName, Item: categoryItem(category), ConditionExpression: 'attribute_not_exists(pk)' }),
    );
    return true;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    if (options.ifAbsent) return false;
    throw conflict(`category ${category.id} already exists`);
  }
}

/** Replaces an existing category; a missing one is a 404. */
export async function replaceCategory(category: Category): Promise<void> {
  try {
    await documents().send(
      new PutCommand({ TableName: config().tableName, Item: categoryItem(category), ConditionExpression: 'attribute_exists(pk)' }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw notFound(`category ${category.id}`);
    throw error;
  }
}
