import type { Request, RequestStatus } from './model';
import type { Figures, Rate } from './report-model';
import { requestStatuses } from './terms';

/**
 * The monthly figures, as sums that do not grow with the requests: each request *contributes* a few
 * facts computed from its current state (its category, status, whether it was accepted and resolved
 * on time, reopened, its rating, the bucket of its time to resolve), contributions add up to a
 * {@link Tally} per category, tallies add up from grids to the city, and the figures are read off a
 * tally. No AWS here.
 */

/** What a request's contribution reads of it. */
export type ReportRow = Pick<
  Request,
  | 'categoryId'
  | 'categoryName'
  | 'status'
  | 'createdAt'
  | 'acceptDueAt'
  | 'acceptedAt'
  | 'resolveDueAt'
  | 'resolvedAt'
  | 'rating'
  | 'reopenCount'
  | 'acceptOverdueLevel'
  | 'resolveOverdueLevel'
>;

/**
 * The upper edges, in hours, of the buckets that time to resolve is counted in: [0, 1), [1, 2),
 * [2, 4), [4, 8), [8, 12), [12, 24), [24, 48), [48, 72), [72, 120), [120, 168), [168, 336),
 * [336, 720), and 720 h (30 days) or more. Fixed: changing them means rebuilding the rollups.
 */
export const RESOLVE_HOURS_EDGES = [1, 2, 4, 8, 12, 24, 48, 72, 120, 168, 336, 720] as const;

/** How many buckets {@link RESOLVE_HOURS_EDGES} makes (the last one open-ended). */
export const RESOLVE_HOURS_BUCKETS = RESOLVE_HOURS_EDGES.length + 1;

/** The bucket an amount of hours falls in. */
export function hoursBucketOf(hours: number): number {
  const index = RESOLVE_HOURS_EDGES.findIndex((edge) => hours < edge);
  return index === -1 ? RESOLVE_HOURS_EDGES.length : index;
}

/** A bucket's bounds in hours: `to` is null for the last, open-ended one. */
export const hoursBucketBounds = (bucket: number): { from: number; to: number | null } => ({
  from: bucket === 0 ? 0 : RESOLVE_HOURS_EDGES[bucket - 1]!,
  to: RESOLVE_HOURS_EDGES[bucket] ?? null,
});

/**
 * What one request adds to its month's figures, from its current state alone (so the order in
 * which its events arrive does not matter):
 * - `acceptedOnTime`: true when accepted by the accept deadline; false when accepted late, or still
 *   waiting and marked overdue by the deadlines schedule; absent while undecided (and for a request
 *   rejected or marked duplicate before anyone accepted it);
 * - `resolvedOnTime`: the same for the resolve deadline (resolved or closed by it; late, or still
 *   open and marked overdue); rejected and duplicate requests count for neither;
 * - `reopened`: absent when never resolved, else whether the resident reopened it at least once;
 * - `rating`: 1–5 when the resident rated it (a request closed automatically carries none);
 * - `hoursBucket`: the bucket of hours from submission to the latest resolution, when resolved or closed.
 */
export interface Contribution {
  categoryId: string;
  status: RequestStatus;
  acceptedOnTime?: boolean;
  resolvedOnTime?: boolean;
  reopened?: boolean;
  rating?: number;
  hoursBucket?: number;
}

/**
 * A request's contribution. "Past a deadline" is what the deadlines schedule marked (it runs every
 * minute and sends `request.overdue`), not a comparison with the clock: the figures are sums kept as
 * events arrive, and a clock-based comparison would change them with no event at all.
 */
