import * as z from 'zod/mini';

/**
 * What the monthly reports answer (`/reports/monthly`, `/reports/monthly/grids`): figures of a scope
 * and month, and the table per grid. Apart from the requests' own model so that the reports
 * function, which reads rollups and never a request, does not build every request schema when it
 * loads.
 */

const rateSchema = z.object({
  count: z.number(),
  of: z.number(),
  /** count / of, 0–1 (4 decimals); null when `of` is 0. */
  rate: z.nullable(z.number()),
});
export type Rate = z.infer<typeof rateSchema>;

export const figuresSchema = z.object({
  total: z.number(),
  byStatus: z.record(z.string(), z.number()),
  /**
   * Accepted by the accept deadline, among those accepted or still waiting past it (as the deadlines
   * schedule, every minute, marks them overdue).
   */
  acceptedOnTime: rateSchema,
  /** Resolved by the resolve deadline, among those resolved or still open past it (marked overdue). */
  resolvedOnTime: rateSchema,
  /** Reopened at least once, among those ever resolved. */
  reopened: rateSchema,
  /** Rated 4 or 5, among those rated (requests closed automatically carry no rating and do not count). */
  satisfied: rateSchema,
  averageRating: z.nullable(z.number()),
  /**
   * Median hours from submission to (latest) resolution, among resolved and closed, exact to its
   * bucket (`medianHoursToResolveBucket`): the bucket's upper edge, so at least half were resolved
   * within it; for the open last bucket (720 h or more), 720.
   */
  medianHoursToResolve: z.nullable(z.number()),
  /**
   * The bucket holding the median time to resolve (the middle resolution, or the lower of the two
   * middle ones), in hours: `to` is exclusive, null for the last. Times to resolve are counted in
   * fixed buckets with edges at 1, 2, 4, 8, 12, 24, 48, 72, 120, 168, 336 and 720 hours.
   */
  medianHoursToResolveBucket: z.nullable(z.object({ from: z.number(), to: z.nullable(z.number()) })),
});
export type Figures = z.infer<typeof figuresSchema>;

/** The unit a report is about: an org unit, or `{ id: 'city', kind: 'city' }` for the whole city. */
const reportScopeSchema = z.object({ id: z.string(), kind: z.string(), name: z.string() });

export const monthlyReportSchema = z.object({
  scope: reportScopeSchema,
  month: z.string(),
  /** Months are Beijing time: a request belongs to the month it was submitted in, in Asia/Shanghai. */
  timeZone: z.literal('Asia/Shanghai'),
  overall: figuresSchema,
  byCategory: z.array(z.object({ categoryId: z.string(), categoryName: z.string(), figures: figuresSchema })),
  generatedAt: z.string(),
});
export type MonthlyReport = z.infer<typeof monthlyReportSchema>;

/**
 * The ten-category table per grid (the 小栖 monthly database): one row per grid that had requests
 * submitted in the month, one column per category of the catalogue (in its order; a category no
 * longer in it comes after), each cell the number of requests.
 */
export const gridTableSchema = z.object({
  scope: reportScopeSchema,
  month: z.string(),
  timeZone: z.literal('Asia/Shanghai'),
  categories: z.array(z.object({ id: z.string(), name: z.string() })),
  rows: z.array(
    z.object({
      gridId: z.string(),
      gridName: z.string(),
      communityId: z.string(),
      communityName: z.string(),
      /** Requests per category, in the order of `categories`. */
      counts: z.array(z.number()),
      total: z.number(),
    }),
  ),
  /** Requests per category over every row, in the order of `categories`. */
  totals: z.array(z.number()),
  total: z.number(),
  generatedAt: z.string(),
});
export type GridTable = z.infer<typeof gridTableSchema>;
