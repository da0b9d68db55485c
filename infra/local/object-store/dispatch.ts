import type { IncomingMessage, ServerResponse } from 'node:http';
import { Grants } from './access';
import { S3Error, noSuchBucket, notImplemented } from './errors';
import { checkKey } from './files';
import { Call, type StoreContext } from './operations';
import { decode, header, parameter, parseQuery, payloadOf, readBody } from './requests';
import { requestIdOf, sendError } from './responses';
import { authenticate } from './sigv4';

/**
 * One request, from the socket to its operation: authenticated first (sigv4.ts), then its body read,
 * then its path-style `/<bucket>/<key>` and method name the operation (operations.ts). Whatever goes
 * wrong is answered as S3 would, with its XML error document.
 */

/** Query parameters S3 takes on the calls served here; any other names a feature not served (ACLs, versions, multipart…). */
const KNOWN_PARAMETERS = new Set([
  'x-id',
  'tagging',
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

/** Serves one request; never throws (an unexpected error is logged and answered 500 InternalError). */
export async function serve(context: StoreContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
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
  const call = new Call(context, new Grants(principal, context.denials), bucket, response, requestId);

  if (key === '') {
    if (method === 'HEAD') return call.headBucket();
    if (method === 'GET' && parameter(query, 'list-type') === '2') return call.listObjects(query);
    throw notImplemented(`${method} on a bucket`);
  }
  checkKey(key);
  // `?tagging` names the object's tags rather than the object (a bucket's tags fall to NotImplemented above).
  if (query.some(([name]) => name === 'tagging')) {
    switch (method) {
      case 'GET':
        return call.getObjectTagging(key);
      case 'PUT':
        return call.putObjectTagging(key, request, body);
      case 'DELETE':
        return call.deleteObjectTagging(key);
      default:
        throw methodNotAllowed(method);
    }
  }
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
      throw methodNotAllowed(method);
  }
}

const methodNotAllowed = (method: string) =>
  new S3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', { Method: method, ResourceType: 'OBJECT' });
