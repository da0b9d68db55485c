import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from './aws/clients';
import { config } from './config';
import { ProblemError } from './http/errors';
import { writeIf } from './table/conditions';
import { kernelKeys as keys } from './table/design';
import { buildUpdate } from './table/update';
import { expiresAfter } from './table/expiry';

/**
 * Per-person churn limits: how many times one person may do one kind of action in a fixed window.
 *
 * One small counter item per person, action and window (`USER#<id>`/`RATE#<action>#<window start>`),
 * raised by a conditional `ADD` that refuses to pass the cap: one write, exact under any concurrency,
 * and never larger than a number. The window is in the key, so a new window starts from nothing and
 * an old one is never read again; its `expiresAt` only lets TTL collect it.
 */
export interface ChurnLimit {
  /** The kind of action, in the key: actions that share a budget share this name. */
  action: string;
  max: number;
  windowSeconds: number;
}

/** The fixed window `now` falls in: [start, end). */
export function windowOf(limit: Pick<ChurnLimit, 'windowSeconds'>, now: Date): { start: Date; end: Date } {
  const size = limit.windowSeconds * 1000;
  const start = Math.floor(now.getTime() / size) * size;
  return { start: new Date(start), end: new Date(start + size) };
}

/** Whole seconds until the window ends (at least 1): the `Retry-After` of a refusal. */
export const retryAfterSeconds = (limit: Pick<ChurnLimit, 'windowSeconds'>, now: Date): number =>
  Math.max(1, Math.ceil((windowOf(limit, now).end.getTime() - now.getTime()) / 1000));

/** Kept a day past its window, for TTL to collect; nothing reads it after the window. */
const GARBAGE_AFTER_SECONDS = 24 * 3600;

async function count(userId: string, limit: ChurnLimit, now: Date, capped: boolean): Promise<boolean> {
  const { start, end } = windowOf(limit, now);
  return writeIf(
    documents().send(
      new UpdateCommand(
        buildUpdate(config().tableName, {
          key: keys.actionWindow(userId, limit.action, start.toISOString()),
          add: { actions: 1 },
          set: { entity: 'action-window', expiresAt: expiresAfter(end, GARBAGE_AFTER_SECONDS) },
          ...(capped
            ? { condition: 'attribute_not_exists(#actions) OR #actions < :max', names: { '#actions': 'actions' }, values: { ':max': limit.max } }
            : {}),
        }),
      ),
    ),
  );
}

/** 429 `too_many_requests`, with a `Retry-After` of the seconds until the window ends. */
function refusal(limit: ChurnLimit, now: Date): ProblemError {
  const retryAfter = retryAfterSeconds(limit, now);
  return new ProblemError(
    'too_many_requests',
    `at most ${limit.max} ${limit.action} in ${limit.windowSeconds} s; try again in ${retryAfter} s`,
    [],
    { 'retry-after': String(retryAfter) },
  );
}

/**
 * Counts one action against the person's budget, or refuses it with 429 `too_many_requests` and a
 * `Retry-After` (seconds until the window ends) when the budget of this window is spent.
 */
export async function takeAction(userId: string, limit: ChurnLimit, now: Date): Promise<void> {
  if (!(await count(userId, limit, now, true))) throw refusal(limit, now);
}

/**
 * Counts an action that is never refused (giving something back, such as a cancellation) against the
 * same budget, so the actions that are refused run out sooner.
 */
export async function spendAction(userId: string, limit: ChurnLimit, now: Date): Promise<void> {
  await count(userId, limit, now, false);
}

/**
 * Refuses (429, as {@link takeAction}) when the person has spent the window's budget, without
 * spending any: for an action limited by how often the person did *another* one (signing up again
 * after withdrawing many times).
 */
export async function assertBudgetLeft(userId: string, limit: ChurnLimit, now: Date): Promise<void> {
  if ((await actionsSpent(userId, limit, now)) >= limit.max) throw refusal(limit, now);
}

/** How many actions the person has spent in the window `now` falls in. */
export async function actionsSpent(userId: string, limit: ChurnLimit, now: Date): Promise<number> {
  const key = keys.actionWindow(userId, limit.action, windowOf(limit, now).start.toISOString());
  const item = (await documents().send(new GetCommand({ TableName: config().tableName, Key: key, ConsistentRead: true }))).Item;
  return Number(item?.actions ?? 0);
}
