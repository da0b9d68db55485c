import type { Upload } from './model';

/**
 * The photos feature's plain values: the limits of an upload, how long it may wait to be attached,
 * how long signed URLs work. Their own module, with no schema: what needs only these (the views
 * every feature shows photos through, attaching, receiving) does not build model.ts's schemas when
 * its Lambda loads.
 */

/**
 * The largest upload taken, in bytes. What bounds it is Lambda: a synchronous invocation carries at
 * most 6 MB, and API Gateway hands the function a binary body base64-encoded (4 bytes for every 3),
 * so about 4.4 MB of file fit with the form around it. `wx.chooseMedia` with `sizeType: ['compressed']`
 * gives photos well under 1 MB; originals of a recent phone may not fit (README, "Photos").
 */
export const MAX_UPLOAD_BYTES = 4 * 1024 * 1024;

/** The form field `wx.uploadFile` sends the file in (its `name`). */
export const UPLOAD_FIELD = 'file';

/** A day: an upload not attached by then is refused (410) and its objects expire (lifecycle). */
export const UPLOAD_ATTACHABLE_HOURS = 24;

/** How long a photo's signed URLs work: a screen opened now still shows its pictures a while. */
export const PHOTO_URL_SECONDS = 15 * 60;

/** How many uploads one person may make in an hour: three requests' worth of nine photos, with margin. */
export const UPLOADS_PER_HOUR = { action: 'upload', max: 60, windowSeconds: 3600 } as const;

/** When an upload can no longer be attached. */
export const attachableUntil = (upload: Pick<Upload, 'createdAt'>): Date =>
  new Date(Date.parse(upload.createdAt) + UPLOAD_ATTACHABLE_HOURS * 3600_000);
