import { consumerFunction, on } from '../../shared/events/consumer';
import { logger } from '../../shared/logger';
import { notifiedEvents, rulesOf } from '../../shared/notifications/catalogue';
import { dispatchPushes } from '../../shared/notifications/dispatcher';
import { fanOut } from '../../shared/notifications/fanout';

/**
 * Applies every feature's notification rules (the registry in shared/notifications/catalogue.ts) to
 * the events they name: each notice becomes inbox items and durable push jobs, then the pushes are
 * tried at once. A failed push is not this consumer's failure: the job stays, and the
 * `push-dispatcher` schedule retries it with backoff. A rule or a write that fails does throw, so
 * the bus retries the event; every write is idempotent, so a retry finishes what was left.
 */
export const handler = consumerFunction(
  'notifications',
  notifiedEvents().map((event) =>
    on(event, async (data, meta) => {
      const rules = rulesOf(event);
      const notices = (await Promise.all(rules.map((rule) => rule.notices(data as never, meta)))).flat();
      if (notices.length === 0) return;
      const { jobIds, created, robots } = await fanOut(notices, meta, new Date());
      if (jobIds.length === 0) return;
      try {
        // The jobs and robots fanOut has just written and read are not read again.
        await dispatchPushes({ now: new Date(), jobIds, created, robots });
      } catch (error) {
        // The jobs are durable and due: the dispatcher will pick them up within a minute.
        logger.warn('immediate push attempt failed; the dispatcher will retry', { error });
      }
    }),
  ),
);
