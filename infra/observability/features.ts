import type { LambdaFunction } from '../functions';

/**
 * The functions of each feature, as the dashboard draws them and the error and throttle alarms add
 * them up: one row and one pair of alarms per feature, rather than per function (27 functions would
 * be 54 alarms to read, and one cause, a bad deployment or the account's concurrency, fires many of
 * them at once). A feature's HTTP function is its route group. Every function of `lambdaFunctions()`
 * is in exactly one feature, or the synth stops ({@link functionsByFeature}).
 */
export const featureFunctions = {
  /** Sign-in, tokens, people, the organisation and the service's own routes. */
  people: ['authorizer', 'auth', 'users', 'organisation', 'organisation-activity', 'meta', 'api-docs'],
  requests: ['requests', 'open311', 'reports', 'request-routing', 'request-links', 'request-rollups', 'request-deadlines'],
  stations: ['stations', 'facilities', 'station-waitlist', 'station-managers', 'station-amenities', 'stations-sweep'],
  shifts: ['shift-planning', 'shift-seats', 'shift-hours', 'shift-reminders'],
  notifications: ['notifications-api', 'announcements', 'notifications', 'announcement-delivery', 'push-dispatcher'],
  /** Uploads and their processing; attaching is in the features that hold photos. */
  photos: ['uploads', 'photo-processing'],
  /** Linked handling with departments (联动处置): cases out to departments' systems, signed and retried; their answers back. */
  departments: ['departments', 'department-callbacks', 'deliveries', 'department-deliveries', 'department-dispatcher'],
  /** The kernel's outbox: every event a write could not publish at once. */
  events: ['outbox-relay'],
} as const satisfies Record<string, readonly string[]>;

export type Feature = keyof typeof featureFunctions;

/**
 * A CloudWatch alarm on a metric math expression takes at most 10 metrics: a feature's errors (or
 * throttles) are one metric per function.
 */
const MAX_FUNCTIONS_PER_FEATURE = 10;

/**
 * The functions of `lambdaFunctions()` grouped by feature, in {@link featureFunctions}' order. Throws
 * if a function is in no feature or in two, if a feature names a function that does not exist, or
 * if a feature has too many functions for one alarm.
 */
export function functionsByFeature(functions: readonly LambdaFunction[]): [Feature, LambdaFunction[]][] {
  const byName = new Map(functions.map((fn) => [fn.name, fn]));
  const seen = new Map<string, Feature>();
  const grouped = (Object.entries(featureFunctions) as [Feature, readonly string[]][]).map(([feature, names]) => {
    if (names.length > MAX_FUNCTIONS_PER_FEATURE) {
      throw new Error(`feature ${feature} has ${names.length} functions; an alarm adds up at most ${MAX_FUNCTIONS_PER_FEATURE}: split it`);
    }
    const members = names.map((name) => {
      const fn = byName.get(name);
      if (!fn) throw new Error(`infra/observability/features.ts: feature ${feature} names ${name}, which lambdaFunctions() does not have`);
      const earlier = seen.get(name);
      if (earlier) throw new Error(`infra/observability/features.ts: ${name} is in two features, ${earlier} and ${feature}`);
      seen.set(name, feature);
      return fn;
    });
    return [feature, members] as [Feature, LambdaFunction[]];
  });
  const missing = functions.filter((fn) => !seen.has(fn.name)).map((fn) => fn.name);
  if (missing.length > 0) {
    throw new Error(`infra/observability/features.ts: put ${missing.join(', ')} in a feature, so its errors and throttles are watched`);
  }
  return grouped;
}
