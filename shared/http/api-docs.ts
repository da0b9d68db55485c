import type * as z from 'zod/mini';
import type { ProblemCode } from './errors';
import type { RouteDefinition } from './route';

/**
 * The words of the API contract: component names, descriptions and examples for the OpenAPI
 * document. They live beside the routes, not in the zod schemas, because the schemas ship in every
 * Lambda bundle that validates with them and these words would only add to each cold start; only
 * the tools and the in-process `api-docs` function import them (its deployed bundle serves files
 * built from them at bundling: functions/http/api-docs.ts). Nothing drifts silently: the document
 * builder refuses a description of a field that no longer exists, and a unit test refuses a field
 * without one (test/unit/http/openapi.test.ts).
 */

/** A field's description, or its description and an example value. */
export type FieldDoc = string | { readonly description: string; readonly example: unknown };

/**
 * Descriptions of an object's fields by path: `name`, `location.lat`. Arrays and the branches of
 * a union are walked through (`exceptions.from` is the `from` of each exception); a field that is
 * a named schema is described here in its role, its own fields where that schema is named.
 */
export type FieldDocs = Readonly<Record<string, FieldDoc>>;

/** Names a schema that clients will refer to, describes it and its fields. */
export interface SchemaDoc {
  /** PascalCase, the name generated clients give the type: `Station`. */
  readonly name: string;
  readonly description: string;
  readonly fields?: FieldDocs;
  /** A whole example; otherwise one is composed from the fields' examples. */
  readonly example?: unknown;
}

/** A request or response body that is not a named schema (or adds to one). */
export interface BodyDoc {
  /** The body's description, when it becomes a component of its own (`CreateStationRequest`). */
  readonly description?: string;
  readonly fields?: FieldDocs;
  readonly example?: unknown;
}

/** What an operation says beyond its route declaration. */
export interface OperationDoc {
  /** Path and query parameters the common descriptions do not cover, or cover wrongly here. */
  readonly parameters?: FieldDocs;
  readonly request?: BodyDoc;
  readonly response?: BodyDoc;
  /**
   * The problem codes this operation answers beyond the ones every operation may (`slot_full`);
   * each is listed under its status, which the code implies (shared/http/errors.ts).
   */
  readonly errors?: readonly ProblemCode[];
}

/** One feature's words: its named schemas and its operations'. */
export interface ApiDocs<Routes extends Record<string, RouteDefinition> = Record<string, RouteDefinition>> {
  readonly schemas?: readonly (readonly [z.ZodMiniType, SchemaDoc])[];
  readonly operations?: { readonly [OperationId in keyof Routes]?: OperationDoc };
  /** Fields and parameters that mean the same wherever they appear in this feature (`stationId`). */
  readonly common?: FieldDocs;
}

/** Declares a feature's words; `Routes` (its route catalogue's type) checks the operation ids. */
export const apiDocsOf = <Routes extends Record<string, RouteDefinition>>(_routes: Routes, docs: ApiDocs<Routes>): ApiDocs => docs as ApiDocs;

/** Joins features' words into one; a name or a common field declared twice differently is an error. */
export function joinApiDocs(...all: readonly ApiDocs[]): ApiDocs {
  const common: Record<string, FieldDoc> = {};
  for (const docs of all) {
    for (const [field, doc] of Object.entries(docs.common ?? {})) {
      if (field in common && JSON.stringify(common[field]) !== JSON.stringify(doc)) {
        throw new Error(`the common field "${field}" is described twice, differently`);
      }
      common[field] = doc;
    }
  }
  return {
    schemas: all.flatMap((docs) => docs.schemas ?? []),
    operations: Object.assign({}, ...all.map((docs) => docs.operations ?? {})),
    common,
  };
}

/** A field doc's parts. */
export const fieldDocParts = (doc: FieldDoc): { description: string; example?: unknown } =>
  typeof doc === 'string' ? { description: doc } : doc;
