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
