import * as z from 'zod/mini';
import { locatedSchema } from '../geo/coordinates';
import { contactSchema, localDateSchema } from '../http/common';
import { photoRefSchema, photoSchema } from '../photos/model';
import { weekdayNames } from '../time/local';
import { amenities, amenityOutages, cancelReasons, reservationStatuses, stationStatuses } from './terms';

/** What a station may offer; the search filters on these. */
export const amenitySchema = z.enum(amenities);
export type Amenity = z.infer<typeof amenitySchema>;

/** Why a declared amenity is out now (terms.ts). */
export type AmenityOutage = (typeof amenityOutages)[number];

/** A declared amenity the station cannot give now, and why. */
export const unavailableAmenitySchema = z.object({ amenity: amenitySchema, reason: z.enum(amenityOutages) });
export type UnavailableAmenity = z.infer<typeof unavailableAmenitySchema>;

const clock = z.string().check(z.regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'HH:MM, 00:00 to 24:00'));

/** Open from `opens` to `closes`, local time; `closes` may be `24:00`. */
export const intervalSchema = z
  .strictObject({ opens: clock, closes: clock })
  .check(z.refine((interval) => interval.opens < interval.closes, { message: 'opens must be before closes' }));
export type Interval = z.infer<typeof intervalSchema>;

const dayHours = z.array(intervalSchema).check(z.maxLength(4));
/** A weekday left out is closed. */
const weekdayHours = z._default(dayHours, []);

/** Weekly hours (Monday to Sunday) and dated exceptions, in Asia/Shanghai wall-clock time. */
export const hoursSchema = z.strictObject({
  weekly: z.strictObject(
    Object.fromEntries(weekdayNames.map((day) => [day, weekdayHours])) as Record<(typeof weekdayNames)[number], typeof weekdayHours>,
  ),
  /**
   * Holidays and temporary closures: from `from` to `to` (inclusive), these intervals replace the
   * weekly ones; none means closed.
   */
  exceptions: z._default(
    z
      .array(
        z
          .strictObject({ from: localDateSchema, to: localDateSchema, intervals: dayHours, note: z.optional(z.string().check(z.maxLength(100))) })
          .check(z.refine((exception) => exception.from <= exception.to, { message: 'from must not be after to' })),
      )
      .check(z.maxLength(50)),
    [],
  ),
});
export type Hours = z.infer<typeof hoursSchema>;

/** Seats: all of them, and how many may be reserved. The rest stay for walk-ins. */
export const seatsSchema = z
  .strictObject({
    total: z.number().check(z.int(), z.minimum(1), z.maximum(200)),
    reservable: z.number().check(z.int(), z.minimum(0), z.maximum(200)),
  })
  .check(z.refine((seats) => seats.reservable <= seats.total, { message: 'reservable seats cannot exceed the total' }));
export type Seats = z.infer<typeof seatsSchema>;

/**
 * How a station runs its seats: the fields, also taken one by one by a partial update (routes.ts).
 * Shapes are spread by hand here rather than with `z.partial`, `z.omit` and `z.extend`: those
 * helpers were the service's only uses of about 2 KiB of zod's code, which every bundle with the
 * stations routes carried (the OpenAPI document is byte for byte the same).
 */
const stationRulesShape = {
  /** A visit ends by itself after this long. */
  maxStayMinutes: z.number().check(z.int(), z.minimum(15), z.maximum(12 * 60)),
  /** Reservations are for slots of this length, aligned on the local day. */
  slotMinutes: z.union([z.literal(30), z.literal(60), z.literal(120)]),
  /** A reservation is made at least this long before its slot starts. */
  minNoticeMinutes: z.number().check(z.int(), z.minimum(0), z.maximum(24 * 60)),
  /** And at most this many days ahead. */
  horizonDays: z.number().check(z.int(), z.minimum(1), z.maximum(30)),
};
export const stationRulesSchema = z.strictObject(stationRulesShape);
/** Some of the rules, as an update gives them (what `z.partial(stationRulesSchema)` would be). */
export const stationRulesPatchSchema = z.strictObject({
  maxStayMinutes: z.optional(stationRulesShape.maxStayMinutes),
  slotMinutes: z.optional(stationRulesShape.slotMinutes),
  minNoticeMinutes: z.optional(stationRulesShape.minNoticeMinutes),
  horizonDays: z.optional(stationRulesShape.horizonDays),
});
export type StationRules = z.infer<typeof stationRulesSchema>;

export const latLngSchema = z.strictObject({
  lat: z.number().check(z.gte(-90), z.lte(90)),
  lng: z.number().check(z.gte(-180), z.lte(180)),
});

/** A station as it is kept (without its live occupancy): its fields. */
const stationShape = {
  id: z.string(),
  name: z.string(),
  address: z.string(),
  location: latLngSchema,
  communityId: z.string(),
  gridId: z.string(),
  /** Org units from the district down to the grid: what admins' scope checks walk. */
  ancestors: z.array(z.string()),
  hours: hoursSchema,
  seats: seatsSchema,
  amenities: z.array(amenitySchema),
  contact: contactSchema,
  /** The station managers who run it (user ids). */
  managers: z.array(z.string()),
  /** `suspended`: temporarily out of use; `closed`: for good. Only active stations take visitors. */
  status: z.enum(stationStatuses),
  rules: stationRulesSchema,
  /**
   * Pictures of the station (stage `gallery`), oldest first, at most `STATION_GALLERY_MAX` (terms.ts);
   * absent on a station that never had one.
   */
  photos: z.optional(z.array(photoRefSchema)),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  version: z.number(),
};
export const stationSchema = z.object(stationShape);
export type Station = z.infer<typeof stationSchema>;

