import type { EventData, EventDefinition, EventMeta } from '../events/define';

/**
 * Who hears about an event, and what they are told. Features declare their rules next to their
 * domain (`shared/<feature>/notifications.ts`); the `notifications` consumer applies them all.
 */
export interface Notice {
  /** People who get an inbox item and, if they subscribed, a WeChat subscribe message. */
  userIds: readonly string[];
  /** Grids whose WeCom (企业微信) group robot posts the message too. */
  gridIds?: readonly string[];
  /** A stable machine kind, e.g. `request.submitted`, for clients to pick an icon or a template. */
  kind: string;
  /** One line, Chinese: what happened. */
  title: string;
  /** A few lines, Chinese: what to do next. */
  body: string;
  /** What it is about, for the client to open: e.g. `{ type: 'request', id }`. */
  subject?: { type: string; id: string };
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
