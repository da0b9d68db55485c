import { createHash, createHmac } from 'node:crypto';
import { S3RequestPresigner } from '@aws-sdk/s3-request-presigner';
import { HttpRequest } from '@smithy/core/protocols';
import { environment } from '../config';

/**
 * Presigned S3 requests without the S3 client. `getSignedUrl` needs an `S3Client` (100 KiB of
 * bundle: S3's endpoint rules, checksums, its middleware) only to find the object's URL; the
 * functions that show photos make no other S3 call, and the one that receives them only one PUT,
 * so they sign with the SDK's own S3 presigner (SigV4, `UNSIGNED-PAYLOAD`, as `getSignedUrl` does)
 * over the URL built here:
 * virtual-hosted style in AWS (`<bucket>.s3.<region>.amazonaws.com[.cn]`), path style on the
 * local object store (`S3_ENDPOINT`).
 */

/** SHA-256 and HMAC-SHA256 as the signer wants them (`@smithy/hash-node`'s shape, on node:crypto). */
type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytesOf = (data: SourceData): string | Uint8Array =>
  typeof data === 'string' ? data : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);

class Sha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytesOf(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytesOf(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

/**
 * A URL that GETs `key` from `bucket` until `expiresInSeconds` from now, signed with the running
 * function's credentials (its role's, from the variables Lambda sets; locally its own key).
 */
export const presignedGetUrl = (bucket: string, key: string, expiresInSeconds: number): Promise<string> =>
  presignedUrl('GET', bucket, key, expiresInSeconds);

/**
 * A URL that `method`s `key` in `bucket` until `expiresInSeconds` from now (GET to show an object,
 * PUT to write one: what S3 calls a presigned request, as a browser upload makes), signed with the
 * running function's credentials.
 */
export async function presignedUrl(method: 'GET' | 'PUT', bucket: string, key: string, expiresInSeconds: number): Promise<string> {
  const env = environment();
  const region = env.AWS_REGION ?? 'cn-north-1';
  const endpoint = env.S3_ENDPOINT ? new URL(env.S3_ENDPOINT) : undefined;
  const path = `/${key.split('/').map(encodeURIComponent).join('/')}`;
  const request = endpoint
    ? new HttpRequest({
        protocol: endpoint.protocol,
        hostname: endpoint.hostname,
        ...(endpoint.port ? { port: Number(endpoint.port) } : {}),
        method,
        path: `/${bucket}${path}`,
        headers: { host: endpoint.host },
      })
    : new HttpRequest({
        protocol: 'https:',
        hostname: `${bucket}.s3.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`,
        method,
        path,
        headers: {},
      });
  const presigner = new S3RequestPresigner({
    region,
    sha256: Sha256,
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID ?? '',
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '',
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    },
  });
  const signed = await presigner.presign(request, { expiresIn: expiresInSeconds });
  const query = Object.entries(signed.query as Record<string, string>)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
  const port = signed.port ? `:${signed.port}` : '';
  return `${signed.protocol}//${signed.hostname}${port}${signed.path}?${query}`;
}
