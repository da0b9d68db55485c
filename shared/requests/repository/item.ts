import { type IndexName, indexAttributes, indexEntry, requestKeys as keys } from '../../table/design';
import { withoutKeys } from '../../table/query';
import { shardOf } from '../../table/shards';
import { localMonthOf } from '../../time/local';
import { nextDueAt } from '../deadlines';
import type { Request, RequestSummary } from '../model';
import { isOpen } from '../terms';

/**
 * The request item (`REQUEST#<id>` / `REQUEST`) and the index entries it carries.
 *
 * A request is one item holding its state, its version and its timeline. The same item sits in four
 * indexes through attributes recomputed on every write, so no secondary item can drift from it:
 * - byUser   `REQUESTS_OF#<resident>`        / createdAt#id — a resident's requests, newest first;
 * - byParent `QUEUE#<assignee>#<status>`     / due#id — a grid worker's queue, by due time;
 * - byDue    `DUE#REQUEST#<shard>`           / nextDue#id — for the schedule: the next escalation, or
 *   the end of a resolved request's confirmation window;
 * - byArea   `AREA#<subdistrict>#<month>`    / community#createdAt#id — reports and admins' views;
 * - byPlace  `OPEN_REQUESTS#<grid>#<category>` / createdAt#id — while open: what a resident about to
 *   report sees nearby (removed by the write that closes, rejects or marks it a duplicate).
 *
 * Its follower count (`followers`) is on it too, but written only by a follow (followers.ts): never
 * by a transition, which rewrites the fields it decided on and would undo a follow made meanwhile.
 */

/** Partitions of the deadline index, so the schedule's Query never hits one hot key. */
export const REQUEST_DUE_SHARDS = 4;

/** The time a request sorts by in its worker's queue: its current deadline, or when it last moved. */
function queueTimeOf(request: Request): string {
  if (request.status === 'submitted') return request.acceptDueAt;
  if (request.status === 'resolved') return request.resolvedAt ?? request.updatedAt;
  if (request.status === 'accepted' || request.status === 'in_progress' || request.status === 'escalated') {
    return request.resolveDueAt ?? request.acceptDueAt;
  }
  return request.closedAt ?? request.updatedAt;
}

/** The Beijing month a request belongs to in reports: the month it was submitted in. */
export const reportMonthOf = (request: Pick<Request, 'createdAt'>): string => localMonthOf(new Date(request.createdAt));

/**
 * The index entries of a request as it is now (`entries`), and the attributes of the indexes it is
 * not in (`absent`, removed on update: an unassigned request is in no queue, a request with
 * nothing due is off the schedule's worklist).
 */
export function indexEntriesOf(request: Request): { entries: Record<string, string>; absent: string[] } {
  const due = nextDueAt(request);
  const absentFrom: IndexName[] = [];
  if (!request.assigneeId) absentFrom.push('byParent');
  if (!due) absentFrom.push('byDue');
  const open = isOpen(request.status);
  if (!open) absentFrom.push('byPlace');
  return {
    entries: {
      ...indexEntry('byUser', keys.requestsOf(request.residentId), `${request.createdAt}#${request.id}`),
      ...(request.assigneeId
        ? indexEntry('byParent', keys.requestQueue(request.assigneeId, request.status), `${queueTimeOf(request)}#${request.id}`)
        : {}),
      ...(due ? indexEntry('byDue', keys.requestDue(shardOf(request.id, REQUEST_DUE_SHARDS)), `${due.toISOString()}#${request.id}`) : {}),
      ...(open ? indexEntry('byPlace', keys.openRequestsOf(request.gridId, request.categoryId), `${request.createdAt}#${request.id}`) : {}),
      ...indexEntry(
        'byArea',
        keys.requestArea(request.subdistrictId, reportMonthOf(request)),
        `${keys.requestAreaCommunity(request.communityId)}${request.createdAt}#${request.id}`,
      ),
    },
    absent: absentFrom.flatMap((index) => indexAttributes(index)),
  };
}

/** A request as stored, without the table's bookkeeping. */
export function toRequest(item: Record<string, unknown>): Request {
  const request = withoutKeys<Request>(item);
  // Requests stored before follows existed have no count: nobody follows them.
  return { ...request, duplicateIds: request.duplicateIds ?? [], timeline: request.timeline ?? [], followers: request.followers ?? 0 };
}

/** A request in a list: without its timeline. */
export function toSummary(item: Record<string, unknown>): RequestSummary {
  const { timeline: _timeline, timelineDropped: _dropped, ...summary } = toRequest(item);
  return summary;
}
