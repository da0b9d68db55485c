import { pushDeadLettered } from '../../events/notifications';
import { mapLimit } from '../concurrency';
import { config } from '../config';
import { makeEvent } from '../events/outbox';
import { logger } from '../logger';
import { count } from '../observability/metrics';
import type { PushChannels } from './channels/channel';
import type { PushJob } from './model';
import { defaultChannels } from './channels/configured';
import { robotIdOf } from './ids';
import {
  type StoredJob,
  claimPushJob,
  dueAtOf,
  getPushJobs,
  listDuePushJobs,
  markPushDead,
  markPushSent,
  reschedulePush,
} from './push-jobs';
import { type Delivery, MAX_ATTEMPTS, afterFailure } from './retries';
import { packWeComMessages } from './robot-messages';
import { type StoredRobot, getWeComRobot, reserveRobotSend } from './robots';
import { DEFAULT_TEMPLATE_FIELDS, parseTemplates, subscribeMessageData, subscribePageOf } from './subscribe-messages';
import { releaseSubscription } from './subscriptions';

/**
 * Sends due pushes. Each job is claimed first (one dispatcher wins it, even with the consumer's
 * immediate attempt and the schedule running side by side), then:
 * - WeCom jobs are grouped per robot, packed several notices to a message, and sent within the
 *   robot's 20-a-minute window (what does not fit waits for the next free slot, without counting
 *   as a failed attempt);
 * - WeChat jobs are sent one by one.
 * A delivered job is marked sent; a failed one is retried with exponential backoff, and after the
 * last attempt dead-lettered (with an event) for admins to see and retry. Nothing is dropped.
 * Each job whose attempt this run settled counts once, by channel, in `PushesSent` or `PushesFailed`
 * (a WeCom message carries several jobs: each counts); a job that waited for its robot's window
 * was not attempted and counts in neither.
 */

/** How long a claim holds a job; a dispatcher that dies mid-send leaves it due again after this. */
export const LEASE_MS = 2 * 60_000;
/** Most jobs one run looks at; the rest wait for the next minute. */
export const MAX_JOBS_PER_RUN = 500;

export interface DispatchReport {
  /** Jobs delivered. */
  sent: number;
  /** Messages sent (a WeCom message carries several jobs). */
  messages: number;
  /** Jobs whose attempt failed and that will be retried. */
  retrying: number;
  /** Jobs dead-lettered. */
  dead: number;
  /** Jobs that waited for a free slot of their robot. */
  throttled: number;
  /** The earliest time a job handled in this run is due again. */
  nextAttemptAt?: string;
}

export interface DispatchOptions {
  /** The time of this run: backoff and the rate window are computed from it. */
  now: Date;
  channels?: PushChannels;
  /** Only these jobs (the consumer's immediate attempt); otherwise every due job. */
  jobIds?: readonly string[];
  /**
   * Those of `jobIds` this process has just written, as stored (fanOut's `created`): claimed without
   * reading them back. The claim is conditional on exactly this state, so a job someone else has
   * meanwhile claimed or sent is simply not won.
   */
  created?: readonly StoredJob[];
  /** Grids' robots this process has just read (fanOut's `robots`): not read again. */
  robots?: ReadonlyMap<string, StoredRobot>;
  max?: number;
}

