import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { S3Error } from './errors';

/**
 * How the store answers: S3's headers, its XML bodies and its error documents. Every answer carries
 * `x-amz-request-id`, as S3's do, so a failure in a test can be matched with the store's log line.
 */

/** The namespace of S3's result documents (`ListBucketResult`, `CopyObjectResult`). */
export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** A new request id: 16 upper-case hex characters, the shape of S3's. */
export const requestIdOf = () => randomBytes(8).toString('hex').toUpperCase();

/** Text made safe for an XML element's content or an attribute. */
export const escapeXml = (text: string) =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/** `<name>value</name>`, the value escaped. */
export const xmlElement = (name: string, value: string) => `<${name}>${escapeXml(value)}</${name}>`;

/** An answer without a body (PutObject, DeleteObject, HeadBucket). */
export function sendEmpty(response: ServerResponse, requestId: string, status: number, headers: Readonly<Record<string, string>>): void {
  response.writeHead(status, { 'x-amz-request-id': requestId, 'content-length': '0', ...headers });
  response.end();
}

/** An XML document, with the declaration S3 puts before it. */
export function sendXml(response: ServerResponse, requestId: string, status: number, xml: string): void {
  writeXml(response, requestId, status, xml, false, {});
}

/**
 * S3's error document for `error`. An answer already under way cannot change its status, so the
 * connection is cut instead, which the client sees as a failure rather than as a short object.
 */
export function sendError(response: ServerResponse, error: S3Error, requestId: string, head: boolean): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const details = Object.entries(error.details)
    .map(([name, value]) => xmlElement(name, value))
    .join('');
  const xml = `<Error>${xmlElement('Code', error.code)}${xmlElement('Message', error.message)}${details}${xmlElement('RequestId', requestId)}</Error>`;
  // A HEAD answer has no body: the SDK names the error by its status (NotFound, Forbidden…).
  writeXml(response, requestId, error.status, xml, head, error.headers);
}

function writeXml(response: ServerResponse, requestId: string, status: number, xml: string, head: boolean, headers: Readonly<Record<string, string>>): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`;
  response.writeHead(status, {
    'x-amz-request-id': requestId,
    'content-type': 'application/xml',
    ...(head ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
    ...headers,
  });
  response.end(head ? undefined : body);
}
