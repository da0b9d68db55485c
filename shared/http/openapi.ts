import { isDeepStrictEqual } from 'node:util';
import type * as z from 'zod/mini';
import { type ApiDocs, type FieldDocs, type OperationDoc, fieldDocParts } from './api-docs';
import {
  errorCodesOf,
  errorStatusesOf,
  open311ErrorResponse,
  open311ErrorsSchema,
  problemResponse,
  problemSchema,
  sharedResponseNames,
} from './openapi-errors';
import { type JsonSchema, SchemaComponents, describeCommonFields, describeFields, exampleOf, renameComponents } from './openapi-schemas';
import { type RouteDefinition, isPublic } from './route';

const pascal = (operationId: string) => operationId[0]!.toUpperCase() + operationId.slice(1);

/** Builds one document: the operations, then the words and examples over everything they reach. */
class DocumentBuilder {
  readonly components: SchemaComponents;
  /**
   * Error answers with nothing of one operation's own (the same codes, the same words), kept once and
   * referred to: a client generated from the document names each once instead of 120 times.
   */
  readonly responses: Record<string, JsonSchema> = {};
  private readonly common: FieldDocs;
  /** Media types whose example is composed once every field has its words. */
  private readonly pendingExamples: { media: JsonSchema; explicit: unknown }[] = [];

  constructor(private readonly docs: ApiDocs) {
    this.components = new SchemaComponents(docs);
    this.common = docs.common ?? {};
    for (const operationId of Object.keys(docs.operations ?? {})) this.known.add(operationId);
  }

  private readonly known = new Set<string>();

