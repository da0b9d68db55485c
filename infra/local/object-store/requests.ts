import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { S3Error, invalidArgument, notImplemented } from './errors';

/**
 * Reading a request as S3 reads it: its query, headers, copy source and user metadata, and its body
 * (size limit, payload hash, the SDK's `aws-chunked` encoding).
 */

/** S3's largest single PUT is 5 GB; nothing the service stores comes near this, so more is a defect. */
export const OBJECT_SIZE_LIMIT = 20 * 1024 * 1024;

/** A query string as decoded name–value pairs, in the order sent (SigV4 signs them all, repeats too). */
export type Query = readonly (readonly [string, string])[];

/** 400 EntityTooLarge, with `connection: close`: the body is not read, so the connection cannot serve another request. */
export const entityTooLarge = () =>
  new S3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', { MaxSizeAllowed: String(OBJECT_SIZE_LIMIT) }, { connection: 'close' });

/** A header's value; repeated ones joined by commas, as HTTP reads them. */
export function header(request: IncomingMessage, name: string): string | undefined {
  return joined(request.headers[name]);
}

const joined = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(',') : value);

/** Whether the request says, before its body, that the body is over {@link OBJECT_SIZE_LIMIT}. */
export const declaresTooLarge = (request: IncomingMessage) => Number(header(request, 'content-length') ?? 0) > OBJECT_SIZE_LIMIT;

/** A URI component decoded, or S3's InvalidURI for a malformed one (`%zz`). */
export function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new S3Error(400, 'InvalidURI', "Couldn't parse the specified URI.");
  }
}

/** The query string after `?`, decoded; a name without `=` has the empty value, as SigV4 signs it. */
export function parseQuery(raw: string): [string, string][] {
  return raw
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const equals = part.indexOf('=');
      return equals === -1 ? [decode(part), ''] : [decode(part.slice(0, equals)), decode(part.slice(equals + 1))];
    });
}

/** The first value of a query parameter. */
export const parameter = (query: Query, name: string): string | undefined => query.find(([n]) => n === name)?.[1];

/** `x-amz-copy-source`: `/bucket/key` or `bucket/key`, URL-encoded. */
export function parseCopySource(text: string): { bucket: string; key: string } {
  if (text.includes('?')) throw notImplemented('Copying a version of an object');
  const path = decode(text).replace(/^\//, '');
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) {
    throw invalidArgument('Copy Source must mention the source bucket and key: sourcebucket/sourcekey', { ArgumentName: 'x-amz-copy-source', ArgumentValue: text });
  }
  return { bucket: path.slice(0, slash), key: path.slice(slash + 1) };
}

/** The user metadata sent as `x-amz-meta-*` headers, by name without the prefix. */
export function metadataOf(request: IncomingMessage): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.startsWith('x-amz-meta-') && value !== undefined) metadata[name.slice('x-amz-meta-'.length)] = joined(value)!;
  }
  return metadata;
}

/** User metadata as the `x-amz-meta-*` headers S3 answers a GET with. */
export const metadataHeaders = (metadata: Readonly<Record<string, string>>) => Object.fromEntries(Object.entries(metadata).map(([name, value]) => [`x-amz-meta-${name}`, value]));

/** The body, refused past {@link OBJECT_SIZE_LIMIT} as S3 refuses a PUT past its own. */
export async function readBody(request: IncomingMessage): Promise<Buffer> {
  if (declaresTooLarge(request)) throw entityTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > OBJECT_SIZE_LIMIT) throw entityTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * The payload as the caller meant it: checked against the hash the signature covers (S3 does the
 * same), or taken out of the `aws-chunked` encoding the SDK uses for a stream body with a checksum
 * trailer (`STREAMING-UNSIGNED-PAYLOAD-TRAILER`). Chunks signed one by one are not served.
 */
export function payloadOf(request: IncomingMessage, query: Query, body: Buffer): Buffer {
  const claimed = header(request, 'x-amz-content-sha256') ?? parameter(query, 'X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD';
  if (claimed === 'UNSIGNED-PAYLOAD') return body;
  if (claimed === 'STREAMING-UNSIGNED-PAYLOAD-TRAILER') return unchunked(body, header(request, 'x-amz-decoded-content-length'));
  if (claimed.startsWith('STREAMING-')) throw notImplemented(`x-amz-content-sha256: ${claimed} (chunks signed one by one)`);
  if (!/^[0-9a-f]{64}$/.test(claimed)) throw invalidArgument('x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD or a valid sha256 value.');
  const computed = createHash('sha256').update(body).digest('hex');
  if (computed !== claimed) {
    throw new S3Error(400, 'XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", {
      ClientComputedContentSHA256: claimed,
      S3ComputedContentSHA256: computed,
    });
  }
  return body;
}

/** The data of an `aws-chunked` body: `<hex size>[;ext]\r\n<data>\r\n` chunks up to a 0-sized one, then trailers. */
function unchunked(body: Buffer, decodedLength: string | undefined): Buffer {
  const incomplete = () => new S3Error(400, 'IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header');
  const parts: Buffer[] = [];
  for (let at = 0; ; ) {
    const end = body.indexOf('\r\n', at);
    if (end === -1) throw incomplete();
    const size = Number.parseInt(body.subarray(at, end).toString('latin1').split(';')[0]!, 16);
    if (!Number.isInteger(size) || size < 0 || end + 2 + size > body.length) throw incomplete();
    if (size === 0) break;
    parts.push(body.subarray(end + 2, end + 2 + size));
    at = end + 2 + size + 2;
  }
  const data = Buffer.concat(parts);
  if (decodedLength !== undefined && Number(decodedLength) !== data.length) throw incomplete();
  return data;
}
