import type { OperationDoc } from './api-docs';
import { type ProblemCode, problems } from './errors';
import type { JsonSchema } from './openapi-schemas';
import { problemTitles } from './problem-titles';
import { type RouteDefinition, isPublic } from './route';

/**
 * How the OpenAPI document (openapi.ts) describes errors: the problem+json schema (and Open311's list
 * for the adapter's routes), which codes each status stands for, and the error answers themselves.
 */

/** The body of every error answer but the Open311 adapter's: RFC 9457 problem details. */
export const problemSchema: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details. `code` is stable and meant for programs; `title` for people.',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string', format: 'uri', description: 'A URI naming the kind of problem; `about:blank` or the code’s page.' },
    title: { type: 'string', description: 'What went wrong, in the caller’s language (`Accept-Language`).' },
    status: { type: 'integer', description: 'The HTTP status, repeated for clients that lose it.' },
    code: { type: 'string', enum: Object.keys(problems), description: 'The stable machine code: branch on this, not on `title`.' },
    detail: { type: 'string', description: 'This occurrence, in words (which station is full, which field).' },
    instance: { type: 'string', description: 'The path of the request that failed.' },
    errors: {
      type: 'array',
      description: 'On `validation_failed`: every invalid field, not only the first.',
      items: {
        type: 'object',
        description: 'One invalid field.',
        required: ['field', 'code', 'message'],
        properties: {
          field: { type: 'string', description: 'Where: `body.name`, `query.limit`, `path.stationId`.', examples: ['body.seats.total'] },
          code: { type: 'string', description: 'What kind of problem (zod’s issue code, e.g. `too_small`).', examples: ['too_small'] },
          message: { type: 'string', description: 'The problem in words, in the caller’s language.', examples: ['数值过小：应大于等于 1'] },
        },
      },
    },
  },
};

/** The errors of routes that answer as Open311 GeoReport v2 does (`errorFormat: 'open311'`). */
export const open311ErrorsSchema: JsonSchema = {
  type: 'array',
  description: 'Open311 GeoReport v2 errors: one entry per problem (each invalid field, or the one reason), `code` the HTTP status.',
  items: {
    type: 'object',
    description: 'One problem.',
    required: ['code', 'description'],
    properties: {
      code: { type: 'integer', description: 'The HTTP status.', examples: [400] },
      description: { type: 'string', description: 'The problem in words, in the caller’s language; a field’s name first when it is about one.', examples: ['service_code: no category pothole'] },
    },
  },
};

/** What an error status means, in a response's description. */
const errorDescriptions: Record<number, string> = {
  400: 'Invalid input: see `errors[]`',
  401: 'Missing, expired or invalid token',
  403: 'Not allowed: your role, your scope or your account’s state',
  404: 'Not found, or not yours to see',
  405: 'Method not allowed',
  409: 'Conflicts with the current state',
  410: 'Gone: it has expired',
  412: 'The resource changed since you read it',
  413: 'Body too large',
  415: 'A body of a type this operation does not take',
  422: 'Understood, but refused: see `code`',
  429: 'Too many requests (throttled); retry later',
  502: 'An upstream service failed',
};

/** The codes a status always stands for, whatever the operation. */
const codesOfEveryOperation: Partial<Record<number, ProblemCode[]>> = {
  400: ['validation_failed', 'malformed_json'],
  401: ['unauthorized'],
  403: ['forbidden'],
  404: ['not_found'],
  412: ['precondition_failed'],
  413: ['payload_too_large'],
  415: ['unsupported_media_type'],
  429: ['too_many_requests'],
  502: ['upstream_unavailable'],
};

/** What an operation that honours `Idempotency-Key` may answer about the key. */
const idempotencyCodes: readonly ProblemCode[] = ['idempotency_in_progress', 'idempotency_key_reused'];

/**
 * The error statuses an operation answers, in the document's order: its route's own and 429; 400
 * when it takes input; 401 and 403 unless public; 413 and 415 when it takes a body; 409 and 422 with
 * an `Idempotency-Key`; and the statuses of the codes its words name.
 */
export function errorStatusesOf(route: RouteDefinition, doc: OperationDoc): number[] {
  const statuses = new Set<number>([...(route.errors ?? []), 429]);
  if (route.params || route.query || route.body || route.upload) statuses.add(400);
  if (!isPublic(route)) [401, 403].forEach((status) => statuses.add(status));
  if (route.body || route.upload) [413, 415].forEach((status) => statuses.add(status));
  if (route.idempotencyKey) [409, 422].forEach((status) => statuses.add(status));
  for (const code of doc.errors ?? []) statuses.add(problems[code]);
  return [...statuses].sort();
}

/**
 * The codes an operation's answer of `status` may carry: the operation's own (`own`, from its words),
 * then those the status always stands for, then the `Idempotency-Key`'s; each once.
 */
export function errorCodesOf(status: number, route: RouteDefinition, doc: OperationDoc): { own: ProblemCode[]; codes: ProblemCode[] } {
  const own = (doc.errors ?? []).filter((code) => problems[code] === status);
  const codes = [
    ...own,
    ...(codesOfEveryOperation[status] ?? []),
    ...(route.idempotencyKey ? idempotencyCodes.filter((code) => problems[code] === status) : []),
  ];
  return { own, codes: [...new Set(codes)] };
}

/** A problem response listing the codes it may carry, with an example of the first. */
export function problemResponse(status: number, codes: readonly ProblemCode[]) {
  const listed = codes.length ? ` — ${codes.map((code) => `\`${code}\``).join(', ')}` : '';
  const first = codes[0];
  return {
    description: `${errorDescriptions[status] ?? 'Error'}${listed}`,
    content: {
      'application/problem+json': {
        schema: { $ref: '#/components/schemas/Problem' },
        ...(first ? { example: { type: 'about:blank', title: problemTitles[first].zh, status, code: first, instance: '/…' } } : {}),
      },
    },
  };
}

/** An Open311 error response (`errorFormat: 'open311'`): the same statuses, Open311's list for a body. */
export function open311ErrorResponse(status: number, codes: readonly ProblemCode[]) {
  const first = codes[0];
  return {
    description: problemResponse(status, codes).description,
    content: {
      'application/json': {
        schema: { $ref: '#/components/schemas/Open311Errors' },
        ...(first ? { example: [{ code: status, description: problemTitles[first].en }] } : {}),
      },
    },
  };
}

/** The names of the error answers many operations share, by status (`components.responses`). */
export const sharedResponseNames: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  412: 'PreconditionFailed',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Unprocessable',
  429: 'TooManyRequests',
  500: 'UnexpectedFault',
  502: 'UpstreamUnavailable',
};
