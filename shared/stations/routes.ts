import * as z from 'zod/mini';
import { coordSystemQuery, pointInWgs84, searchCentreQuery, sentLocationSchema } from '../geo/coordinates';
import { inServiceArea } from '../geo/service-area';
import { contactSchema, idSchema, localDateSchema, queryInt, text } from '../http/common';
import { ifMatchHeader } from '../http/conditional';
import { pageOf, pageQuery } from '../http/pagination';
import { defineRoute } from '../http/route';
import { photoIdsSchema } from '../photos/model';
import { MAX_RADIUS_METRES } from './cells';
import { MAX_TEAM_SEATS } from './reservations/rules';
import {
  amenitySchema,
  hoursSchema,
  reservationSchema,
  seatsSchema,
  stationDetailViewSchema,
  slotViewSchema,
  stationRulesPatchSchema,
  stationViewSchema,
  visitSchema,
} from './model';
import { CANCEL_NOTE_MAX, cancelReasons, STATION_GALLERY_MAX, STATION_PHOTOS_PER_CALL, stationStatuses } from './terms';

const stationParams = z.strictObject({ stationId: idSchema });
const stationPhotoParams = z.strictObject({ stationId: idSchema, photoId: idSchema });
const reservationParams = z.strictObject({ reservationId: idSchema });
const everyone = ['resident', 'outdoor_worker', 'grid_worker', 'volunteer', 'station_manager', 'admin'] as const;
/** People who visit stations: check in, reserve. */
const visitors = ['outdoor_worker', 'resident', 'volunteer', 'grid_worker'] as const;
const maintainers = ['admin', 'station_manager'] as const;

const booleanFlag = z.optional(z.stringbool());

/** Where a station is, in WGS-84 once parsed (it may be sent in GCJ-02): inside the service area. */
const stationLocation = sentLocationSchema.check(inServiceArea());

const stationBody = {
  name: text(100),
  address: text(200),
  location: stationLocation,
  hours: hoursSchema,
  seats: seatsSchema,
  amenities: z.array(amenitySchema).check(z.maxLength(20)),
  contact: z.optional(contactSchema),
  rules: z.optional(stationRulesPatchSchema),
};

