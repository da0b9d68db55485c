import { createHash } from 'node:crypto';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { IDENTITY_CONTEXT_KEY, type Identity, identitySchema } from './identity';
import { idempotentId, newId } from '../ids';
import { injectLambdaContext, logger } from '../logger';
import { inCase } from '../observability/correlation';
import { withMetrics } from '../observability/metrics';
import { type FieldError, type Language, ProblemError, forbidden, unauthorized } from './errors';
import { open311ErrorResponse, problemResponse, requestLanguageOf } from './problem';
import { type RouteDefinition, isPublic, routeKeyOf } from './route';
import type { idempotencyKeyGuard } from './idempotency-key';
import type { UploadedFile, parseMultipart } from './multipart';
import { fieldsProblem, parseOrThrow } from './validation';

/** JSON request bodies are small documents (photos go to `POST /uploads`, an upload route with its own limit); anything larger is refused. */
export const MAX_BODY_BYTES = 64 * 1024;

type Parsed<S> = S extends z.ZodMiniType ? ([S] extends [z.ZodMiniNever] ? undefined : z.output<S>) : undefined;

/** What an operation receives: validated input and who is calling. */
export interface OperationInput<R extends RouteDefinition> {
  params: Parsed<NonNullable<R['params']>>;
  query: Parsed<NonNullable<R['query']>>;
  body: Parsed<NonNullable<R['body']>>;
  /** The uploaded file: always there on an upload route (`route.upload`, checked before the operation runs), never elsewhere. */
  file?: UploadedFile;
  /** The body's exact text, on a route that declares `rawBody` (a signature is checked over it); else absent. */
  rawBody?: string;
  /** Present on every route but public ones. */
  identity: R['access'] extends 'public' ? Identity | undefined : Identity;
  headers: Record<string, string | undefined>;
  /** What the caller reads answers in: `Accept-Language`, else their profile's choice, else zh (`requestLanguageOf`). */
  language: Language;
  requestId: string;
  /**
   * For a creating operation: the id of what it makes, and what a retry needs to recognise it.
   * Use `creation.id` for the new object and write it through `createOnce` (shared/http/creation.ts).
   */
  creation: Creation;
}

/**
 * What a creating operation names its new object with. Under an `Idempotency-Key` (on a route that
 * declares `idempotencyKey`), the id is derived from the caller, the route and the key
 * (`idempotentId`), so every attempt of the request names the same object — even one run again
 * after a crash left the key's record unfinished; otherwise it is a fresh `newId()`.
 */
export interface Creation {
  id: string;
  /**
   * Under an `Idempotency-Key`: a digest of who sent the whole request (the caller, the route, path
   * parameters, query and body, as parsed), kept on the object, so that finding it already there
   * tells an earlier attempt of this very request by this caller (answered with the object) from the
   * key reused for another request, or an id someone else's object holds.
   */
  fingerprint?: string;
}

const REPLY = Symbol('reply');

/** A response with headers or a status other than the route's success status. */
export interface Reply<T> {
  [REPLY]: true;
  body: T;
  status?: number;
  headers?: Record<string, string>;
}

/** Wraps a body with response headers (ETag, Location…) or a different status. */
export const reply = <T>(body: T, options: { status?: number; headers?: Record<string, string> } = {}): Reply<T> => ({
  [REPLY]: true,
  body,
  ...options,
});

/**
 * A text body in another content type than JSON (CSV, for a route whose `success.alsoAs` names it),
 * typed to fit any operation.
 */
export const replyText = (body: string, contentType: string, headers: Record<string, string> = {}): Reply<never> => ({
  [REPLY]: true,
  body: body as never,
  headers: { 'content-type': contentType, ...headers },
});

type ResponseOf<R extends RouteDefinition> = NonNullable<R['success']['schema']> extends z.ZodMiniType
  ? [NonNullable<R['success']['schema']>] extends [z.ZodMiniNever]
    ? unknown
    : z.input<NonNullable<R['success']['schema']>>
  : unknown;

