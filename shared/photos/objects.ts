/**
 * Where a photo's bytes are in the photos bucket, by stage. The bucket's lifecycle expires
 * `uploads/` and `pending/` a day after they are written (infra/photos-bucket.ts); nothing else
 * expires, and correctness never depends on the expiry (an attachment checks an upload's age).
 *
 * - `uploads/<uploadId>`: the file as the caller sent it (it may carry GPS EXIF): read once by the
 *   processing consumer, then deleted.
 * - `pending/<uploadId>/display.jpg|thumb.jpg`: processed (no metadata, orientation applied), not yet
 *   attached to anything.
 * - `photos/<uploadId>/display.jpg|thumb.jpg`: attached to a request, facility or station: kept.
 */
export const photoPrefixes = { uploads: 'uploads/', pending: 'pending/', photos: 'photos/' } as const;

export type PhotoVariant = 'display' | 'thumb';

export const uploadObjectKey = (uploadId: string): string => `${photoPrefixes.uploads}${uploadId}`;
export const pendingObjectKey = (uploadId: string, variant: PhotoVariant): string => `${photoPrefixes.pending}${uploadId}/${variant}.jpg`;
export const photoObjectKey = (photoId: string, variant: PhotoVariant): string => `${photoPrefixes.photos}${photoId}/${variant}.jpg`;
