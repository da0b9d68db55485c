import type { Context } from 'aws-lambda';
import type { Identity } from '../../../shared/auth/identity';
import { IDENTITY_CONTEXT_KEY } from '../../../shared/auth/identity';
import type { HttpEvent, HttpResult } from '../../../shared/http/function';

/** An API Gateway HTTP API (payload 2.0) event, as the gateway hands it to a route's function. */
export function httpEvent(
  routeKey: string,
  options: {
    identity?: Identity;
    /** The authorizer context as the authorizer returned it; overrides `identity`. */
    authorizerContext?: Record<string, unknown>;
    pathParameters?: Record<string, string>;
    body?: unknown;
    headers?: Record<string, string>;
  } = {},
): HttpEvent {
  const [method = 'GET', routePath = '/'] = routeKey.split(' ');
  const rawPath = routePath.replace(/\{(\w+)\}/g, (_, name: string) => options.pathParameters?.[name] ?? name);
  const lambda = options.authorizerContext ??
    (options.identity ? { [IDENTITY_CONTEXT_KEY]: JSON.stringify(options.identity) } : undefined);
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', 'accept-language': 'en', ...options.headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example',
      domainPrefix: 'api',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: 'request-1',
      routeKey,
      stage: '$default',
      time: '01/Jan/2026:00:00:00 +0000',
      timeEpoch: 0,
      ...(lambda ? { authorizer: { lambda } } : {}),
    },
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    ...(options.body !== undefined
      ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }
      : {}),
    isBase64Encoded: false,
  };
}

/** Enough of a Lambda context for middy and the Powertools logger. */
export const lambdaContext = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:cn-north-1:123456789012:function:test',
  memoryLimitInMB: '256',
  awsRequestId: 'aws-request-1',
  logGroupName: '/aws/lambda/test',
  logStreamName: 'stream',
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
} as Context;

/** The JSON body of a result. */
export const bodyOf = <T = Record<string, unknown>>(result: HttpResult): T => JSON.parse(result.body ?? 'null') as T;
