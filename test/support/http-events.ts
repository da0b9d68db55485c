import type { Context } from 'aws-lambda';
import { httpEvent as gatewayEvent } from '../../infra/local/http-event';
import { contextFor } from '../../infra/local/lambda';
import { IDENTITY_CONTEXT_KEY, type Identity } from '../../shared/auth/identity';
import type { HttpEvent } from '../../shared/http/function';

/**
 * An API Gateway HTTP API (payload 2.0) event as the gateway and authorizer would hand it to a
 * handler, for handler tests without a gateway: built by the local gateway's own builder.
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
  return gatewayEvent({
    method,
    path,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers: { ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
    ...(options.body !== undefined ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) } : {}),
    routeKey: options.routeKey,
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    ...(options.identity ? { authorizer: { lambda: { [IDENTITY_CONTEXT_KEY]: JSON.stringify(options.identity) } } } : {}),
    userAgent: 'vitest',
  });
}

/** A Lambda context good enough for handlers and Powertools: the local runtime's, with a request's 10 s. */
export const lambdaContext = (functionName = 'test'): Context => contextFor({ name: functionName, timeoutSeconds: 10 });
