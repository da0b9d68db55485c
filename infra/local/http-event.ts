import { randomUUID } from 'node:crypto';
import type { HttpEvent } from '../../shared/http/function';

/** A request as API Gateway receives it, and what it decided about it (route, path parameters, authorizer). */
export interface HttpRequest {
  method: string;
  /** The path, without the query string. */
  path: string;
  /** The query string as sent, without `?`. */
  rawQueryString?: string;
  /** Header names in lower case; a repeated header's values joined with commas. */
  headers: Record<string, string>;
  /** The body as the function gets it: text, or base64 when `isBase64Encoded` (see {@link bodyForLambda}). */
  body?: string;
  isBase64Encoded?: boolean;
  /** The matched route (`GET /stations/{stationId}`), or `$default`. */
  routeKey: string;
  pathParameters?: Record<string, string>;
  /** What the Lambda authorizer answered (its context), for a secured route. */
  authorizer?: HttpEvent['requestContext']['authorizer'];
  sourceIp?: string;
  protocol?: string;
  userAgent?: string;
  requestId?: string;
  at?: Date;
}

/**
 * The API Gateway HTTP API payload 2.0 event of a request, as API Gateway builds it: query
 * parameters parsed from the query string (a repeated one's values joined with commas), cookies from
 * the `cookie` header, `pathParameters` and `queryStringParameters` only when there are some. The
 * local gateway builds every event with it, and handler tests build theirs with it too
 * (test/support/http-events.ts), so both hand handlers the same shape.
 */
export function httpEvent(request: HttpRequest): HttpEvent {
  const { headers, routeKey } = request;
  const rawQueryString = request.rawQueryString ?? '';
  const query: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) query[name] = name in query ? `${query[name]},${value}` : value;
  const at = request.at ?? new Date();
  const method = request.method.toUpperCase();
  return {
    version: '2.0',
    routeKey,
    rawPath: request.path,
    rawQueryString,
    ...(headers.cookie ? { cookies: headers.cookie.split(';').map((cookie) => cookie.trim()) } : {}),
    headers,
    ...(rawQueryString ? { queryStringParameters: query } : {}),
    ...(request.pathParameters && Object.keys(request.pathParameters).length > 0 ? { pathParameters: request.pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method,
        path: request.path,
        protocol: request.protocol ?? 'HTTP/1.1',
        sourceIp: request.sourceIp ?? '127.0.0.1',
        userAgent: request.userAgent ?? headers['user-agent'] ?? '',
      },
      requestId: request.requestId ?? randomUUID(),
      routeKey,
      stage: '$default',
      time: at.toUTCString(),
      timeEpoch: at.getTime(),
      ...(request.authorizer ? { authorizer: request.authorizer } : {}),
    },
    ...(request.body !== undefined ? { body: request.body } : {}),
    isBase64Encoded: request.isBase64Encoded ?? false,
  } as HttpEvent;
}

/**
 * Media types an HTTP API hands a Lambda function as text; any other body — `multipart/form-data`
 * from `wx.uploadFile`, `application/octet-stream`, `application/x-www-form-urlencoded`, or a body
 * without a content type — arrives base64-encoded with `isBase64Encoded: true`. AWS documents only
 * that binary bodies are base64-encoded, not which types it counts as text; this split is what an
 * HTTP API (payload 2.0) was observed to do (ministackorg/ministack#766).
 */
const TEXT_MEDIA_TYPES = /^(text\/[^;\s]+|application\/(json|xml|javascript))\s*(;|$)/i;

/** A request body as API Gateway passes it to the function: text for textual content types, else base64. */
export function bodyForLambda(bytes: Buffer, contentType: string | undefined): Pick<HttpRequest, 'body' | 'isBase64Encoded'> {
  if (bytes.length === 0) return {};
  return contentType !== undefined && TEXT_MEDIA_TYPES.test(contentType.trim())
    ? { body: bytes.toString('utf8'), isBase64Encoded: false }
    : { body: bytes.toString('base64'), isBase64Encoded: true };
}

/** API Gateway's own answer when the function behind a route fails outside its error handling (or a crash). */
export const GATEWAY_INTERNAL_ERROR = {
  statusCode: 500,
  headers: { 'content-type': 'application/json' },
  body: '{"message":"Internal Server Error"}',
} as const;
