import type { EventDefinition } from '../events/define';
import { organisationNotificationRules } from '../organisation/notifications';
import { requestsNotificationRules } from '../requests/notifications';
import { facilitiesNotificationRules } from '../facilities/notifications';
import { stationsNotificationRules } from '../stations/notifications';
import { shiftNotificationRules } from '../shifts/notifications';
import { notificationsNotificationRules } from './notifications';
import type { NotificationRule } from '../events/notices';

/**
 * The registry of notification rules: every feature's `shared/<feature>/notifications.ts`, applied
 * by the `notifications` consumer. The consumer's subscription in `events/catalogue.ts` is derived
 * from it, so registering rules here is all a feature does.
 *
 * To register a feature's rules: one import and one spread line, e.g.
 *   import { requestsNotificationRules } from '../requests/notifications';
 *   ...requestsNotificationRules,
 */
export const notificationRules: readonly NotificationRule[] = [
  ...organisationNotificationRules,
  ...notificationsNotificationRules,
  ...requestsNotificationRules,
  ...stationsNotificationRules,
  ...facilitiesNotificationRules,
  ...shiftNotificationRules,
  // Features: add your rules here, one spread line each.
];

/** The distinct events the rules listen to: what the `notifications` consumer subscribes to. */
export const notifiedEvents = (): EventDefinition[] => {
  const byDetailType = new Map<string, EventDefinition>();
  for (const rule of notificationRules) byDetailType.set(rule.event.detailType, rule.event);
  return [...byDetailType.values()];
};

/** The rules of one event. */
export const rulesOf = (event: EventDefinition): NotificationRule[] =>
  notificationRules.filter((rule) => rule.event.detailType === event.detailType);