export type Operation<R extends RouteDefinition> = (
  input: OperationInput<R>,
) => Promise<ResponseOf<R> | Reply<ResponseOf<R>>>;

export type Operations<Routes extends Record<string, RouteDefinition>> = {
  [K in keyof Routes]: Operation<Routes[K]>;
};

/**
 * Opt-in parts, passed in rather than imported here so that functions without them do not carry
 * their code (Powertools idempotency is ~40 KiB of every bundle otherwise).
 */
export interface HttpFunctionOptions {
  /** Needed when any route declares `idempotencyKey`. */
  idempotencyKeys?: typeof idempotencyKeyGuard;
  /** Needed when any route declares `upload` (busboy, ~20 KiB, only in the function that takes files). */
  multipart?: typeof parseMultipart;
}

export type HttpEvent = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayProxyEventV2['requestContext'] & { authorizer?: { lambda?: Record<string, unknown> } };
};
export type HttpResult = APIGatewayProxyStructuredResultV2;

/**
 * Builds the Lambda handler for one function of the route catalogue: it finds the operation by
 * the event's route key, checks the caller's role, parses path, query and body with the route's
 * schemas, runs the operation and renders its result. Every error goes through the one `onError`.
 * The metrics the operation records are published as the invocation ends (`withMetrics`).
 */
export function httpFunction<Routes extends Record<string, RouteDefinition>>(
  routes: Routes,
  operations: Operations<Routes>,
  options: HttpFunctionOptions = {},
) {
  type Guard = ReturnType<typeof idempotencyKeyGuard<HttpResult>>;
  const byRouteKey = new Map<string, { route: RouteDefinition; operation: Operation<RouteDefinition>; guard?: Guard }>();
  for (const [operationId, route] of Object.entries(routes)) {
    const operation = operations[operationId];
    // Fail at set-up, not per request: a route without its operation is a wiring mistake.
    if (!operation) throw new Error(`route ${operationId} has no operation`);
    if (route.idempotencyKey && !options.idempotencyKeys) {
      throw new Error(
        `route ${operationId} takes an Idempotency-Key: pass { idempotencyKeys: idempotencyKeyGuard } ` +
          `(from shared/http/idempotency-key) as httpFunction's third argument`,
      );
    }
    if (route.upload && !options.multipart) {
      throw new Error(`route ${operationId} takes an upload: pass { multipart: parseMultipart } (from shared/http/multipart) as httpFunction's third argument`);
    }
    byRouteKey.set(routeKeyOf(route), {
      route,
      operation: operation as Operation<RouteDefinition>,
      ...(route.idempotencyKey ? { guard: options.idempotencyKeys!<HttpResult>(operationId) } : {}),
    });
  }

  const handler = middy<HttpEvent, HttpResult, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    // The route, when known, picks the error format (`errorFormat`); unknown route keys answer problem+json.
    .use({ onError: (request) => renderError(request, byRouteKey.get(request.event.routeKey)?.route) })
    // The request is a case of its own: what it causes (events, pushes) carries its id (correlation.ts).
    .handler(async (event, context) => inCase(event.requestContext.requestId, async () => {
      logger.appendKeys({ requestId: event.requestContext.requestId, routeKey: event.routeKey });
      const entry = byRouteKey.get(event.routeKey);
      if (!entry) throw new Error(`no operation for route key ${event.routeKey}`);
      const parsed = await parseRequest(entry.route, event, options.multipart);
      const key = parsed.headers['idempotency-key'];
      const callerId = parsed.identity?.userId ?? 'anonymous';
      // An upload's fingerprint covers its file's bytes, by their digest.
      const body = parsed.file ? { fields: parsed.body ?? null, file: createHash('sha256').update(parsed.file.bytes).digest('base64url') } : parsed.body;
      const request = { route: event.routeKey, params: parsed.params, query: parsed.query, body };
      const creation: Creation =
        entry.guard && key !== undefined
          ? { id: idempotentId(callerId, event.routeKey, key), fingerprint: fingerprintOf({ caller: callerId, ...request }) }
          : { id: newId() };
      const input: OperationInput<RouteDefinition> = { ...parsed, creation };
      const run = async () => renderSuccess(entry.route, await entry.operation(input));
      if (!entry.guard) return run();
      if (key === undefined && entry.route.idempotencyKey === 'required') {
        throw new ProblemError('validation_failed', undefined, [
          { field: 'header.Idempotency-Key', code: 'required', message: 'Idempotency-Key header is required' },
        ]);
      }
      return entry.guard(callerId, key, request, context, run);
    }));
  return withMetrics((event: HttpEvent, context: Context) => handler(event, context));
}