export const stationRoutes = {
  createStation: defineRoute({
    method: 'POST',
    path: '/stations',
    function: 'stations',
    tag: 'stations',
    summary: 'Open a 宁小蜂 rest station in a grid (admins over the grid; station managers, who then run it)',
    access: maintainers,
    body: z.strictObject({
      ...stationBody,
      gridId: idSchema,
      /** Optional readable id (e.g. `lushan-station`); generated when absent. */
      id: z.optional(idSchema),
      managers: z.optional(z.array(idSchema).check(z.maxLength(20))),
    }),
    success: { status: 201, description: 'The station, with its live availability', schema: stationDetailViewSchema },
    errors: [403, 404, 409],
    idempotencyKey: 'optional',
  }),
  searchStations: defineRoute({
    method: 'GET',
    path: '/stations',
    function: 'stations',
    tag: 'stations',
    summary: 'Stations near a point, nearest first, each with live availability (open now, free seats, next change)',
    access: everyone,
    // The centre is converted to WGS-84 before the service-area check and the search; `coordSystem`
    // stays, as the system the answer's locations are shown in.
    query: z
      .pipe(
        z.strictObject({
          ...searchCentreQuery("the stations' locations"),
          /** Metres, at most 5 km. */
          radius: z._default(queryInt({ min: 100, max: MAX_RADIUS_METRES }), 2000),
          openNow: booleanFlag,
          /** Only stations that give it now: declared, and not out with its donated facilities (`unavailableAmenities`). */
          amenity: z.optional(amenitySchema),
          minFreeSeats: z.optional(queryInt({ min: 1, max: 200 })),
          limit: z._default(queryInt({ min: 1, max: 50 }), 20),
        }),
        z.transform(pointInWgs84),
      )
      .check(inServiceArea()),
    success: { status: 200, description: 'The stations found', schema: z.object({ items: z.array(stationViewSchema) }) },
  }),
  getStation: defineRoute({
    method: 'GET',
    path: '/stations/{stationId}',
    function: 'stations',
    tag: 'stations',
    summary: 'One station with its live availability and its pictures',
    access: everyone,
    params: stationParams,
    query: z.strictObject({ coordSystem: coordSystemQuery() }),
    success: { status: 200, description: 'The station', schema: stationDetailViewSchema },
    errors: [404],
  }),
  updateStation: defineRoute({
    method: 'PATCH',
    path: '/stations/{stationId}',
    function: 'stations',
    tag: 'stations',
    summary: "Change a station's details, hours, seats, rules or status (its managers, admins over it)",
    access: maintainers,
    params: stationParams,
    body: z.strictObject({
      name: z.optional(stationBody.name),
      address: z.optional(stationBody.address),
      location: z.optional(stationLocation),
      hours: z.optional(hoursSchema),
      seats: z.optional(seatsSchema),
      amenities: z.optional(stationBody.amenities),
      contact: z.optional(contactSchema),
      rules: z.optional(stationRulesPatchSchema),
      status: z.optional(z.enum(stationStatuses)),
      managers: z.optional(z.array(idSchema).check(z.maxLength(20))),
    }),
    headers: [ifMatchHeader],
    success: { status: 200, description: 'The station after the change', schema: stationDetailViewSchema },
    errors: [403, 404, 412],
  }),
  addStationPhotos: defineRoute({
    method: 'POST',
    path: '/stations/{stationId}/photos',
    function: 'stations',
    tag: 'stations',
    summary: `Add pictures of a station (its managers, admins over it): my uploads, processed, at most ${STATION_PHOTOS_PER_CALL} at once and ${STATION_GALLERY_MAX} on a station (409 photo_limit_reached, nothing added); everyone signed in sees them`,
    access: maintainers,
    params: stationParams,
    body: z.strictObject({
      /** Uploads of mine (`POST /uploads`), processed; one the station has already is not added again. */
      photos: photoIdsSchema(STATION_PHOTOS_PER_CALL),
    }),
    success: { status: 200, description: 'The station with its pictures', schema: stationDetailViewSchema },
    errors: [403, 404, 409, 410, 422],
  }),
  removeStationPhoto: defineRoute({
    method: 'DELETE',
    path: '/stations/{stationId}/photos/{photoId}',
    function: 'stations',
    tag: 'stations',
    summary: "Take a picture out of a station's gallery (its managers, admins over it)",
    access: maintainers,
    params: stationPhotoParams,
    success: { status: 200, description: 'The station with its pictures left', schema: stationDetailViewSchema },
    errors: [403, 404, 409],
  }),
  listCommunityStations: defineRoute({
    method: 'GET',
    path: '/communities/{communityId}/stations',
    function: 'stations',
    tag: 'stations',
    summary: "A community's stations, by name, with live availability",
    access: everyone,
    params: z.strictObject({ communityId: idSchema }),
    query: z.strictObject({ ...pageQuery, coordSystem: coordSystemQuery() }),
    success: { status: 200, description: 'A page of stations', schema: pageOf(stationViewSchema) },
  }),
  listStationSlots: defineRoute({
    method: 'GET',
    path: '/stations/{stationId}/slots',
    function: 'stations',
    tag: 'stations',
    summary: "A station's reservable slots on a day (Asia/Shanghai; today by default): seats booked, free, waitlisted",
    access: everyone,
    params: stationParams,
    query: z.strictObject({ date: z.optional(localDateSchema) }),
    success: { status: 200, description: 'The slots', schema: z.object({ items: z.array(slotViewSchema) }) },
    errors: [404],
  }),
  checkIn: defineRoute({
    method: 'POST',
    path: '/stations/{stationId}/check-ins',
    function: 'stations',
    tag: 'stations',
    summary: 'Check in at a station: with my reservation for the slot running now, or as a walk-in',
    access: visitors,
    params: stationParams,
    success: { status: 201, description: 'My visit, and when it ends by itself', schema: visitSchema },
    errors: [404, 409],
  }),
  checkOut: defineRoute({
    method: 'POST',
    path: '/stations/{stationId}/check-outs',
    function: 'stations',
    tag: 'stations',
    summary: 'Check out of the station I am in',
    access: visitors,
    params: stationParams,
    success: { status: 200, description: 'The visit that ended', schema: visitSchema },
    errors: [404],
  }),
  getMyVisit: defineRoute({
    method: 'GET',
    path: '/me/visit',
    function: 'stations',
    tag: 'stations',
    summary: 'The station I am checked in at now',
    access: visitors,
    success: { status: 200, description: 'My current visit', schema: visitSchema },
    errors: [404],
  }),
  createReservation: defineRoute({
    method: 'POST',
    path: '/stations/{stationId}/reservations',
    function: 'stations',
    tag: 'stations',
    summary: 'Reserve seats for a slot (one person or a team), or join its waitlist when it is full',
    access: visitors,
    params: stationParams,
    body: z.strictObject({
      /** The slot's start, ISO 8601 with an offset (e.g. `2026-07-01T12:00:00+08:00`). */
      start: z.iso.datetime({ offset: true }),
      seats: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(MAX_TEAM_SEATS)), 1),
      /** When the slot is full: wait for a seat instead of a 409. */
      waitlist: z._default(z.boolean(), false),
    }),
    success: { status: 201, description: 'The reservation (confirmed, or waitlisted with a position)', schema: reservationSchema },
    errors: [404, 409],
    idempotencyKey: 'optional',
  }),
  listMyReservations: defineRoute({
    method: 'GET',
    path: '/me/reservations',
    function: 'stations',
    tag: 'stations',
    summary: 'My reservations, latest slot first',
    access: visitors,
    query: z.strictObject(pageQuery),
    success: { status: 200, description: 'A page of reservations', schema: pageOf(reservationSchema) },
  }),
  getReservation: defineRoute({
    method: 'GET',
    path: '/reservations/{reservationId}',
    function: 'stations',
    tag: 'stations',
    summary: 'One of my reservations',
    access: visitors,
    params: reservationParams,
    success: { status: 200, description: 'The reservation', schema: reservationSchema },
    errors: [404],
  }),
  moveReservation: defineRoute({
    method: 'POST',
    path: '/reservations/{reservationId}/move',
    function: 'stations',
    tag: 'stations',
    summary:
      'Move my reservation to another slot, of its station or another, until its slot starts: the new seat is taken before the old one is given up (under the same rules as reserving); a full slot is a 409 slot_full and the old reservation stays as it was',
    access: visitors,
    params: reservationParams,
    body: z.strictObject({
      /** The new slot's start, ISO 8601 with an offset, as when reserving. */
      start: z.iso.datetime({ offset: true }),
      /** The new slot's station; the reservation's own when absent. */
      stationId: z.optional(idSchema),
    }),
    success: {
      status: 201,
      description: 'The new reservation (`movedFrom` names the old one, now `moved`), holding as many seats as the old one',
      schema: reservationSchema,
    },
    errors: [404, 409],
    idempotencyKey: 'optional',
  }),
  cancelReservation: defineRoute({
    method: 'DELETE',
    path: '/reservations/{reservationId}',
    function: 'stations',
    tag: 'stations',
    summary: 'Cancel my reservation (or leave the waitlist) until the slot starts, optionally saying why (?reason=weather&note=…)',
    access: visitors,
    params: reservationParams,
    /**
     * Why, in the query rather than a body: a DELETE's body has no defined meaning in HTTP, and some
     * proxies and clients drop it; a query string goes through every one (`wx.request` included).
     */
    query: z.strictObject({
      /** Why I cancel: one of a short list. */
      reason: z.optional(z.enum(cancelReasons)),
      /** A few words more (alone, the reason is taken as `other`). */
      note: z.optional(text(CANCEL_NOTE_MAX)),
    }),
    success: { status: 200, description: 'The cancelled reservation', schema: reservationSchema },
    errors: [404, 409],
  }),
};
