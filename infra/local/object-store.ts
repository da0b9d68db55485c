import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, rmdirSync, statSync, unlinkSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { photoPrefixes } from '../../shared/photos/objects';
import { type ObjectAction, photoAccessOf } from '../photo-access';
import { writeFileAtomically } from './durable-files';
import { functionOfAccessKey } from './environment';
import { currentFunction } from './function-scope';

/**
 * The local stand-in for the photos bucket: an HTTP endpoint that speaks the S3 REST protocol the AWS
 * SDK v3 client sends in path style (`/<bucket>/<key>`), for what the service does with its objects —
 * PutObject, GetObject, HeadObject, DeleteObject, CopyObject, and ListObjectsV2 for a look around.
 * Like S3, it takes no request it cannot authenticate (an anonymous GET of a known key is 403), checks
 * SigV4 signatures in the Authorization header and in presigned URLs, and judges each call as the
 * caller's role would (infra/photo-access.ts); its errors are S3's XML documents, so the SDK raises the
 * same named errors it raises against AWS. Objects are files under the data folder, kept across
 * restarts, and the bucket's lifecycle rules (infra/photos-bucket.ts) have their twin here.
 */

/** S3's largest single PUT is 5 GB; nothing the service stores comes near this, so more is a defect. */
export const OBJECT_SIZE_LIMIT = 20 * 1024 * 1024;

/** The photos bucket's lifecycle rules (infra/photos-bucket.ts): what arrived and what was never attached go after a day. */
export const EXPIRING_PREFIXES: readonly string[] = [photoPrefixes.uploads, photoPrefixes.pending];
const EXPIRY_MS = 24 * 3600_000;

/** How often the lifecycle runs (S3 runs it about daily; hourly keeps a long-running laptop tidy). */
const SWEEP_EVERY_MS = 3600_000;

/** SigV4's longest presigned URL: a week. */
const MAX_PRESIGNED_SECONDS = 7 * 24 * 3600;

/** S3's own limit on a key's length, in UTF-8 bytes. */
const MAX_KEY_BYTES = 1024;

export interface ObjectStoreOptions {
  /** Objects are kept under `<dataDir>/objects`; without one, in a temporary folder removed on close. */
  dataDir?: string;
  /** The port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** The buckets there are; any other is answered `NoSuchBucket`. */
  buckets: readonly string[];
  /**
   * The credentials of the runtime's own process (tests, seeding, the benchmark): allowed everything,
   * as an administrator is. Functions sign with `local-<name>` (infra/local/environment.ts) and the same
   * secret, which the runtime gives them.
   */
  developer: { accessKeyId: string; secretAccessKey: string };
  /** The clock presigned URLs expire by and the lifecycle measures age with (tests move it). */
  now?: () => Date;
}

/** A running object store. */
export interface ObjectStore {
  /** Its endpoint, for `S3_ENDPOINT` (path-style requests). */
  url: string;
  /**
   * Every call refused because the calling function's grants (infra/photo-access.ts) do not allow it,
   * in order: kept so a test can fail even where a handler swallows the error.
   */
  denials(): readonly string[];
  /**
   * Deletes what the lifecycle rules expire as of `now` (objects under `uploads/` and `pending/`
   * written more than a day before); returns them as `<bucket>/<key>`. Runs at start and hourly too.
   */
  sweepExpired(now?: Date): string[];
  close(): Promise<void>;
}

/** Starts the object store on 127.0.0.1. */
export async function startObjectStore(options: ObjectStoreOptions): Promise<ObjectStore> {
  const temporary = options.dataDir ? undefined : mkdtempSync(join(tmpdir(), 'grid-objects-'));
  const files = new ObjectFiles(options.dataDir ? join(resolve(options.dataDir), 'objects') : temporary!);
  const now = options.now ?? (() => new Date());
  const denials: string[] = [];
  const context: StoreContext = { files, buckets: new Set(options.buckets), developer: options.developer, now, denials };

  const server: Server = createServer((request, response) => void serve(context, request, response));
  // A client that asks before sending a big body (`Expect: 100-continue`, as the SDK does) hears no
  // before it sends bytes that would be refused.
  server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) => {
    if (Number(request.headers['content-length'] ?? 0) > OBJECT_SIZE_LIMIT) {
      sendError(response, entityTooLarge(), requestIdOf(), request.method === 'HEAD');
      return;
    }
    response.writeContinue();
    void serve(context, request, response);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', done);
  });

  const sweepExpired = (at: Date = now()): string[] => {
    const deleted: string[] = [];
    for (const bucket of context.buckets) {
      for (const key of files.expired(bucket, at)) {
        files.delete(bucket, key);
        deleted.push(`${bucket}/${key}`);
      }
    }
    return deleted;
  };
  const sweepQuietly = () => {
    try {
      sweepExpired();
    } catch (error) {
      console.error('[object store] the lifecycle sweep failed', error);
    }
  };
  sweepQuietly();
  const timer = setInterval(sweepQuietly, SWEEP_EVERY_MS);
  timer.unref();

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    denials: () => [...denials],
    sweepExpired,
    async close() {
      clearInterval(timer);
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      if (temporary) rmSync(temporary, { recursive: true, force: true });
    },
  };
}

