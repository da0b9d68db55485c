import type { Context } from 'aws-lambda';
import type { Identity } from '../../shared/auth/identity';
import type { HttpEvent } from '../../shared/http/function';

/**
 * An API Gateway HTTP API (payload 2.0) event as the gateway and authorizer would hand it to a
 * handler, for handler tests without a gateway.
 */
export function httpEvent(options: {
  routeKey: string;
  path?: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  identity?: Identity;
}): HttpEvent {
  const [method = 'GET', template = '/'] = options.routeKey.split(' ');
  const path = options.path ?? template.replace(/\{(\w+)\}/g, (_, name: string) => options.pathParameters?.[name] ?? name);
  return {
    version: '2.0',
    routeKey: options.routeKey,
    rawPath: path,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers: { ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
    ...(options.query ? { queryStringParameters: options.query } : {}),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    ...(options.body !== undefined ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) } : {}),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      domainName: 'test',
      domainPrefix: 'test',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: `req-${Math.random().toString(36).slice(2)}`,
      routeKey: options.routeKey,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      ...(options.identity ? { authorizer: { lambda: { identity: JSON.stringify(options.identity) } } } : {}),
    },
  } as HttpEvent;
}

/** A Lambda context good enough for handlers and Powertools. */
export const lambdaContext = (functionName = 'test'): Context =>
  ({
    functionName,
    functionVersion: '$LATEST',
    awsRequestId: `aws-${Math.random().toString(36).slice(2)}`,
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    logGroupName: 'test',
    logStreamName: 'test',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }) as Context;
