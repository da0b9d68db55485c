// The contract between a feature's events and who hears about them: kernel, so every feature can
// declare its rules without importing the notifications feature (which applies them all).
import type { Language } from '../http/errors';
import type { EventData, EventDefinition, EventMeta } from './define';

/**
 * A text in each language the service speaks. A notice is written in both when its rule makes it,
 * and shown in its reader's language when read (the inbox item keeps both), so a person who reads
 * English sees English whichever language the person who caused it reads.
 */
export type Texts = Readonly<Record<Language, string>>;

/** A notice's text: in both languages, or (a rule not translated yet) Chinese only, shown to everyone. */
export type NoticeText = string | Texts;

/**
 * A message of a feature's catalogue of texts: how each language says it, from the same parameters.
 * A parameter that is itself a name in both languages (a category) is passed as {@link Texts}.
 */
export type Message<P> = Readonly<Record<Language, (params: P) => string>>;

/** A message said in both languages, for a notice. */
export const inBoth = <P>(message: Message<P>, params: P): Texts => ({ zh: message.zh(params), en: message.en(params) });

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** A local date (`2027-03-08`) as a day in a notice: "3月8日" / "8 Mar", with the year when asked ("2027年3月8日" / "8 Mar 2027"). */
export function dayIn(date: string, language: Language, withYear = false): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return language === 'en' ? `${day} ${MONTHS[month - 1]}${withYear ? ` ${year}` : ''}` : `${withYear ? `${year}年` : ''}${month}月${day}日`;
}

/** A notice's text in one language (a Chinese-only text is itself in every language). */
export const textIn = (text: NoticeText, language: Language): string => (typeof text === 'string' ? text : text[language]);

/**
 * Who hears about an event, and what they are told. Features declare their rules next to their
 * domain (`shared/<feature>/notifications.ts`); the `notifications` consumer applies them all.
 */
export interface Notice {
  /** People who get an inbox item and, if they subscribed, a WeChat subscribe message. */
  userIds: readonly string[];
  /** What the WeCom (企业微信) group robots of some grids post about it: its own text, never the title and body. */
  group?: GroupPost;
  /** A stable machine kind, e.g. `request.submitted`, for clients to pick an icon or a template. */
  kind: string;
  /** One line: what happened. Only `userIds` read it, each in their language. */
  title: NoticeText;
  /** A few lines: what to do next. Only `userIds` read it, each in their language. */
  body: NoticeText;
  /** What it is about, for the client to open: e.g. `{ type: 'request', id }`. */
  subject?: { type: string; id: string };
}

/**
 * A post to grids' WeCom group robots. A group chat is read by everyone in it, and a post cannot be
 * taken back, so it names *what* happened and *where* to look, nothing more: a fixed phrase with
 * names the organisation set (a request category, a station, a facility kind, a role), the grid
 * (the consumer adds its name), and a reference a grid worker opens in the app. Never text a user
 * typed — a description, a note, a name someone gave themselves, a phone number in any of them —
 * that stays in the inbox of the people the notice is for.
 */
export interface GroupPost {
  /** Grids whose robot posts it (a grid without a robot is skipped). */
  gridIds: readonly string[];
  /** One line, Chinese, from fixed words and organisation-set names: `新诉求（安全隐患）`. */
  headline: string;
  /** Optional, Chinese: what to do, from fixed words and system values only (a deadline). */
  action?: string;
  /** What the grid worker opens in the app to read the rest: `{ type: 'request', id }`. */
  reference: { type: string; id: string };
}

/** A rule: an event of the catalogue and the notices it makes. Reading data is allowed; writing is not. */
export interface NotificationRule {
  event: EventDefinition;
  notices: (data: never, meta: EventMeta) => Promise<readonly Notice[]>;
}

/** Declares a rule, typing its data from the event. */
export const notificationRule = <E extends EventDefinition>(
  event: E,
  notices: (data: EventData<E>, meta: EventMeta) => Promise<readonly Notice[]> | readonly Notice[],
): NotificationRule => ({ event, notices: async (data, meta) => notices(data as EventData<E>, meta) });
