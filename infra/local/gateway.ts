import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyStructuredResultV2, APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { AUTHORIZER_CACHE_SECONDS } from '../../shared/auth/identity';
import { ProblemError } from '../../shared/http/errors';
import type { HttpEvent } from '../../shared/http/function';
import { languageOf, problemResponse } from '../../shared/http/problem';
import { type RouteDefinition, isPublic, routeKeyOf } from '../../shared/http/route';
import { RouteTable } from '../../shared/http/router';
import { allRoutes } from '../../shared/routes';
import { GATEWAY_INTERNAL_ERROR, bodyForLambda, httpEvent } from './http-event';
import type { LocalFunctions } from './lambda';

/** API Gateway refuses bodies over 10 MB before any Lambda runs; so do we. */
const GATEWAY_BODY_LIMIT = 10 * 1024 * 1024;

/**
 * A page only the local gateway serves (`GET /metrics`): not in the route catalogue, so neither in
 * the deployed API nor in its OpenAPI document.
 */
export type LocalPage = (url: URL, headers: Readonly<Record<string, string>>) => APIGatewayProxyStructuredResultV2;

/**
 * The local HTTP API: turns each request into an API Gateway HTTP API payload-2.0 event (a body as
 * text when its content type is textual, else base64 with `isBase64Encoded`), runs the Lambda
 * authorizer on secured routes, and invokes the route's function, as API Gateway does.
 * Unmatched requests go to the `$default` route (the meta function), as in the CDK stack; the local
 * pages answer `GET` at their paths before any of that.
 */
export class LocalGateway {
  private server?: Server;
  private readonly table = new RouteTable<RouteDefinition>();
  /** Authorizer answers by Authorization header, as API Gateway's authorizer cache keeps them. */
  private readonly allowed = new Map<string, { context: Record<string, unknown>; until: number }>();

  constructor(
    private readonly lambdas: Pick<LocalFunctions, 'invoke'>,
    private readonly localPages: ReadonlyMap<string, LocalPage> = new Map(),
  ) {
    for (const [, route] of allRoutes()) {
      // A local page would hide a route of the API here and not in AWS.
      if (localPages.has(route.path)) throw new Error(`the local page ${route.path} is also a route of the API`);
      this.table.add(route, route);
    }
  }

