import type { EventDefinition } from '../shared/events/define';
import {
  facilityDonated,
  facilityEvents,
  facilityFaultReported,
  facilityMoved,
  facilityRepairStarted,
  facilityRestored,
  facilityRetired,
} from './facilities';
import { notifiedEvents } from '../shared/notifications/catalogue';
import { announcementContinued, announcementCreated, pushDeadLettered } from './notifications';
import { memberAdded, memberRemoved, unitCreated } from './organisation';
import { reservationCancelled, reservationMoved, reservationReleased, stationCreated, stationEvents, stationUpdated } from './stations';
import { requestMarkedDuplicate, requestOverdue, requestReassigned, requestStatusChanged, requestSubmitted } from './requests';
import { photoUploaded, photosAttached } from './photos';
import { roleAssigned } from './users';
import { shiftCheckedOut, shiftEvents, shiftNoShow } from './shifts';

/**
 * The event catalogue: every event the service publishes, every consumer and what it hears, and
 * every schedule. CDK builds the bus rules, retry policies, dead-letter queues and schedules from
 * it; the local bus and timers are built from it too.
 */
export const eventCatalogue: readonly EventDefinition[] = [
  unitCreated,
  memberAdded,
  memberRemoved,
  roleAssigned,
  pushDeadLettered,
  announcementCreated,
  announcementContinued,
  requestSubmitted,
  requestStatusChanged,
  requestMarkedDuplicate,
  requestReassigned,
  requestOverdue,
  ...stationEvents,
  ...facilityEvents,
  ...shiftEvents,
  photoUploaded,
  photosAttached,
];

/** A consumer: `functions/consumers/<name>.ts`, invoked for each event it subscribes to. */
export interface Subscription {
  consumer: string;
  description: string;
  events: readonly EventDefinition[];
}

export const subscriptions: readonly Subscription[] = [
  {
    consumer: 'organisation-activity',
    description: "Keeps each org unit's activity log (who joined, who left, what was created).",
    events: [unitCreated, memberAdded, memberRemoved, roleAssigned],
  },
  {
    consumer: 'station-waitlist',
    description:
      "Gives seats freed by a cancellation or a no-show to the next people on the slot's waitlist, and releases the place a moved reservation gave up (if the move did not live to).",
    events: [reservationCancelled, reservationReleased, reservationMoved],
  },
  {
    consumer: 'request-routing',
    description: "Indexes new grids' boundaries by geohash cell for routing requests, and admins by unit for escalating them.",
    events: [unitCreated, roleAssigned],
  },
  {
    consumer: 'station-managers',
    description: 'Notes under each station manager the stations they run (a hint admins\' scope over them starts from; the station\'s own list decides).',
    events: [stationCreated, stationUpdated],
  },
  {
    consumer: 'station-amenities',
    description:
      "Keeps on each station the state of the donated facilities behind its amenities, so that one whose facilities are all out is shown unavailable and left out of amenity searches.",
    events: [facilityDonated, facilityFaultReported, facilityRepairStarted, facilityRestored, facilityRetired, facilityMoved],
  },
  {
    consumer: 'request-links',
    description: 'Links a request marked duplicate to its original.',
    events: [requestMarkedDuplicate],
  },
  {
    consumer: 'request-rollups',
    description: "Keeps each unit's monthly figures (grid, community, subdistrict, district, city) from the requests' current state, for the monthly reports.",
    events: [requestSubmitted, requestStatusChanged, requestOverdue, requestReassigned],
  },
  {
    consumer: 'shift-hours',
    description: 'Writes the volunteer hours log from check-outs and no-shows (the same line the handler writes; idempotent).',
    events: [shiftCheckedOut, shiftNoShow],
  },
  {
    consumer: 'announcement-delivery',
    description: "Writes an announcement to its audience's inboxes one bounded batch per event, moving its cursor on and handing the next batch on.",
    events: [announcementCreated, announcementContinued],
  },
  {
    consumer: 'photo-processing',
    description:
      'Strips a new upload of its metadata (EXIF GPS above all), applies its orientation and makes its display size and thumbnail; keeps attached photos out of the lifecycle.',
    events: [photoUploaded, photosAttached],
  },
  {
    consumer: 'department-deliveries',
    description:
      "Sends a case to its department's own system when it is escalated, and the later changes the department's endpoint takes (withdrawn, updated), as signed deliveries retried for 24 hours.",
    events: [requestStatusChanged, requestReassigned],
  },
  {
    consumer: 'notifications',
    description: "Turns events into people's inbox items, WeCom group-robot messages and WeChat subscribe messages, by every feature's notification rules.",
    // Derived from the rules registry (shared/notifications/catalogue.ts), never listed by hand.
    events: notifiedEvents(),
  },
];

/** A schedule: `functions/schedules/<name>.ts`, run every `everyMinutes`. */
export interface Schedule {
  name: string;
  description: string;
  everyMinutes: number;
}

export const schedules: readonly Schedule[] = [
  { name: 'outbox-relay', description: 'Publishes events whose first publish failed.', everyMinutes: 1 },
  {
    name: 'stations-sweep',
    description: 'Ends station visits past their maximum stay and releases no-show reservations (byDue index, not TTL).',
    everyMinutes: 1,
  },
  {
    name: 'push-dispatcher',
    description: 'Sends due WeCom robot and WeChat subscribe pushes (batched per robot, 20 a minute), retrying with backoff, then dead-lettering.',
    everyMinutes: 1,
  },
  {
    name: 'department-dispatcher',
    description: "Sends due deliveries to departments' endpoints (signed, within each endpoint's rate limit), retrying with backoff for 24 hours, then dead-lettering.",
    everyMinutes: 1,
  },
  {
    name: 'shift-reminders',
    description: 'Sends shift reminders a day and an hour before, and unfilled-shift alerts a day before, each once (byDue index).',
    everyMinutes: 5,
  },
  {
    name: 'request-deadlines',
    description: 'Marks requests that missed a deadline overdue and escalates them up the hierarchy; closes resolved requests nobody confirmed in time.',
    everyMinutes: 1,
  },
];

/** How many times the bus retries a failed delivery before it goes to the dead-letter queue. */
export const DELIVERY_RETRIES = 4;

/**
 * How long the bus keeps trying to hand an event to a consumer (the rule target's maximum event age)
 * before it goes to the dead-letter queue, however many retries are left.
 */
export const DELIVERY_MAX_EVENT_AGE_SECONDS = 24 * 3600;

/**
 * What is wrong between a subscription and the consumer deployed for it, or undefined when they
 * agree: the subscription decides what the bus delivers, the consumer's reactions what it can handle.
 * Checked before deployment (test/unit/architecture.test.ts loads every consumer), not at run time,
 * so no consumer's bundle carries this catalogue.
 */
export function consumerMismatch(
  subscription: Subscription,
  consumer: { readonly consumer: string; readonly detailTypes: readonly string[] },
): string | undefined {
  const subscribed = subscription.events.map((event) => event.detailType).sort();
  const handled = [...consumer.detailTypes].sort();
  if (consumer.consumer !== subscription.consumer) {
    return `functions/consumers/${subscription.consumer}.ts names itself ${consumer.consumer}`;
  }
  if (subscribed.join() !== handled.join()) {
    return `consumer ${subscription.consumer} handles [${handled}] but the catalogue subscribes it to [${subscribed}]`;
  }
  return undefined;
}
