import * as z from 'zod/mini';
import { contactSchema, idSchema, localDateSchema, text } from '../http/common';
import { pageOf, pageQuery } from '../http/pagination';
import { defineRoute } from '../http/route';
import { photoIdsSchema } from '../photos/model';
import { donorReportSchema, donorSchema, facilityListViewSchema, facilityViewSchema } from './model';
import {
  FACILITY_GALLERY_MAX,
  FACILITY_LOG_PHOTOS_MAX,
  FACILITY_PHOTOS_PER_STEP,
  donorKinds,
  facilityConditionSchema,
  facilityKindSchema,
} from './terms';

const everyone = ['resident', 'outdoor_worker', 'grid_worker', 'volunteer', 'station_manager', 'admin'] as const;
const maintainers = ['admin', 'station_manager'] as const;
const staff = ['admin', 'station_manager', 'grid_worker'] as const;
const donorParams = z.strictObject({ donorId: idSchema });
const facilityParams = z.strictObject({ facilityId: idSchema });
const note = z.optional(text(500));
/** Photos with a step: uploads of mine (`POST /uploads`), processed, at most nine. */
const stepPhotos = z.optional(photoIdsSchema(FACILITY_PHOTOS_PER_STEP));
/** What a step's photos may be refused with: not mine or unknown (404), not ready (409), expired (410), unreadable (422). */
const photoErrors = [404, 409, 410, 422] as const;

