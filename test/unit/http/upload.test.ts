import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import type { Identity } from '../../../shared/auth/identity';
import { type HttpEvent, httpFunction } from '../../../shared/http/function';
import { buildOpenApiDocument } from '../../../shared/http/openapi';
import { parseMultipart } from '../../../shared/http/multipart';
import { defineRoute } from '../../../shared/http/route';
import { httpEvent, lambdaContext } from '../../support/http-events';
import { multipartBody } from '../../support/photos';

/** An upload route as `POST /uploads` is declared: a file of at most 1 KiB in `file`, and one plain form field. */
const routes = {
  sendFile: defineRoute({
    method: 'POST',
    path: '/files',
    function: 'files',
    tag: 'files',
    summary: 'Send a file',
    access: ['resident'],
    upload: { field: 'file', maxBytes: 1024, description: 'the file' },
    body: z.strictObject({ purpose: z.optional(z.enum(['request', 'station'])) }),
    success: { status: 201, description: 'what arrived', schema: z.object({ bytes: z.number(), filename: z.string(), purpose: z.optional(z.string()) }) },
  }),
};

const handler = httpFunction(
  routes,
  {
    async sendFile({ file, body }) {
      return { bytes: file!.bytes.length, filename: file!.filename, ...(body.purpose ? { purpose: body.purpose } : {}) };
    },
  },
  { multipart: parseMultipart },
);

const resident: Identity = { userId: 'r1', role: 'resident', units: [] };

/** The event API Gateway hands over for a multipart body: base64, as for any binary body. */
function uploadEvent(body: Buffer, contentType: string): HttpEvent {
  const event = httpEvent({ routeKey: 'POST /files', headers: { 'content-type': contentType }, identity: resident });
  return { ...event, body: body.toString('base64'), isBase64Encoded: true };
}

const send = async (event: HttpEvent) => {
  const result = (await handler(event, lambdaContext('files'))) as { statusCode: number; body: string };
  return { status: result.statusCode, body: JSON.parse(result.body) };
};

describe('an upload route', () => {
  it('hands the operation the file’s bytes intact and checks the form fields with the body schema', async () => {
    // Prepare
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, index) => index));
    const form = multipartBody({ field: 'file', filename: 'all-bytes.bin', contentType: 'application/octet-stream', bytes, fields: { purpose: 'station' } });

    // Act
    const answer = await send(uploadEvent(form.body, form.contentType));

    // Assess
    expect(answer).toEqual({ status: 201, body: { bytes: 256, filename: 'all-bytes.bin', purpose: 'station' } });
  });

  it('refuses a file over the limit with 413, a missing file or an unknown field with 400, and JSON with 415', async () => {
    // Prepare
    const tooBig = multipartBody({ field: 'file', filename: 'big.jpg', contentType: 'image/jpeg', bytes: Buffer.alloc(1025) });
    const elsewhere = multipartBody({ field: 'photo', filename: 'a.jpg', contentType: 'image/jpeg', bytes: Buffer.alloc(10) });
    const strange = multipartBody({ field: 'file', filename: 'a.jpg', contentType: 'image/jpeg', bytes: Buffer.alloc(10), fields: { owner: 'someone' } });
    const json = httpEvent({ routeKey: 'POST /files', body: { file: 'aGVsbG8=' }, identity: resident });

    // Act
    const answers = await Promise.all([
      send(uploadEvent(tooBig.body, tooBig.contentType)),
      send(uploadEvent(elsewhere.body, elsewhere.contentType)),
      send(uploadEvent(strange.body, strange.contentType)),
      send(json),
    ]);

    // Assess
    expect(answers.map((answer) => [answer.status, answer.body.code, answer.body.errors?.[0]?.field])).toEqual([
      [413, 'payload_too_large', undefined],
      [400, 'validation_failed', 'body.photo'],
      [400, 'validation_failed', 'body.owner'],
      [415, 'unsupported_media_type', undefined],
    ]);
  });

  it('answers a body cut short, or without its closing boundary, with 400 and nothing thrown past it', async () => {
    // Prepare
    const whole = multipartBody({ field: 'file', filename: 'a.jpg', contentType: 'image/jpeg', bytes: Buffer.alloc(100, 1) });
    const cut = whole.body.subarray(0, whole.body.length - 60);
    const unterminated = Buffer.from('--b\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\nabc');

    // Act
    const answers = await Promise.all([send(uploadEvent(cut, whole.contentType)), send(uploadEvent(unterminated, 'multipart/form-data; boundary=b'))]);

    // Assess
    expect(answers.map((answer) => [answer.status, answer.body.code])).toEqual([
      [400, 'validation_failed'],
      [400, 'validation_failed'],
    ]);
  });

  it('is documented as multipart/form-data with a binary file beside its form fields', () => {
    // Act
    const document = buildOpenApiDocument(routes) as { paths: Record<string, Record<string, any>>; components: { schemas: Record<string, any> } };
    const form = document.paths['/files']!.post.requestBody.content['multipart/form-data'].schema;
    const body = document.components.schemas[form.$ref.split('/').pop()];

    // Assess
    expect(body).toMatchObject({
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary', maxLength: 1024 }, purpose: { enum: ['request', 'station'] } },
    });
  });
});
