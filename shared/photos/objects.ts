/**
 * Where a photo's bytes are in the photos bucket. The bucket's lifecycle (infra/photos-bucket.ts)
 * expires `uploads/` a day after a file arrives, and a photo still tagged {@link UNATTACHED_TAG}
 * two days after processing made it; nothing else expires, and correctness never depends on the
 * expiry (an attachment checks an upload's age, a day, well inside the two).
 *
 * - `uploads/<uploadId>`: the file as the caller sent it (it may carry GPS EXIF): read once by the
 *   processing consumer, then deleted.
 * - `photos/<uploadId>/display.jpg|thumb.jpg`: processed (no metadata, orientation applied), tagged
 *   unattached until something holds it, then tagged attached, which the lifecycle leaves alone.
 */
export const photoPrefixes = { uploads: 'uploads/', photos: 'photos/' } as const;

export type PhotoVariant = 'display' | 'thumb';

/** The object tag that tells the lifecycle whether a photo is held by anything. */
export const ATTACHMENT_TAG = 'photo';
export const UNATTACHED_TAG = { key: ATTACHMENT_TAG, value: 'unattached' } as const;
export const ATTACHED_TAG = { key: ATTACHMENT_TAG, value: 'attached' } as const;

/** Days after processing that a photo nothing holds is expired by the bucket's lifecycle. */
export const UNATTACHED_EXPIRY_DAYS = 2;

/** One expiry rule of the bucket's lifecycle: objects under `prefix` (and with `tag`, if given), `days` after they were written. */
export interface ExpiryRule {
  id: string;
  prefix: string;
  tag?: { key: string; value: string };
  days: number;
}

/** The bucket's lifecycle, declared once: CDK makes its rules from it, the local object store sweeps by it. */
export const photoLifecycle: readonly ExpiryRule[] = [
  { id: 'ExpireUploads', prefix: 'uploads/', days: 1 },
  { id: 'ExpireUnattached', prefix: 'photos/', tag: UNATTACHED_TAG, days: UNATTACHED_EXPIRY_DAYS },
];

export const uploadObjectKey = (uploadId: string): string => `${photoPrefixes.uploads}${uploadId}`;
export const photoObjectKey = (photoId: string, variant: PhotoVariant): string => `${photoPrefixes.photos}${photoId}/${variant}.jpg`;
