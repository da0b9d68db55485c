/**
 * The errors of the local object store, as S3 names them. An {@link S3Error} thrown anywhere below
 * the listener becomes S3's XML error document (responses.ts), so the AWS SDK raises the same named
 * error (`NoSuchKey`, `AccessDenied`…) against this store as against the bucket.
 */

/** An S3 error: its status, code and message as S3 sends them, and any extra elements of the document. */
export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra elements of the error document (`<Key>`, `<BucketName>`…), in order. */
    readonly details: Readonly<Record<string, string>> = {},
    /** Extra response headers (`connection: close` where the body is not read). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** 403 AccessDenied: an anonymous request, an expired or undated signature, or a call the caller's grants do not allow. */
export const accessDenied = (message = 'Access Denied', details: Readonly<Record<string, string>> = {}) => new S3Error(403, 'AccessDenied', message, details);

/** 400 InvalidArgument, S3's answer to a parameter or header it cannot take. */
export const invalidArgument = (message: string, details: Readonly<Record<string, string>> = {}) => new S3Error(400, 'InvalidArgument', message, details);

/** 400 InvalidRequest, S3's answer to a request it understands but refuses. */
export const invalidRequest = (message: string) => new S3Error(400, 'InvalidRequest', message);

/** 404 NoSuchKey: told only to a caller who may list the bucket (access.ts). */
export const noSuchKey = (key: string) => new S3Error(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key });

/** 404 NoSuchBucket: any bucket but those the store was started with. */
export const noSuchBucket = (bucket: string) => new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket });

/**
 * 501 NotImplemented, for the parts of S3 the service does not use (multipart, ACLs, versions…):
 * a loud refusal, rather than an answer that differs from S3's without saying so.
 */
export const notImplemented = (what: string) => new S3Error(501, 'NotImplemented', `${what} is not implemented by the local object store`);
