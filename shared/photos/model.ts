import * as z from 'zod/mini';
import { idSchema } from '../http/common';

/**
 * Photos: what a caller uploads, what processing makes of it, and what a request, a facility or a
 * station holds of it. No AWS here.
 */

export const uploadStatusSchema = z.enum(['processing', 'ready', 'rejected']);
export type UploadStatus = z.infer<typeof uploadStatusSchema>;

/** What an upload is attached to, as `<kind>/<id>`: `request/…`, `facility/…`, `station/…`. */
export type PhotoTarget = `${'request' | 'facility' | 'station'}/${string}`;

/** An upload as stored: who sent it, what it is by its bytes, and where processing got. */
export interface Upload {
  id: string;
  ownerId: string;
  status: UploadStatus;
  /** By its magic bytes, not what the client declared. */
  contentType: string;
  bytes: number;
  createdAt: string;
  /** The display size's, once processed. */
  width?: number;
  height?: number;
  /** Why processing refused it (`rejected`). */
  reason?: string;
  /** What it is attached to, once attached. */
  attachedTo?: PhotoTarget;
}

/** A photo as the object it is attached to keeps it: which upload, who added it when, and its size. */
export const photoRefSchema = z.object({
  id: z.string(),
  /** Why it was added: with the report, with a resolution ("after"), with a reopen, or as a picture of the place. */
  stage: z.enum(['report', 'resolution', 'reopen', 'fault', 'repair', 'gallery']),
  by: z.string(),
  at: z.string(),
  width: z.number(),
  height: z.number(),
});
export type PhotoRef = z.infer<typeof photoRefSchema>;
export type PhotoStage = PhotoRef['stage'];

/** A photo as the API shows it: its reference and signed URLs that stop working at `urlsExpireAt`. */
export const photoSchema = z.object({
  ...photoRefSchema.shape,
  /** The display size (at most 1280 px on its longer side), JPEG, no metadata. */
  url: z.string(),
  /** The thumbnail (at most 320 px), JPEG, no metadata. */
  thumbnailUrl: z.string(),
  urlsExpireAt: z.string(),
});
export type Photo = z.infer<typeof photoSchema>;

/** The upload as its owner sees it: `GET /uploads/{uploadId}` and the answer to the upload. */
export const uploadSchema = z.object({
  id: z.string(),
  status: uploadStatusSchema,
  contentType: z.string(),
  bytes: z.number(),
  createdAt: z.string(),
  /** Attach it (send its id in `photos`) before this time. */
  attachBefore: z.string(),
  width: z.optional(z.number()),
  height: z.optional(z.number()),
  reason: z.optional(z.string()),
  /** Once processed: a signed URL of the thumbnail, to show in the form before it is sent. */
  thumbnailUrl: z.optional(z.string()),
  attached: z.boolean(),
});
export type UploadView = z.infer<typeof uploadSchema>;

/** Upload ids sent to attach: at most `max` (each place has its own limit), each once. */
export const photoIdsSchema = (max: number) =>
  z.array(idSchema).check(
    z.maxLength(max),
    z.refine((ids) => new Set(ids).size === ids.length, 'each photo once'),
  );