/**
 * Has an S3 client of the runtime's own process sign each call, and each URL it presigns, with the
 * credentials of the function whose code is running (infra/local/function-scope.ts), as each function
 * signs with its role's in AWS, and with `developer`'s outside any function. Functions loaded in the
 * runtime's process share one client and one `process.env`; without this they would all sign as the
 * developer, and the store could not hold them to their grants. Functions run from their bundles
 * sign with their own environment's key already.
 */
export function signAsRunningFunction(client: { config: object }, developer: { accessKeyId: string; secretAccessKey: string }): void {
  const credentials = Object.assign(
    async () => {
      const environment = currentFunction()?.environment;
      const accessKeyId = environment?.AWS_ACCESS_KEY_ID;
      return accessKeyId ? { accessKeyId, secretAccessKey: environment?.AWS_SECRET_ACCESS_KEY ?? developer.secretAccessKey } : developer;
    },
    // The SDK would otherwise memoize the first answer for good (credentials without an expiry):
    // marked as memoized already, the provider is asked again on every call and every presign.
    { memoized: true },
  );
  // The client's signer and the presigner read `config.credentials` (a setter the SDK defines) afresh each time.
  (client.config as { credentials: unknown }).credentials = credentials;
}

// --- The protocol -------------------------------------------------------------------------------

interface StoreContext {
  files: ObjectFiles;
  buckets: ReadonlySet<string>;
  developer: { accessKeyId: string; secretAccessKey: string };
  now: () => Date;
  denials: string[];
}

/** Who signed a request: the developer (everything allowed) or a function (its grants). */
type Principal = { kind: 'developer' } | { kind: 'function'; name: string };

/** What IAM is asked about: the object actions, and listing the bucket. */
type Action = ObjectAction | 'ListBucket';

/** An S3 error: its status, code and message as S3 sends them, and any extra elements of the document. */
class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, string>> = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

const accessDenied = () => new S3Error(403, 'AccessDenied', 'Access Denied');
const entityTooLarge = () =>
  new S3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', { MaxSizeAllowed: String(OBJECT_SIZE_LIMIT) }, { connection: 'close' });
const noSuchKey = (key: string) => new S3Error(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key });
const noSuchBucket = (bucket: string) => new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket });
const notImplemented = (what: string) => new S3Error(501, 'NotImplemented', `${what} is not implemented by the local object store`);

/** Query parameters S3 takes on the calls served here; any other names a feature not served (ACLs, versions, multipart…). */
const KNOWN_PARAMETERS = new Set([
  'x-id',
  'list-type',
  'prefix',
  'delimiter',
  'max-keys',
  'continuation-token',
  'start-after',
  'fetch-owner',
  'response-content-type',
  'response-content-language',
  'response-expires',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
]);

const requestIdOf = () => randomBytes(8).toString('hex').toUpperCase();

async function serve(context: StoreContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const requestId = requestIdOf();
  const head = request.method === 'HEAD';
  try {
    await handle(context, request, response, requestId);
  } catch (error) {
    if (error instanceof S3Error) return sendError(response, error, requestId, head);
    console.error('[object store] internal error', error);
    sendError(response, new S3Error(500, 'InternalError', 'We encountered an internal error. Please try again.'), requestId, head);
  }
}