/** Live availability, computed at read time from the hours and the visits the station holds. */
export const availabilitySchema = z.object({
  openNow: z.boolean(),
  /** Walk-in seats free now (reservable seats are for reservations). */
  freeSeats: z.number(),
  walkInSeats: z.number(),
  /** People in the station now (walk-ins and reservation holders). */
  occupied: z.number(),
  /** When `openNow` next flips, and to what; absent when it never does within two weeks. */
  nextChange: z.optional(z.object({ at: z.string(), openNow: z.boolean() })),
  /** When full: when the first visit ends by itself and a seat frees. */
  seatFreesBy: z.optional(z.string()),
});
export type Availability = z.infer<typeof availabilitySchema>;

/**
 * A station as the API shows it, with live availability, and its distance in a search. What only
 * the service needs (the ancestors scope checks walk, who opened it, its version — the ETag header
 * carries that) is left out; who runs it (`managers`) is shown only to those who maintain it. Its
 * pictures: in a list, the first one's thumbnail; one station, all of them.
 */
const {
  ancestors: _ancestors,
  createdBy: _createdBy,
  version: _version,
  managers: _managers,
  photos: _photos,
  ...shownFields
} = stationShape;
const stationViewShape = {
  ...shownFields,
  /** Stored in WGS-84; shown in the system the route was asked for (`coordSystem`), saying which. */
  location: locatedSchema,
  availability: availabilitySchema,
  /**
   * Those of `amenities` the station cannot give now, because every donated facility behind one is
   * reported broken, under repair or retired (empty when all work). `amenities` stays what the
   * station declares (what create and PATCH take): show each of it, marked unavailable when listed
   * here. A search for an amenity does not find a station that has it here.
   */
  unavailableAmenities: z.array(unavailableAmenitySchema),
  distanceMetres: z.optional(z.number()),
  /** The station managers who run it (user ids): shown to its managers and the admins over it only. */
  managers: z.optional(z.array(z.string())),
};
/** A station in a list or a search: with a signed URL of its first picture's thumbnail, if it has pictures. */
export const stationViewSchema = z.object({
  ...stationViewShape,
  /** The first picture's thumbnail, signed for a while. */
  thumbnailUrl: z.optional(z.string()),
});
export type StationView = z.infer<typeof stationViewSchema>;

/**
 * One station as the API shows it: with its pictures, their URLs signed for a while (stations are
 * public to everyone signed in, and so are their pictures).
 */
export const stationDetailViewSchema = z.object({
  ...stationViewShape,
  photos: z.array(photoSchema),
});
export type StationDetailView = z.infer<typeof stationDetailViewSchema>;

/** One visit in a station: who, since when, until when it ends by itself. */
export interface Visit {
  visitId: string;
  userId: string;
  stationId: string;
  kind: 'walk_in' | 'reserved';
  /** People it counts for: 1, or a team reservation's seats. */
  seats: number;
  reservationId?: string;
  since: string;
  endsAt: string;
}

export const visitSchema = z.object({
  visitId: z.string(),
  userId: z.string(),
  stationId: z.string(),
  kind: z.enum(['walk_in', 'reserved']),
  seats: z.number(),
  reservationId: z.optional(z.string()),
  since: z.string(),
  endsAt: z.string(),
});

export type ReservationStatus = (typeof reservationStatuses)[number];

/** Why a holder cancelled, when they say (terms.ts). */
export type CancelReason = (typeof cancelReasons)[number];

/** What a holder said when cancelling (nothing, if they said nothing). */
export const cancellationSchema = z.object({
  reason: z.enum(cancelReasons),
  note: z.optional(z.string()),
});
export type Cancellation = z.infer<typeof cancellationSchema>;

/** A reservation as its holder sees it. */
export const reservationSchema = z.object({
  id: z.string(),
  userId: z.string(),
  stationId: z.string(),
  stationName: z.string(),
  start: z.string(),
  end: z.string(),
  seats: z.number(),
  /**
   * `confirmed` holds seats; `waitlisted` waits for one (`waitlistPosition`, 1 = next);
   * `checked_in` arrived; `cancelled` by its holder; `no_show` released 15 minutes after the start;
   * `lapsed` was still waitlisted when the slot ended; `moved` gave its place up for another slot
   * (`movedTo`), which took it over.
   */
  status: z.enum(reservationStatuses),
  waitlistPosition: z.optional(z.number()),
  /** When `cancelled` with a reason: the reason, and the holder's note if they wrote one. */
  cancellation: z.optional(cancellationSchema),
  /** When `moved`: the reservation that holds its seat now (`POST /reservations/{id}/move`). */
  movedTo: z.optional(z.string()),
  /** When made by moving another reservation: the one it replaced. */
  movedFrom: z.optional(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Reservation = z.infer<typeof reservationSchema>;

/** One slot of a station's day, for choosing when to reserve. */
export const slotViewSchema = z.object({
  stationId: z.string(),
  start: z.string(),
  end: z.string(),
  reservable: z.number(),
  booked: z.number(),
  free: z.number(),
  waitlisted: z.number(),
  /** Whether a reservation can still be made for it (notice, horizon). */
  bookable: z.boolean(),
});
export type SlotView = z.infer<typeof slotViewSchema>;
