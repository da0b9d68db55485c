import type { Photo, PhotoRef, Upload, UploadView } from './model';
import { PHOTO_URL_SECONDS, attachableUntil } from './terms';
import { signedPhotoUrl } from './urls';

/**
 * Photos as the API shows them: each with signed URLs that work for {@link PHOTO_URL_SECONDS} and
 * then never again. Signing is local (no call); only a caller who may see the object the photos are
 * attached to ever gets here, so the URLs are the whole of a photo's access control.
 */
export async function photoViews(refs: readonly PhotoRef[], now: Date): Promise<Photo[]> {
  const urlsExpireAt = new Date(now.getTime() + PHOTO_URL_SECONDS * 1000).toISOString();
  return Promise.all(
    refs.map(async (ref) => ({
      ...ref,
      url: await signedPhotoUrl(ref.id, 'display', PHOTO_URL_SECONDS),
      thumbnailUrl: await signedPhotoUrl(ref.id, 'thumb', PHOTO_URL_SECONDS),
      urlsExpireAt,
    })),
  );
}

/** The signed thumbnail URL of the first photo, for a list's row: one picture, not all of them. */
export async function firstThumbnail(refs: readonly PhotoRef[] | undefined): Promise<string | undefined> {
  const first = refs?.[0];
  return first ? signedPhotoUrl(first.id, 'thumb', PHOTO_URL_SECONDS) : undefined;
}

/** An upload as its owner sees it, with its thumbnail once processed. */
export async function uploadView(upload: Upload): Promise<UploadView> {
  return {
    id: upload.id,
    status: upload.status,
    contentType: upload.contentType,
    bytes: upload.bytes,
    createdAt: upload.createdAt,
    attachBefore: attachableUntil(upload).toISOString(),
    ...(upload.width !== undefined ? { width: upload.width, height: upload.height } : {}),
    ...(upload.reason ? { reason: upload.reason } : {}),
    ...(upload.status === 'ready' ? { thumbnailUrl: await signedPhotoUrl(upload.id, 'thumb', PHOTO_URL_SECONDS) } : {}),
    attached: upload.attachedTo !== undefined,
  };
}
