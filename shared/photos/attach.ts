import { ProblemError } from '../http/errors';
import { type PhotoRef, type PhotoStage, type PhotoTarget, type Upload, attachableUntil } from './model';
import { getUploads, markAttached } from './repository';
import { keepPhotoObjects } from './storage';

/**
 * Attaching uploads to a request, a facility or a station, in three steps around the write of the
 * object that holds them, so that bad input writes nothing and a crash loses nothing:
 *
 * 1. {@link photosToAttach} checks every upload (the caller's, processed, not too old, not attached
 *    elsewhere) and answers with the references to store, writing nothing;
 * 2. `keep()`, once the holder's change is decided, copies each photo's sizes from `pending/` to
 *    `photos/`, where no lifecycle reaches (idempotent);
 * 3. the holder is written with the references; then `settle()` marks the uploads attached
 *    (bookkeeping: it stops their items' garbage collection and their reuse elsewhere).
 *
 * A crash before 3 leaves copies nothing refers to (the retry makes the same ones); after 3 and
 * before `settle()`, uploads that still look unattached, whose photos are kept all the same.
 */
export interface PhotoAttachment {
  photos: PhotoRef[];
  keep(): Promise<void>;
  settle(): Promise<void>;
}

const nothing: PhotoAttachment = { photos: [], keep: async () => {}, settle: async () => {} };

/** Why an upload cannot be attached: the first that applies, as the problem the caller gets. */
function refusal(upload: Upload | undefined, ownerId: string, target: PhotoTarget, now: Date, id: string): ProblemError | undefined {
  const field = (code: ConstructorParameters<typeof ProblemError>[0], message: string) =>
    new ProblemError(code, message, [{ field: 'body.photos', code, message }]);
  // Someone else's upload is answered exactly as one that does not exist.
  if (!upload || upload.ownerId !== ownerId) return field('upload_not_found', `no upload ${id} of yours`);
  if (upload.attachedTo !== undefined && upload.attachedTo !== target) return field('upload_already_attached', `upload ${id} is attached to something else`);
  if (upload.attachedTo === target) return undefined;
  if (attachableUntil(upload) <= now) return field('upload_expired', `upload ${id} is over a day old; upload it again`);
  if (upload.status === 'processing') {
    const problem = field('upload_not_ready', `upload ${id} is still being processed`);
    return new ProblemError(problem.code, problem.detail, problem.errors, { 'retry-after': '1' });
  }
  if (upload.status === 'rejected') return field('upload_rejected', `upload ${id} could not be processed: ${upload.reason ?? 'unknown'}`);
  return undefined;
}

/**
 * Checks that each upload may be attached to `target` by `ownerId` now (the caller's, processed,
 * attachable for a day, not attached elsewhere), and answers with the references to store with
 * `stage`. Reads only: one BatchGet of at most as many items as ids.
 */
export async function photosToAttach(
  ownerId: string,
  uploadIds: readonly string[],
  target: PhotoTarget,
  stage: PhotoStage,
  now: Date,
): Promise<PhotoAttachment> {
  if (uploadIds.length === 0) return nothing;
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
  return {
    photos,
    async keep() {
      const kept = await Promise.all(uploadIds.map(async (id) => uploads.get(id)!.attachedTo === target || keepPhotoObjects(id)));
      const gone = uploadIds.filter((_, index) => !kept[index]);
      if (gone.length > 0) throw new ProblemError('upload_expired', `upload ${gone.join(', ')} is gone; upload it again`);
    },
    settle: () => markAttached(uploadIds, target),
  };
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
