import { logger } from '../logger';
import { announceOverdue } from './announcements';
import { escalationUnitsOf, planOverdue } from './domain';
import { StaleRequestError, applyChange, dueRequestIds, getRequest } from './repository';
import { escalationTargets } from './routing';

/** At most this many requests are escalated per run; the rest wait for the next minute. */
const MAX_PER_RUN = 500;

/**
 * Finds requests whose next escalation is due (a Query per shard of `byDue`), and for each marks it
 * overdue one level further with a conditional write on its version, announcing `request.overdue`
 * to the admins it goes up to. Idempotent: a marked request's next escalation moves on (or off the
 * index), so a second run — or two runs at once — escalates nothing twice; a request that changed
 * meanwhile is simply looked at again next time.
 */
export async function escalateOverdueRequests(now: string): Promise<{ due: number; escalated: number }> {
  const ids = await dueRequestIds(now, MAX_PER_RUN);
  let escalated = 0;
  for (const id of ids) {
    const request = await getRequest(id);
    const change = request ? planOverdue(request, now) : undefined;
    if (!request || !change) continue;
    const targets = await escalationTargets(escalationUnitsOf(request, change.level));
    try {
      await applyChange(request, change, announceOverdue(change, targets));
      escalated += 1;
    } catch (error) {
      if (!(error instanceof StaleRequestError)) throw error;
      logger.info('request changed while being escalated; next run looks again', { requestId: id });
    }
  }
  return { due: ids.length, escalated };
}
