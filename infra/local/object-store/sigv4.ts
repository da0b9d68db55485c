import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type Credentials, type Principal, principalOf } from './access';
import { S3Error, accessDenied, invalidArgument, invalidRequest } from './errors';
import { type Query, header, parameter } from './requests';

/**
 * Authentication as S3 does it: SigV4, in the Authorization header or in the query (presigned URLs).
 * Every local principal signs with the developer's secret (the runtime gives it to each function with
 * its own access key id), so one secret checks every signature; the key id says who signed.
 */

/** SigV4's longest presigned URL: a week. */
const MAX_PRESIGNED_SECONDS = 7 * 24 * 3600;

/** What a signature is checked with: the shared secret, and the clock presigned URLs expire by. */
export interface Verifier {
  developer: Credentials;
  now: () => Date;
}

/**
 * Who signed the request, once its signature is checked. Anonymous requests are refused: the bucket
 * is private, so a key alone, however guessed, opens nothing.
 */
export function authenticate(verifier: Verifier, request: IncomingMessage, method: string, rawPath: string, query: Query): Principal {
  const authorization = header(request, 'authorization');
  const presigned = query.some(([name]) => name === 'X-Amz-Signature' || name === 'X-Amz-Algorithm' || name === 'X-Amz-Credential');
  if (authorization !== undefined && presigned) {
    throw invalidArgument('Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified');
  }
  if (authorization === undefined && !presigned) throw accessDenied();
  const signed = authorization !== undefined ? headerSignature(request, authorization) : querySignature(verifier, query);
  // An unknown key is told apart before the signature, as S3 does (InvalidAccessKeyId, not SignatureDoesNotMatch).
  const principal = principalOf(verifier.developer, signed.accessKeyId);
  const canonicalRequest = canonicalRequestOf(request, method, rawPath, query, signed);
  const stringToSign = ['AWS4-HMAC-SHA256', signed.amzDate, scopeOf(signed), sha256Hex(canonicalRequest)].join('\n');
  const expected = hmac(signingKey(verifier.developer.secretAccessKey, signed), stringToSign).toString('hex');
  // Compared in constant time, so the time an answer takes tells nothing of the right signature.
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

/** SigV4's canonical request: method, path as sent, sorted query (without the signature), signed headers, payload hash. */
function canonicalRequestOf(request: IncomingMessage, method: string, rawPath: string, query: Query, signed: Signed): string {
  const canonicalHeaders = signed.signedHeaders.map((name) => `${name}:${canonicalHeaderValue(header(request, name))}\n`).join('');
  return [method, rawPath, canonicalQuery(query.filter(([name]) => name !== 'X-Amz-Signature')), canonicalHeaders, signed.signedHeaders.join(';'), signed.payloadHash].join('\n');
}

const scopeOf = (signed: Signed) => `${signed.date}/${signed.region}/${signed.service}/aws4_request`;

/** The key derived from the secret for the signature's day, region and service. */
function signingKey(secretAccessKey: string, signed: Signed): Buffer {
  let key: Buffer = hmac(`AWS4${secretAccessKey}`, signed.date);
  for (const part of [signed.region, signed.service, 'aws4_request']) key = hmac(key, part);
  return key;
}

/** `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`, with `x-amz-date` and the payload hash in headers. */
function headerSignature(request: IncomingMessage, authorization: string): Signed {
  const match = /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(authorization.trim());
  if (!match) {
    throw authorization.startsWith('AWS4-HMAC-SHA256')
      ? new S3Error(400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed.')
      : invalidRequest('The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.');
  }
  const [, credential, signedHeaders, signature] = match as unknown as [string, string, string, string];
  const amzDate = header(request, 'x-amz-date');
  if (amzDate === undefined || !/^\d{8}T\d{6}Z$/.test(amzDate)) throw accessDenied('AWS authentication requires a valid Date or x-amz-date header');
  const payloadHash = header(request, 'x-amz-content-sha256');
  if (payloadHash === undefined) throw invalidRequest('Missing required header for this request: x-amz-content-sha256');
  const scope = credentialOf(credential, () => new S3Error(400, 'AuthorizationHeaderMalformed', `The authorization header is malformed; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`));
  return { ...scope, amzDate, signedHeaders: signedHeaders.split(';'), signature, payloadHash };
}

/** A presigned URL's `X-Amz-*` parameters, refused once `X-Amz-Expires` seconds from `X-Amz-Date` have passed. */
function querySignature(verifier: Verifier, query: Query): Signed {
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
  const now = verifier.now();
  if (now.getTime() > expiresAt.getTime()) {
    throw accessDenied('Request has expired', { 'X-Amz-Expires': expiresText, Expires: expiresAt.toISOString(), ServerTime: now.toISOString() });
  }
  const scope = credentialOf(credential, () => malformed('Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".'));
  return { ...scope, amzDate, signedHeaders: signedHeaders.split(';'), signature, payloadHash: value('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD' };
}

/** `<access key id>/<yyyymmdd>/<region>/s3/aws4_request`, or `malformed()`. */
function credentialOf(credential: string, malformed: () => S3Error): Pick<Signed, 'accessKeyId' | 'date' | 'region' | 'service'> {
  const [accessKeyId, date, region, service, terminal, ...rest] = credential.split('/');
  if (!accessKeyId || !date || !/^\d{8}$/.test(date) || !region || service !== 's3' || terminal !== 'aws4_request' || rest.length > 0) throw malformed();
  return { accessKeyId, date, region, service };
}

/** SigV4's canonical query: names and values encoded as RFC 3986 says, sorted by name, then value. */
function canonicalQuery(query: Query): string {
  return query
    .map(([name, value]) => [escapeUri(name), escapeUri(value)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

const canonicalHeaderValue = (value: string | undefined) => (value ?? '').replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').trim();
/** RFC 3986 escaping: encodeURIComponent leaves `!'()*` as they are, SigV4 does not. */
const escapeUri = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** `yyyyMMdd'T'HHmmss'Z'` as a date, or undefined. */
function dateOfAmz(text: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match) return undefined;
  const date = new Date(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
