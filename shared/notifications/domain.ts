import { createHash } from 'node:crypto';
import type { PushChannelName } from './model';

/**
 * The decisions of the notifications feature, as plain functions: ids that make redelivery
 * idempotent, the retry schedule, the WeCom robot rate limit and how notices are batched into one
 * robot message, and how a notice fills a WeChat subscribe-message template. No AWS, no clock:
 * every function that needs the time takes `now` (epoch ms).
 */

// ---------------------------------------------------------------------------------------------
// Ids

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Epoch ms in base 36, fixed width: ids that start with it sort by time. */
const timePart = (iso: string): string => Math.max(0, Date.parse(iso) || 0).toString(36).padStart(9, '0');

/**
 * The inbox item of a notice for one person: derived from the event and the notice's kind (the
 * person is the partition), so the same event delivered twice writes the same item.
 */
export const notificationIdOf = (occurredAt: string, eventId: string, kind: string): string =>
  `${timePart(occurredAt)}${sha256(`${eventId}|${kind}`).slice(0, 12)}`;

/** A push of a notice to one target (a grid's robot, a person): the same event gives the same job. */
export const pushJobIdOf = (
  occurredAt: string,
  eventId: string,
  kind: string,
  channel: PushChannelName,
  target: string,
): string => `${timePart(occurredAt)}${sha256(`${eventId}|${kind}|${channel}|${target}`).slice(0, 16)}`;

/** A stable shard number in [0, shards) for an id. */
export const shardOf = (id: string, shards: number): number => Number.parseInt(sha256(id).slice(0, 8), 16) % shards;

/** What identifies a WeCom robot in our keys and logs without spelling its secret webhook key. */
export const robotIdOf = (webhookKey: string): string => sha256(`wecom-robot|${webhookKey}`).slice(0, 24);

/** Enough of a webhook key to recognise it, never enough to use it. */
export const keyHintOf = (webhookKey: string): string =>
  webhookKey.length <= 12 ? '****' : `${webhookKey.slice(0, 4)}…${webhookKey.slice(-4)}`;

// ---------------------------------------------------------------------------------------------
// Retries

/** The first attempt and five retries, 1, 2, 4, 8 and 16 minutes apart: 31 minutes in all. */
export const MAX_ATTEMPTS = 6;
export const FIRST_RETRY_DELAY_MS = 60_000;

/** How a channel answered one send. */
export type Delivery =
  | { ok: true }
  | {
      ok: false;
      /** Short and free of secrets: it is stored on the job and shown to admins. */
      reason: string;
      /** Retrying cannot help (an invalid openid, a deleted robot): dead-letter now. */
      permanent?: boolean;
      /** The channel asked us to wait at least this long (WeCom 45009: over the limit). */
      retryAfterMs?: number;
      /** WeChat says the person has no subscription left (43101): our count goes to zero. */
      subscriptionGone?: boolean;
    };
export type FailedDelivery = Extract<Delivery, { ok: false }>;

/** The delay before the next attempt after `failedAttempts` failures: 1, 2, 4, 8, 16 minutes. */
export const backoffDelayMs = (failedAttempts: number): number => FIRST_RETRY_DELAY_MS * 2 ** Math.max(0, failedAttempts - 1);

export type AfterFailure = { attempts: number; dead: true } | { attempts: number; dead: false; nextAttemptAt: number };

/** After a failed attempt: try again later with exponential backoff, or, after the last attempt, dead-letter. */
export function afterFailure(failedBefore: number, delivery: FailedDelivery, now: number): AfterFailure {
  const attempts = failedBefore + 1;
  if (delivery.permanent || attempts >= MAX_ATTEMPTS) return { attempts, dead: true };
  const delay = Math.max(backoffDelayMs(attempts), delivery.retryAfterMs ?? 0);
  return { attempts, dead: false, nextAttemptAt: now + delay };
}

// ---------------------------------------------------------------------------------------------
// The WeCom robot rate limit

/** WeCom accepts at most 20 messages a minute per group robot. */
export const WECOM_RATE = { limit: 20, windowMs: 60_000 } as const;

export type SlotDecision = { allowed: true; sentAt: number[] } | { allowed: false; retryAt: number };

/**
 * Whether one more message may go to a robot now, given when its recent messages went (a rolling
 * window: never more than `limit` in any `windowMs`, hence never more in a calendar minute either).
 * Allowed: the new list of send times to store. Refused: when the next slot frees up.
 */
