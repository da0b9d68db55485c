import { clockOf, localTimeOf } from '../time/local';

/**
 * WeChat subscribe messages: which template a kind of notice goes out with (configured per
 * environment), and how a notice fills the template's fields within WeChat's limits. Plain
 * functions; sending is `channels/wechat-subscribe.ts`'s business.
 */

/** What a template field shows: the notice's title, its body, or the time of the event. */
export type TemplateSource = 'title' | 'body' | 'time';

export interface SubscribeTemplate {
  id: string;
  /** Template field name (`thing1`, `time3`…) → what fills it. */
  fields: Record<string, TemplateSource>;
}

/** The fields assumed when a template is configured by id alone: 事项 thing1, 说明 thing2, 时间 time3. */
export const DEFAULT_TEMPLATE_FIELDS: Record<string, TemplateSource> = { thing1: 'title', thing2: 'body', time3: 'time' };

/**
 * Reads the kind → template configuration (env `WECHAT_SUBSCRIBE_TEMPLATES`), e.g.
 * `{"request.submitted":"tmpl-id"}` or `{"request.overdue":{"id":"tmpl-id","fields":{"thing2":"title","time5":"time"}}}`.
 * Kinds without a template get no subscribe messages: inbox only.
 */
export function parseTemplates(raw: string | undefined): Record<string, SubscribeTemplate> {
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error('WECHAT_SUBSCRIBE_TEMPLATES is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('WECHAT_SUBSCRIBE_TEMPLATES must map kinds to template ids');
  }
  const templates: Record<string, SubscribeTemplate> = {};
  for (const [kind, value] of Object.entries(parsed)) {
    if (typeof value === 'string' && value) {
      templates[kind] = { id: value, fields: DEFAULT_TEMPLATE_FIELDS };
    } else if (typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string') {
      const { id, fields } = value as { id: string; fields?: Record<string, string> };
      const valid = Object.entries(fields ?? DEFAULT_TEMPLATE_FIELDS).filter(
        (entry): entry is [string, TemplateSource] => ['title', 'body', 'time'].includes(entry[1]),
      );
      templates[kind] = { id, fields: Object.fromEntries(valid) };
    } else {
      throw new Error(`WECHAT_SUBSCRIBE_TEMPLATES: kind ${kind} needs a template id`);
    }
  }
  return templates;
}

/** A time as WeChat's `time` fields want it, in the city's local time: `2026年8月1日 14:05`. */
export function chinaTime(instant: Date): string {
  const { date, minute } = localTimeOf(instant);
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return `${year}年${month}月${day}日 ${clockOf(minute)}`;
}

/**
 * Cuts text to at most `max` characters (WeChat template fields count characters), marking the cut
 * with "…". A word of a language written with spaces (English) is not cut in two: the cut goes back
 * to the space before it; and no space or opening bracket is left dangling before the mark.
 */
export const truncateChars = (text: string, max: number): string => {
  const characters = [...text];
  if (characters.length <= max) return text;
  let kept = characters.slice(0, Math.max(0, max - 1)).join('');
  const space = kept.lastIndexOf(' ');
  if (characters[max - 1] !== ' ' && space > 0 && /^[\x21-\x7e]+$/.test(kept.slice(space + 1))) kept = kept.slice(0, space);
  return `${kept.replace(/[\s(（:：,，;；]+$/u, '')}…`;
};

/** WeChat refuses values over these lengths (in characters), by the field's type prefix. */
const FIELD_LIMITS: [prefix: string, max: number][] = [
  ['character_string', 32],
  ['phrase', 5],
  ['name', 10],
  ['thing', 20],
];

/** The `data` of a subscribe message: each template field filled from the notice, cut to WeChat's limits. */
export function subscribeMessageData(
  template: SubscribeTemplate,
  notice: { title: string; body: string; occurredAt: string },
): Record<string, { value: string }> {
  const data: Record<string, { value: string }> = {};
  for (const [field, source] of Object.entries(template.fields)) {
    const raw = source === 'time' ? chinaTime(new Date(notice.occurredAt)) : notice[source];
    const max = FIELD_LIMITS.find(([prefix]) => field.startsWith(prefix))?.[1] ?? 20;
    data[field] = { value: truncateChars(raw.replace(/\s+/g, ' ').trim() || '-', max) };
  }
  return data;
}

/** The mini-program page a subscribe message opens: the inbox item. */
export const subscribePageOf = (notificationId: string): string => `pages/notifications/index?id=${notificationId}`;