/** Claims and sends the due pushes (or only `jobIds`) at `now`, and reports how it went. */
export async function dispatchPushes(options: DispatchOptions): Promise<DispatchReport> {
  const { now } = options;
  const channels = options.channels ?? defaultChannels();
  const report: DispatchReport = { sent: 0, messages: 0, retrying: 0, dead: 0, throttled: 0 };
  const noteNext = (at: Date) => {
    const next = at.toISOString();
    if (!report.nextAttemptAt || next < report.nextAttemptAt) report.nextAttemptAt = next;
  };

  const candidates = options.jobIds
    ? await theseJobs(options.jobIds, options.created ?? [], now)
    : await listDuePushJobs(now, options.max ?? MAX_JOBS_PER_RUN);
  const claimed = (await mapLimit(candidates, 8, (stored) => claimPushJob(stored, now, LEASE_MS))).filter(
    (stored): stored is StoredJob => stored !== undefined,
  );
  // Oldest first: ids start with the event's time.
  claimed.sort((a, b) => (a.job.id < b.job.id ? -1 : 1));

  /** Records how one attempt went for the jobs it carried. */
  async function settle(jobs: readonly StoredJob[], delivery: Delivery): Promise<void> {
    if (delivery.ok) {
      await mapLimit(jobs, 8, async (stored) => {
        if (await markPushSent(stored, now)) {
          report.sent += 1;
          count('pushesSent', 1, stored.job.channel);
        }
        await releaseIfWeChat(stored, false);
      });
      return;
    }
    // A message's jobs share its fate; the event names them all, and rides on the first one's write.
    let announced = false;
    for (const stored of jobs) {
      const decision = afterFailure(stored.job.attempts, delivery, now);
      const failure = { attempts: decision.attempts, reason: delivery.reason };
      if (decision.attempts === 1) {
        // Once per job, so an unreachable endpoint (a laptop offline) does not flood the log.
        logger.warn('push failed; retrying with backoff, then dead-lettering', {
          jobId: stored.job.id,
          channel: stored.job.channel,
          // The job's own case, under the key the run's lines use for the run's: a run handles jobs of many.
          correlation_id: caseOfJob(stored.job),
          reason: delivery.reason,
          maxAttempts: MAX_ATTEMPTS,
        });
      }
      if (decision.dead) {
        const events = announced
          ? []
          : [
              makeEvent(pushDeadLettered, {
                jobIds: jobs.map((j) => j.job.id),
                channel: stored.job.channel,
                kind: stored.job.kind,
                title: stored.job.title,
                ...(stored.job.gridId ? { gridId: stored.job.gridId } : {}),
                ...(stored.job.userId ? { userId: stored.job.userId } : {}),
                attempts: decision.attempts,
                reason: delivery.reason,
              }, { correlationId: caseOfJob(stored.job) }),
            ];
        if (await markPushDead(stored, now, failure, events)) {
          announced = true;
          report.dead += 1;
          count('pushesFailed', 1, stored.job.channel);
          logger.info('push dead-lettered', {
            jobId: stored.job.id,
            channel: stored.job.channel,
            correlation_id: caseOfJob(stored.job),
            attempts: decision.attempts,
          });
        }
        await releaseIfWeChat(stored, delivery.subscriptionGone === true);
      } else if (await reschedulePush(stored, decision.nextAttemptAt, failure)) {
        report.retrying += 1;
        count('pushesFailed', 1, stored.job.channel);
        noteNext(decision.nextAttemptAt);
      }
    }
  }

  async function releaseIfWeChat(stored: StoredJob, gone: boolean): Promise<void> {
    const { job } = stored;
    if (job.channel === 'wechat' && job.userId) await releaseSubscription(job.userId, job.kind, job.id, gone);
  }

  // WeCom: per grid → its robot; per robot → packed messages within its window.
  const weCom = claimed.filter((stored) => stored.job.channel === 'wecom');
  const robotOfGrid = new Map<string, Promise<StoredRobot | undefined>>(
    [...(options.robots ?? [])].map(([gridId, robot]) => [gridId, Promise.resolve(robot)]),
  );
  const byRobot = new Map<string, { webhookKey: string; jobs: StoredJob[] }>();
  for (const stored of weCom) {
    const gridId = stored.job.gridId ?? '';
    if (!robotOfGrid.has(gridId)) robotOfGrid.set(gridId, getWeComRobot(gridId));
    const robot = await robotOfGrid.get(gridId)!;
    if (!robot) {
      await settle([stored], { ok: false, permanent: true, reason: 'the grid has no WeCom robot any more' });
      continue;
    }
    // Grids may share a robot: the limit is the robot's, so group by its key.
    const robotId = robotIdOf(robot.webhookKey);
    const group = byRobot.get(robotId) ?? { webhookKey: robot.webhookKey, jobs: [] };
    group.jobs.push(stored);
    byRobot.set(robotId, group);
  }
  await mapLimit([...byRobot.entries()], 4, async ([robotId, { webhookKey, jobs }]) => {
    const messages = packWeComMessages(jobs.map((stored) => ({ ...stored, title: stored.job.title, body: stored.job.body })));
    for (const [index, message] of messages.entries()) {
      const turn = await reserveRobotSend(robotId, now);
      if (!turn.allowed) {
        const waiting = messages.slice(index).flatMap((m) => m.jobs);
        await mapLimit(waiting, 8, async (stored) => {
          if (await reschedulePush(stored, turn.retryAt)) report.throttled += 1;
        });
        noteNext(turn.retryAt);
        return;
      }
      report.messages += 1;
      await settle(message.jobs, await channels.wecom.send({ channel: 'wecom', webhookKey, content: message.content }));
    }
  });

  // WeChat subscribe messages: one per person.
  const templates = parseTemplates(config().wechatSubscribeTemplates);
  const weChat = claimed.filter((stored) => stored.job.channel === 'wechat');
  await mapLimit(weChat, 4, async (stored) => {
    const { job } = stored;
    if (!job.openId || !job.templateId || !job.notificationId) {
      await settle([stored], { ok: false, permanent: true, reason: 'job lacks its recipient or template' });
      return;
    }
    const configured = templates[job.kind];
    const fields = configured?.id === job.templateId ? configured.fields : DEFAULT_TEMPLATE_FIELDS;
    report.messages += 1;
    await settle(
      [stored],
      await channels.wechat.send({
        channel: 'wechat',
        openId: job.openId,
        templateId: job.templateId,
        page: subscribePageOf(job.notificationId),
        data: subscribeMessageData({ id: job.templateId, fields }, job),
      }),
    );
  });

  return report;
}

/**
 * The case a job belongs to (shared/observability/correlation.ts): the one it keeps, or for a job
 * from before correlation ids, its event's.
 */
const caseOfJob = (job: PushJob): string => job.correlationId ?? job.eventId;

/** The due pending jobs among `jobIds`: the ones just written as they are, the others read (strongly consistent). */
async function theseJobs(jobIds: readonly string[], created: readonly StoredJob[], now: Date): Promise<StoredJob[]> {
  const wanted = new Set(jobIds);
  const known = created.filter((stored) => wanted.has(stored.job.id));
  const knownIds = new Set(known.map((stored) => stored.job.id));
  const read = await getPushJobs(jobIds.filter((id) => !knownIds.has(id)));
  return [...known, ...read].filter(
    (stored) => stored.job.status === 'pending' && (dueAtOf(stored)?.getTime() ?? Infinity) <= now.getTime(),
  );
}
