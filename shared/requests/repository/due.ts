import { keys } from '../../table/design';
import { queryAll } from '../../table/query';
import { REQUEST_DUE_SHARDS } from './item';

/** The schedule's worklist: requests by when it next has something to do with them (see item.ts). */

/** Below every `due#id` sort key of byDue: every ISO instant starts with a digit. */
const BEFORE_ANY_INSTANT = '0';

/**
 * Requests whose next escalation or end of confirmation window is due by `now`, from every shard of
 * `byDue` (soonest first within a shard, at most `limit` in all). The caller re-reads each one
 * before acting: an index can lag.
 */
export async function dueRequestIds(now: Date, limit: number): Promise<string[]> {
  const ids: string[] = [];
  for (let shard = 0; shard < REQUEST_DUE_SHARDS && ids.length < limit; shard += 1) {
    const wanted = limit - ids.length;
    const due = await queryAll(
      {
        index: 'byDue',
        partition: keys.requestDue(shard),
        // Sort keys are due#id: '~' sorts after '#', so everything due at `now` itself is in.
        sortBetween: [BEFORE_ANY_INSTANT, `${now.toISOString()}~`],
        attributes: ['id'],
        pageSize: Math.min(100, wanted),
      },
      wanted,
    );
    ids.push(...due.slice(0, wanted).map((item) => item.id as string));
  }
  return ids;
}
