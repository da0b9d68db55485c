import {
  requestOverdue,
  requestReassigned,
  requestStatusChanged,
  requestSubmitted,
} from '../../events/requests';
import { type Notice, type NoticeText, type NotificationRule, inBoth, notificationRule } from '../events/notices';
import { categoryTexts, requestNoticeTexts } from './texts';
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
 * Every notice is written in both languages (texts.ts); each person reads it in theirs. What a person
 * typed (a note, a summary) is passed on as written. The group robot's post stays in Chinese: a group
 * has no one reader to choose for.
 */

const subjectOf = (requestId: string) => ({ type: 'request', id: requestId });
/** The request's category, in both languages, as its events name it. */
const categoryOf = (data: { categoryName: string; categoryNameEn?: string | undefined }) =>
  categoryTexts({ name: data.categoryName, nameEn: data.categoryNameEn });
const texts = requestNoticeTexts;

export const requestsNotificationRules: readonly NotificationRule[] = [
  notificationRule(requestSubmitted, (data) => {
    const category = categoryOf(data);
    const action = inBoth(texts.submittedBody, { acceptDueAt: data.acceptDueAt, unassigned: !data.assigneeId });
    const notices: Notice[] = [
      {
        // The assignee reads the start of what the resident wrote (the request is theirs to handle);
        // the grid's group hears the category, the grid and the request's id only.
        userIds: data.assigneeId ? [data.assigneeId] : [],
        group: { gridIds: [data.gridId], headline: `新诉求（${data.categoryName}）`, action: action.zh, reference: subjectOf(data.requestId) },
        kind: 'request.submitted',
        title: inBoth(texts.submittedTitle, { category, summary: data.summary.slice(0, 30) }),
        body: action,
        subject: subjectOf(data.requestId),
      },
      {
        userIds: [data.residentId],
        kind: 'request.received',
        title: inBoth(texts.receivedTitle, { category }),
        body: inBoth(texts.receivedBody, {}),
        subject: subjectOf(data.requestId),
      },
    ];
    return notices;
  }),

  notificationRule(requestStatusChanged, (data) => {
    const category = categoryOf(data);
    let body: NoticeText = data.note ?? '';
    if (data.action === 'mark-duplicate') body = inBoth(texts.duplicateBody, { of: data.duplicateOf ?? '' });
    if (data.action === 'escalate' && data.department) body = inBoth(texts.escalatedBody, { department: data.department });
    if (data.action === 'return' && data.note) body = inBoth(texts.returnedBody, { result: data.note });
    if (data.action === 'resolve') {
      body = inBoth(texts.resolvedBody, { ...(data.note ? { note: data.note } : {}), ...(data.confirmDueAt ? { confirmDueAt: data.confirmDueAt } : {}) });
    }
    if (data.automatic) body = inBoth(texts.autoClosedBody, data.confirmDueAt ? { confirmDueAt: data.confirmDueAt } : {});
    const notices: Notice[] = [
      {
        userIds: [data.residentId],
        kind: data.automatic ? 'request.auto-close' : `request.${data.action}`,
        title: inBoth(texts.statusTitle, { category, status: data.to }),
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
            ? inBoth(texts.reopenedTitle, { category })
            : inBoth(texts.ratedTitle, { category, ...(data.rating !== undefined ? { rating: data.rating } : {}) }),
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
        title: inBoth(texts.followedResolvedTitle, { category: categoryOf(data) }),
        body: inBoth(texts.followedResolvedBody, {}),
      },
    ];
  }),

  notificationRule(requestOverdue, (data) => {
    const userIds = [...new Set([...(data.assigneeId ? [data.assigneeId] : []), ...data.escalatedTo])];
    return [
      {
        userIds,
        kind: 'request.overdue',
        title: inBoth(texts.overdueTitle, { category: categoryOf(data), deadline: data.deadline, level: data.level }),
        body: inBoth(texts.overdueBody, { dueAt: data.dueAt, gridId: data.gridId }),
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
            title: inBoth(texts.reassignedTitle, { category: categoryOf(data) }),
            body: inBoth(texts.reassignedBody, { previousGridId: data.previousGridId }),
            subject: subjectOf(data.requestId),
          },
        ]
      : [],
  ),
];
