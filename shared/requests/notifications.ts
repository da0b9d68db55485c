import {
  requestOverdue,
  requestReassigned,
  requestStatusChanged,
  requestSubmitted,
} from '../../events/requests';
import { type Notice, type NotificationRule, notificationRule } from '../events/notices';
import { clockOf, localTimeOf } from '../time/local';
import { departmentNames } from './model';
import { MAX_FOLLOWERS, followersOf } from './repository/followers';

/**
 * Who hears about requests:
 * - a new request → the grid's on-duty worker, and the grid's WeCom group robot (its category, its
 *   grid and its id: never what the resident wrote); the resident gets a receipt;
 * - overdue → the worker and the next level up (the admins it was escalated to);
 * - reopened or rated → the worker (not a close by the system: there is no rating to pass on);
 * - every status change → the resident, with the confirmation deadline on a resolution, and the
 *   reason on a close by the system;
 * - reassigned → the new worker;
 * - resolved by a worker → its followers ("me too", shared/requests/already-reported.ts), read by a
 *   Query on their follow items, at most {@link MAX_FOLLOWERS} (the follow count refuses more). They
 *   are told it was resolved, in fixed words: not the worker's note, which was written to its resident.
 */

const statusNames: Record<string, string> = {
  submitted: '已提交',
  accepted: '已受理',
  in_progress: '处理中',
  escalated: '已转交部门',
  resolved: '已办结，请确认',
  closed: '已关闭',
  rejected: '未予受理',
  duplicate: '已合并为重复诉求',
};

const subjectOf = (requestId: string) => ({ type: 'request', id: requestId });
/** An instant from an event as people in the city read it: `08-17 11:00`. */
function localTime(iso: string): string {
  const { date, minute } = localTimeOf(new Date(iso));
  return `${date.slice(5)} ${clockOf(minute)}`;
}

export const requestsNotificationRules: readonly NotificationRule[] = [
  notificationRule(requestSubmitted, (data) => {
    const action = `请在 ${localTime(data.acceptDueAt)} 前受理。${data.assigneeId ? '' : '本网格暂无网格员，请管理员指派。'}`;
    const notices: Notice[] = [
      {
        // The assignee reads the start of what the resident wrote (the request is theirs to handle);
        // the grid's group hears the category, the grid and the request's id only.
        userIds: data.assigneeId ? [data.assigneeId] : [],
        group: { gridIds: [data.gridId], headline: `新诉求（${data.categoryName}）`, action, reference: subjectOf(data.requestId) },
        kind: 'request.submitted',
        title: `新诉求（${data.categoryName}）：${data.summary.slice(0, 30)}`,
        body: action,
        subject: subjectOf(data.requestId),
      },
      {
        userIds: [data.residentId],
        kind: 'request.received',
        title: `您的诉求已提交（${data.categoryName}）`,
        body: '网格员将尽快受理，处理进展会通知您。',
        subject: subjectOf(data.requestId),
      },
    ];
    return notices;
  }),

  notificationRule(requestStatusChanged, (data) => {
    let body = data.note ?? '';
    if (data.action === 'mark-duplicate') body = `与诉求 ${data.duplicateOf} 相同，将随该诉求一并处理。`;
    if (data.action === 'escalate' && data.department) body = `已转交${departmentNames[data.department]}处理。`;
    if (data.action === 'resolve') {
      const until = data.confirmDueAt
        ? `请在 ${localTime(data.confirmDueAt)} 前确认是否解决并评价；未解决可要求重新处理，逾期未确认将自动关闭。`
        : '请确认是否解决并评价；未解决可要求重新处理。';
      body = `${data.note ?? ''}\n${until}`.trim();
    }
    if (data.automatic) {
      body = `${data.confirmDueAt ? `您未在 ${localTime(data.confirmDueAt)} 前确认，` : '您未在期限内确认，'}系统已自动关闭（不计评价）。如问题仍未解决，请重新提交诉求。`;
    }
    const notices: Notice[] = [
      {
        userIds: [data.residentId],
        kind: data.automatic ? 'request.auto-close' : `request.${data.action}`,
        title: `您的诉求${statusNames[data.to] ?? data.to}（${data.categoryName}）`,
        body,
        subject: subjectOf(data.requestId),
      },
    ];
    if ((data.action === 'reopen' || (data.action === 'confirm' && !data.automatic)) && data.assigneeId) {
      notices.push({
        userIds: [data.assigneeId],
        kind: data.action === 'reopen' ? 'request.reopened' : 'request.rated',
        title:
          data.action === 'reopen'
            ? `居民反馈诉求未解决，已重新打开（${data.categoryName}）`
            : `居民已评价 ${data.rating ?? ''} 星（${data.categoryName}）`,
        body: data.note ?? '',
        subject: subjectOf(data.requestId),
      });
    }
    return notices;
  }),

  notificationRule(requestStatusChanged, async (data) => {
    if (data.action !== 'resolve') return [];
    const followers = (await followersOf(data.requestId)).filter((userId) => userId !== data.residentId);
    if (followers.length === 0) return [];
    return [
      {
        userIds: followers,
        kind: 'request.followed-resolved',
        title: `您关注的诉求已办结（${data.categoryName}）`,
        body: '网格员已处理您关注的诉求，感谢您的反映。如问题仍然存在，可以重新提交诉求。',
      },
    ];
  }),

  notificationRule(requestOverdue, (data) => {
    const what = data.deadline === 'accept' ? '受理' : '办结';
    const userIds = [...new Set([...(data.assigneeId ? [data.assigneeId] : []), ...data.escalatedTo])];
    return [
      {
        userIds,
        kind: 'request.overdue',
        title: `诉求超时未${what}（${data.categoryName}），已上报${data.level === 1 ? '社区' : '街道'}`,
        body: `时限 ${localTime(data.dueAt)}，网格 ${data.gridId}。请尽快处理。`,
        subject: subjectOf(data.requestId),
      },
    ];
  }),

  notificationRule(requestReassigned, (data) =>
    data.assigneeId
      ? [
          {
            userIds: [data.assigneeId],
            kind: 'request.reassigned',
            title: `诉求改派给您（${data.categoryName}）`,
            body: `原网格 ${data.previousGridId}，请尽快受理处理。`,
            subject: subjectOf(data.requestId),
          },
        ]
      : [],
  ),
];
