import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { s3 } from '../aws/s3-client';
import { config } from '../config';
import { type PhotoVariant, pendingObjectKey, photoObjectKey, uploadObjectKey } from './objects';

/** The photos bucket's objects, by what the code does with them (key layout: ./objects.ts). */

const bucket = () => config().photosBucket;

/** Keeps the file as it arrived, for processing. */
export async function putUploadObject(uploadId: string, bytes: Buffer, contentType: string): Promise<void> {
  await s3().send(new PutObjectCommand({ Bucket: bucket(), Key: uploadObjectKey(uploadId), Body: bytes, ContentType: contentType }));
}

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

/** Writes one processed size of an upload, until it is attached. */
export async function putPendingVariant(uploadId: string, variant: PhotoVariant, jpeg: Buffer): Promise<void> {
  await s3().send(
    new PutObjectCommand({ Bucket: bucket(), Key: pendingObjectKey(uploadId, variant), Body: jpeg, ContentType: 'image/jpeg' }),
  );
}

/**
 * Keeps an attached photo's sizes under `photos/`, out of the pending prefix the lifecycle empties.
 * Idempotent: copying again gives the same objects. Returns false when a pending size is gone
 * (the upload expired) and the photo was not kept before.
 */
export async function keepPhotoObjects(photoId: string): Promise<boolean> {
  const copies = (['display', 'thumb'] as const).map(async (variant) => {
    try {
      await s3().send(
        new CopyObjectCommand({
          Bucket: bucket(),
          Key: photoObjectKey(photoId, variant),
          CopySource: `${bucket()}/${pendingObjectKey(photoId, variant)}`,
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return false;
      throw error;
    }
  });
  return (await Promise.all(copies)).every(Boolean);
}

/**
 * A URL anyone holding it can GET the object with until it expires, and nobody can after: a
 * SigV4 query signature (no network call). `pending`: the upload's own sizes, before it is attached.
 */
export function signedPhotoUrl(photoId: string, variant: PhotoVariant, expiresInSeconds: number, pending = false): Promise<string> {
  const key = pending ? pendingObjectKey(photoId, variant) : photoObjectKey(photoId, variant);
  return getSignedUrl(s3(), new GetObjectCommand({ Bucket: bucket(), Key: key }), { expiresIn: expiresInSeconds });
}
