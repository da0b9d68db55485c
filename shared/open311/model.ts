import * as z from 'zod/mini';

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2/) as this service speaks it, JSON only:
 * its services (our request categories), service definitions (their extra fields), service requests
 * (our requests, public fields only) and errors. Field names are the standard's, snake_case.
 */

/** Open311's service types; every category is handled by people in the loop, as a `realtime` service. */
export const open311ServiceTypes = ['realtime', 'batch', 'blackbox'] as const;

/** A service: one request category. */
export const open311ServiceSchema = z.object({
  service_code: z.string(),
  service_name: z.string(),
  description: z.optional(z.string()),
  /** True when the category asks for extra fields: `GET /open311/v2/services/{service_code}.json` lists them. */
  metadata: z.boolean(),
  type: z.enum(open311ServiceTypes),
  keywords: z.optional(z.string()),
  group: z.optional(z.string()),
});
export type Open311Service = z.output<typeof open311ServiceSchema>;

/** Open311's attribute datatypes (ours have `boolean` too: shown as a `singlevaluelist` of `true` and `false`). */
export const open311Datatypes = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;

/** One extra field of a service, in Open311's shape. */
export const open311AttributeSchema = z.object({
  /** Always true: every field is one the submitter fills in. */
  variable: z.boolean(),
  code: z.string(),
  datatype: z.enum(open311Datatypes),
  required: z.boolean(),
  datatype_description: z.optional(z.string()),
  order: z.number(),
  description: z.string(),
  values: z.optional(z.array(z.object({ key: z.string(), name: z.string() }))),
});
export type Open311Attribute = z.output<typeof open311AttributeSchema>;

/** A service definition: the extra fields of one service. */
export const open311ServiceDefinitionSchema = z.object({
  service_code: z.string(),
  attributes: z.array(open311AttributeSchema),
});
export type Open311ServiceDefinition = z.output<typeof open311ServiceDefinitionSchema>;

/** Open311's two statuses: open while in the loop, closed once closed, rejected or merged. */
export const open311Statuses = ['open', 'closed'] as const;
export type Open311Status = (typeof open311Statuses)[number];

/**
 * A service request as anyone may see it (the privacy of `GET /requests/nearby`): no resident, no
 * description, address or photos (`description`, `address`, `zipcode`, `media_url` are never
 * given), a location rounded to 3 decimals in WGS-84, and notes only in the service's own words.
 */
export const open311ServiceRequestSchema = z.object({
  service_request_id: z.string(),
  status: z.enum(open311Statuses),
  status_notes: z.optional(z.string()),
  service_name: z.string(),
  service_code: z.string(),
  agency_responsible: z.optional(z.string()),
  requested_datetime: z.string(),
  updated_datetime: z.string(),
  expected_datetime: z.optional(z.string()),
  lat: z.optional(z.number()),
  long: z.optional(z.number()),
});
export type Open311ServiceRequest = z.output<typeof open311ServiceRequestSchema>;

/** What a submission answers: the new request's id (we never answer with a `token`: ids are known at once). */
export const open311SubmittedSchema = z.object({
  service_request_id: z.string(),
  service_notice: z.optional(z.string()),
});
export type Open311Submitted = z.output<typeof open311SubmittedSchema>;
