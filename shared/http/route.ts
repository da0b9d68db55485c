import type * as z from 'zod/mini';
import type { Role } from './identity';
import type { UploadSpec } from './multipart';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One entry of the route catalogue (its key is the operationId): everything CDK, the local gateway, OpenAPI, the handlers
 * and the tests need to know about an operation.
 */
export interface RouteDefinition<
  Params extends z.ZodMiniType = z.ZodMiniType,
  Query extends z.ZodMiniType = z.ZodMiniType,
  Body extends z.ZodMiniType = z.ZodMiniType,
  Response extends z.ZodMiniType = z.ZodMiniType,
> {
  method: HttpMethod;
  /** API Gateway style: `/org-units/{unitId}`. */
  path: string;
  /** The Lambda function that serves it: `functions/http/<function>.ts`. */
  function: string;
  summary: string;
  tag: string;
  /** `public` skips the authorizer; otherwise the roles allowed to call it. */
  access: 'public' | readonly Role[];
  params?: Params;
  query?: Query;
  /** A JSON body; on an upload route, the plain form fields sent beside the file (all strings). */
  body?: Body;
  /**
   * A file upload: the body is `multipart/form-data` (as `wx.uploadFile` sends it), its file in
   * `upload.field`; the operation receives it as `file`.
   */
  upload?: UploadSpec;
  /**
   * The operation also gets the body's exact text as `rawBody` (after the kernel has checked it as
   * usual): for a signature computed over the bytes as sent (a department's callback).
   */
  rawBody?: true;
  /**
   * The success status and its body; no schema means an empty body (204) or a non-JSON one.
   * `alsoAs`: another content type the operation answers with when asked (e.g. `text/csv` for
   * `format=csv`), documented beside the JSON one; the operation answers it with `replyText`.
   */
  success: { status: number; description: string; schema?: Response; contentType?: string; alsoAs?: string };
  /** Error statuses worth documenting beyond the ones every route has. */
  errors?: readonly number[];
  /**
   * Whether the operation honours an `Idempotency-Key` header (a resubmission after a dropped
   * connection creates one thing, not two): `required` refuses requests without one.
   */
  idempotencyKey?: 'optional' | 'required';
  /** Headers the operation reads, for the docs (e.g. `If-Match`). */
  headers?: readonly { name: string; description: string; required?: boolean }[];
  /**
   * How its errors are answered: RFC 9457 problem+json (`problem`, the default), or `open311`, the
   * list Open311 GeoReport v2 clients parse (`[{ "code": 400, "description": "…" }]`, JSON), for
   * the routes of an adapter that speaks that standard (shared/open311/). Same statuses either way.
   */
  errorFormat?: 'problem' | 'open311';
}

/** Declares a route, keeping its schema types for the handler that implements it. */
export function defineRoute<
  Params extends z.ZodMiniType = z.ZodMiniNever,
  Query extends z.ZodMiniType = z.ZodMiniNever,
  Body extends z.ZodMiniType = z.ZodMiniNever,
  Response extends z.ZodMiniType = z.ZodMiniNever,
>(route: RouteDefinition<Params, Query, Body, Response>): RouteDefinition<Params, Query, Body, Response> {
  return route;
}

/** The route key API Gateway puts on the event, e.g. `GET /org-units/{unitId}`. */
export const routeKeyOf = (route: Pick<RouteDefinition, 'method' | 'path'>): string => `${route.method} ${route.path}`;

export const isPublic = (route: Pick<RouteDefinition, 'access'>): boolean => route.access === 'public';
