import { S3Client } from '@aws-sdk/client-s3';
import { config } from '../config';
import { traced } from '../observability/tracing';

// Its own module, not shared/aws/clients.ts: only the functions that touch photos carry the S3 client.
let client: S3Client | undefined;

/**
 * Set only by the local runtime, which makes every client made here sign as the function running
 * it (the local object store checks each function's declared access by its key, as IAM does).
 * Deployed functions never set it.
 */
let onNewClient: ((client: S3Client) => void) | undefined;

/**
 * The S3 client for the photos bucket. Locally it talks to the object store of the local runtime
 * (infra/local/object-store/) by path-style URLs, as S3-compatible endpoints expect.
 */
export function s3(): S3Client {
  const { s3Endpoint } = config();
  if (!client) {
    client = traced(
      new S3Client({
        ...(s3Endpoint ? { endpoint: s3Endpoint, forcePathStyle: true } : {}),
        // Checksums only where S3 requires them: presigned URLs and the local store stay plain SigV4.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      }),
    );
    onNewClient?.(client);
  }
  return client;
}

/** Runs `hook` on every S3 client made from now on; call `resetS3Client` afterwards so none made before escapes it. */
export function onS3ClientCreated(hook: ((client: S3Client) => void) | undefined): void {
  onNewClient = hook;
}

/** Forgets the cached client; tests that point the process at another store call this. */
export function resetS3Client(): void {
  client = undefined;
}
