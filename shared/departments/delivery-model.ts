import * as z from 'zod/mini';
import { departmentEventKinds } from './terms';

/**
 * What the service sends a department (the outgoing message of linked handling, 联动处置) and the
 * deliveries that carry it, as the API shows them. Only what the department needs to handle the
 * case: never the resident's phone, openid or id.
 */

export const deliveryEventSchema = z.enum(departmentEventKinds);

/** The case as a department receives it. */
export const outgoingCaseSchema = z.object({
  id: z.string(),
  categoryId: z.string(),
  categoryName: z.string(),
  description: z.string(),
  address: z.optional(z.string()),
  location: z.optional(z.object({ lat: z.number(), lng: z.number(), coordSystem: z.literal('wgs84') })),
  status: z.string(),
  gridId: z.string(),
  communityId: z.string(),
  escalatedAt: z.optional(z.string()),
  note: z.optional(z.string()),
  /** Where the department answers (`POST`, signed with the same secret). */
  callbackUrl: z.string(),
});
export type OutgoingCase = z.infer<typeof outgoingCaseSchema>;

/** The body of one POST to a department's endpoint. */
export const outgoingMessageSchema = z.object({
  schemaVersion: z.literal(1),
  /** The same on every retry of one delivery: the department dedupes on it. */
  deliveryId: z.string(),
  event: deliveryEventSchema,
  sentAt: z.string(),
  case: outgoingCaseSchema,
});
export type OutgoingMessage = z.infer<typeof outgoingMessageSchema>;

export const deliveryStatuses = ['pending', 'sent', 'dead', 'cancelled'] as const;

/** One delivery of a case to a department, with how its attempts went (no secret, no resident data). */
export const deliverySchema = z.object({
  id: z.string(),
  requestId: z.string(),
  departmentId: z.string(),
  event: deliveryEventSchema,
  /**
   * pending: waiting for its next attempt; sent: the department answered 2xx; dead: given up, redrivable;
   * cancelled: an escalation withdrawn before it reached the department (neither it nor the withdrawal is sent).
   */
  status: z.enum(deliveryStatuses),
  /** Failed attempts since it was created or last redriven. */
  attempts: z.number(),
  createdAt: z.string(),
  /** The first attempt of this round: the retry window (24 h) counts from it. */
  firstAttemptAt: z.optional(z.string()),
  lastAttemptAt: z.optional(z.string()),
  nextAttemptAt: z.optional(z.string()),
  /** Why the last attempt failed (an HTTP status, `timeout`, `network error`…). */
  lastError: z.optional(z.string()),
  sentAt: z.optional(z.string()),
  deadAt: z.optional(z.string()),
  cancelledAt: z.optional(z.string()),
  /** How many times an admin redrove it from the dead letters. */
  redrives: z.number(),
});
export type Delivery = z.infer<typeof deliverySchema>;