export const facilityRoutes = {
  createDonor: defineRoute({
    method: 'POST',
    path: '/donors',
    function: 'facilities',
    tag: 'facilities',
    summary: 'Register an organisation (or person) that donates facilities to the stations',
    access: maintainers,
    body: z.strictObject({
      name: text(100),
      kind: z.enum(donorKinds),
      contact: z._default(contactSchema, {}),
      note,
      id: z.optional(idSchema),
    }),
    success: { status: 201, description: 'The donor', schema: donorSchema },
    errors: [403, 409],
    idempotencyKey: 'optional',
  }),
  listDonors: defineRoute({
    method: 'GET',
    path: '/donors',
    function: 'facilities',
    tag: 'facilities',
    summary:
      'Every donor, by name; contacts only for city-wide admins and for the donors one registered (a donor’s own page shows its contact to everyone in its scope)',
    access: staff,
    query: z.strictObject(pageQuery),
    success: { status: 200, description: 'A page of donors', schema: pageOf(donorSchema) },
  }),
  getDonor: defineRoute({
    method: 'GET',
    path: '/donors/{donorId}',
    function: 'facilities',
    tag: 'facilities',
    summary:
      'One donor; its contact only for its scope: the managers of the stations it gave to, admins over them, city-wide admins, its registrar',
    access: staff,
    params: donorParams,
    success: { status: 200, description: 'The donor', schema: donorSchema },
    errors: [404],
  }),
  getDonorReport: defineRoute({
    method: 'GET',
    path: '/donors/{donorId}/report',
    function: 'facilities',
    tag: 'facilities',
    summary:
      "A donor's thank-you report: what they gave, where it is, its condition, the total declared value (the donor's contact as on its own page)",
    access: staff,
    params: donorParams,
    success: { status: 200, description: 'The report', schema: donorReportSchema },
    errors: [404],
  }),
  createFacility: defineRoute({
    method: 'POST',
    path: '/facilities',
    function: 'facilities',
    tag: 'facilities',
    summary: 'Register a donated facility at a station (its managers, admins over it)',
    access: maintainers,
    body: z.strictObject({
      kind: facilityKindSchema,
      model: z.optional(text(100)),
      donorId: idSchema,
      stationId: idSchema,
      donatedOn: localDateSchema,
      declaredValueYuan: z.number().check(z.minimum(0), z.maximum(10_000_000)),
      condition: z._default(facilityConditionSchema, 'new'),
      photoUrls: z._default(z.array(z.url({ protocol: /^https?$/ })).check(z.maxLength(9)), []),
      note,
      id: z.optional(idSchema),
    }),
    success: { status: 201, description: 'The facility, in service', schema: facilityViewSchema },
    errors: [403, 404, 409],
    idempotencyKey: 'optional',
  }),
  getFacility: defineRoute({
    method: 'GET',
    path: '/facilities/{facilityId}',
    function: 'facilities',
    tag: 'facilities',
    summary: 'One facility with its pictures and its maintenance log (with the photos of its faults and repairs)',
    access: everyone,
    params: facilityParams,
    success: { status: 200, description: 'The facility', schema: facilityViewSchema },
    errors: [404],
  }),
  listStationFacilities: defineRoute({
    method: 'GET',
    path: '/stations/{stationId}/facilities',
    function: 'facilities',
    tag: 'facilities',
    summary: "A station's inventory of donated facilities, by kind",
    access: everyone,
    params: z.strictObject({ stationId: idSchema }),
    query: z.strictObject(pageQuery),
    success: { status: 200, description: 'A page of facilities', schema: pageOf(facilityListViewSchema) },
    errors: [404],
  }),
  reportFault: defineRoute({
    method: 'POST',
    path: '/facilities/{facilityId}/faults',
    function: 'facilities',
    tag: 'facilities',
    summary:
      "Report a facility broken (anyone at the station: checked in, or reserved today; the station's staff), with photos of the fault if any",
    access: everyone,
    params: facilityParams,
    body: z.strictObject({ description: text(500), photos: stepPhotos }),
    success: { status: 200, description: 'The facility, fault reported', schema: facilityViewSchema },
    errors: [403, ...photoErrors],
  }),
  startRepair: defineRoute({
    method: 'POST',
    path: '/facilities/{facilityId}/repairs',
    function: 'facilities',
    tag: 'facilities',
    summary: 'Put a faulty facility under repair, with photos of the repair if any',
    access: maintainers,
    params: facilityParams,
    body: z.strictObject({ note, photos: stepPhotos }),
    success: { status: 200, description: 'The facility, under repair', schema: facilityViewSchema },
    errors: [403, ...photoErrors],
  }),
  restoreFacility: defineRoute({
    method: 'POST',
    path: '/facilities/{facilityId}/restore',
    function: 'facilities',
    tag: 'facilities',
    summary: 'Put a repaired facility back in service, with its condition, the repair cost and "after" photos if any',
    access: maintainers,
    params: facilityParams,
    body: z.strictObject({
      note,
      condition: z.optional(facilityConditionSchema),
      costYuan: z.optional(z.number().check(z.minimum(0), z.maximum(1_000_000))),
      photos: stepPhotos,
    }),
    success: { status: 200, description: 'The facility, in service', schema: facilityViewSchema },
    errors: [403, ...photoErrors],
  }),
  retireFacility: defineRoute({
    method: 'POST',
    path: '/facilities/{facilityId}/retire',
    function: 'facilities',
    tag: 'facilities',
    summary: 'Take a facility out of service for good',
    access: maintainers,
    params: facilityParams,
    body: z.strictObject({ reason: text(500) }),
    success: { status: 200, description: 'The facility, retired', schema: facilityViewSchema },
    errors: [403, 404, 409],
  }),
  moveFacility: defineRoute({
    method: 'POST',
    path: '/facilities/{facilityId}/move',
    function: 'facilities',
    tag: 'facilities',
    summary: 'Move a facility to another station (managers of both, or admins over both)',
    access: maintainers,
    params: facilityParams,
    body: z.strictObject({ stationId: idSchema, note }),
    success: { status: 200, description: 'The facility at its new station', schema: facilityViewSchema },
    errors: [403, 404, 409],
  }),
  addFacilityPhotos: defineRoute({
    method: 'POST',
    path: '/facilities/{facilityId}/photos',
    function: 'facilities',
    tag: 'facilities',
    summary: `Add pictures of a facility (its station's managers, admins over it): my uploads, processed, at most ${FACILITY_PHOTOS_PER_STEP} at once and ${FACILITY_GALLERY_MAX} on a facility (409 photo_limit_reached, nothing added)`,
    access: maintainers,
    params: facilityParams,
    body: z.strictObject({
      /** Uploads of mine (`POST /uploads`), processed; one the facility has already is not added again. */
      photos: photoIdsSchema(FACILITY_PHOTOS_PER_STEP),
    }),
    success: { status: 200, description: 'The facility with its pictures', schema: facilityViewSchema },
    errors: [403, ...photoErrors],
  }),
  removeFacilityPhoto: defineRoute({
    method: 'DELETE',
    path: '/facilities/{facilityId}/photos/{photoId}',
    function: 'facilities',
    tag: 'facilities',
    summary: `Take a picture out of a facility's gallery (its station's managers, admins over it); the photos of its faults and repairs stay with its log (the latest ${FACILITY_LOG_PHOTOS_MAX})`,
    access: maintainers,
    params: z.strictObject({ facilityId: idSchema, photoId: idSchema }),
    success: { status: 200, description: 'The facility with its pictures left', schema: facilityViewSchema },
    errors: [403, 404, 409],
  }),
};
