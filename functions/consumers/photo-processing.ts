import { photoUploaded, photosAttached } from '../../events/photos';
import { consumerFunction, on } from '../../shared/events/consumer';
import type { PhotoTarget } from '../../shared/photos/model';
import { keepAttachedPhotos, processUpload } from '../../shared/photos/processing';

/**
 * Makes each new upload's display size and thumbnail, stripped of metadata, and deletes the
 * original; keeps photos once something holds them (out of the bucket's lifecycle).
 */
export const handler = consumerFunction('photo-processing', [
  on(photoUploaded, async (data) => {
    await processUpload(data.uploadId);
  }),
  on(photosAttached, async (data) => {
    await keepAttachedPhotos(data.uploadIds, data.target as PhotoTarget);
  }),
]);
