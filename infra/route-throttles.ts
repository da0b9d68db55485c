import type { OperationId } from '../shared/routes';

/** API Gateway's token bucket: requests a second on average, and how many may arrive at once. */
export interface Throttle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/**
 * What every route of the `$default` stage gets unless {@link routeThrottles} says otherwise. An HTTP
 * API applies it to each route on its own (each route has its own bucket; only the account's
 * limit is shared), so it bounds what one route can send its function, not the API's total. In the
 * noon peak of the generated Nanjing (`npm run bench peak`, 18 minutes) the busiest route, sign-in,
 * averaged 13.5 requests a second.
 */
export const STAGE_THROTTLE: Throttle = { rateLimit: 200, burstLimit: 400 };

/**
 * Routes that get less than {@link STAGE_THROTTLE}, by operationId (a route renamed or removed in
 * the catalogue fails the type check here): the public ones, which anyone can call without a token,
 * and the expensive ones, whose every call costs many table writes or an outside service. A caller
 * over the limit gets API Gateway's 429 before any function runs, so a flood of one route spends
 * nothing the others need.
 */
export const routeThrottles: Readonly<Partial<Record<OperationId, Throttle>>> = {
  // Public, with a WeChat round trip and a KMS Sign each: 3.7× the noon peak's 13.5 a second (every
  // session signs in), well under KMS's ECC Sign quota; the auth function's reserved concurrency
  // (infra/functions.ts) is sized to it.
  signInWithWeChat: { rateLimit: 50, burstLimit: 100 },
  // Public: monitors and the smoke test, never the mini-program.
  getHealth: { rateLimit: 10, burstLimit: 20 },
  // Public: people reading the API's documentation; each answer is the whole document.
  getOpenApi: { rateLimit: 5, burstLimit: 10 },
  getDocs: { rateLimit: 5, burstLimit: 10 },
  // Public: calendar apps fetching feeds, each every few hours (REFRESH-INTERVAL asks hourly); a
  // feed reads up to 60 day items and their shifts. Far above what subscribers send, far below what
  // a guesser would need (the token has 256 bits).
  getCalendarFeed: { rateLimit: 20, burstLimit: 40 },
  // A WeChat call each; staff bind their phone once, at their first sign-in.
  bindWeChatPhone: { rateLimit: 10, burstLimit: 20 },
  // Each walks every grid of its scope in batches: up to 11,220 inbox items for the city. Admins
  // send a few a month.
  createAnnouncement: { rateLimit: 1, burstLimit: 5 },
  // Up to 1,712 rows and 270 KB for a district (136 ms of work on the embedded engine).
  monthlyGridTable: { rateLimit: 5, burstLimit: 10 },
  // Writes a micro-grid's shifts for a period, one item each.
  generateShifts: { rateLimit: 2, burstLimit: 5 },
  // The busiest reads and writes of the noon peak (6.9, 4.0 and 1.3 a second), with 10–20× as
  // headroom for a booking rush: a nearby search reads about ten summary cells and up to 20
  // stations, a reservation or a submission makes several conditional writes and events.
  searchStations: { rateLimit: 100, burstLimit: 200 },
  createReservation: { rateLimit: 50, burstLimit: 100 },
  submitRequest: { rateLimit: 30, burstLimit: 60 },
  // A search by place is up to 30 Queries (3 grids × 10 services), like the nearby search's cells;
  // platforms that poll it get the same bucket as a person.
  listOpen311Requests: { rateLimit: 20, burstLimit: 40 },
  // Public: six departments' systems answering about cases (each also held to 120 a minute by
  // shared/departments/callbacks.ts); a forged signature is refused with no table call, but the
  // function still runs.
  receiveDepartmentCallback: { rateLimit: 10, burstLimit: 20 },
};

/**
 * The `$default` route (whatever no route matches): public, and where scanners probing for paths
 * land. It only answers 404 or 405.
 */
export const FALLBACK_THROTTLE: Throttle = { rateLimit: 20, burstLimit: 40 };