/**
 * A digest of a caller's request as parsed: SHA-256 (base64url) over its JSON with every object's
 * keys in order, so the same request gives the same fingerprint however its client ordered the fields.
 */
function fingerprintOf(request: { caller: string; route: string; params: unknown; query: unknown; body: unknown }): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((name) => (value as Record<string, unknown>)[name] !== undefined)
        .map((name) => [name, canonical((value as Record<string, unknown>)[name])]),
    );
  };
  const { caller, route, params = null, query = null, body = null } = request;
  return createHash('sha256').update(JSON.stringify(canonical({ caller, route, params, query, body }))).digest('base64url');
}

async function parseRequest(
  route: RouteDefinition,
  event: HttpEvent,
  multipart: typeof parseMultipart | undefined,
): Promise<Omit<OperationInput<RouteDefinition>, 'creation'>> {
  const headers = lowerCaseKeys(event.headers);
  const identity = identityOf(event);
  const language = requestLanguageOf(headers, identity?.language);
  if (!isPublic(route)) {
    if (!identity) throw unauthorized();
    if (!(route.access as readonly string[]).includes(identity.role)) throw forbidden();
  }
  // Every part is checked before answering, so one 400 lists every bad field at once.
  const errors: FieldError[] = [];
  const collect = <T>(parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (error) {
      if (error instanceof ProblemError && (error.code === 'validation_failed' || error.code === 'outside_service_area') && error.errors.length) {
        errors.push(...error.errors);
        return undefined;
      }
      throw error;
    }
  };
  const params = route.params ? collect(() => parseOrThrow(route.params!, event.pathParameters ?? {}, 'path', language)) : undefined;
  const query = route.query
    ? collect(() => parseOrThrow(route.query!, event.queryStringParameters ?? {}, 'query', language))
    : undefined;
  const upload = route.upload ? await parseUpload(route, event, headers, multipart!) : undefined;
  const body = collect(() => (upload ? parseFields(route, upload.fields, language) : parseBody(route, event, headers, language)));
  if (errors.length) throw fieldsProblem(errors);
  return {
    params,
    query,
    body,
    ...(route.rawBody ? { rawBody: rawText(event) } : {}),
    ...(upload ? { file: upload.file } : {}),
    identity: identity as Identity,
    headers,
    language,
    requestId: event.requestContext.requestId,
  };
}

/** The bytes of a body as API Gateway handed them over: base64 when binary (payload 2.0). */
const bodyBytes = (event: HttpEvent): Buffer =>
  event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);

/** Form fields beyond this many bytes around the file are refused with it (boundaries, headers, `formData`). */
const MULTIPART_OVERHEAD_BYTES = 16 * 1024;

/** The file and form fields of an upload route's `multipart/form-data` body. */
async function parseUpload(
  route: RouteDefinition,
  event: HttpEvent,
  headers: Record<string, string | undefined>,
  multipart: typeof parseMultipart,
) {
  const spec = route.upload!;
  const bytes = bodyBytes(event);
  if (bytes.length > spec.maxBytes + MULTIPART_OVERHEAD_BYTES) {
    throw new ProblemError('payload_too_large', `a photo is at most ${spec.maxBytes} bytes`);
  }
  const contentType = headers['content-type'] ?? '';
  if (!/^multipart\/form-data\b/i.test(contentType)) {
    throw new ProblemError('unsupported_media_type', `send multipart/form-data (as wx.uploadFile does), the file in '${spec.field}'`);
  }
  return multipart(bytes, contentType, spec);
}

