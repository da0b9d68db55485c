import { mapLimit } from '../concurrency';
import { config } from '../config';
import type { EventMeta } from '../events/define';
import { getOrgUnit } from '../organisation/repository';
import { openIdOf } from '../users/repository';
import { notificationIdOf, pushJobIdOf } from './ids';
import { putNotification } from './inbox';
import type { PushJob } from './model';
import { createPushJob, getPushJob } from './push-jobs';
import { groupPostText } from './robot-messages';
import { getWeComRobot } from './robots';
import type { Notice } from '../events/notices';
import { parseTemplates } from './subscribe-messages';
import { takeSubscription } from './subscriptions';

export interface FanOutResult {
  /** Inbox items written now (a redelivered event writes none). */
  inboxItems: number;
  /** Every push job of the event, new or already there: the ones to try sending right away. */
  jobIds: string[];
}

const distinct = <T>(values: readonly T[] | undefined): T[] => [...new Set(values ?? [])];

/**
 * Turns the notices of one event into durable work: an inbox item per person, a push job per grid
 * robot (the notice's group post, never its title and body), and a WeChat subscribe-message job per
 * person who has a one-time subscription left for the notice's kind (taken now; none left → inbox
 * only). Every id derives from the event, and every write is conditional, so running this twice for
 * one event (a redelivery, a retry after a crash half-way) leaves exactly what running it once does.
 */
export async function fanOut(notices: readonly Notice[], meta: EventMeta, now: Date): Promise<FanOutResult> {
  const templates = parseTemplates(config().wechatSubscribeTemplates);
  const createdAt = now.toISOString();
  let inboxItems = 0;
  const jobIds: string[] = [];

  for (const notice of notices) {
    const userIds = distinct(notice.userIds);
    const notificationId = notificationIdOf(meta.occurredAt, meta.id, notice.kind);
    const content = {
      kind: notice.kind,
      title: notice.title,
      body: notice.body,
      ...(notice.subject ? { subject: notice.subject } : {}),
    };
    const jobBase = {
      ...content,
      status: 'pending' as const,
      eventId: meta.id,
      occurredAt: meta.occurredAt,
      createdAt,
      attempts: 0,
      nextAttemptAt: createdAt,
    };

    const written = await mapLimit(userIds, 8, (userId) =>
      putNotification(userId, { id: notificationId, ...content, createdAt: meta.occurredAt }),
    );
    inboxItems += written.filter(Boolean).length;

    for (const gridId of distinct(notice.group?.gridIds)) {
      // A grid without a robot has no group to post to: nothing to do, nothing lost.
      if (!(await getWeComRobot(gridId))) continue;
      // The group gets the post's own text, never the notice's title and body (what people typed).
      const post = groupPostText(notice.group!, (await getOrgUnit(gridId))?.name ?? gridId);
      const job: PushJob = {
        ...jobBase,
        ...post,
        subject: notice.group!.reference,
        id: pushJobIdOf(meta.occurredAt, meta.id, notice.kind, 'wecom', gridId),
        channel: 'wecom',
        gridId,
      };
      await createPushJob(job);
      jobIds.push(job.id);
    }

    const template = templates[notice.kind];
    if (!template) continue;
    await mapLimit(userIds, 8, async (userId) => {
      const id = pushJobIdOf(meta.occurredAt, meta.id, notice.kind, 'wechat', userId);
      // Already enqueued (perhaps sent, its subscription released): taking again would take one too many.
      if (await getPushJob(id)) {
        jobIds.push(id);
        return;
      }
      const openId = await openIdOf(userId);
      if (!openId) return;
      if (!(await takeSubscription(userId, notice.kind, id))) return;
      await createPushJob({
        ...jobBase,
        id,
        channel: 'wechat',
        userId,
        openId,
        templateId: template.id,
        notificationId,
      });
      jobIds.push(id);
    });
  }
  return { inboxItems, jobIds };
}
