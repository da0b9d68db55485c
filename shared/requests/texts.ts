import type { Message, Texts } from '../events/notices';
import type { Language } from '../http/errors';
import { clockOf, localTimeOf } from '../time/local';
import type { Department, RequestStatus } from './model';
import { departmentNames } from './terms';

/**
 * What the requests feature says to people, in Chinese (the default) and English: one catalogue of
 * plain objects, no i18n library. Notices take their texts from here in both languages
 * (notifications.ts); the notes the service writes on a timeline are stored as a code and its
 * parameters ({@link TimelineNote}) and said from here in the reader's language (timeline.ts).
 */

/** An instant as people in the city read it, in its local time: `08-17 11:00` (the same in both languages). */
export function localTime(iso: string): string {
  const { date, minute } = localTimeOf(new Date(iso));
  return `${date.slice(5)} ${clockOf(minute)}`;
}

/** The departments a request is escalated to, by name: their Chinese names are the model's (`departmentNames`). */
export const departmentTexts: Readonly<Record<Department, Texts>> = {
  police: { zh: departmentNames.police, en: 'the police' },
  justice: { zh: departmentNames.justice, en: 'the justice bureau' },
  emergency_management: { zh: departmentNames.emergency_management, en: 'emergency management' },
  urban_management: { zh: departmentNames.urban_management, en: 'urban management' },
  market_regulation: { zh: departmentNames.market_regulation, en: 'market regulation' },
  housing_construction: { zh: departmentNames.housing_construction, en: 'housing and construction' },
};

/**
 * Where a request has got to, as its resident is told (`您的诉求已受理` / `Request accepted`). The
 * English is short on purpose: a WeChat subscribe message shows 20 characters of a title.
 */
export const statusTexts: Readonly<Record<RequestStatus, Texts>> = {
  submitted: { zh: '已提交', en: 'submitted' },
  accepted: { zh: '已受理', en: 'accepted' },
  in_progress: { zh: '处理中', en: 'in progress' },
  escalated: { zh: '已转交部门', en: 'passed to a department' },
  resolved: { zh: '已办结，请确认', en: 'resolved: please confirm' },
  closed: { zh: '已关闭', en: 'closed' },
  rejected: { zh: '未予受理', en: 'not accepted' },
  duplicate: { zh: '已合并为重复诉求', en: 'merged as a duplicate' },
};

// ── Timeline notes ──────────────────────────────────────────────────────────────────────────────

/** The notes the service writes on a timeline step, by code; each says its parameters' names. */
export const timelineNoteTexts = {
  routed: {
    zh: (p: { gridId: string; assigneeId?: string }) =>
      `分派至网格 ${p.gridId}${p.assigneeId ? `，网格员 ${p.assigneeId}` : '（该网格暂无网格员，待管理员指派）'}`,
    en: (p: { gridId: string; assigneeId?: string }) =>
      `Routed to grid ${p.gridId}${p.assigneeId ? `, grid worker ${p.assigneeId}` : ' (the grid has no grid worker yet: an admin will assign one)'}`,
  },
  rated: {
    zh: (p: { rating: string }) => `评价 ${p.rating} 星`,
    en: (p: { rating: string }) => `Rated ${p.rating} star${p.rating === '1' ? '' : 's'}`,
  },
  escalated: {
    zh: (p: { department: string }) => `转交${departmentName(p.department, 'zh')}`,
    en: (p: { department: string }) => `Passed to ${departmentName(p.department, 'en')}`,
  },
  returned: {
    zh: (p: { department?: string }) => `${p.department ? departmentName(p.department, 'zh') : '部门'}反馈`,
    en: (p: { department?: string }) => `Answer from ${p.department ? departmentName(p.department, 'en') : 'the department'}`,
  },
  duplicate: {
    zh: (p: { of: string }) => `与诉求 ${p.of} 重复`,
    en: (p: { of: string }) => `Duplicate of request ${p.of}`,
  },
  reassigned: {
    zh: (p: { gridId: string; assigneeId: string }) => `改派至网格 ${p.gridId}，网格员 ${p.assigneeId}`,
    en: (p: { gridId: string; assigneeId: string }) => `Reassigned to grid ${p.gridId}, grid worker ${p.assigneeId}`,
  },
  overdue: {
    zh: (p: { deadline: string; dueAt: string; level: string }) =>
      `超过${p.deadline === 'accept' ? '受理' : '办结'}时限（${localTime(p.dueAt)}），已上报${p.level === '1' ? '社区' : '街道'}`,
    en: (p: { deadline: string; dueAt: string; level: string }) =>
      `Past the deadline to ${p.deadline === 'accept' ? 'accept' : 'resolve'} (${localTime(p.dueAt)}): escalated to the ${p.level === '1' ? 'community' : 'subdistrict'}`,
  },
  'auto-closed': {
    zh: (p: { confirmDueAt: string }) => `居民未在确认期限（${localTime(p.confirmDueAt)}）前确认或要求重新处理，系统自动关闭，不计评价`,
    en: (p: { confirmDueAt: string }) =>
      `The resident neither confirmed nor asked for more work by ${localTime(p.confirmDueAt)}: closed by the system, unrated`,
  },
} satisfies Record<string, Message<never>>;

