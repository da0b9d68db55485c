/**
 * The service's metrics, declared once: the functions emit them (CloudWatch embedded metric format,
 * through shared/observability/metrics.ts), the stack alarms on them and draws them on the
 * dashboard (infra/), the local runtime shows them, and the runbook explains them. Low cardinality
 * by design: the only dimensions are `service` (always `grid-service`) and, where named, one more
 * with a short fixed list of values — never a user, a request or a station.
 */

/** The CloudWatch namespace of every metric below. */
export const METRICS_NAMESPACE = 'GridService';

/** The `service` dimension every metric carries (Powertools' default dimension). */
export const METRICS_SERVICE = 'grid-service';

/**
 * One metric: its CloudWatch name, unit and the feature it belongs to. What it counts is said in a
 * comment on its entry, not in a field: every bundle carries the catalogue, and comments cost it nothing.
 */
export interface MetricDefinition {
  readonly name: string;
  readonly unit: 'Count' | 'Seconds' | 'Milliseconds';
  readonly feature: 'auth' | 'requests' | 'stations' | 'notifications' | 'departments' | 'events';
  /** An extra dimension and its only values, when the metric is split (e.g. by push channel). */
  readonly dimension?: { readonly name: string; readonly values: readonly string[] };
}

const define = <const M extends Record<string, MetricDefinition>>(metrics: M): M => metrics;

export const metricCatalogue = define({
  /** Sign-ins that issued a token (WeChat code or phone binding). */
  signIns: { name: 'SignIns', unit: 'Count', feature: 'auth' },
  /** Requests accepted from residents (201, not replays). */
  requestsSubmitted: { name: 'RequestsSubmitted', unit: 'Count', feature: 'requests' },
  /** Requests a grid worker marked resolved. */
  requestsResolved: { name: 'RequestsResolved', unit: 'Count', feature: 'requests' },
  /** Requests escalated because a deadline passed. */
  requestsOverdue: { name: 'RequestsOverdue', unit: 'Count', feature: 'requests' },
  /** Seat reservations confirmed. */
  reservationsMade: { name: 'ReservationsMade', unit: 'Count', feature: 'stations' },
  /** Reservations put on a waitlist. */
  reservationsWaitlisted: { name: 'ReservationsWaitlisted', unit: 'Count', feature: 'stations' },
  /** Reservation attempts refused (slot full, limit reached, already reserved). */
  reservationsRefused: { name: 'ReservationsRefused', unit: 'Count', feature: 'stations' },
  /** Pushes a channel accepted. */
  pushesSent: { name: 'PushesSent', unit: 'Count', feature: 'notifications', dimension: { name: 'channel', values: ['wechat', 'wecom'] } },
  /** Push attempts a channel refused or that failed (each attempt, retried or not). */
  pushesFailed: { name: 'PushesFailed', unit: 'Count', feature: 'notifications', dimension: { name: 'channel', values: ['wechat', 'wecom'] } },
  /*
   * Deliveries of cases to departments' systems. Not split by department: the ids are the
   * departments feature's (the kernel cannot read its list, and an endpoint may be another
   * platform's id), and the dead letters and log lines name the department of each one.
   */
  /** Deliveries a department's system accepted (2xx), at the first attempt or a retry. */
  departmentDeliveriesSent: { name: 'DepartmentDeliveriesSent', unit: 'Count', feature: 'departments' },
  /** Delivery attempts that failed (each attempt: retried with backoff, or the last one, dead-lettered). */
  departmentDeliveriesFailed: { name: 'DepartmentDeliveriesFailed', unit: 'Count', feature: 'departments' },
  /** Deliveries dead-lettered (24 hours of failures, a 4xx, no endpoint): nothing retries them until an admin redrives them. */
  departmentDeliveriesDead: { name: 'DepartmentDeliveriesDead', unit: 'Count', feature: 'departments' },
  /** Age of the oldest write the outbox relay found still holding unpublished events (0 when none). */
  outboxBacklogAge: { name: 'OutboxBacklogAge', unit: 'Seconds', feature: 'events' },
  /** Events the outbox relay had to publish (their writer could not). */
  outboxRelayed: { name: 'OutboxRelayed', unit: 'Count', feature: 'events' },
  /**
   * Consumer attempts that failed, counted as they fail: each is delivered again (the last one
   * dead-letters instead).
   */
  consumerRetries: { name: 'ConsumerRetries', unit: 'Count', feature: 'events' },
});

export type MetricKey = keyof typeof metricCatalogue;
