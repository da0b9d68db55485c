import { mapLimit } from '../concurrency';
import { config } from '../config';
import type { EventMeta } from '../events/define';
import { getOrgUnit } from '../organisation/repository';
import { recipientOf } from '../users/repository';
import { notificationIdOf, pushJobIdOf } from './ids';
import { putNotification } from './inbox';
import type { PushJob } from './model';
import { type StoredJob, createPushJob, getPushJobs } from './push-jobs';
import { groupPostText } from './robot-messages';
import { type StoredRobot, getWeComRobot } from './robots';
import { type Notice, textIn } from '../events/notices';
import { parseTemplates } from './subscribe-messages';
import { takeSubscription } from './subscriptions';
import { caseOfMeta } from '../observability/correlation';

export interface FanOutResult {
  /** Inbox items written now (a redelivered event writes none). */
  inboxItems: number;
  /** Every push job of the event, new or already there: the ones to try sending right away. */
  jobIds: string[];
  /** The jobs written now, as stored: the immediate attempt claims them without reading them back. */
  created: StoredJob[];
  /** The grids' robots read on the way: the immediate attempt sends with them without reading them again. */
  robots: Map<string, StoredRobot>;
}

const distinct = <T>(values: readonly T[] | undefined): T[] => [...new Set(values ?? [])];

/** Table calls of one event's fan-out in flight at once, across all its notices. */
const FAN_OUT_CONCURRENCY = 8;

/**
 * Turns the notices of one event into durable work: an inbox item per person (in both languages
 * when the notice has both: shown in the reader's when read), a push job per grid robot (the
 * notice's group post, never its title and body; in Chinese, the city's language, as a group has no
 * one reader), and a WeChat subscribe-message job per person who has a one-time subscription left
 * for the notice's kind (taken now; none left → inbox only), written in the language they chose. Every id derives from the event, and every write is conditional, so running this twice for
 * one event (a redelivery, a retry after a crash half-way) leaves exactly what running it once does.
 *
 * The independent parts run side by side, at most {@link FAN_OUT_CONCURRENCY} at once: first every
 * inbox item, every group post's job (a grid's robot, then its name if it has one) and, per notice, which
 * WeChat jobs exist already (one batch read); then, once every inbox item is there (a subscribe
 * message opens its inbox item), the WeChat jobs.
 */
