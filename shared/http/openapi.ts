import * as z from 'zod/mini';
import { problems } from './errors';
import { type RouteDefinition, isPublic } from './route';

type JsonSchema = Record<string, unknown>;

const problemSchema: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details. `code` is stable and meant for programs; `title` for people.',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string', enum: Object.keys(problems) },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'code', 'message'],
        properties: { field: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

const errorDescriptions: Record<number, string> = {
  400: 'Invalid input: see `errors[]`',
  401: 'Missing, expired or invalid token',
  403: 'Your role may not do this',
  404: 'Not found, or not yours to see',
  405: 'Method not allowed',
  409: 'Conflicts with the current state',
  422: 'Idempotency-Key reused with a different body',
  412: 'The resource changed since you read it',
  413: 'Body too large',
  415: 'Body must be JSON',
  429: 'Too many requests (throttled); retry later',
  502: 'An upstream service failed',
};

function toSchema(schema: z.ZodMiniType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12', override: keepDefault });
  return rest as JsonSchema;
}

/**
 * zod leaves a default out of an input schema whose parsing transforms (the strict query numbers of
 * shared/http/common.ts read a string, then check a number); the parameter still has it, so it goes
 * back in when its type is the schema's (`limit`: integer, default 20).
 */
function keepDefault({ zodSchema, jsonSchema }: { zodSchema: unknown; jsonSchema: JsonSchema }): void {
  const def = (zodSchema as { _zod: { def: { type: string; defaultValue?: unknown } } })._zod.def;
  if (def.type !== 'default' || 'default' in jsonSchema) return;
  const value = def.defaultValue;
  const type = jsonSchema.type;
  const fits =
    (typeof value === 'number' && (type === 'number' || (type === 'integer' && Number.isInteger(value)))) ||
    (typeof value === 'string' && type === 'string') ||
    (typeof value === 'boolean' && type === 'boolean');
  if (fits) jsonSchema.default = value;
}

function parametersOf(schema: z.ZodMiniType | undefined, location: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const objectSchema = toSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(objectSchema.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (objectSchema.required ?? []).includes(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** An upload route's form: its file (binary, at most `maxBytes`) beside the plain fields of its body schema. */
function uploadSchemaOf(route: RouteDefinition): JsonSchema {
  const { field, maxBytes, description } = route.upload!;
  const fields = route.body ? toSchema(route.body, 'input') : { type: 'object', properties: {} };
  return {
    ...fields,
    type: 'object',
    required: [field, ...((fields.required as string[] | undefined) ?? [])],
    properties: {
      [field]: { type: 'string', format: 'binary', contentMediaType: 'application/octet-stream', maxLength: maxBytes, description },
      ...(fields.properties as Record<string, unknown>),
    },
  };
}

function operationOf(operationId: string, route: RouteDefinition): JsonSchema {
  // Every route can be throttled by the gateway.
  const errors = new Set<number>([...(route.errors ?? []), 429]);
  if (route.params || route.query || route.body || route.upload) errors.add(400);
  if (!isPublic(route)) {
    errors.add(401);
    errors.add(403);
  }
  if (route.body || route.upload) [413, 415].forEach((status) => errors.add(status));
  if (route.idempotencyKey) [409, 422].forEach((status) => errors.add(status));
  const responses: Record<string, unknown> = {
    [route.success.status]: {
      description: route.success.description,
      ...(route.success.schema
        ? {
            content: {
              'application/json': { schema: toSchema(route.success.schema, 'output') },
              ...(route.success.alsoAs ? { [route.success.alsoAs]: { schema: { type: 'string' } } } : {}),
            },
          }
        : route.success.contentType
          ? { content: { [route.success.contentType]: { schema: { type: 'string' } } } }
          : {}),
    },
  };
  for (const status of [...errors].sort()) responses[status] = problemResponse(errorDescriptions[status] ?? 'Error');
  responses.default = problemResponse('Unexpected fault (logged with the request id)');
  const roles = isPublic(route) ? 'Public.' : `Roles: ${(route.access as readonly string[]).join(', ')}.`;
  return {
    operationId,
    summary: route.summary,
    description: roles,
    tags: [route.tag],
    ...(isPublic(route) ? { security: [] } : {}),
    parameters: [
      ...parametersOf(route.params, 'path'),
      ...parametersOf(route.query, 'query'),
      ...(route.idempotencyKey
        ? [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: route.idempotencyKey === 'required',
              description: 'A key of yours (e.g. a UUID): resubmitting with it returns the first response instead of acting twice.',
              schema: { type: 'string', minLength: 8, maxLength: 128 },
            },
          ]
        : []),
      ...(route.headers ?? []).map((header) => ({
        name: header.name,
        in: 'header',
        required: header.required ?? false,
        description: header.description,
        schema: { type: 'string' },
      })),
      { $ref: '#/components/parameters/AcceptLanguage' },
    ],
    ...(route.upload
      ? { requestBody: { required: true, content: { 'multipart/form-data': { schema: uploadSchemaOf(route) } } } }
      : route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(route.body, 'input') } } } }
        : {}),
    responses,
  };
}

/** Builds the OpenAPI 3.1 document of a route catalogue. */
export function buildOpenApiDocument(routes: Record<string, RouteDefinition>): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  const tags = new Set<string>();
  for (const [operationId, route] of Object.entries(routes)) {
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = operationOf(operationId, route);
    tags.add(route.tag);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Grid service API (南京网格化社会治理)',
      version: '0.1.0',
      description:
        'Residents’ requests, 宁小蜂 rest stations, donated facilities, micro-grid volunteers and notifications ' +
        'for Nanjing’s grid-based community governance. Errors are RFC 9457 problem+json; lists are cursor-paginated.',
      license: { name: 'UNLICENSED', identifier: 'UNLICENSED' },
    },
    servers: [{ url: 'http://127.0.0.1:3000', description: 'Local runtime (npm start)' }],
    security: [{ bearer: [] }],
    tags: [...tags].sort().map((name) => ({ name, description: `Operations on ${name}` })),
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'From POST /auth/wechat' },
      },
      parameters: {
        AcceptLanguage: {
          name: 'Accept-Language',
          in: 'header',
          required: false,
          description: 'Messages are in Chinese unless this starts with `en`.',
          schema: { type: 'string', example: 'zh-CN' },
        },
      },
      schemas: { Problem: problemSchema },
    },
  };
}
