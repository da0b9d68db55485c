import { photosAttached } from '../../events/photos';
import { type PendingEvent, makeEvent } from '../events/outbox';
import { ProblemError } from '../http/errors';
import type { PhotoRef, PhotoStage, PhotoTarget, Upload } from './model';
import { getUploads } from './repository';
import { attachableUntil } from './terms';

/**
 * Attaching uploads to a request, a facility or a station: the request path reads the uploads and
 * writes the holder, nothing else. {@link photosToAttach} checks every upload (the caller's,
 * processed, not too old, not attached elsewhere) and answers with the references to store and a
 * `photos.attached` event, which the holder's write carries in its outbox like its own events. The
 * photo's objects already exist (processing wrote them); the `photo-processing` consumer, on that
 * event, tags them attached, out of the lifecycle's reach, and marks the uploads attached. A crash
 * after the write loses nothing: the event is in the item, and the relay publishes it.
 */
export interface PhotoAttachment {
  photos: PhotoRef[];
  /** To add to the holder's write: none when there are no photos. */
  events: PendingEvent[];
}

/** Why an upload cannot be attached: the first that applies, as the problem the caller gets. */
function refusal(upload: Upload | undefined, ownerId: string, target: PhotoTarget, now: Date, id: string): ProblemError | undefined {
  const field = (code: ConstructorParameters<typeof ProblemError>[0], message: string, headers: Record<string, string> = {}) =>
    new ProblemError(code, message, [{ field: 'body.photos', code, message }], headers);
  // Someone else's upload is answered exactly as one that does not exist.
  if (!upload || upload.ownerId !== ownerId) return field('upload_not_found', `no upload ${id} of yours`);
  if (upload.attachedTo !== undefined && upload.attachedTo !== target) return field('upload_already_attached', `upload ${id} is attached to something else`);
  if (upload.attachedTo === target) return undefined;
  if (attachableUntil(upload) <= now) return field('upload_expired', `upload ${id} is over a day old; upload it again`);
  if (upload.status === 'processing') return field('upload_not_ready', `upload ${id} is still being processed`, { 'retry-after': '1' });
  if (upload.status === 'rejected') return field('upload_rejected', `upload ${id} could not be processed: ${upload.reason ?? 'unknown'}`);
  return undefined;
}

/**
 * Checks that each upload may be attached to `target` by `ownerId` now, and answers with the
 * references to store with `stage` and the event the holder's write carries. Reads only: one
 * BatchGet of at most as many items as ids.
 */
export async function photosToAttach(
  ownerId: string,
  uploadIds: readonly string[],
  target: PhotoTarget,
  stage: PhotoStage,
  now: Date,
): Promise<PhotoAttachment> {
  if (uploadIds.length === 0) return { photos: [], events: [] };
  const uploads = new Map((await getUploads(uploadIds)).map((upload) => [upload.id, upload]));
  for (const id of uploadIds) {
    const problem = refusal(uploads.get(id), ownerId, target, now, id);
    if (problem) throw problem;
  }
  const at = now.toISOString();
  const photos = uploadIds.map((id) => {
    const upload = uploads.get(id)!;
    return { id, stage, by: ownerId, at, width: upload.width ?? 0, height: upload.height ?? 0 };
  });
  return { photos, events: [makeEvent(photosAttached, { target, ownerId, uploadIds: [...uploadIds] })] };
}

/**
 * Refuses more photos than a holder may have: `held` it has, `adding` more, at most `max` in all.
 * Each place sets its own limit (a request's, a facility's, a station's).
 */
export function assertPhotoRoom(held: number, adding: number, max: number): void {
  if (held + adding > max) {
    throw new ProblemError('photo_limit_reached', `at most ${max} photos here; ${held} already, ${adding} more sent`);
  }
}
