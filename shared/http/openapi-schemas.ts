import { isDeepStrictEqual } from 'node:util';
import * as z from 'zod/mini';
import { type ApiDocs, type FieldDocs, type SchemaDoc, fieldDocParts } from './api-docs';

/** A JSON Schema (2020-12, as OpenAPI 3.1 takes it), loosely typed: it is walked, not trusted. */
export type JsonSchema = Record<string, any>;
/** Whether a schema describes what a client sends (`input`) or what it receives (`output`). */
export type Io = 'input' | 'output';

const COMPONENTS = '#/components/schemas/';
const DEFS = '#/$defs/';

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

/** Every object node of a schema that has a property `key`, looking through arrays and unions. */
function nodesWith(node: JsonSchema, key: string): JsonSchema[] {
  if (node.properties && key in node.properties) return [node];
  if (node.items && typeof node.items === 'object') return nodesWith(node.items, key);
  const branches: JsonSchema[] = [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])];
  return branches.flatMap((branch) => nodesWith(branch, key));
}

/**
 * Writes field descriptions (and examples) into a schema. A path that leads nowhere is an error:
 * a field renamed or removed must take its words with it.
 */
export function describeFields(schema: JsonSchema, fields: FieldDocs | undefined, where: string): void {
  for (const [path, doc] of Object.entries(fields ?? {})) {
    let targets = [schema];
    for (const key of path.split('.')) {
      const holders = targets.flatMap((target) => nodesWith(target, key));
      if (holders.length === 0) throw new Error(`${where}: no field "${path}" to describe`);
      targets = holders.map((holder) => holder.properties[key]);
    }
    const { description, example } = fieldDocParts(doc);
    for (const target of targets) {
      target.description = description;
      if (example !== undefined) target.examples = [example];
    }
  }
}

/**
 * The component schemas of the document: the schemas the docs name (`Station`), each converted
 * from zod once per direction. Where the two directions differ (defaults make a field optional on
 * the way in, required on the way out) the input one is named `StationInput`. Only components an
 * operation reaches are kept, so none lies unused.
 */
export class SchemaComponents {
  /** The components reached so far, by name. */
  readonly schemas: Record<string, JsonSchema> = {};
  private readonly registry = z.registry<{ id: string; description: string }>();
  private readonly docs = new Map<string, SchemaDoc>();
  private readonly named = new Map<string, z.ZodMiniType>();
  private readonly bodies = new Map<string, JsonSchema>();
  private readonly names = new Map<string, string>();

  constructor(docs: ApiDocs) {
    // The few descriptions the kernel's schemas carry themselves (`z.describe`, in zod's global
    // registry) still count; the docs' words win.
    const own = this.registry.get.bind(this.registry);
    this.registry.get = (schema) => {
      const described = z.globalRegistry.get(schema);
      const named = own(schema);
      return described || named ? ({ ...described, ...named } as { id: string; description: string }) : undefined;
    };
    for (const [schema, doc] of docs.schemas ?? []) {
      if (this.docs.has(doc.name)) throw new Error(`two schemas are named ${doc.name}`);
      if (this.registry.has(schema)) throw new Error(`${doc.name}: this schema is already named ${this.registry.get(schema)!.id}`);
      this.registry.add(schema, { id: doc.name, description: doc.description });
      this.docs.set(doc.name, doc);
      this.named.set(doc.name, schema);
    }
  }

  /** Converts a zod schema; the named schemas in it become references to (reached) components. */
  convert(schema: z.ZodMiniType, io: Io): JsonSchema {
    const { $schema: _dialect, $defs: _named, ...root } = this.toJson(schema, io);
    return this.link(root, io, true);
  }

  /** Adds a component of the operations' own (`CreateStationRequest`); the same body twice is one. */
  add(name: string, schema: JsonSchema): string {
    const existing = this.schemas[name];
    if (existing && !isDeepStrictEqual(existing, schema)) throw new Error(`two different schemas would be named ${name}`);
    this.schemas[name] = schema;
    return name;
  }

  /**
   * The `Input` names that need no suffix (their schema is only ever sent, never answered) and
   * what they become: `{ SentLocationInput: 'SentLocation' }`. Applied to the whole document.
   */
  needlessSuffixes(): Record<string, string> {
    const renames: Record<string, string> = {};
    for (const name of Object.keys(this.schemas)) {
      const plain = name.replace(/Input$/, '');
      if (plain !== name && this.docs.has(plain) && !(plain in this.schemas)) renames[name] = plain;
    }
    return renames;
  }

  /** The example a named schema's docs give, if any. */
  exampleOf(name: string): unknown {
    return this.docs.get(name.replace(/Input$/, ''))?.example;
  }

  private toJson(schema: z.ZodMiniType, io: Io): JsonSchema {
    return z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12', metadata: this.registry, override: keepDefault });
  }

