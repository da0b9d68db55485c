import { logger } from '../logger';
import { UndecodableImage, processImage } from './images';
import type { PhotoTarget } from './model';
import { finishProcessing, getUpload, markAttached } from './repository';
import { isAcceptedImageType, sniffImageType } from './sniff';
import { deleteUploadObject, getUploadObject, putPhotoVariant, tagPhotoAttached } from './storage';

/**
 * Processes an upload once: the file as sent becomes a display size and a thumbnail with no
 * metadata (EXIF GPS above all) and the right way up, then the original is deleted. Idempotent: an
 * upload no longer `processing` is left alone, and each step can be run again (the same objects
 * are written, a missing original deleted again). A fault (S3, the table) throws, so the bus
 * retries and then dead-letters; a file that is not an image it can read is refused, not retried.
 */
export async function processUpload(uploadId: string): Promise<'ready' | 'rejected' | 'done before'> {
  const upload = await getUpload(uploadId);
  if (!upload || upload.status !== 'processing') return 'done before';
  const original = await getUploadObject(uploadId);
  if (!original) {
    // Processing's own earlier run deleted it after ending, or the lifecycle took it: nothing to make.
    await finishProcessing(uploadId, { status: 'rejected', reason: 'the file is gone; upload it again' });
    return 'rejected';
  }
  const outcome = await sizesOf(original);
  if ('reason' in outcome) {
    logger.warn('upload refused by processing', { uploadId, reason: outcome.reason });
    await finishProcessing(uploadId, { status: 'rejected', reason: outcome.reason });
  } else {
    await Promise.all([putPhotoVariant(uploadId, 'display', outcome.display), putPhotoVariant(uploadId, 'thumb', outcome.thumbnail)]);
    await finishProcessing(uploadId, { status: 'ready', width: outcome.width, height: outcome.height });
  }
  // Last: until processing has ended, a retry needs the original.
  await deleteUploadObject(uploadId);
  return 'reason' in outcome ? 'rejected' : 'ready';
}

/** The sizes of an image, or why there are none (checked by its bytes again: the store is not trusted either). */
async function sizesOf(original: Buffer): Promise<Awaited<ReturnType<typeof processImage>> | { reason: string }> {
  const type = sniffImageType(original);
  if (!isAcceptedImageType(type)) return { reason: 'not a JPEG, PNG or WebP image' };
  try {
    return await processImage(original);
  } catch (error) {
    if (error instanceof UndecodableImage) return { reason: 'the image cannot be read' };
    throw error;
  }
}

/**
 * Makes attached photos permanent: their objects tagged attached (the lifecycle expires only
 * unattached ones), then their uploads marked attached to `target`. Both idempotent.
 */
export async function keepAttachedPhotos(uploadIds: readonly string[], target: PhotoTarget): Promise<void> {
  await Promise.all(uploadIds.map(tagPhotoAttached));
  await markAttached(uploadIds, target);
}