async function handle(context: StoreContext, request: IncomingMessage, response: ServerResponse, requestId: string): Promise<void> {
  const target = request.url ?? '/';
  const mark = target.indexOf('?');
  const rawPath = mark === -1 ? target : target.slice(0, mark);
  const query = parseQuery(mark === -1 ? '' : target.slice(mark + 1));
  const method = request.method ?? 'GET';

  const principal = authenticate(context, request, method, rawPath, query);
  // Headers a presigner hoisted into the query (`x-amz-checksum-mode`…) are as welcome there.
  const unknown = query.find(([name]) => !KNOWN_PARAMETERS.has(name) && !name.toLowerCase().startsWith('x-amz-'));
  if (unknown) throw notImplemented(`The parameter '${unknown[0]}'`);
  const body = payloadOf(request, query, await readBody(request));

  const slash = rawPath.indexOf('/', 1);
  const bucket = decode(rawPath.slice(1, slash === -1 ? undefined : slash));
  const key = slash === -1 ? '' : decode(rawPath.slice(slash + 1));
  if (bucket === '') throw notImplemented('Listing buckets');
  if (!context.buckets.has(bucket)) throw noSuchBucket(bucket);
  const call = new Call(context, principal, bucket, response, requestId);

  if (key === '') {
    if (method === 'HEAD') return call.headBucket();
    if (method === 'GET' && parameter(query, 'list-type') === '2') return call.listObjects(query);
    throw notImplemented(`${method} on a bucket`);
  }
  checkKey(key);
  switch (method) {
    case 'GET':
    case 'HEAD':
      return call.getObject(key, query, method === 'HEAD');
    case 'PUT': {
      const source = header(request, 'x-amz-copy-source');
      return source === undefined ? call.putObject(key, request, body) : call.copyObject(key, source, request);
    }
    case 'DELETE':
      return call.deleteObject(key);
    default:
      throw new S3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', { Method: method, ResourceType: 'OBJECT' });
  }
}

/** One authenticated call on a bucket: each operation checks the caller's grants, then does its work. */
class Call {
  constructor(
    private readonly context: StoreContext,
    private readonly principal: Principal,
    private readonly bucket: string,
    private readonly response: ServerResponse,
    private readonly requestId: string,
  ) {}

  headBucket(): void {
    this.require('ListBucket', '');
    this.send(200, {});
  }

  getObject(key: string, query: readonly (readonly [string, string])[], head: boolean): void {
    this.require('GetObject', key);
    const object = this.existing(key, 'GetObject');
    const overrides: Record<string, string> = {};
    for (const [name, value] of query) if (name.startsWith('response-')) overrides[name.slice('response-'.length)] = value;
    this.response.writeHead(200, {
      ...this.common(),
      'content-type': object.contentType,
      'content-length': String(object.bytes.length),
      etag: `"${object.etag}"`,
      'last-modified': object.lastModified.toUTCString(),
      'accept-ranges': 'bytes',
      ...metadataHeaders(object.metadata),
      ...overrides,
    });
    this.response.end(head ? undefined : object.bytes);
  }

