import * as z from 'zod/mini';
import { text } from '../http/common';
import { departmentSchema } from '../requests/terms';
import { CALLBACK_PHOTOS_MAX, callbackActions, departmentEventKinds } from './terms';

/** What the service sends a department (terms.ts). */
export type DepartmentEventKind = (typeof departmentEventKinds)[number];

/**
 * Departments (联动处置) as the API shows them: each department's endpoint as the city configured it
 * (never its signing secret), the one answer that shows a new secret, and the callbacks departments
 * send about cases escalated to them.
 */

/** Path parameter: a department, one of the request model's six (`urban_management`). */
export const departmentParamsSchema = z.strictObject({ departmentId: z.string().check(z.minLength(1), z.maxLength(64)) });

const categoryIdSchema = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/));

/** What a city-wide admin sets (`PUT /departments/{departmentId}/endpoint`). */
export const endpointBodySchema = z.strictObject({
  name: text(60),
  /** https in AWS; http too when the service runs locally (the department simulator). */
  url: z.string().check(z.minLength(8), z.maxLength(500)),
  categories: z._default(z.array(categoryIdSchema).check(z.maxLength(50)), []),
  events: z.array(z.enum(departmentEventKinds)).check(z.minLength(1), z.maxLength(departmentEventKinds.length)),
  ratePerMinute: z.int().check(z.gte(1), z.lte(600)),
  status: z._default(z.enum(['active', 'paused']), 'active'),
});
export type EndpointBody = z.output<typeof endpointBodySchema>;

/** A department's endpoint as admins see it: no secret, only whether one was ever set. */
export const departmentEndpointSchema = z.object({
  departmentId: departmentSchema,
  name: z.string(),
  url: z.string(),
  categories: z.array(z.string()),
  events: z.array(z.enum(departmentEventKinds)),
  ratePerMinute: z.number(),
  status: z.enum(['active', 'paused']),
  /** Whether a signing secret was made for it (`POST …/signing-secret`); the secret itself is never shown again. */
  hasSigningSecret: z.boolean(),
  /** When its signing secret was last made, if ever. */
  secretRotatedAt: z.optional(z.string()),
  updatedAt: z.string(),
});
export type DepartmentEndpointView = z.infer<typeof departmentEndpointSchema>;

/** The one answer that holds a signing secret: the admin hands it to the department. */
export const signingSecretSchema = z.object({
  departmentId: departmentSchema,
  secret: z.string(),
  rotatedAt: z.string(),
  /** The header the department signs its callbacks with, and checks ours by. */
  header: z.string(),
});

/** A department's callback (`POST /departments/{departmentId}/callbacks`), signed over its exact bytes. */
export const callbackBodySchema = z.strictObject({
  schemaVersion: z.literal(1),
  /** The department's own unique id of this message: the same id twice applies once. */
  messageId: z.string().check(z.minLength(1), z.maxLength(128), z.regex(/^[A-Za-z0-9._:-]+$/)),
  caseId: z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/)),
  deliveryId: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
  action: z.enum(callbackActions),
  note: z.optional(text(1000)),
  /** Photos of the result, by https URL (with `resolve` only): kept on the timeline step as links, shown, never fetched by the service. */
  photoUrls: z.optional(z.array(z.url({ protocol: /^https$/ }).check(z.maxLength(500))).check(z.maxLength(CALLBACK_PHOTOS_MAX))),
});
export type CallbackBody = z.output<typeof callbackBodySchema>;

/** The answer to a callback: applied now, or a message seen before (nothing changed). */
export const callbackOutcomeSchema = z.object({ outcome: z.enum(['applied', 'duplicate']) });