/** An upload route's form fields, checked with its body schema (none allowed without one). */
function parseFields(route: RouteDefinition, fields: Record<string, string>, language: Language): unknown {
  if (!route.body) {
    const [extra] = Object.keys(fields);
    if (extra !== undefined) throw new ProblemError('validation_failed', undefined, [{ field: `body.${extra}`, code: 'unknown_field', message: 'this upload takes no form fields' }]);
    return undefined;
  }
  return parseOrThrow(route.body, fields, 'body', language);
}

/** The body as text, decoded from base64 when API Gateway encoded it. */
const rawText = (event: HttpEvent): string => (event.isBase64Encoded ? bodyBytes(event).toString('utf8') : (event.body ?? ''));

function parseBody(
  route: RouteDefinition,
  event: HttpEvent,
  headers: Record<string, string | undefined>,
  language: Language,
): unknown {
  const raw = rawText(event);
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES) {
    throw new ProblemError('payload_too_large', `≤ ${MAX_BODY_BYTES} bytes`);
  }
  if (!route.body) {
    if (raw.trim() !== '') throw new ProblemError('validation_failed', 'this operation takes no body');
    return undefined;
  }
  const contentType = headers['content-type'] ?? 'application/json';
  if (!/^application\/(.+\+)?json\b/i.test(contentType)) throw new ProblemError('unsupported_media_type', 'send application/json');
  let json: unknown;
  try {
    json = JSON.parse(raw === '' ? 'null' : raw);
  } catch {
    throw new ProblemError('malformed_json');
  }
  return parseOrThrow(route.body, json, 'body', language);
}

/** The identity the authorizer put on the request, or undefined on public routes. */
export function identityOf(event: HttpEvent): Identity | undefined {
  const serialized = event.requestContext.authorizer?.lambda?.[IDENTITY_CONTEXT_KEY];
  if (typeof serialized !== 'string') return undefined;
  const parsed = identitySchema.safeParse(JSON.parse(serialized));
  return parsed.success ? parsed.data : undefined;
}

function renderSuccess(route: RouteDefinition, result: unknown): HttpResult {
  const isReply = typeof result === 'object' && result !== null && REPLY in result;
  const body = isReply ? (result as Reply<unknown>).body : result;
  const status = (isReply && (result as Reply<unknown>).status) || route.success.status;
  const headers = isReply ? ((result as Reply<unknown>).headers ?? {}) : {};
  if (status === 204 || body === undefined) return { statusCode: status, headers };
  if (typeof body === 'string') {
    return { statusCode: status, headers: { 'content-type': route.success.contentType ?? 'text/plain', ...headers }, body };
  }
  return { statusCode: status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/**
 * The one `onError` of every HTTP function: typed errors become problem+json (or the route's
 * `errorFormat`), the rest a logged 500.
 */
async function renderError(request: middy.Request<HttpEvent, HttpResult, Error, Context>, route: RouteDefinition | undefined): Promise<void> {
  const { error, event } = request;
  // The error may be about the identity itself: its language is only a preference, never a second fault.
  let chosen: Language | undefined;
  try {
    chosen = identityOf(event)?.language;
  } catch {
    chosen = undefined;
  }
  const language = requestLanguageOf(lowerCaseKeys(event.headers), chosen);
  const render = (problem: ProblemError) =>
    route?.errorFormat === 'open311' ? open311ErrorResponse(problem, language) : problemResponse(problem, language, event.rawPath);
  if (error instanceof ProblemError) {
    if (error.status >= 500) logger.error('request failed', { error });
    request.response = render(error);
    return;
  }
  logger.error('unexpected fault', { error, requestId: event.requestContext?.requestId });
  request.response = render(new ProblemError('internal_error', undefined));
}

function lowerCaseKeys(headers: Record<string, string | undefined> | undefined): Record<string, string | undefined> {
  const lowered: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(headers ?? {})) lowered[key.toLowerCase()] = value;
  return lowered;
}
