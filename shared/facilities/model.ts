import * as z from 'zod/mini';

export const donorKinds = ['enterprise', 'public_institution', 'social_organisation', 'individual', 'other'] as const;

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

export const facilityKinds = [
  'air_conditioner',
  'water_dispenser',
  'microwave',
  'fridge',
  'first_aid_kit',
  'power_bank_cabinet',
  'charging_station',
  'wifi_router',
  'fan',
  'seating',
  'other',
] as const;
export const facilityKindSchema = z.enum(facilityKinds);
export type FacilityKind = z.infer<typeof facilityKindSchema>;

/** Physical condition, as last assessed. */
export const facilityConditions = ['new', 'good', 'fair', 'poor'] as const;
export const facilityConditionSchema = z.enum(facilityConditions);

/** in service → fault reported → under repair → in service; or retired, for good. */
export const facilityStatuses = ['in_service', 'fault_reported', 'under_repair', 'retired'] as const;
export const facilityStatusSchema = z.enum(facilityStatuses);
export type FacilityStatus = z.infer<typeof facilityStatusSchema>;

export const facilityActions = ['donated', 'fault_reported', 'repair_started', 'restored', 'retired', 'moved'] as const;

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
  photoUrls: z.array(z.string()),
  log: z.array(logEntrySchema),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
export type Facility = z.infer<typeof facilitySchema>;

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
