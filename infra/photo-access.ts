import { photoPrefixes } from '../shared/photos/objects';

/**
 * What each Lambda function may do in the photos bucket, declared once, like the table's access
 * (infra/table-access.ts). CDK turns each entry into the role's only S3 statements and the
 * function's `photos` binding (infra/functions.ts); the local object store refuses any call a
 * function makes beyond its entry (infra/local/object-store.ts), by the access key it signs with.
 *
 * A CopyObject needs GetObject on its source and PutObject on its target; a presigned GET URL works
 * only if its signer may GetObject the key. `ListBucket` is there for one reason: S3 answers a read
 * of a missing key with 404 `NoSuchKey` only to a caller that may list the bucket, and with 403
 * `AccessDenied` to anyone else; the code that must tell "gone" from "refused" (an original already
 * processed, a pending size expired) holds it.
 */
export type ObjectAction = 'GetObject' | 'PutObject' | 'DeleteObject' | 'ListBucket';

export interface ObjectGrant {
  prefix: (typeof photoPrefixes)[keyof typeof photoPrefixes];
  actions: readonly ObjectAction[];
}

/** The places a photo is attached to read pending photos and keep them under `photos/`, and sign URLs to them. */
const attachesPhotos: readonly ObjectGrant[] = [
  { prefix: photoPrefixes.pending, actions: ['GetObject', 'ListBucket'] },
  { prefix: photoPrefixes.photos, actions: ['GetObject', 'PutObject'] },
];

export const photoAccess: Readonly<Record<string, readonly ObjectGrant[]>> = {
  /** Receives uploads: writes the file as sent. */
  uploads: [{ prefix: photoPrefixes.uploads, actions: ['PutObject'] }],
  /** Reads an upload once, writes its processed sizes, deletes the original (it may carry GPS). */
  'photo-processing': [
    { prefix: photoPrefixes.uploads, actions: ['GetObject', 'DeleteObject', 'ListBucket'] },
    { prefix: photoPrefixes.pending, actions: ['PutObject'] },
  ],
  requests: attachesPhotos,
  facilities: attachesPhotos,
  stations: attachesPhotos,
};

/** A function's grants in the photos bucket, or undefined when it has none. */
export const photoAccessOf = (functionName: string): readonly ObjectGrant[] | undefined => photoAccess[functionName];