  putObject(key: string, request: IncomingMessage, body: Buffer): void {
    this.require('PutObject', key);
    // An aws-chunked body may come in HTTP chunks, its length said by x-amz-decoded-content-length.
    if (header(request, 'content-length') === undefined && header(request, 'x-amz-decoded-content-length') === undefined) {
      throw new S3Error(411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.');
    }
    const md5 = header(request, 'content-md5');
    if (md5 !== undefined && md5 !== createHash('md5').update(body).digest('base64')) {
      throw new S3Error(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.');
    }
    const stored = this.context.files.write(this.bucket, key, body, {
      contentType: header(request, 'content-type') ?? 'binary/octet-stream',
      metadata: metadataOf(request),
      lastModified: this.context.now(),
    });
    this.send(200, { etag: `"${stored.etag}"` });
  }

  copyObject(key: string, copySource: string, request: IncomingMessage): void {
    const source = parseCopySource(copySource);
    if (!this.context.buckets.has(source.bucket)) throw noSuchBucket(source.bucket);
    checkKey(source.key);
    this.require('GetObject', source.key, source.bucket);
    this.require('PutObject', key);
    const original = this.existing(source.key, 'GetObject', source.bucket);
    const replace = (header(request, 'x-amz-metadata-directive') ?? 'COPY').toUpperCase() === 'REPLACE';
    if (!replace && source.bucket === this.bucket && source.key === key) {
      throw new S3Error(
        400,
        'InvalidRequest',
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
      );
    }
    const stored = this.context.files.write(this.bucket, key, original.bytes, {
      contentType: replace ? (header(request, 'content-type') ?? 'binary/octet-stream') : original.contentType,
      metadata: replace ? metadataOf(request) : original.metadata,
      lastModified: this.context.now(),
    });
    this.sendXml(
      200,
      `<CopyObjectResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LastModified>${stored.lastModified.toISOString()}</LastModified><ETag>${escapeXml(`"${stored.etag}"`)}</ETag></CopyObjectResult>`,
    );
  }

  deleteObject(key: string): void {
    this.require('DeleteObject', key);
    // S3 answers 204 whether or not there was an object: a delete is idempotent.
    this.context.files.delete(this.bucket, key);
    this.send(204, {});
  }

  listObjects(query: readonly (readonly [string, string])[]): void {
    const prefix = parameter(query, 'prefix') ?? '';
    const delimiter = parameter(query, 'delimiter') ?? '';
    const maxKeys = Math.min(Number(parameter(query, 'max-keys') ?? 1000), 1000);
    if (!Number.isInteger(maxKeys) || maxKeys < 0) throw new S3Error(400, 'InvalidArgument', 'Provided max-keys not an integer or within integer range');
    this.require('ListBucket', prefix);
    const token = parameter(query, 'continuation-token');
    const startAfter = parameter(query, 'start-after');
    let after = startAfter ?? '';
    if (token !== undefined) {
      try {
        after = Buffer.from(token, 'base64url').toString('utf8');
      } catch {
        throw new S3Error(400, 'InvalidArgument', 'The continuation token provided is incorrect');
      }
    }
    const contents: string[] = [];
    const prefixes: string[] = [];
    let last: string | undefined;
    let truncated = false;
    for (const key of this.context.files.keys(this.bucket)) {
      if (!key.startsWith(prefix) || key <= after) continue;
      // A common prefix already given (on this page or the one before) stands for all its keys.
      if (delimiter && after.endsWith(delimiter) && after.startsWith(prefix) && key.startsWith(after) && after.length > prefix.length) continue;
      const rest = key.slice(prefix.length);
      const cut = delimiter ? rest.indexOf(delimiter) : -1;
      const item = cut === -1 ? key : prefix + rest.slice(0, cut + delimiter.length);
      if (item === last) continue;
      if (contents.length + prefixes.length === maxKeys) {
        truncated = true;
        break;
      }
      if (cut === -1) {
        const object = this.context.files.read(this.bucket, key)!;
        contents.push(
          `<Contents><Key>${escapeXml(key)}</Key><LastModified>${object.lastModified.toISOString()}</LastModified><ETag>${escapeXml(`"${object.etag}"`)}</ETag><Size>${object.bytes.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
        );
      } else {
        prefixes.push(`<CommonPrefixes><Prefix>${escapeXml(item)}</Prefix></CommonPrefixes>`);
      }
      last = item;
    }
    const element = (name: string, value: string | undefined) => (value === undefined ? '' : `<${name}>${escapeXml(value)}</${name}>`);
    this.sendXml(
      200,
      `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${element('Name', this.bucket)}${element('Prefix', prefix)}${delimiter ? element('Delimiter', delimiter) : ''}` +
        `${element('MaxKeys', String(maxKeys))}${element('KeyCount', String(contents.length + prefixes.length))}${element('IsTruncated', String(truncated))}` +
        `${element('ContinuationToken', token)}${element('StartAfter', startAfter)}${truncated && last ? element('NextContinuationToken', Buffer.from(last).toString('base64url')) : ''}` +
        `${contents.join('')}${prefixes.join('')}</ListBucketResult>`,
    );
  }

  /** The object at `key`, or the error S3 gives for a missing one: 404 only to who may list the bucket, else 403. */
  private existing(key: string, action: Action, bucket = this.bucket): StoredObject {
    const object = this.context.files.read(bucket, key);
    if (object) return object;
    if (this.allows('ListBucket', key)) throw noSuchKey(key);
    // S3 does not tell who may not list the bucket whether a key exists (GetObject's documentation).
    this.deny(action, bucket, key, 'the object does not exist, and without s3:ListBucket S3 answers AccessDenied rather than NoSuchKey');
  }

  private allows(action: Action, key: string): boolean {
    if (this.principal.kind === 'developer') return true;
    const grants = photoAccessOf(this.principal.name) ?? [];
    // `ListBucket` is not an object action today; a grant of it (with its prefix as `s3:prefix`) would count.
    return grants.some((grant) => (grant.actions as readonly string[]).includes(action) && key.startsWith(grant.prefix));
  }

  private require(action: Action, key: string, bucket = this.bucket): void {
    if (!this.allows(action, key)) this.deny(action, bucket, key, 'not granted');
  }

  private deny(action: Action, bucket: string, key: string, reason: string): never {
    const name = this.principal.kind === 'function' ? this.principal.name : 'developer';
    const grants = (photoAccessOf(name) ?? []).map((grant) => `${grant.prefix}* ${grant.actions.join('/')}`).join(', ') || 'none';
    const denial = `${name}: s3:${action} on ${bucket}/${key}: ${reason} (infra/photo-access.ts grants: ${grants})`;
    this.context.denials.push(denial);
    console.error(`[object access] ${denial}`);
    throw accessDenied();
  }

  private common(): Record<string, string> {
    return { 'x-amz-request-id': this.requestId };
  }

  private send(status: number, headers: Record<string, string>): void {
    this.response.writeHead(status, { ...this.common(), 'content-length': '0', ...headers });
    this.response.end();
  }

  private sendXml(status: number, xml: string): void {
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`;
    this.response.writeHead(status, { ...this.common(), 'content-type': 'application/xml', 'content-length': String(Buffer.byteLength(body)) });
    this.response.end(body);
  }
}

function sendError(response: ServerResponse, error: S3Error, requestId: string, head: boolean): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const details = Object.entries(error.details)
    .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
    .join('');
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message>${details}<RequestId>${requestId}</RequestId></Error>`;
  // A HEAD answer has no body: the SDK names the error by its status (NotFound, Forbidden…).
  response.writeHead(error.status, {
    'x-amz-request-id': requestId,
    'content-type': 'application/xml',
    ...(head ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
    ...error.headers,
  });
  response.end(head ? undefined : body);
}

// --- Authentication: SigV4, in the Authorization header or in the query (presigned URLs) ---------

/**
 * Who signed the request, once its signature is checked. Anonymous requests are refused: the bucket
 * is private, so a key alone, however guessed, opens nothing.
 */
function authenticate(context: StoreContext, request: IncomingMessage, method: string, rawPath: string, query: readonly (readonly [string, string])[]): Principal {
  const authorization = header(request, 'authorization');
  const presigned = query.some(([name]) => name === 'X-Amz-Signature' || name === 'X-Amz-Algorithm' || name === 'X-Amz-Credential');
  if (authorization !== undefined && presigned) {
    throw new S3Error(400, 'InvalidArgument', 'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified');
  }
  if (authorization === undefined && !presigned) throw accessDenied();
  const signed = authorization !== undefined ? headerSignature(request, authorization) : querySignature(context, query);
  const principal = principalOf(context, signed.accessKeyId);
  const canonicalHeaders = signed.signedHeaders.map((name) => `${name}:${canonicalHeaderValue(header(request, name))}\n`).join('');
  const canonicalRequest = [
    method,
    rawPath,
    canonicalQuery(query.filter(([name]) => name !== 'X-Amz-Signature')),
    canonicalHeaders,
    signed.signedHeaders.join(';'),
    signed.payloadHash,
  ].join('\n');
  const scope = `${signed.date}/${signed.region}/${signed.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', signed.amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  let key: Buffer = hmac(`AWS4${context.developer.secretAccessKey}`, signed.date);
  for (const part of [signed.region, signed.service, 'aws4_request']) key = hmac(key, part);
  const expected = hmac(key, stringToSign).toString('hex');
  if (expected.length !== signed.signature.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(signed.signature))) {
    throw new S3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', {
      AWSAccessKeyId: signed.accessKeyId,
      StringToSign: stringToSign,
      SignatureProvided: signed.signature,
      CanonicalRequest: canonicalRequest,
    });
  }
  return principal;
}

/** What a SigV4 signature states: who, when, for which scope, over which headers and payload. */
interface Signed {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  amzDate: string;
  signedHeaders: string[];
  signature: string;
  payloadHash: string;
}

function headerSignature(request: IncomingMessage, authorization: string): Signed {
  const match = /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(authorization.trim());
  if (!match) {
    throw authorization.startsWith('AWS4-HMAC-SHA256')
      ? new S3Error(400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed.')
      : new S3Error(400, 'InvalidRequest', 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.');
  }
  const [, credential, signedHeaders, signature] = match as unknown as [string, string, string, string];
  const amzDate = header(request, 'x-amz-date');
  if (amzDate === undefined || !/^\d{8}T\d{6}Z$/.test(amzDate)) throw new S3Error(403, 'AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
  const payloadHash = header(request, 'x-amz-content-sha256');
  if (payloadHash === undefined) throw new S3Error(400, 'InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
  const scope = credentialOf(credential, () => new S3Error(400, 'AuthorizationHeaderMalformed', `The authorization header is malformed; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`));
  return { ...scope, amzDate, signedHeaders: signedHeaders.split(';'), signature, payloadHash };
}

function querySignature(context: StoreContext, query: readonly (readonly [string, string])[]): Signed {
  const malformed = (message: string) => new S3Error(400, 'AuthorizationQueryParametersError', message);
  const value = (name: string) => parameter(query, name);
  if (value('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') throw malformed('X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
  const [credential, amzDate, expiresText, signedHeaders, signature] = ['X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature'].map(value);
  if (!credential || !amzDate || !expiresText || !signedHeaders || !signature) {
    throw malformed('Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.');
  }
  const expires = Number(expiresText);
  if (!Number.isInteger(expires) || expires < 0) throw malformed('X-Amz-Expires should be a number');
  if (expires > MAX_PRESIGNED_SECONDS) throw malformed(`X-Amz-Expires must be less than a week (in seconds) that is ${MAX_PRESIGNED_SECONDS}`);
  const signedAt = dateOfAmz(amzDate);
  if (signedAt === undefined) throw malformed("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
  const expiresAt = new Date(signedAt.getTime() + expires * 1000);
  const now = context.now();
  if (now.getTime() > expiresAt.getTime()) {
    throw new S3Error(403, 'AccessDenied', 'Request has expired', {
      'X-Amz-Expires': expiresText,
      Expires: expiresAt.toISOString(),
      ServerTime: now.toISOString(),
    });
  }
  const scope = credentialOf(credential, () => malformed('Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".'));
  return { ...scope, amzDate, signedHeaders: signedHeaders.split(';'), signature, payloadHash: value('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD' };
}

function credentialOf(credential: string, malformed: () => S3Error): Pick<Signed, 'accessKeyId' | 'date' | 'region' | 'service'> {
  const [accessKeyId, date, region, service, terminal, ...rest] = credential.split('/');
  if (!accessKeyId || !date || !/^\d{8}$/.test(date) || !region || service !== 's3' || terminal !== 'aws4_request' || rest.length > 0) throw malformed();
  return { accessKeyId, date, region, service };
}

/** The developer, or the function an access key id names; any other key is unknown, as to S3. */
function principalOf(context: StoreContext, accessKeyId: string): Principal {
  if (accessKeyId === context.developer.accessKeyId) return { kind: 'developer' };
  const name = functionOfAccessKey(accessKeyId);
  if (name) return { kind: 'function', name };
  throw new S3Error(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', { AWSAccessKeyId: accessKeyId });
}

/**
 * The payload as the caller meant it: checked against the hash the signature covers (S3 does the
 * same), or taken out of the `aws-chunked` encoding the SDK uses for a stream body with a checksum
 * trailer (`STREAMING-UNSIGNED-PAYLOAD-TRAILER`). Chunks signed one by one are not served.
 */
function payloadOf(request: IncomingMessage, query: readonly (readonly [string, string])[], body: Buffer): Buffer {
  const claimed = header(request, 'x-amz-content-sha256') ?? parameter(query, 'X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD';
  if (claimed === 'UNSIGNED-PAYLOAD') return body;
  if (claimed === 'STREAMING-UNSIGNED-PAYLOAD-TRAILER') return unchunked(body, header(request, 'x-amz-decoded-content-length'));
  if (claimed.startsWith('STREAMING-')) throw notImplemented(`x-amz-content-sha256: ${claimed} (chunks signed one by one)`);
  if (!/^[0-9a-f]{64}$/.test(claimed)) throw new S3Error(400, 'InvalidArgument', 'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD or a valid sha256 value.');
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

/** SigV4's canonical query: names and values encoded as RFC 3986 says, sorted by name, then value. */
function canonicalQuery(query: readonly (readonly [string, string])[]): string {
  return query
    .map(([name, value]) => [escapeUri(name), escapeUri(value)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

const canonicalHeaderValue = (value: string | undefined) => (value ?? '').replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').trim();
const escapeUri = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

function dateOfAmz(text: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match) return undefined;
  const date = new Date(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

// --- Requests -------------------------------------------------------------------------------------

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new S3Error(400, 'InvalidURI', "Couldn't parse the specified URI.");
  }
}

function parseQuery(raw: string): [string, string][] {
  return raw
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const equals = part.indexOf('=');
      return equals === -1 ? [decode(part), ''] : [decode(part.slice(0, equals)), decode(part.slice(equals + 1))];
    });
}

const parameter = (query: readonly (readonly [string, string])[], name: string): string | undefined => query.find(([n]) => n === name)?.[1];

/** `x-amz-copy-source`: `/bucket/key` or `bucket/key`, URL-encoded. */
function parseCopySource(text: string): { bucket: string; key: string } {
  if (text.includes('?')) throw notImplemented('Copying a version of an object');
  const path = decode(text).replace(/^\//, '');
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) {
    throw new S3Error(400, 'InvalidArgument', 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey', { ArgumentName: 'x-amz-copy-source', ArgumentValue: text });
  }
  return { bucket: path.slice(0, slash), key: path.slice(slash + 1) };
}

function metadataOf(request: IncomingMessage): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.startsWith('x-amz-meta-') && value !== undefined) metadata[name.slice('x-amz-meta-'.length)] = Array.isArray(value) ? value.join(',') : value;
  }
  return metadata;
}

const metadataHeaders = (metadata: Readonly<Record<string, string>>) => Object.fromEntries(Object.entries(metadata).map(([name, value]) => [`x-amz-meta-${name}`, value]));

/** The body, refused past {@link OBJECT_SIZE_LIMIT} as S3 refuses a PUT past its own. */
async function readBody(request: IncomingMessage): Promise<Buffer> {
  if (Number(header(request, 'content-length') ?? 0) > OBJECT_SIZE_LIMIT) throw entityTooLarge();
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
 * Keys become paths under the bucket's folder, so one that could name a file elsewhere ('..', an
 * absolute path, NUL) or two keys the same file ('a//b', './a') is refused, whatever S3 would take.
 */
function checkKey(key: string): void {
  const refuse = (why: string) => new S3Error(400, 'InvalidArgument', `The local object store does not take the key '${key}': ${why}`, { ArgumentName: 'key' });
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw new S3Error(400, 'KeyTooLongError', 'Your key is too long', { MaxSizeAllowed: String(MAX_KEY_BYTES) });
  if (key.includes('\0')) throw refuse('it holds NUL');
  if (key.startsWith('/')) throw refuse('it is an absolute path');
  if (key.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) throw refuse("its path has an empty, '.' or '..' part");
}

const escapeXml = (text: string) =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

// --- Storage --------------------------------------------------------------------------------------

/** An object as kept: its bytes and what S3 keeps with them. */
interface StoredObject {
  bytes: Buffer;
  contentType: string;
  /** MD5 of the bytes, hex (S3's ETag for a single PUT), without the quotes. */
  etag: string;
  lastModified: Date;
  metadata: Record<string, string>;
}

/** The sidecar kept next to an object's bytes. */
interface Sidecar {
  contentType: string;
  etag: string;
  lastModified: string;
  metadata: Record<string, string>;
}

/**
 * Objects as files: bytes at `<root>/<bucket>/<key>`, what S3 keeps with them (content type, ETag,
 * when written, user metadata) at `<root>/.meta/<bucket>/<key>` (bucket names never start with a dot),
 * each written to a copy in `<root>/.tmp`, synced and renamed into place, so a kill -9 leaves the old
 * file or the new one, never half of one. The bytes are the truth: a sidecar whose ETag does not match
 * them (the process died between the two renames) is ignored. Every call is synchronous, so calls on
 * one key never interleave.
 */
class ObjectFiles {
  private readonly temporaries: string;

  constructor(private readonly root: string) {
    this.temporaries = join(root, '.tmp');
    // Copies a previous run left half-written are of no use to anyone.
    rmSync(this.temporaries, { recursive: true, force: true });
    mkdirSync(this.temporaries, { recursive: true });
  }

  read(bucket: string, key: string): StoredObject | undefined {
    const file = this.fileOf(bucket, key);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    const etag = createHash('md5').update(bytes).digest('hex');
    const sidecar = this.sidecarOf(bucket, key);
    if (sidecar?.etag === etag) {
      return { bytes, etag, contentType: sidecar.contentType, lastModified: new Date(sidecar.lastModified), metadata: sidecar.metadata };
    }
    return { bytes, etag, contentType: 'binary/octet-stream', lastModified: statSync(file).mtime, metadata: {} };
  }

  write(bucket: string, key: string, bytes: Buffer, about: { contentType: string; metadata: Record<string, string>; lastModified: Date }): StoredObject {
    const etag = createHash('md5').update(bytes).digest('hex');
    const sidecar: Sidecar = { contentType: about.contentType, etag, lastModified: about.lastModified.toISOString(), metadata: about.metadata };
    try {
      for (const [file, content] of [
        [this.fileOf(bucket, key), bytes],
        [this.sidecarFileOf(bucket, key), JSON.stringify(sidecar)],
      ] as const) {
        makeFolder(dirname(file));
        writeFileAtomically(file, content, join(this.temporaries, randomBytes(12).toString('hex')));
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR' || code === 'EISDIR' || code === 'EEXIST' || code === 'ENOTEMPTY') {
        throw new S3Error(409, 'OperationAborted', `The local object store keeps keys as files: '${key}' cannot be both an object and a folder of others`);
      }
      throw error;
    }
    return { bytes, etag, contentType: about.contentType, lastModified: about.lastModified, metadata: about.metadata };
  }

  delete(bucket: string, key: string): void {
    for (const [file, top] of [
      [this.fileOf(bucket, key), join(this.root, bucket)],
      [this.sidecarFileOf(bucket, key), join(this.root, '.meta', bucket)],
    ] as const) {
      try {
        unlinkSync(file);
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
      removeEmptyFolders(dirname(file), top);
    }
  }

  /** Every key in the bucket, in S3's order. */
  keys(bucket: string): string[] {
    return filesUnder(join(this.root, bucket)).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  }

  /** Keys under the expiring prefixes written more than a day before `now` (when written: the sidecar's, else the file's). */
  expired(bucket: string, now: Date): string[] {
    return EXPIRING_PREFIXES.flatMap((prefix) => filesUnder(join(this.root, bucket, prefix)).map((rest) => `${prefix}${rest}`)).filter((key) => {
      const written = this.sidecarOf(bucket, key)?.lastModified;
      const at = written ? Date.parse(written) : statSync(this.fileOf(bucket, key)).mtimeMs;
      return now.getTime() - at > EXPIRY_MS;
    });
  }

  private sidecarOf(bucket: string, key: string): Sidecar | undefined {
    try {
      return JSON.parse(readFileSync(this.sidecarFileOf(bucket, key), 'utf8')) as Sidecar;
    } catch {
      return undefined;
    }
  }

  private fileOf(bucket: string, key: string): string {
    return this.inside(join(this.root, bucket), key);
  }

  private sidecarFileOf(bucket: string, key: string): string {
    return this.inside(join(this.root, '.meta', bucket), key);
  }

  /** The path of `key` under `folder`, checked once more to be inside it (keys are checked on the way in). */
  private inside(folder: string, key: string): string {
    const file = resolve(folder, ...key.split('/'));
    if (!file.startsWith(folder + sep)) throw new S3Error(400, 'InvalidArgument', `The key '${key}' leaves its bucket`);
    return file;
  }
}

const isMissing = (error: unknown) => ['ENOENT', 'ENOTDIR', 'EISDIR'].includes((error as NodeJS.ErrnoException).code ?? '');

/** Files under `folder`, as `/`-separated paths relative to it; none when it does not exist. */
function filesUnder(folder: string): string[] {
  let entries;
  try {
    entries = readdirSync(folder, { recursive: true, withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(folder, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

/** Creates a folder and the ones above it, syncing each new one's parent so the new names survive a power cut. */
function makeFolder(folder: string): void {
  const first = mkdirSync(folder, { recursive: true });
  if (first === undefined) return;
  for (let created = folder; ; created = dirname(created)) {
    syncFolder(dirname(created));
    if (created === first) break;
  }
}

function syncFolder(folder: string): void {
  const handle = openSync(folder, 'r');
  try {
    fsyncSync(handle);
  } finally {
    closeSync(handle);
  }
}

/** Removes `folder` and the folders above it while they are empty, up to (not including) `top`. */
function removeEmptyFolders(folder: string, top: string): void {
  for (let current = folder; current.startsWith(top + sep); current = dirname(current)) {
    try {
      rmdirSync(current);
    } catch {
      return;
    }
  }
}
