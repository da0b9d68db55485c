import { photoUploaded } from '../../events/photos';
import { consumerFunction, on } from '../../shared/events/consumer';
import { processUpload } from '../../shared/photos/processing';

/** Makes each new upload's display size and thumbnail, stripped of metadata; deletes the original. */
export const handler = consumerFunction('photo-processing', [
  on(photoUploaded, async (data) => {
    await processUpload(data.uploadId);
  }),
]);