export async function fanOut(notices: readonly Notice[], meta: EventMeta, now: Date): Promise<FanOutResult> {
  const templates = parseTemplates(config().wechatSubscribeTemplates);
  const createdAt = now.toISOString();
  // Kept on every job and inbox item, so a push or an item can be traced back to the call that caused it.
  const correlationId = caseOfMeta(meta);
  const result: FanOutResult = { inboxItems: 0, jobIds: [], created: [], robots: new Map() };

  const plans = notices.map((notice) => {
    const userIds = distinct(notice.userIds);
    const notificationId = notificationIdOf(meta.occurredAt, meta.id, notice.kind);
    // Chinese in `title` and `body` (what every reader of an item or a job has always found there),
    // English beside it when the rule wrote one: each reader is shown theirs.
    const english = typeof notice.title !== 'string' || typeof notice.body !== 'string';
    const content = {
      kind: notice.kind,
      title: textIn(notice.title, 'zh'),
      body: textIn(notice.body, 'zh'),
      ...(notice.subject ? { subject: notice.subject } : {}),
    };
    const inboxContent = english ? { ...content, en: { title: textIn(notice.title, 'en'), body: textIn(notice.body, 'en') } } : content;
    const jobBase = {
      ...content,
      status: 'pending' as const,
      eventId: meta.id,
      correlationId,
      occurredAt: meta.occurredAt,
      createdAt,
      attempts: 0,
      nextAttemptAt: createdAt,
    };
    const template = templates[notice.kind];
    return {
      notice,
      userIds,
      gridIds: distinct(notice.group?.gridIds),
      notificationId,
      inboxContent,
      jobBase,
      template,
      weChatJobIds: template ? userIds.map((userId) => pushJobIdOf(meta.occurredAt, meta.id, notice.kind, 'wechat', userId)) : [],
      /** Each grid's job id, in the notice's order (undefined: the grid has no robot). */
      groupJobs: [] as (string | undefined)[],
      /** Each person's WeChat job id, in the notice's order (undefined: none for them). */
      weChatJobs: [] as (string | undefined)[],
      existing: new Set<string>(),
    };
  });

  const noteCreated = (stored: StoredJob | undefined) => {
    if (stored) result.created.push(stored);
  };

  /**
   * A grid's robot and name, read once per event however many of its notices post there; the name
   * only when there is a robot to post with (most grids have none).
   */
  const grids = new Map<string, Promise<{ robot: StoredRobot; name: string } | undefined>>();
  const gridOf = (gridId: string) => {
    let read = grids.get(gridId);
    if (!read) {
      read = getWeComRobot(gridId).then(async (robot) => (robot ? { robot, name: (await getOrgUnit(gridId))?.name ?? gridId } : undefined));
      grids.set(gridId, read);
    }
    return read;
  };

  /** A group post's job for one grid; undefined when the grid has no robot (no group to post to, nothing lost). */
  async function groupJob(plan: (typeof plans)[number], gridId: string): Promise<string | undefined> {
    const grid = await gridOf(gridId);
    if (!grid) return undefined;
    result.robots.set(gridId, grid.robot);
    const group = plan.notice.group!;
    // The group gets the post's own text, never the notice's title and body (what people typed).
    const post = groupPostText(group, grid.name);
    const job: PushJob = {
      ...plan.jobBase,
      ...post,
      subject: group.reference,
      id: pushJobIdOf(meta.occurredAt, meta.id, plan.notice.kind, 'wecom', gridId),
      channel: 'wecom',
      gridId,
    };
    noteCreated(await createPushJob(job));
    return job.id;
  }

  const firstTasks: (() => Promise<void>)[] = plans.flatMap((plan) => [
    ...plan.userIds.map((userId) => async () => {
      if (await putNotification(userId, { id: plan.notificationId, ...plan.inboxContent, createdAt: meta.occurredAt }, { correlationId })) {
        result.inboxItems += 1;
      }
    }),
    ...plan.gridIds.map((gridId, index) => async () => {
      plan.groupJobs[index] = await groupJob(plan, gridId);
    }),
    ...(plan.weChatJobIds.length > 0
      ? [
          async () => {
            plan.existing = new Set((await getPushJobs(plan.weChatJobIds)).map((stored) => stored.job.id));
          },
        ]
      : []),
  ]);
  await mapLimit(firstTasks, FAN_OUT_CONCURRENCY, (task) => task());

  const weChatTasks = plans.flatMap((plan) =>
    plan.userIds.flatMap((userId, index) => {
      const id = plan.weChatJobIds[index];
      if (!plan.template || id === undefined) return [];
      return [
        async () => {
          // Already enqueued (perhaps sent, its subscription released): taking again would take one too many.
          if (plan.existing.has(id)) {
            plan.weChatJobs[index] = id;
            return;
          }
          // One GetItem gives both whom to address and the language to write in (no request says it).
          const recipient = await recipientOf(userId);
          if (!recipient?.openId) return;
          if (!(await takeSubscription(userId, plan.notice.kind, id))) return;
          noteCreated(
            await createPushJob({
              ...plan.jobBase,
              title: textIn(plan.notice.title, recipient.language),
              body: textIn(plan.notice.body, recipient.language),
              id,
              channel: 'wechat',
              userId,
              openId: recipient.openId,
              templateId: plan.template!.id,
              notificationId: plan.notificationId,
            }),
          );
          plan.weChatJobs[index] = id;
        },
      ];
    }),
  );
  await mapLimit(weChatTasks, FAN_OUT_CONCURRENCY, (task) => task());

  for (const plan of plans) {
    for (const id of [...plan.groupJobs, ...plan.weChatJobs]) if (id !== undefined) result.jobIds.push(id);
  }
  return result;
}
