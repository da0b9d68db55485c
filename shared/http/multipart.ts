import busboy from 'busboy';
import { ProblemError, fieldProblem } from './errors';

/** The file of a multipart upload, as it arrived: what the client declared is kept apart from the bytes. */
export interface UploadedFile {
  bytes: Buffer;
  /** As the client named it; never trusted for the type. */
  filename: string;
  /** As the client declared it; never trusted for the type. */
  declaredType: string;
}

/** What an upload route takes (`RouteDefinition.upload`). */
export interface UploadSpec {
  /** The form field the file comes in (`wx.uploadFile`'s `name`). */
  field: string;
  /** The largest file taken; one byte more is a 413. */
  maxBytes: number;
  description: string;
}

/** At most this many plain form fields, each at most this long: `wx.uploadFile`'s `formData` is small. */
const MAX_FIELDS = 10;
const MAX_FIELD_BYTES = 1024;

/**
 * Parses a `multipart/form-data` body (what `wx.uploadFile` sends: one file part and its `formData`
 * as plain parts). Exactly one file, in `spec.field`; a larger file than `spec.maxBytes` is 413
 * `payload_too_large`, a missing one or a second one 400. Form fields are returned as strings, for the
 * route's body schema to check.
 */
export function parseMultipart(
  body: Buffer,
  contentType: string,
  spec: UploadSpec,
): Promise<{ file: UploadedFile; fields: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { 'content-type': contentType },
        limits: { files: 1, fileSize: spec.maxBytes, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, parts: MAX_FIELDS + 1 },
      });
    } catch {
      // No boundary, or not multipart at all.
      reject(new ProblemError('unsupported_media_type', `send multipart/form-data with a boundary, the file in '${spec.field}'`));
      return;
    }
    const fields: Record<string, string> = {};
    let file: UploadedFile | undefined;
    let problem: ProblemError | undefined;
    const fail = (error: ProblemError) => {
      problem ??= error;
    };
    parser.on('file', (name, stream, info) => {
      if (name !== spec.field) {
        fail(fieldProblem(`body.${name}`, `the file goes in '${spec.field}'`, 'unknown_field'));
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      // A body cut short destroys the file stream with busboy's error, which the parser reports too.
      stream.on('error', () => undefined);
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => fail(new ProblemError('payload_too_large', `a photo is at most ${spec.maxBytes} bytes`)));
      stream.on('close', () => {
        file = { bytes: Buffer.concat(chunks), filename: info.filename ?? '', declaredType: info.mimeType ?? '' };
      });
    });
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(fieldProblem(`body.${name}`, `at most ${MAX_FIELD_BYTES} bytes`, 'too_big'));
      else fields[name] = value;
    });
    parser.on('filesLimit', () => fail(fieldProblem(`body.${spec.field}`, 'one file per upload', 'too_many_files')));
    parser.on('fieldsLimit', () => fail(fieldProblem('body', `at most ${MAX_FIELDS} form fields`, 'too_many_fields')));
    parser.on('partsLimit', () => fail(fieldProblem('body', `at most ${MAX_FIELDS + 1} parts`, 'too_many_fields')));
    let settled = false;
    // A malformed body ends with 'error' and no 'close'.
    parser.on('error', () => {
      if (settled) return;
      settled = true;
      reject(problem ?? new ProblemError('validation_failed', 'the multipart body is malformed or cut short'));
    });
    parser.on('close', () => {
      if (settled) return;
      settled = true;
      if (problem) return reject(problem);
      if (!file) return reject(fieldProblem(`body.${spec.field}`, `send the file in '${spec.field}'`, 'required'));
      if (file.bytes.length === 0) return reject(fieldProblem(`body.${spec.field}`, 'the file is empty', 'too_small'));
      resolve({ file, fields });
    });
    parser.end(body);
  });
}
