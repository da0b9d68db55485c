import { photoPrefixes } from '../shared/photos/objects';

/**
 * What each Lambda function may do in the photos bucket, declared once, like the table's access
 * (infra/table-access.ts). CDK turns each entry into the role's only S3 statements and the
 * function's `photos` binding (infra/functions.ts); the local object store refuses any call a
 * function makes beyond its entry (infra/local/object-store/), by the access key it signs with.
 *
 * A presigned GET URL works only if its signer may GetObject the key. `ListBucket` is there for one reason: S3 answers a read
 * of a missing key with 404 `NoSuchKey` only to a caller that may list the bucket, and with 403
 * `AccessDenied` to anyone else; the code that must tell "gone" from "refused" (an original already
 * processed or expired) holds it.
 */
export type ObjectAction = 'GetObject' | 'PutObject' | 'PutObjectTagging' | 'DeleteObject' | 'ListBucket';

export interface ObjectGrant {
  prefix: (typeof photoPrefixes)[keyof typeof photoPrefixes];
  actions: readonly ObjectAction[];
}

/** The places a photo is attached to sign URLs to it: the only S3 they do (no call, no S3 client). */
const showsPhotos: readonly ObjectGrant[] = [{ prefix: photoPrefixes.photos, actions: ['GetObject'] }];

export const photoAccess: Readonly<Record<string, readonly ObjectGrant[]>> = {
  /** Receives uploads: writes the file as sent; signs the thumbnail its owner previews before attaching it. */
  uploads: [
    { prefix: photoPrefixes.uploads, actions: ['PutObject'] },
    { prefix: photoPrefixes.photos, actions: ['GetObject'] },
  ],
  /**
   * Reads an upload once, writes its processed sizes (tagged unattached), deletes the original (it
   * may carry GPS); tags attached photos out of the lifecycle.
   */
  'photo-processing': [
    { prefix: photoPrefixes.uploads, actions: ['GetObject', 'DeleteObject', 'ListBucket'] },
    { prefix: photoPrefixes.photos, actions: ['PutObject', 'PutObjectTagging'] },
  ],
  requests: showsPhotos,
  facilities: showsPhotos,
  stations: showsPhotos,
};

/** A function's grants in the photos bucket, or undefined when it has none. */
export const photoAccessOf = (functionName: string): readonly ObjectGrant[] | undefined => photoAccess[functionName];
