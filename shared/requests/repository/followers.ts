import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '../../aws/clients';
import { config } from '../../config';
import { batchGetItems } from '../../table/batch';
import { writeIf, writeOrUndefined } from '../../table/conditions';
import { requestKeys as keys } from '../../table/design';
import { queryAll } from '../../table/query';
import { buildUpdate } from '../../table/update';
import { openRequestStatuses } from '../terms';

/**
 * Followers of a request ("me too"): one item per (request, person) in the request's partition
 * (`REQUEST#<id>` / `FOLLOWER#<userId>`), and the count on the request item (`followers`), so the
 * request item never grows with them and a list of them is one Query of their own items.
 *
 * The follow item holds "this person follows once" (a conditional put); the request item holds
 * "open, and fewer than {@link MAX_FOLLOWERS}" (a conditional ADD). No transaction joins the two:
 * the follow item is written first and marked `counted` once the count took it. The attempt that
 * counts holds a lease on the follow item (`claimUntil`), so a second tap arriving while the first
 * is counting does not count again, and a follow whose count failed (a fault, a crash) is counted by
 * the next attempt after the lease, instead of being lost. The one window left: the count taken,
 * then a fault before the mark, then a retry after the lease, counts that person twice.
 */

/** At most this many follow a request (the count refuses more): what a resolution's notice reads. */
export const MAX_FOLLOWERS = 1_000;

export type FollowOutcome =
  | { kind: 'counted'; followers: number }
  | { kind: 'already' }
  /** The request item refused the count: gone, no longer open, the caller's own, or full. */
  | { kind: 'refused' };

/** How long the attempt counting a follow holds it: longer than any HTTP call of the function runs. */
const COUNT_LEASE_MS = 60_000;

/** Follows a request, once however often it is called: see the module's comment for the order. */
export async function follow(requestId: string, userId: string, now: Date): Promise<FollowOutcome> {
  const table = config().tableName;
  const key = keys.requestFollower(requestId, userId);
  const claimUntil = new Date(now.getTime() + COUNT_LEASE_MS).toISOString();
  const created = await writeIf(
    documents().send(
      new PutCommand({
        TableName: table,
        Item: { ...key, entity: 'request-follower', requestId, userId, followedAt: now.toISOString(), counted: false, claimUntil },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
  if (!created) {
    // Counted already, or being counted by an attempt still within its lease: nothing to do. Else an
    // earlier attempt wrote the follow item and did not get its count: this one counts it.
    const claimed = await writeIf(
      documents().send(
        new UpdateCommand(
          buildUpdate(table, {
            key,
            set: { claimUntil },
            condition: '#counted = :false AND (attribute_not_exists(#claim) OR #claim < :now)',
            names: { '#counted': 'counted', '#claim': 'claimUntil' },
            values: { ':false': false, ':now': now.toISOString() },
          }),
        ),
      ),
    );
    if (!claimed) return { kind: 'already' };
  }
  const statuses = Object.fromEntries(openRequestStatuses.map((status, index) => [`:s${index}`, status]));
  const counted = await writeOrUndefined(
    documents().send(
      new UpdateCommand(
        buildUpdate(table, {
          key: keys.request(requestId),
          add: { followers: 1 },
          condition: `attribute_exists(pk) AND #status IN (${Object.keys(statuses).join(', ')}) AND #resident <> :me AND (attribute_not_exists(#followers) OR #followers < :max)`,
          names: { '#status': 'status', '#resident': 'residentId', '#followers': 'followers' },
          values: { ...statuses, ':me': userId, ':max': MAX_FOLLOWERS },
          returnValues: 'UPDATED_NEW',
        }),
      ),
    ),
  );
  if (!counted) {
    // Not following after all: a follow item left here would be told of a request it never counted in.
    await writeIf(
      documents().send(
        new DeleteCommand({
          TableName: table,
          Key: key,
          ConditionExpression: '#counted = :false',
          ExpressionAttributeNames: { '#counted': 'counted' },
          ExpressionAttributeValues: { ':false': false },
        }),
      ),
    );
    return { kind: 'refused' };
  }
  await documents().send(new UpdateCommand(buildUpdate(table, { key, set: { counted: true }, remove: ['claimUntil'] })));
  return { kind: 'counted', followers: Number(counted.Attributes?.followers ?? 1) };
}

/** Which of these requests a person follows: one BatchGet of keys (at most a hundred a call). */
export async function followedAmong(userId: string, requestIds: readonly string[]): Promise<Set<string>> {
  if (requestIds.length === 0) return new Set();
  const found = await batchGetItems(
    requestIds.map((requestId) => keys.requestFollower(requestId, userId)),
    { attributes: ['requestId'] },
  );
  return new Set(found.map((item) => String(item.requestId)));
}

/**
 * Who follows a request: a Query on its follow items (`userId` only, a few hundred a page), at most
 * {@link MAX_FOLLOWERS}, which the count keeps them to.
 */
export async function followersOf(requestId: string): Promise<string[]> {
  const { pk, skPrefix } = keys.requestFollowersOf(requestId);
  const items = await queryAll({ partition: pk, sortPrefix: skPrefix, attributes: ['userId'], pageSize: 500 }, MAX_FOLLOWERS);
  return items.slice(0, MAX_FOLLOWERS).map((item) => String(item.userId));
}