  operation(operationId: string, route: RouteDefinition): JsonSchema {
    this.known.delete(operationId);
    const doc: OperationDoc = this.docs.operations?.[operationId] ?? {};
    const responses: Record<string, unknown> = { [route.success.status]: this.success(operationId, route, doc) };
    const errorResponse = route.errorFormat === 'open311' ? open311ErrorResponse : problemResponse;
    for (const status of errorStatusesOf(route, doc)) {
      const { own, codes } = errorCodesOf(status, route, doc);
      const response = errorResponse(status, codes);
      responses[status] = own.length === 0 ? this.shared(route, status, response) : response;
    }
    responses.default = this.shared(route, 500, { ...errorResponse(500, ['internal_error']), description: 'Unexpected fault (logged with the request id)' });
    const roles = isPublic(route) ? 'Public.' : `Roles: ${(route.access as readonly string[]).join(', ')}.`;
    return {
      operationId,
      summary: route.summary,
      description: roles,
      tags: [route.tag],
      ...(isPublic(route) ? { security: [] } : {}),
      parameters: [
        ...this.parameters(route.params, 'path', doc),
        ...this.parameters(route.query, 'query', doc),
        ...(route.idempotencyKey
          ? [
              {
                name: 'Idempotency-Key',
                in: 'header',
                required: route.idempotencyKey === 'required',
                description: 'A key of yours (e.g. a UUID): resubmitting with it returns the first response instead of acting twice.',
                schema: { type: 'string', minLength: 8, maxLength: 128 },
                example: '0f8fad5b-d9cb-469f-a165-70867728950e',
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
      ...this.requestBody(operationId, route, doc),
      responses,
    };
  }

  /** An error answer, as a reference to the shared one of its status when it is the same. */
  private shared(route: RouteDefinition, status: number, response: JsonSchema): JsonSchema {
    const base = sharedResponseNames[status];
    if (!base) return response;
    const name = route.errorFormat === 'open311' ? `Open311${base}` : base;
    const existing = this.responses[name];
    if (!existing) this.responses[name] = response;
    else if (!isDeepStrictEqual(existing, response)) return response;
    return { $ref: `#/components/responses/${name}` };
  }

  /** The operation ids the docs describe that no route has: stale words. */
  unknownOperations(): string[] {
    return [...this.known];
  }

  private parameters(schema: z.ZodMiniType | undefined, location: 'path' | 'query', doc: OperationDoc): JsonSchema[] {
    if (!schema) return [];
    const objectSchema = this.components.convert(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
    return Object.entries(objectSchema.properties ?? {}).map(([name, property]) => {
      const words = doc.parameters?.[name] ?? this.common[name];
      const { description, example } = words ? fieldDocParts(words) : { description: property.description as string | undefined, example: undefined };
      const { description: _own, ...propertySchema } = property;
      return {
        name,
        in: location,
        required: location === 'path' || (objectSchema.required ?? []).includes(name),
        ...(description ? { description } : {}),
        schema: propertySchema,
        ...(example !== undefined ? { example } : {}),
      };
    });
  }

  private requestBody(operationId: string, route: RouteDefinition, doc: OperationDoc): JsonSchema {
    if (!route.body && !route.upload) return {};
    const where = `${operationId} request`;
    if (route.upload) {
      const schema = this.uploadSchema(route);
      describeFields(schema, doc.request?.fields, where);
      const named = { $ref: `#/components/schemas/${this.components.add(`${pascal(operationId)}Form`, { ...schema, description: doc.request?.description ?? `The form of: ${route.summary}.` })}` };
      return { requestBody: { required: true, content: { 'multipart/form-data': { schema: named } } } };
    }
    const schema = this.components.convert(route.body!, 'input');
    describeFields(schema, doc.request?.fields, where);
    const named = this.named(schema, `${pascal(operationId)}Request`, doc.request?.description ?? `The body of: ${route.summary}.`);
    const media = { schema: named };
    this.pendingExamples.push({ media, explicit: doc.request?.example });
    return { requestBody: { required: true, content: { 'application/json': media } } };
  }

  private success(operationId: string, route: RouteDefinition, doc: OperationDoc): JsonSchema {
    const { status, description, schema, contentType, alsoAs } = route.success;
    if (!schema) {
      if (!contentType) return { description };
      // A document served as it is (the OpenAPI document itself): its shape is not ours to declare.
      const shape = contentType === 'application/json' ? { type: 'object', description } : { type: 'string' };
      const example = doc.response?.example;
      return { description, content: { [contentType]: { schema: shape, ...(example !== undefined ? { example } : {}) } } };
    }
    const converted = this.components.convert(schema, 'output');
    describeFields(converted, doc.response?.fields, `${operationId} response`);
    const media = { schema: this.named(converted, this.pageName(converted) ?? `${pascal(operationId)}Response`, doc.response?.description ?? `The answer of: ${route.summary}.`) };
    this.pendingExamples.push({ media, explicit: doc.response?.example });
    return {
      description,
      content: { 'application/json': media, ...(alsoAs ? { [alsoAs]: { schema: { type: 'string' } } } : {}) },
    };
  }

  /**
   * `StationPage` for a page of stations (shared/http/pagination.ts), when nothing about it is the
   * operation's own; its two fields get the words every page has, unless the operation gave others.
   */
  private pageName(schema: JsonSchema): string | undefined {
    const item = schema.properties?.items?.items?.$ref;
    const keys = Object.keys(schema.properties ?? {}).sort().join();
    if (typeof item !== 'string' || keys !== 'items,nextCursor') return undefined;
    schema.properties.items.description ??= 'This page’s items.';
    schema.properties.nextCursor.description ??= 'Send as `cursor` to get the next page; absent on the last page.';
    const name = `${item.split('/').pop()}Page`;
    const existing = this.components.schemas[name];
    return !existing || JSON.stringify(existing.properties) === JSON.stringify(schema.properties) ? name : undefined;
  }

  /** An object body becomes a component of its own, so that clients can name it. */
  private named(schema: JsonSchema, name: string, description: string): JsonSchema {
    if (schema.$ref || schema.type !== 'object') return schema;
    const isPage = name.endsWith('Page') && schema.properties?.nextCursor;
    const words = isPage ? `A page of ${name.slice(0, -'Page'.length)} items; \`nextCursor\` (absent on the last page) asks for the next.` : description;
    return { $ref: `#/components/schemas/${this.components.add(name, { ...schema, description: schema.description ?? words })}` };
  }

  /** An upload route's form: its file (binary, at most `maxBytes`) beside the plain fields of its body schema. */
  private uploadSchema(route: RouteDefinition): JsonSchema {
    const { field, maxBytes, description } = route.upload!;
    const fields = route.body ? this.components.convert(route.body, 'input') : { type: 'object', properties: {} };
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

  /**
   * Once every operation is in: plain names for schemas only ever sent, the common words where a
   * field has none, then the examples.
   */
  finish(paths: JsonSchema): void {
    const renames = this.components.needlessSuffixes();
    for (const [from, to] of Object.entries(renames)) {
      this.components.schemas[to] = this.components.schemas[from]!;
      delete this.components.schemas[from];
    }
    renameComponents(paths, renames);
    renameComponents(this.components.schemas, renames);
    describeCommonFields(this.components.schemas, this.common);
    describeCommonFields(paths, this.common);
    for (const { media, explicit } of this.pendingExamples) {
      media.example = explicit ?? exampleOf(media.schema, this.components);
    }
  }
}

/**
 * Builds the OpenAPI 3.1 document of a route catalogue, in the words of `docs` (shared/api-docs.ts):
 * the schemas they name become components, every body and page gets a name, and every operation
 * an example of what it takes and answers.
 */
export function buildOpenApiDocument(routes: Record<string, RouteDefinition>, docs: ApiDocs = {}): JsonSchema {
  const builder = new DocumentBuilder(docs);
  const paths: Record<string, Record<string, unknown>> = {};
  const tags = new Set<string>();
  for (const [operationId, route] of Object.entries(routes)) {
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = builder.operation(operationId, route);
    tags.add(route.tag);
  }
  const stale = builder.unknownOperations();
  if (stale.length) throw new Error(`the API docs describe operations no route has: ${stale.join(', ')}`);
  builder.finish(paths);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Grid service API (南京网格化社会治理)',
      version: '0.1.0',
      description:
        'Residents’ requests, 宁小蜂 rest stations, donated facilities, micro-grid volunteers and notifications ' +
        'for Nanjing’s grid-based community governance. Errors are RFC 9457 problem+json (the Open311 adapter’s: Open311’s own list); lists are cursor-paginated.',
      license: { name: 'UNLICENSED', identifier: 'UNLICENSED' },
    },
    // Relative: the host that served this document (npm start on any PORT, or the deployed API).
    servers: [{ url: '/', description: 'The host that serves this document' }],
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
      responses: builder.responses,
      schemas: {
        Problem: problemSchema,
        // Only where a route answers so: an unused component is a lint warning.
        ...(Object.values(routes).some((route) => route.errorFormat === 'open311') ? { Open311Errors: open311ErrorsSchema } : {}),
        ...sortedByName(builder.components.schemas),
      },
    },
  };
}

const sortedByName = (schemas: Record<string, JsonSchema>) => Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