  /** A named schema's own body in one direction, its fields described, references still `#/$defs/`. */
  private bodyOf(name: string, io: Io): JsonSchema {
    const key = `${io} ${name}`;
    let body = this.bodies.get(key);
    if (!body) {
      const { $defs } = this.toJson(this.named.get(name)!, io);
      body = structuredClone($defs[name]) as JsonSchema;
      describeFields(body, this.docs.get(name)!.fields, name);
      this.bodies.set(key, body);
    }
    return body;
  }

  /** The component name of a named schema in one direction. */
  private componentName(name: string, io: Io): string {
    const key = `${io} ${name}`;
    let componentName = this.names.get(key);
    if (!componentName) {
      // A provisional answer ends the recursion of a schema that refers to itself.
      this.names.set(key, name);
      const differs = io === 'input' && !isDeepStrictEqual(this.link(this.bodyOf(name, 'input'), 'input', false), this.link(this.bodyOf(name, 'output'), 'output', false));
      componentName = differs ? `${name}Input` : name;
      this.names.set(key, componentName);
    }
    return componentName;
  }

  /** Points `#/$defs/X` references at components, reaching them when `reach`. */
  private link(node: unknown, io: Io, reach: boolean): any {
    if (Array.isArray(node)) return node.map((item) => this.link(item, io, reach));
    if (!node || typeof node !== 'object') return node;
    const linked: JsonSchema = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(DEFS)) {
        const name = this.componentName(value.slice(DEFS.length), io);
        if (reach && !(name in this.schemas)) {
          this.schemas[name] = {};
          this.schemas[name] = this.link(this.bodyOf(value.slice(DEFS.length), io), io, true);
        }
        linked.$ref = `${COMPONENTS}${name}`;
      } else {
        linked[key] = this.link(value, io, reach);
      }
    }
    return linked;
  }
}

/** Points references to the renamed components at their new names, in place. */
export function renameComponents(node: unknown, renames: Record<string, string>): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) return node.forEach((item) => renameComponents(item, renames));
  const schema = node as JsonSchema;
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith(COMPONENTS)) {
      const renamed = renames[value.slice(COMPONENTS.length)];
      if (renamed) schema.$ref = `${COMPONENTS}${renamed}`;
    } else renameComponents(value, renames);
  }
}

/** Fills the descriptions (and examples) of fields that have none from the common ones, by field name. */
export function describeCommonFields(node: unknown, common: FieldDocs): void {
  if (Array.isArray(node)) return node.forEach((item) => describeCommonFields(item, common));
  if (!node || typeof node !== 'object') return;
  const schema = node as JsonSchema;
  if (schema.properties && typeof schema.properties === 'object') {
    for (const [field, property] of Object.entries<JsonSchema>(schema.properties)) {
      const doc = common[field];
      if (!doc || property.description) continue;
      const { description, example } = fieldDocParts(doc);
      property.description = description;
      if (example !== undefined && !property.examples && !property.$ref) property.examples = [example];
    }
  }
  for (const value of Object.values(schema)) describeCommonFields(value, common);
}

const STRING_FORMATS: Record<string, string> = {
  'date-time': '2026-07-15T12:30:00.000Z',
  date: '2026-07-15',
  uri: 'https://grid.example.cn/',
  url: 'https://grid.example.cn/',
  email: 'someone@example.cn',
  uuid: '0f8fad5b-d9cb-469f-a165-70867728950e',
};

/**
 * An example value of a schema, composed from its fields' examples, defaults and bounds; a named
 * schema's own example wins. Good enough to show a shape; the docs give real ones where it matters.
 */
export function exampleOf(schema: JsonSchema, components: SchemaComponents, depth = 0): unknown {
  if (depth > 12) return undefined;
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.slice(COMPONENTS.length);
    return schema.examples?.[0] ?? components.exampleOf(name) ?? exampleOf(components.schemas[name] ?? {}, components, depth + 1);
  }
  if (schema.examples?.length) return schema.examples[0];
  if ('example' in schema) return schema.example;
  if ('const' in schema) return schema.const;
  if ('default' in schema && !(Array.isArray(schema.default) && schema.default.length === 0)) return schema.default;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const branches: JsonSchema[] | undefined = schema.oneOf ?? schema.anyOf;
  if (branches) return exampleOf(branches.find((branch) => branch.type !== 'null') ?? branches[0]!, components, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((one: string) => one !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const example: Record<string, unknown> = {};
      for (const [field, property] of Object.entries<JsonSchema>(schema.properties ?? {})) {
        const value = exampleOf(property, components, depth + 1);
        if (value !== undefined) example[field] = value;
      }
      return example;
    }
    case 'array': {
      if (Array.isArray(schema.prefixItems)) return schema.prefixItems.map((item: JsonSchema) => exampleOf(item, components, depth + 1));
      const item = schema.items ? exampleOf(schema.items, components, depth + 1) : undefined;
      return item === undefined ? [] : Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => item);
    }
    case 'string':
      return STRING_FORMATS[schema.format] ?? 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    case 'integer':
    case 'number':
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : schema.maximum !== undefined ? Math.min(1, schema.maximum) : 1);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return undefined;
  }
}
