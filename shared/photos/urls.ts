import { presignedGetUrl } from '../aws/presign';
import { config } from '../config';
import { type PhotoVariant, photoObjectKey } from './objects';

/**
 * A URL anyone holding it can GET a photo's size with until it expires, and nobody can after: a
 * SigV4 query signature made here (no call, no S3 client).
 */
export const signedPhotoUrl = (photoId: string, variant: PhotoVariant, expiresInSeconds: number): Promise<string> =>
  presignedGetUrl(config().photosBucket, photoObjectKey(photoId, variant), expiresInSeconds);
