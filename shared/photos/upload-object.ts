import { presignedUrl } from '../aws/presign';
import { config } from '../config';
import { requestText } from '../http/outbound';
import { uploadObjectKey } from './objects';

/**
 * Writes an upload's file as it arrived, for processing: one presigned PUT over node:http, which
 * keeps the S3 client (about 110 KiB) out of the uploads function, whose cold start every photo
 * waits for (bench/COLD-START.md). S3 answers a PUT with 200 or an XML error; anything but 2xx throws.
 */
export async function putUploadObject(uploadId: string, bytes: Uint8Array, contentType: string): Promise<void> {
  const url = await presignedUrl('PUT', config().photosBucket, uploadObjectKey(uploadId), PUT_URL_SECONDS);
  const answer = await requestText(url, { method: 'PUT', headers: { 'content-type': contentType }, body: bytes }, PUT_TIMEOUT_MS);
  if (answer.status < 200 || answer.status > 299) {
    const code = /<Code>([^<]*)<\/Code>/.exec(answer.text)?.[1] ?? 'unknown';
    throw new Error(`S3 refused the upload's PUT: ${answer.status} ${code}`);
  }
}

/** The signed PUT is used at once; a minute covers a slow start of the send. */
const PUT_URL_SECONDS = 60;
/** Four MiB to S3 in the same region: seconds at worst; the function itself has ten. */
const PUT_TIMEOUT_MS = 8_000;