export function contributionOf(request: ReportRow): Contribution {
  const dismissed = request.status === 'rejected' || request.status === 'duplicate';
  const done = request.status === 'resolved' || request.status === 'closed';
  const contribution: Contribution = { categoryId: request.categoryId, status: request.status };
  // Stored instants are ISO strings, which sort as the instants do.
  if (request.acceptedAt) contribution.acceptedOnTime = request.acceptedAt <= request.acceptDueAt;
  else if (!dismissed && request.acceptOverdueLevel > 0) contribution.acceptedOnTime = false;
  if (done && request.resolvedAt) {
    contribution.resolvedOnTime = request.resolveDueAt !== undefined && request.resolvedAt <= request.resolveDueAt;
    contribution.hoursBucket = hoursBucketOf((Date.parse(request.resolvedAt) - Date.parse(request.createdAt)) / 3_600_000);
  } else if (!dismissed && request.resolveDueAt && request.resolveOverdueLevel > 0) {
    contribution.resolvedOnTime = false;
  }
  if (request.resolvedAt) contribution.reopened = request.reopenCount > 0;
  if (typeof request.rating === 'number') contribution.rating = request.rating;
  return contribution;
}

/** The sums the figures of a set of requests are read from. */
export interface Tally {
  total: number;
  byStatus: Record<RequestStatus, number>;
  acceptedOnTime: number;
  /** Accepted, or still waiting past the deadline. */
  acceptDecided: number;
  resolvedOnTime: number;
  /** Resolved, or still open past the deadline. */
  resolveDecided: number;
  everResolved: number;
  reopened: number;
  rated: number;
  /** Rated 4 or 5. */
  satisfied: number;
  ratingSum: number;
  /** How many were resolved within each bucket of {@link RESOLVE_HOURS_EDGES}. */
  hoursToResolve: number[];
}

/** The tally of no request. */
export const emptyTally = (): Tally => ({
  total: 0,
  byStatus: Object.fromEntries(requestStatuses.map((status) => [status, 0])) as Record<RequestStatus, number>,
  acceptedOnTime: 0,
  acceptDecided: 0,
  resolvedOnTime: 0,
  resolveDecided: 0,
  everResolved: 0,
  reopened: 0,
  rated: 0,
  satisfied: 0,
  ratingSum: 0,
  hoursToResolve: Array.from({ length: RESOLVE_HOURS_BUCKETS }, () => 0),
});

/** Adds a contribution into a tally (in place). */
function count(tally: Tally, contribution: Contribution): void {
  tally.total += 1;
  tally.byStatus[contribution.status] += 1;
  if (contribution.acceptedOnTime !== undefined) {
    tally.acceptDecided += 1;
    if (contribution.acceptedOnTime) tally.acceptedOnTime += 1;
  }
  if (contribution.resolvedOnTime !== undefined) {
    tally.resolveDecided += 1;
    if (contribution.resolvedOnTime) tally.resolvedOnTime += 1;
  }
  if (contribution.reopened !== undefined) {
    tally.everResolved += 1;
    if (contribution.reopened) tally.reopened += 1;
  }
  if (contribution.rating !== undefined) {
    tally.rated += 1;
    tally.ratingSum += contribution.rating;
    if (contribution.rating >= 4) tally.satisfied += 1;
  }
  if (contribution.hoursBucket !== undefined) tally.hoursToResolve[contribution.hoursBucket]! += 1;
}

/** A tally per category, keyed by category id. */
export type TallyByCategory = Map<string, Tally>;

/** The tallies of a set of contributions, by category. */
export function talliesOf(contributions: Iterable<Contribution>): TallyByCategory {
  const tallies: TallyByCategory = new Map();
  for (const contribution of contributions) {
    let tally = tallies.get(contribution.categoryId);
    if (!tally) tallies.set(contribution.categoryId, (tally = emptyTally()));
    count(tally, contribution);
  }
  return tallies;
}

/** The sum of two tallies (a new one). */
export function addTallies(a: Tally, b: Tally): Tally {
  const sum = emptyTally();
  for (const field of ['total', 'acceptedOnTime', 'acceptDecided', 'resolvedOnTime', 'resolveDecided', 'everResolved', 'reopened', 'rated', 'satisfied', 'ratingSum'] as const) {
    sum[field] = a[field] + b[field];
  }
  for (const status of requestStatuses) sum.byStatus[status] = a.byStatus[status] + b.byStatus[status];
  sum.hoursToResolve = sum.hoursToResolve.map((_, bucket) => (a.hoursToResolve[bucket] ?? 0) + (b.hoursToResolve[bucket] ?? 0));
  return sum;
}

