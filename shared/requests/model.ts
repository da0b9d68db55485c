import * as z from 'zod/mini';
import { locatedSchema } from '../geo/coordinates';
import { photoRefSchema, photoSchema } from '../photos/model';
import { attributeValueSchema } from './categories/model';
import { departmentSchema, type requestActions, requestStatusSchema } from './terms';

/**
 * Resident requests (群众诉求) as the API shows them: requests in a closed loop with a timeline, and
 * monthly figures. Their categories (Open311 style) are in categories/model.ts.
 */

// ── Requests ─────────────────────────────────────────────────────────────────────────────────────

/** Where a request is in the closed loop (terms.ts: `requestStatuses`, `requestStatusSchema`). */
export type RequestStatus = z.infer<typeof requestStatusSchema>;

/** What changes a request (terms.ts). */
export type RequestAction = (typeof requestActions)[number];

/** A department a request can be escalated to (terms.ts: `departments`, `departmentSchema`). */
export type Department = z.infer<typeof departmentSchema>;

export const latLngSchema = z.object({
  lat: z.number().check(z.gte(-90), z.lte(90)),
  lng: z.number().check(z.gte(-180), z.lte(180)),
});

/** One step of a request's life: who did what, when, with what note. `version` is the version it made. */
export const timelineEntrySchema = z.object({
  version: z.number(),
  at: z.string(),
  actorId: z.string(),
  actorRole: z.string(),
  action: z.string(),
  from: z.optional(requestStatusSchema),
  to: requestStatusSchema,
  /**
   * The step's note in the reader's language (`Accept-Language`, else their profile's): the words the
   * service wrote, from `noteCode`, followed by what a person wrote (which is shown as written).
   */
  note: z.optional(z.string()),
  /** The code of the words the service wrote on this step (`routed`, `escalated`, `overdue`…), already said in `note`. */
  noteCode: z.optional(z.string()),
  /** The parameters of `noteCode` (ids, a department, a deadline as an ISO instant). */
  noteParams: z.optional(z.record(z.string(), z.string())),
  /** Links a step came with (a department's photos of its result, by https URL): shown, never fetched by the service. */
  links: z.optional(z.array(z.string())),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

const requestFields = {
  id: z.string(),
  categoryId: z.string(),
  /** The category's Chinese name when the request was submitted. */
  categoryName: z.string(),
  /** Its English name then, if it had one. */
  categoryNameEn: z.optional(z.string()),
  description: z.string(),
  location: z.optional(latLngSchema),
  address: z.optional(z.string()),
  /** Photos with the report, with each resolution ("after") and each reopen, oldest first; at most `REQUEST_PHOTOS_MAX` (terms.ts). */
  photos: z.array(photoRefSchema),
  attributes: z.record(z.string(), attributeValueSchema),
  residentId: z.string(),
  gridId: z.string(),
  communityId: z.string(),
  subdistrictId: z.string(),
  districtId: z.string(),
  /** How the grid was found: the boundary containing the location, or the resident's home grid. */
  routedBy: z.enum(['location', 'home-grid', 'admin']),
  /** The grid worker handling it; null when the grid has no grid worker (admins reassign). */
  assigneeId: z.nullable(z.string()),
  status: requestStatusSchema,
  /** Bumped by every change; send it back as `If-Match` (the ETag) to refuse stale writes. */
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  acceptDueAt: z.string(),
  resolveDueAt: z.optional(z.string()),
  acceptedAt: z.optional(z.string()),
  startedAt: z.optional(z.string()),
  /** The latest resolution (kept after a reopen, replaced by the next one). */
  resolvedAt: z.optional(z.string()),
  /**
   * Set on each resolution: until when the resident can confirm (rate) or reopen it. After it the
   * request is closed automatically, unrated. Removed on a reopen; the next resolution sets a fresh one.
   */
  confirmDueAt: z.optional(z.string()),
  closedAt: z.optional(z.string()),
  /** True when the request was closed by the system because nobody confirmed it by `confirmDueAt`. */
  closedAutomatically: z.optional(z.boolean()),
  rating: z.optional(z.number()),
  ratingComment: z.optional(z.string()),
  reopenCount: z.number(),
  department: z.optional(departmentSchema),
  escalatedAt: z.optional(z.string()),
  departmentResult: z.optional(z.string()),
  returnedAt: z.optional(z.string()),
  rejectReason: z.optional(z.string()),
  /** The request this one duplicates. */
  duplicateOf: z.optional(z.string()),
  /** Requests marked as duplicates of this one. */
  duplicateIds: z.array(z.string()),
  /** 0: on time; 1: overdue, escalated to the community; 2: escalated to the subdistrict. */
  acceptOverdueLevel: z.number(),
  resolveOverdueLevel: z.number(),
  overdue: z.boolean(),
  deadlineHours: z.object({ accept: z.number(), resolve: z.number() }),
  /** People who follow it ("me too": they found it nearby instead of reporting it again); they are told when it is resolved. */
  followers: z.number(),
};

/** A request in a list: everything but the timeline. */
export const requestSummarySchema = z.object(requestFields);
export type RequestSummary = z.infer<typeof requestSummarySchema>;

/** Stored in WGS-84; shown in the system the route was asked for (`coordSystem`), saying which. */
const shownLocation = z.optional(locatedSchema);

/** The category's name in the reader's language (its English name in English when it has one, else its Chinese name). */
const categoryLabelSchema = z.string();

/** A request in a list as the API shows it: with a signed URL of its first photo's thumbnail. */
export const requestSummaryViewSchema = z.object({
  ...requestFields,
  categoryLabel: categoryLabelSchema,
  location: shownLocation,
  /** The first photo's thumbnail, signed for a while (`photos` are references only here). */
  thumbnailUrl: z.optional(z.string()),
});
export type RequestSummaryView = z.infer<typeof requestSummaryViewSchema>;

/** A request with its timeline, oldest step first. */
export const requestSchema = z.object({
  ...requestFields,
  timeline: z.array(timelineEntrySchema),
  /** Steps dropped from the middle of a very long timeline (the first and the latest are kept). */
  timelineDropped: z.optional(z.number()),
});
export type Request = z.infer<typeof requestSchema>;

/** A request as the API shows it: its photos with signed URLs (shared/photos/views.ts). */
export const requestViewSchema = z.object({ ...requestSchema.shape, categoryLabel: categoryLabelSchema, location: shownLocation, photos: z.array(photoSchema) });
export type RequestView = z.infer<typeof requestViewSchema>;

// ── Monthly report ───────────────────────────────────────────────────────────────────────────────

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

// ── Nearby ("already reported?") ─────────────────────────────────────────────────────────────────

/**
 * An open request as anyone about to report sees it nearby: what it is about and where, roughly,
 * never who filed it or what they wrote or photographed.
 */
export const nearbyRequestSchema = z.object({
  id: z.string(),
  categoryId: z.string(),
  categoryName: z.string(),
  status: requestStatusSchema,
  submittedAt: z.string(),
  /** Rounded to 3 decimals (about 100 m), in the `coordSystem` asked for. */
  location: locatedSchema,
  /** Metres from the point asked about (from the exact location, rounded to 10 m). */
  distanceMetres: z.number(),
  followers: z.number(),
  /** Whether the caller follows it already. */
  following: z.boolean(),
  /** Whether the caller filed it (then it cannot be followed: its resident hears of it anyway). */
  mine: z.boolean(),
});
export type NearbyRequest = z.infer<typeof nearbyRequestSchema>;

/** What a follow answers: the request's follower count after it. */
export const followSchema = z.object({ requestId: z.string(), followers: z.number(), following: z.literal(true) });
export type Follow = z.infer<typeof followSchema>;