export function planSlot(sentAt: readonly number[], now: number, rate: { limit: number; windowMs: number } = WECOM_RATE): SlotDecision {
  const recent = sentAt.filter((time) => time > now - rate.windowMs).sort((a, b) => a - b);
  if (recent.length < rate.limit) return { allowed: true, sentAt: [...recent, now] };
  return { allowed: false, retryAt: recent[recent.length - rate.limit]! + rate.windowMs };
}

// ---------------------------------------------------------------------------------------------
// Batching notices into WeCom messages

/** WeCom text messages hold at most 2048 bytes of UTF-8. */
export const WECOM_MAX_BYTES = 2048;
/** Room kept for the "共 N 条" header of a batch. */
const HEADER_BYTES = 40;
const SEPARATOR = '\n\n';

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** Cuts text to at most `max` bytes of UTF-8 without splitting a character, marking the cut with "…". */
export function truncateBytes(text: string, max: number): string {
  if (bytes(text) <= max) return text;
  const ellipsis = '…';
  let kept = '';
  let size = 0;
  for (const character of text) {
    const next = bytes(character);
    if (size + next + bytes(ellipsis) > max) break;
    kept += character;
    size += next;
  }
  return kept + ellipsis;
}

/** Cuts text to at most `max` characters (WeChat template fields count characters). */
export const truncateChars = (text: string, max: number): string => {
  const characters = [...text];
  return characters.length <= max ? text : `${characters.slice(0, Math.max(0, max - 1)).join('')}…`;
};

/** How a group post names what it refers to. */
const referenceNames: Record<string, string> = {
  request: '诉求',
  facility: '设施',
  'org-unit': '网格单元',
  shift: '班次',
  station: '驿站',
  reservation: '预约',
};

/**
 * The title and body of a grid's robot message for a group post: the headline; then the grid, what
 * to do, and the reference to open in the app. Built from the post alone (see `GroupPost`), so
 * nothing a user typed reaches the group.
 */
export function groupPostText(
  post: { headline: string; action?: string; reference: { type: string; id: string } },
  gridName: string,
): { title: string; body: string } {
  const what = referenceNames[post.reference.type] ?? post.reference.type;
  return {
    title: post.headline,
    body: [`网格：${gridName}`, ...(post.action ? [post.action] : []), `请在小程序中查看${what}：${post.reference.id}`].join('\n'),
  };
}

/** One notice as a robot posts it. */
export const weComLine = (notice: { title: string; body: string }): string =>
  notice.body ? `【${notice.title}】\n${notice.body}` : `【${notice.title}】`;

export interface WeComMessage<J> {
  jobs: J[];
  content: string;
}

/**
 * Packs the pending notices of one robot, oldest first, into as few messages as fit WeCom's size
 * limit: each message joins several notices under a "共 N 条" header (a lone notice goes as is).
 * A notice too long for a message of its own is cut, never dropped.
 */
export function packWeComMessages<J extends { title: string; body: string }>(
  jobs: readonly J[],
  maxBytes: number = WECOM_MAX_BYTES,
): WeComMessage<J>[] {
  const messages: { jobs: J[]; lines: string[]; size: number }[] = [];
  for (const job of jobs) {
    const line = truncateBytes(weComLine(job), maxBytes - HEADER_BYTES);
    const size = bytes(line);
    const current = messages.at(-1);
    if (current && current.size + bytes(SEPARATOR) + size + HEADER_BYTES <= maxBytes) {
      current.jobs.push(job);
      current.lines.push(line);
      current.size += bytes(SEPARATOR) + size;
    } else {
      messages.push({ jobs: [job], lines: [line], size });
    }
  }
  return messages.map(({ jobs: packed, lines }) => ({
    jobs: packed,
    content: lines.length === 1 ? lines[0]! : `网格通知 共${lines.length}条${SEPARATOR}${lines.join(SEPARATOR)}`,
  }));
}

// ---------------------------------------------------------------------------------------------
// WeChat subscribe messages

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

/** A time as WeChat's `time` fields want it, in China time: `2026年8月1日 14:05`. */
export function chinaTime(iso: string): string {
  const shifted = new Date(Date.parse(iso) + 8 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${shifted.getUTCFullYear()}年${shifted.getUTCMonth() + 1}月${shifted.getUTCDate()}日 ${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}`;
}

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
    const raw = source === 'time' ? chinaTime(notice.occurredAt) : notice[source];
    const max = FIELD_LIMITS.find(([prefix]) => field.startsWith(prefix))?.[1] ?? 20;
    data[field] = { value: truncateChars(raw.replace(/\s+/g, ' ').trim() || '-', max) };
  }
  return data;
}

/** The mini-program page a subscribe message opens: the inbox item. */
export const subscribePageOf = (notificationId: string): string => `pages/notifications/index?id=${notificationId}`;
