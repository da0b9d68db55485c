import { requestKeys as keys } from '../../table/design';
import { queryPage } from '../../table/query';
import { readShards } from '../../table/shards';
import { REQUEST_DUE_SHARDS } from './item';

/** The schedule's worklist: requests by when it next has something to do with them (see item.ts). */

/**
 * Requests whose next escalation or end of confirmation window is due by `now`, from every shard of
 * `byDue` read side by side (soonest first within a shard, at most `limit` in all). The caller
 * re-reads each one before acting: an index can lag.
 */
export async function dueRequestIds(now: Date, limit: number): Promise<string[]> {
  // Sort keys are due#id: '~' sorts after '#', so everything due at `now` itself is in.
  const dueBy = `${now.toISOString()}~`;
  const due = await readShards(REQUEST_DUE_SHARDS, limit, 100, (shard, pageLimit, cursor) =>
    queryPage({
      index: 'byDue',
      partition: keys.requestDue(shard),
      sortUpTo: dueBy,
      attributes: ['id'],
      limit: pageLimit,
      ...(cursor ? { cursor } : {}),
    }),
  );
  return due.map((item) => item.id as string);
}
