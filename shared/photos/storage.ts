import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, PutObjectTaggingCommand } from '@aws-sdk/client-s3';
import { s3 } from '../aws/s3-client';
import { config } from '../config';
import { ATTACHED_TAG, type PhotoVariant, UNATTACHED_TAG, photoObjectKey, uploadObjectKey } from './objects';

/**
 * The photos bucket's objects as the processing consumer reads and writes them (key layout:
 * ./objects.ts). Only it carries the S3 client: the uploads function writes with one presigned
 * PUT (./upload-object.ts), and the functions that show photos sign URLs without it (./urls.ts).
 */

const bucket = () => config().photosBucket;

/** The file as it arrived, or undefined once it is gone (processed before, or expired). */
export async function getUploadObject(uploadId: string): Promise<Buffer | undefined> {
  try {
    const output = await s3().send(new GetObjectCommand({ Bucket: bucket(), Key: uploadObjectKey(uploadId) }));
    return Buffer.from(await output.Body!.transformToByteArray());
  } catch (error) {
    if (error instanceof NoSuchKey) return undefined;
    throw error;
  }
}

/** Deletes the file as it arrived: it may carry the place it was taken at (EXIF GPS). */
export async function deleteUploadObject(uploadId: string): Promise<void> {
  await s3().send(new DeleteObjectCommand({ Bucket: bucket(), Key: uploadObjectKey(uploadId) }));
}

const tagging = (tag: { key: string; value: string }) => `${encodeURIComponent(tag.key)}=${encodeURIComponent(tag.value)}`;

/** Writes one processed size of a photo, tagged unattached until something holds it. */
export async function putPhotoVariant(photoId: string, variant: PhotoVariant, jpeg: Buffer): Promise<void> {
  await s3().send(
    new PutObjectCommand({
      Bucket: bucket(),
      Key: photoObjectKey(photoId, variant),
      Body: jpeg,
      ContentType: 'image/jpeg',
      Tagging: tagging(UNATTACHED_TAG),
    }),
  );
}

/** Tags a photo's sizes attached, out of the lifecycle's reach. Idempotent. */
export async function tagPhotoAttached(photoId: string): Promise<void> {
  await Promise.all(
    (['display', 'thumb'] as const).map((variant) =>
      s3().send(
        new PutObjectTaggingCommand({
          Bucket: bucket(),
          Key: photoObjectKey(photoId, variant),
          Tagging: { TagSet: [{ Key: ATTACHED_TAG.key, Value: ATTACHED_TAG.value }] },
        }),
      ),
    ),
  );
}
