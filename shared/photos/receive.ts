import { photoUploaded } from '../../events/photos';
import type { Identity } from '../auth/identity';
import { makeEvent } from '../events/outbox';
import { createOnce } from '../http/creation';
import { ProblemError } from '../http/errors';
import type { Creation } from '../http/function';
import type { UploadedFile } from '../http/multipart';
import { takeAction } from '../rate-limit';
import { isAcceptedImageType, sniffImageType } from './sniff';
import type { Upload } from './model';
import { earlierAttempt, recordUpload, toUpload } from './repository';
import { UPLOADS_PER_HOUR } from './terms';
import { putUploadObject } from './upload-object';

/**
 * Takes a photo as it arrives: its type by its bytes (never the name or declared type), the
 * person's hourly budget, then the file and its item with the `photo.uploaded` event that starts
 * processing. Under an Idempotency-Key a resend names the same upload and answers with it
 * (`replayed`) before anything is written or counted.
 */
export async function receiveUpload(
  identity: Identity,
  file: UploadedFile,
  creation: Creation,
  now: Date,
): Promise<{ upload: Upload; replayed: boolean }> {
  const type = sniffImageType(file.bytes);
  if (type === 'image/heic') {
    throw new ProblemError(
      'unsupported_image_type',
      "HEIC photos are not taken: choose with wx.chooseMedia({ sizeType: ['compressed'] }), which gives JPEG",
    );
  }
  if (!isAcceptedImageType(type)) {
    throw new ProblemError('unsupported_image_type', `'${file.filename || 'the file'}' is not a JPEG, PNG or WebP image`);
  }
  const earlier = await earlierAttempt(creation);
  if (earlier) return { upload: earlier, replayed: true };
  await takeAction(identity.userId, UPLOADS_PER_HOUR, now);
  const upload: Upload = {
    id: creation.id,
    ownerId: identity.userId,
    status: 'processing',
    contentType: type,
    bytes: file.bytes.length,
    createdAt: now.toISOString(),
  };
  // The file first: the event that makes processing read it goes out only with the item.
  await putUploadObject(upload.id, file.bytes, type);
  const event = makeEvent(photoUploaded, { uploadId: upload.id, ownerId: upload.ownerId, contentType: type, bytes: upload.bytes });
  // Two attempts at once under one key: the second finds the first's item and answers with it.
  const raced = await createOnce(creation, upload.id, () => recordUpload(upload, [event], creation.fingerprint), toUpload);
  return raced ? { upload: raced, replayed: true } : { upload, replayed: false };
}