/** Tallies by category summed over several parts (the grids of a community, the communities of a subdistrict…). */
export function sumByCategory(parts: Iterable<TallyByCategory>): TallyByCategory {
  const sum: TallyByCategory = new Map();
  for (const part of parts) {
    for (const [categoryId, tally] of part) {
      const before = sum.get(categoryId);
      sum.set(categoryId, before ? addTallies(before, tally) : tally);
    }
  }
  return sum;
}

/** Whether two tallies hold the same sums. */
export function sameTally(a: Tally, b: Tally): boolean {
  return JSON.stringify(addTallies(a, emptyTally())) === JSON.stringify(addTallies(b, emptyTally()));
}

const rate = (count: number, of: number): Rate => ({ count, of, rate: of === 0 ? null : Math.round((count / of) * 10_000) / 10_000 });

/**
 * The bucket holding the median time to resolve: the bucket of the middle resolution (the lower of
 * the two middle ones when their number is even), or null when nothing was resolved.
 */
export function medianBucketOf(hoursToResolve: readonly number[]): number | null {
  const resolved = hoursToResolve.reduce((sum, n) => sum + n, 0);
  if (resolved === 0) return null;
  const middle = Math.ceil(resolved / 2);
  let seen = 0;
  for (let bucket = 0; bucket < hoursToResolve.length; bucket += 1) {
    seen += hoursToResolve[bucket]!;
    if (seen >= middle) return bucket;
  }
  return hoursToResolve.length - 1;
}

/**
 * The figures of a tally:
 * - accepted on time: accepted by the accept deadline, among those accepted or still waiting past it;
 * - resolved on time: resolved (and not reopened since) by the resolve deadline, among those
 *   resolved or still open past it; rejected and duplicate requests count for neither;
 * - reopened: reopened at least once, among those ever resolved;
 * - satisfied: rated 4 or 5, among those rated (closed automatically means unrated: not counted);
 * - the median time to resolve, exact to its bucket: `medianHoursToResolveBucket` is the bucket
 *   holding it, `medianHoursToResolve` that bucket's upper edge (at least half were resolved within
 *   it), or for the open last bucket its lower edge.
 */
export function figuresOfTally(tally: Tally): Figures {
  const byStatus = Object.fromEntries(requestStatuses.filter((status) => tally.byStatus[status] > 0).map((status) => [status, tally.byStatus[status]]));
  const median = medianBucketOf(tally.hoursToResolve);
  const bounds = median === null ? null : hoursBucketBounds(median);
  return {
    total: tally.total,
    byStatus,
    acceptedOnTime: rate(tally.acceptedOnTime, tally.acceptDecided),
    resolvedOnTime: rate(tally.resolvedOnTime, tally.resolveDecided),
    reopened: rate(tally.reopened, tally.everResolved),
    satisfied: rate(tally.satisfied, tally.rated),
    averageRating: tally.rated === 0 ? null : Math.round((tally.ratingSum / tally.rated) * 100) / 100,
    medianHoursToResolve: bounds === null ? null : (bounds.to ?? bounds.from),
    medianHoursToResolveBucket: bounds,
  };
}

/** Figures overall and per category (categories in order of volume, then id), named by `nameOf`. */
export function monthlyFigures(tallies: TallyByCategory, nameOf: (categoryId: string) => string) {
  const present = [...tallies].filter(([, tally]) => tally.total > 0);
  return {
    overall: figuresOfTally(present.reduce((sum, [, tally]) => addTallies(sum, tally), emptyTally())),
    byCategory: present
      .map(([categoryId, tally]) => ({ categoryId, categoryName: nameOf(categoryId), figures: figuresOfTally(tally) }))
      .sort((a, b) => b.figures.total - a.figures.total || a.categoryId.localeCompare(b.categoryId)),
  };
}