/** The code of a note the service writes on a timeline. */
export type TimelineNoteCode = keyof typeof timelineNoteTexts;

/** A note the service wrote on a timeline step: its code and parameters, said in the reader's language. */
export type TimelineNote = {
  [C in TimelineNoteCode]: { code: C; params: Parameters<(typeof timelineNoteTexts)[C]['zh']>[0] };
}[TimelineNoteCode];

/** What a person adds after the service's words on a step ("转交公安：<their note>"). */
const JOINERS: Readonly<Record<Language, string>> = { zh: '：', en: ': ' };

/**
 * A step's note in `language`: the service's words (from the code, when the step has one) followed
 * by what a person wrote. A code this catalogue no longer knows shows only the person's words.
 */
export function sayNote(code: string | undefined, params: Readonly<Record<string, string>> | undefined, typed: string | undefined, language: Language): string | undefined {
  const messages = timelineNoteTexts as unknown as Record<string, Message<Record<string, string>>>;
  const message = code !== undefined && Object.hasOwn(messages, code) ? messages[code] : undefined;
  const said = message?.[language](params ?? {});
  if (said === undefined) return typed;
  return typed ? `${said}${JOINERS[language]}${typed}` : said;
}

function departmentName(department: string, language: Language): string {
  return departmentTexts[department as Department]?.[language] ?? department;
}

// ── Category labels ─────────────────────────────────────────────────────────────────────────────

/**
 * A category's label in `language`: its English name when read in English and it has one, its
 * Chinese name otherwise (a category without an English name, or a request from before they were kept).
 */
export const categoryLabel = (names: { name: string; nameEn?: string | undefined }, language: Language): string =>
  language === 'en' && names.nameEn ? names.nameEn : names.name;

/** A category's names as a notice's parameter: both languages (Chinese where there is no English one). */
export const categoryTexts = (names: { name: string; nameEn?: string | undefined }): Texts => ({
  zh: names.name,
  en: names.nameEn || names.name,
});

// ── Notices ─────────────────────────────────────────────────────────────────────────────────────

/** A category named in a notice, in both languages ({@link categoryTexts}). */
type Named = { category: Texts };