  async listen(port: number): Promise<string> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        console.error('[gateway] internal error', error);
        send(response, GATEWAY_INTERNAL_ERROR);
      });
    });
    this.server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', resolve);
    });
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Forgets every cached authorizer answer, as if the cache's time had passed (tests of revocation). */
  expireAuthorizerCache(): void {
    this.allowed.clear();
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = (request.method ?? 'GET').toUpperCase();
    const localPage = method === 'GET' ? this.localPages.get(url.pathname) : undefined;
    if (localPage) return send(response, localPage(url, headersOf(request)));
    const body = await readBody(request);
    if (body === null) {
      return send(response, problemResponse(new ProblemError('payload_too_large'), languageOf(headersOf(request))));
    }
    const match = this.table.match(method, url.pathname);
    const route = 'found' in match ? match.found.value : undefined;
    const event = toEvent(request, url, body, route ? routeKeyOf(route) : '$default', 'found' in match ? match.found.pathParameters : undefined);

    // The response names the request as API Gateway's does: the id its function saw (the correlation id).
    const requestId = event.requestContext.requestId;
    if (!route) return send(response, await this.invokeHttp('meta', event), requestId);
    if (!isPublic(route)) {
      const denial = await this.authorize(event);
      if (denial) return send(response, denial, requestId);
    }
    send(response, await this.invokeHttp(route.function, event), requestId);
  }

  /** Runs the Lambda authorizer; returns the gateway's answer when access is denied. */
  private async authorize(event: HttpEvent): Promise<Readonly<APIGatewayProxyStructuredResultV2> | undefined> {
    const language = languageOf(event.headers);
    const token = event.headers.authorization;
    // API Gateway answers 401 without calling the authorizer when the identity source is missing.
    if (!token) return problemResponse(new ProblemError('unauthorized', 'missing Authorization header'), language);
    const authorizerEvent: APIGatewayRequestAuthorizerEventV2 = {
      version: '2.0',
      type: 'REQUEST',
      routeArn: `arn:aws:execute-api:local:000000000000:local/$default/${event.requestContext.http.method}${event.rawPath}`,
      identitySource: [token],
      routeKey: event.routeKey,
      rawPath: event.rawPath,
      rawQueryString: event.rawQueryString,
      cookies: event.cookies ?? [],
      headers: event.headers as Record<string, string>,
      queryStringParameters: (event.queryStringParameters ?? {}) as Record<string, string>,
      requestContext: event.requestContext as APIGatewayRequestAuthorizerEventV2['requestContext'],
      pathParameters: (event.pathParameters ?? {}) as Record<string, string>,
      stageVariables: {},
    };
    const cached = this.allowed.get(token);
    if (cached && cached.until > Date.now()) {
      event.requestContext.authorizer = { lambda: cached.context };
      return undefined;
    }
    try {
      const result = (await this.lambdas.invoke('authorizer', authorizerEvent)) as {
        isAuthorized: boolean;
        context?: Record<string, unknown>;
      };
      if (!result?.isAuthorized) return problemResponse(new ProblemError('forbidden'), language);
      event.requestContext.authorizer = { lambda: result.context ?? {} };
      // Bounded like any cache: a long-running local server sees many tokens.
      if (this.allowed.size >= 10_000) this.allowed.clear();
      this.allowed.set(token, { context: result.context ?? {}, until: Date.now() + AUTHORIZER_CACHE_SECONDS * 1000 });
      return undefined;
    } catch (error) {
      if (error instanceof Error && error.message === 'Unauthorized') {
        return problemResponse(new ProblemError('unauthorized'), language);
      }
      // An authorizer that crashes is a 500 in API Gateway too.
      console.error('[gateway] authorizer failed', error);
      return GATEWAY_INTERNAL_ERROR;
    }
  }

  private async invokeHttp(name: string, event: HttpEvent): Promise<Readonly<APIGatewayProxyStructuredResultV2>> {
    try {
      const result = await this.lambdas.invoke(name, event);
      // HTTP API accepts a bare value as a 200 JSON response.
      if (typeof result !== 'object' || result === null || !('statusCode' in result)) {
        return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(result) };
      }
      // A response API Gateway cannot send is its own 500, as a crash is.
      const { statusCode, body } = result as APIGatewayProxyStructuredResultV2;
      if (!Number.isInteger(statusCode) || statusCode! < 100 || statusCode! > 599 || (body !== undefined && typeof body !== 'string')) {
        console.error(`[gateway] ${name} returned a response API Gateway cannot send`, result);
        return GATEWAY_INTERNAL_ERROR;
      }
      return result as APIGatewayProxyStructuredResultV2;
    } catch (error) {
      // The function failed outside its own error handling (it threw, or its environment died).
      console.error(`[gateway] ${name} failed`, error);
      return GATEWAY_INTERNAL_ERROR;
    }
  }
}

function headersOf(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}

/** The payload 2.0 event of a request to this gateway (infra/local/http-event.ts builds it). */
function toEvent(
  request: IncomingMessage,
  url: URL,
  body: Buffer,
  routeKey: string,
  pathParameters: Record<string, string> | undefined,
): HttpEvent {
  const headers = headersOf(request);
  return httpEvent({
    method: request.method ?? 'GET',
    path: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...bodyForLambda(body, headers['content-type']),
    routeKey,
    ...(pathParameters ? { pathParameters } : {}),
    protocol: `HTTP/${request.httpVersion}`,
    sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
  });
}

/** The body's bytes as sent (the event says how the function gets them), or null past the limit. */
function readBody(request: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= GATEWAY_BODY_LIMIT) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > GATEWAY_BODY_LIMIT ? null : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, result: Readonly<APIGatewayProxyStructuredResultV2>, requestId: string = randomUUID()): void {
  const body = result.body ?? '';
  response.writeHead(result.statusCode ?? 200, {
    ...(result.headers as Record<string, string>),
    'apigw-requestid': requestId,
  });
  response.end(result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}
