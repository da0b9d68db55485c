import * as z from 'zod/mini';
import { photoRefSchema, photoSchema } from '../photos/model';
import { donorKinds, facilityActions, facilityConditionSchema, facilityKindSchema, facilityStatusSchema } from './terms';

/** An organisation (or person) that gave facilities to the stations. */
export const donorSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** 企业, 事业单位, 社会组织, 个人… */
  kind: z.enum(donorKinds),
  /**
   * Who to talk to (a person, a phone). Shown only within the donor's scope: its registrar,
   * city-wide admins, and the managers of (and admins over) the stations it gave to
   * (`canSeeDonorContact` in domain.ts); everyone else gets the donor without it.
   */
  contact: z.optional(z.object({ name: z.optional(z.string()), phone: z.optional(z.string()) })),
  note: z.optional(z.string()),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type Donor = z.infer<typeof donorSchema>;

export type FacilityKind = z.infer<typeof facilityKindSchema>;

/** in service → fault reported → under repair → in service; or retired, for good (terms.ts). */
export type FacilityStatus = z.infer<typeof facilityStatusSchema>;

/** One line of a facility's maintenance log. */
export const logEntrySchema = z.object({
  at: z.string(),
  action: z.enum(facilityActions),
  by: z.string(),
  status: facilityStatusSchema,
  stationId: z.string(),
  note: z.optional(z.string()),
  fromStationId: z.optional(z.string()),
  /** Repair cost in yuan, when known. */
  costYuan: z.optional(z.number()),
  /**
   * Photos taken with this step: the fault as reported (`fault`), the repair (`repair`). The log
   * keeps at most `FACILITY_LOG_PHOTOS_MAX` (terms.ts) in all: older lines lose theirs first.
   */
  photos: z.optional(z.array(photoRefSchema)),
});
export type LogEntry = z.infer<typeof logEntrySchema>;

/** A donated facility, with its maintenance log (oldest first). */
export const facilitySchema = z.object({
  id: z.string(),
  kind: facilityKindSchema,
  model: z.optional(z.string()),
  donorId: z.string(),
  donorName: z.string(),
  stationId: z.string(),
  /** Local date of the donation, `YYYY-MM-DD`. */
  donatedOn: z.string(),
  /** Value the donor declared, yuan. */
  declaredValueYuan: z.number(),
  condition: facilityConditionSchema,
  status: facilityStatusSchema,
  /** Links given when it was registered (before uploads existed). */
  photoUrls: z.array(z.string()),
  /**
   * Pictures of the facility itself (stage `gallery`), oldest first, at most `FACILITY_GALLERY_MAX` (terms.ts);
   * absent on facilities that never had one. Fault and repair photos are on their log lines.
   */
  photos: z.optional(z.array(photoRefSchema)),
  log: z.array(logEntrySchema),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
export type Facility = z.infer<typeof facilitySchema>;

/** A log line as the API shows it: its photos with signed URLs. */
export const logEntryViewSchema = z.object({ ...logEntrySchema.shape, photos: z.optional(z.array(photoSchema)) });

/**
 * One facility as the API shows it: its gallery and its log lines' photos with URLs signed for a
 * while (shared/photos/views.ts). Shown to everyone who may see the facility, as its log is.
 */
export const facilityViewSchema = z.object({
  ...facilitySchema.shape,
  photos: z.array(photoSchema),
  log: z.array(logEntryViewSchema),
});
export type FacilityView = z.infer<typeof facilityViewSchema>;

/** A facility in a list: photos as references only, and a signed URL of its gallery's first thumbnail. */
export const facilityListViewSchema = z.object({
  ...facilitySchema.shape,
  photos: z.array(photoRefSchema),
  /** The gallery's first picture's thumbnail, signed for a while. */
  thumbnailUrl: z.optional(z.string()),
});
export type FacilityListView = z.infer<typeof facilityListViewSchema>;

/** A donor's thank-you report: what they gave, where it is, whether it works, what it was worth. */
export const donorReportSchema = z.object({
  donor: donorSchema,
  facilities: z.array(
    z.object({
      id: z.string(),
      kind: facilityKindSchema,
      model: z.optional(z.string()),
      stationId: z.string(),
      stationName: z.string(),
      donatedOn: z.string(),
      declaredValueYuan: z.number(),
      condition: facilityConditionSchema,
      status: facilityStatusSchema,
      /** When it last changed state (a repair, a move). */
      updatedAt: z.string(),
    }),
  ),
  totals: z.object({
    facilities: z.number(),
    inService: z.number(),
    stations: z.number(),
    declaredValueYuan: z.number(),
  }),
});
export type DonorReport = z.infer<typeof donorReportSchema>;