/** What the people a request concerns are told (notifications.ts), in both languages. */
export const requestNoticeTexts = {
  submittedTitle: {
    zh: (p: Named & { summary: string }) => `新诉求（${p.category.zh}）：${p.summary}`,
    en: (p: Named & { summary: string }) => `New request (${p.category.en}): ${p.summary}`,
  },
  submittedBody: {
    zh: (p: { acceptDueAt: string; unassigned: boolean }) =>
      `请在 ${localTime(p.acceptDueAt)} 前受理。${p.unassigned ? '本网格暂无网格员，请管理员指派。' : ''}`,
    en: (p: { acceptDueAt: string; unassigned: boolean }) =>
      `Please accept it by ${localTime(p.acceptDueAt)}.${p.unassigned ? ' The grid has no grid worker: an admin should assign one.' : ''}`,
  },
  receivedTitle: {
    zh: (p: Named) => `您的诉求已提交（${p.category.zh}）`,
    en: (p: Named) => `Request submitted (${p.category.en})`,
  },
  receivedBody: {
    zh: () => '网格员将尽快受理，处理进展会通知您。',
    en: () => 'A grid worker will take it up soon; you will be told how it goes.',
  },
  statusTitle: {
    zh: (p: Named & { status: RequestStatus }) => `您的诉求${statusTexts[p.status]?.zh ?? p.status}（${p.category.zh}）`,
    en: (p: Named & { status: RequestStatus }) => `Request ${statusTexts[p.status]?.en ?? p.status} (${p.category.en})`,
  },
  duplicateBody: {
    zh: (p: { of: string }) => `与诉求 ${p.of} 相同，将随该诉求一并处理。`,
    en: (p: { of: string }) => `It is the same as request ${p.of} and will be handled with it.`,
  },
  escalatedBody: {
    zh: (p: { department: Department }) => `已转交${departmentTexts[p.department].zh}处理。`,
    en: (p: { department: Department }) => `It has been passed to ${departmentTexts[p.department].en}.`,
  },
  returnedBody: {
    zh: (p: { result: string }) => `部门反馈：${p.result}`,
    en: (p: { result: string }) => `The department answered: ${p.result}`,
  },
  resolvedBody: {
    zh: (p: { note?: string; confirmDueAt?: string }) =>
      `${p.note ?? ''}\n${
        p.confirmDueAt
          ? `请在 ${localTime(p.confirmDueAt)} 前确认是否解决并评价；未解决可要求重新处理，逾期未确认将自动关闭。`
          : '请确认是否解决并评价；未解决可要求重新处理。'
      }`.trim(),
    en: (p: { note?: string; confirmDueAt?: string }) =>
      `${p.note ?? ''}\n${
        p.confirmDueAt
          ? `Please confirm by ${localTime(p.confirmDueAt)} whether it is solved, and rate it; if it is not, ask for more work. Unconfirmed, it will close by itself.`
          : 'Please confirm whether it is solved, and rate it; if it is not, ask for more work.'
      }`.trim(),
  },
  autoClosedBody: {
    zh: (p: { confirmDueAt?: string }) =>
      `${p.confirmDueAt ? `您未在 ${localTime(p.confirmDueAt)} 前确认，` : '您未在期限内确认，'}系统已自动关闭（不计评价）。如问题仍未解决，请重新提交诉求。`,
    en: (p: { confirmDueAt?: string }) =>
      `You did not confirm it ${p.confirmDueAt ? `by ${localTime(p.confirmDueAt)}` : 'in time'}, so the system closed it (unrated). If the problem remains, please submit a new request.`,
  },
  reopenedTitle: {
    zh: (p: Named) => `居民反馈诉求未解决，已重新打开（${p.category.zh}）`,
    en: (p: Named) => `Reopened: the resident says it is not solved (${p.category.en})`,
  },
  ratedTitle: {
    zh: (p: Named & { rating?: number }) => `居民已评价 ${p.rating ?? ''} 星（${p.category.zh}）`,
    en: (p: Named & { rating?: number }) => `Rated ${p.rating ?? ''} star${p.rating === 1 ? '' : 's'} by the resident (${p.category.en})`,
  },
  followedResolvedTitle: {
    zh: (p: Named) => `您关注的诉求已办结（${p.category.zh}）`,
    en: (p: Named) => `Request you follow resolved (${p.category.en})`,
  },
  followedResolvedBody: {
    zh: () => '网格员已处理您关注的诉求，感谢您的反映。如问题仍然存在，可以重新提交诉求。',
    en: () => 'A grid worker has dealt with the request you follow. Thank you for reporting it; if the problem remains, you can submit a new request.',
  },
  overdueTitle: {
    zh: (p: Named & { deadline: 'accept' | 'resolve'; level: number }) =>
      `诉求超时未${p.deadline === 'accept' ? '受理' : '办结'}（${p.category.zh}），已上报${p.level === 1 ? '社区' : '街道'}`,
    en: (p: Named & { deadline: 'accept' | 'resolve'; level: number }) =>
      `Request not ${p.deadline === 'accept' ? 'accepted' : 'resolved'} in time (${p.category.en}): escalated to the ${p.level === 1 ? 'community' : 'subdistrict'}`,
  },
  overdueBody: {
    zh: (p: { dueAt: string; gridId: string }) => `时限 ${localTime(p.dueAt)}，网格 ${p.gridId}。请尽快处理。`,
    en: (p: { dueAt: string; gridId: string }) => `Deadline ${localTime(p.dueAt)}, grid ${p.gridId}. Please deal with it soon.`,
  },
  reassignedTitle: {
    zh: (p: Named) => `诉求改派给您（${p.category.zh}）`,
    en: (p: Named) => `Request reassigned to you (${p.category.en})`,
  },
  reassignedBody: {
    zh: (p: { previousGridId: string }) => `原网格 ${p.previousGridId}，请尽快受理处理。`,
    en: (p: { previousGridId: string }) => `It was in grid ${p.previousGridId}. Please accept and handle it soon.`,
  },
} satisfies Record<string, Message<never>>;
