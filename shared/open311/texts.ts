import type { Language } from '../http/errors';
import type { RequestStatus } from '../requests/model';

/**
 * What the Open311 adapter says, in Chinese and English: the service's own words only (a request's
 * `status_notes` never quotes anyone's note, reason or comment).
 */

type Texts = Readonly<Record<Language, string>>;

/** A request's `status_notes`: where it is in the loop, said for anyone who looks it up. */
export const open311StatusNotes: Readonly<Record<RequestStatus, Texts>> = {
  submitted: { zh: '已提交，等待网格员受理', en: 'Submitted, waiting for the grid worker' },
  accepted: { zh: '网格员已受理', en: 'Accepted by the grid worker' },
  in_progress: { zh: '正在处理', en: 'Being handled' },
  escalated: { zh: '已转交职能部门处置', en: 'Passed to a department' },
  resolved: { zh: '已办结，等待提交人确认', en: 'Resolved, waiting for the submitter to confirm' },
  closed: { zh: '已办结', en: 'Closed' },
  rejected: { zh: '未予受理', en: 'Not accepted' },
  duplicate: { zh: '与其他诉求重复，已合并处理', en: 'Merged with another report of the same problem' },
};

/** The `service_notice` of a submission: where it went. */
export const routedNotice = (gridId: string, language: Language): string =>
  language === 'en' ? `Routed to grid ${gridId}` : `已分派至网格 ${gridId}`;

/** A `datatype_description` for each of our attribute datatypes. */
export const datatypeDescriptions: Readonly<Record<string, Texts>> = {
  string: { zh: '一行文字（不超过 200 字）', en: 'A line of text (at most 200 characters)' },
  text: { zh: '文字（不超过 500 字）', en: 'Text (at most 500 characters)' },
  number: { zh: '数字', en: 'A number' },
  boolean: { zh: '是（true）或否（false）', en: 'true or false' },
  datetime: { zh: 'ISO 8601 日期时间', en: 'An ISO 8601 date-time' },
  singlevaluelist: { zh: '从 values 中选一项（key）', en: 'One key of values' },
  multivaluelist: { zh: '从 values 中选若干项（key 的列表）', en: 'A list of keys of values' },
};

/** The two choices of a yes/no field, shown as a list. */
export const yesNo: readonly { key: 'true' | 'false'; name: Texts }[] = [
  { key: 'true', name: { zh: '是', en: 'Yes' } },
  { key: 'false', name: { zh: '否', en: 'No' } },
];
