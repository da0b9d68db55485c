import * as z from 'zod/mini';
import { config } from '../config';
import { OUTSIDE_SERVICE_AREA, describeServiceArea, isInServiceArea } from '../geo/service-area';
import { idSchema, queryInt, queryNumber, text } from '../http/common';
import { defineRoute } from '../http/route';
import { SUBMITTER_ROLES } from '../requests/access';
import { attributeValueSchema } from '../requests/categories/model';
import { open311ServiceDefinitionSchema, open311ServiceRequestSchema, open311ServiceSchema, open311SubmittedSchema } from './model';
import { OPEN311_MAX_IDS, OPEN311_RADIUS_METRES } from './search';

/**
 * The Open311 GeoReport v2 adapter (http://wiki.open311.org/GeoReport_v2/), JSON only, served by
 * the `open311` function: the request categories as services, public requests, and submission by a
 * signed-in person. Its errors are Open311's list (`errorFormat: 'open311'`), not problem+json.
 */

const fn = 'open311';
const tag = 'open311';
const open311 = 'open311' as const;

/** An id as Open311 clients put it in a path: with `.json` (the format), or without; answered without it. */
const withFormat = z.pipe(
  z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}(\.json)?$/, 'an id, optionally followed by .json')),
  z.transform((value) => value.replace(/\.json$/, '')),
);

/** A comma-separated list of ids (Open311's way of asking for several). */
const idList = (max: number) =>
  z.string().check(z.maxLength(max * 65), z.regex(/^[A-Za-z0-9_-]{1,64}(,[A-Za-z0-9_-]{1,64})*$/, 'ids separated by commas'));

/** An Open311 date-time: ISO 8601 with its offset (`2026-07-15T10:30:00+08:00`, `…Z`). */
const dateTime = z
  .string()
  .check(
    z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/, 'an ISO 8601 date-time with its offset'),
    z.refine((value) => !Number.isNaN(Date.parse(value)), 'a date-time that exists'),
  );

/** `lat` and `long` together, inside the service area (Open311's points are WGS-84). */
const pointInServiceArea = <T extends { lat?: number | undefined; long?: number | undefined }>() =>
  z.superRefine<T>((value, context) => {
    if (value.lat === undefined || value.long === undefined) {
      if (value.lat !== value.long) {
        const missing = value.lat === undefined ? 'lat' : 'long';
        context.issues.push({ code: 'custom', path: [missing], input: value, params: { code: 'required' }, message: 'send lat and long together' });
      }
      return;
    }
    const area = config().serviceArea;
    if (isInServiceArea({ lat: value.lat, lng: value.long }, area)) return;
    context.issues.push({
      code: 'custom',
      path: ['lat'],
      input: value.lat,
      params: { code: OUTSIDE_SERVICE_AREA },
      message: `${value.lat}, ${value.long} is outside the service area (${describeServiceArea(area)})`,
    });
  });

/** Open311's `jurisdiction_id`: this service is one jurisdiction, so any value is the same one. */
const jurisdiction = z.optional(z.string().check(z.maxLength(64)));
/** Personal details Open311 lets a client send: accepted so such clients work, never stored (who submits is the bearer token's person). */
const discarded = z.optional(z.string().check(z.maxLength(200)));

export const open311Routes = {
  listOpen311Services: defineRoute({
    method: 'GET',
    path: '/open311/v2/services.json',
    function: fn,
    tag,
    summary: 'Open311 GeoReport v2: the request categories that take requests, as services',
    access: 'public',
    query: z.strictObject({ jurisdiction_id: jurisdiction }),
    success: { status: 200, description: 'The services, in display order', schema: z.array(open311ServiceSchema) },
    errorFormat: open311,
  }),
  getOpen311ServiceDefinition: defineRoute({
    method: 'GET',
    path: '/open311/v2/services/{service_code}',
    function: fn,
    tag,
    summary: 'Open311 GeoReport v2: a service’s extra fields (its definition); `.json` after the code as Open311 clients send it',
    access: 'public',
    params: z.strictObject({ service_code: withFormat }),
    query: z.strictObject({ jurisdiction_id: jurisdiction }),
    success: { status: 200, description: 'The service definition', schema: open311ServiceDefinitionSchema },
    errors: [404],
    errorFormat: open311,
  }),
  listOpen311Requests: defineRoute({
    method: 'GET',
    path: '/open311/v2/requests.json',
    function: fn,
    tag,
    summary:
      'Open311 GeoReport v2: requests, to anyone signed in as `GET /requests/nearby` is, by id (at most 50) or the open ones near a point; category, status, times and a rounded location, never who filed it, what they wrote or their photos',
    access: SUBMITTER_ROLES,
    query: z
      .strictObject({
        service_request_id: z.optional(idList(OPEN311_MAX_IDS)),
        service_code: z.optional(idList(OPEN311_MAX_IDS)),
        start_date: z.optional(dateTime),
        end_date: z.optional(dateTime),
        status: z.optional(z.string().check(z.regex(/^(open|closed)(,(open|closed))?$/, 'open, closed or open,closed'))),
        lat: z.optional(queryNumber({ min: -90, max: 90 })),
        long: z.optional(queryNumber({ min: -180, max: 180 })),
        radius: z._default(queryInt({ min: 50, max: 1000 }), OPEN311_RADIUS_METRES),
        jurisdiction_id: jurisdiction,
      })
      .check(pointInServiceArea()),
    success: { status: 200, description: 'The requests found, newest first', schema: z.array(open311ServiceRequestSchema) },
    errorFormat: open311,
  }),
  getOpen311Request: defineRoute({
    method: 'GET',
    path: '/open311/v2/requests/{service_request_id}',
    function: fn,
    tag,
    summary: 'Open311 GeoReport v2: one request’s public fields (a list of one, as the standard answers); `.json` after the id as Open311 clients send it',
    access: SUBMITTER_ROLES,
    params: z.strictObject({ service_request_id: withFormat }),
    query: z.strictObject({ jurisdiction_id: jurisdiction }),
    success: { status: 200, description: 'The request, alone in a list', schema: z.array(open311ServiceRequestSchema) },
    errors: [404],
    errorFormat: open311,
  }),
  submitOpen311Request: defineRoute({
    method: 'POST',
    path: '/open311/v2/requests.json',
    function: fn,
    tag,
    summary:
      'Open311 GeoReport v2: submit a request as the signed-in person (a bearer token stands for Open311’s api_key), routed and assigned as `POST /requests`',
    access: SUBMITTER_ROLES,
    idempotencyKey: 'optional',
    body: z
      .strictObject({
        service_code: idSchema,
        description: text(1000),
        lat: z.optional(z.number().check(z.gte(-90), z.lte(90))),
        long: z.optional(z.number().check(z.gte(-180), z.lte(180))),
        address_string: z.optional(text(200)),
        attribute: z._default(
          z
            .record(z.string().check(z.maxLength(40)), attributeValueSchema)
            .check(z.refine((values) => Object.keys(values).length <= 30, 'at most 30 fields')),
          {},
        ),
        jurisdiction_id: jurisdiction,
        email: discarded,
        device_id: discarded,
        account_id: discarded,
        first_name: discarded,
        last_name: discarded,
        phone: discarded,
      })
      .check(pointInServiceArea()),
    success: { status: 201, description: 'The new request’s id, alone in a list', schema: z.array(open311SubmittedSchema) },
    errorFormat: open311,
  }),
};
