import { logger } from '../logger';
import { count } from '../observability/metrics';
import { announceAutoClose, announceOverdue } from './announcements';
import { planAutoClose } from './confirmation';
import { escalationUnitsOf, planOverdue } from './deadlines';
import { escalationTargets } from './escalation-targets';
import { dueRequestIds } from './repository/due';
import { StaleRequestError, applyChange, getRequest } from './repository/request';

/** At most this many requests are looked at per run; the rest wait for the next minute. */
const MAX_PER_RUN = 500;

/** What one run of the `request-deadlines` schedule did. */
export interface DeadlinesRun {
  /** Requests found due on `byDue`. */
  due: number;
  /** Marked overdue one level further. */
  escalated: number;
  /** Resolved requests closed because nobody confirmed or reopened them in time. */
  closed: number;
}

/**
 * Finds requests with something due by `now` (a Query per shard of `byDue`) and acts on each with a
 * conditional write on its status and version: a missed accept or resolve deadline marks it
 * overdue one level further, announcing `request.overdue` to the admins it goes up to; a resolved
 * request whose confirmation window passed is closed, unrated, announcing the same
 * `request.status-changed` a confirmation sends (marked `automatic`). Idempotent: an acted-on
 * request's next due time moves on (or off the index), so a second run — or two runs at once —
 * does nothing twice; a request that changed meanwhile (the resident confirmed or reopened it at
 * that moment) keeps that change, and is simply looked at again next time.
 */
export async function actOnDueRequests(now: Date): Promise<DeadlinesRun> {
  const ids = await dueRequestIds(now, MAX_PER_RUN);
  const run: DeadlinesRun = { due: ids.length, escalated: 0, closed: 0 };
  for (const id of ids) {
    const request = await getRequest(id);
    if (!request) continue;
    try {
      const overdue = planOverdue(request, now);
      if (overdue) {
        const targets = await escalationTargets(escalationUnitsOf(request, overdue.level));
        await applyChange(request, overdue, announceOverdue(overdue, targets));
        run.escalated += 1;
        // Counted as each is written: a run that fails further on has still escalated these.
        count('requestsOverdue');
        continue;
      }
      const close = planAutoClose(request, now);
      if (close) {
        await applyChange(request, close, announceAutoClose(close));
        run.closed += 1;
      }
    } catch (error) {
      if (!(error instanceof StaleRequestError)) throw error;
      logger.info('request changed while the schedule acted on it; next run looks again', { requestId: id });
    }
  }
  return run;
}
