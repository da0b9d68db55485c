import { resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { en, zhCN } from 'zod/locales';
import { esbuildOptions } from '../../../infra/bundling';
import type { Language, ProblemError } from '../../../shared/http/errors';
import { chineseFieldMessage, englishFieldMessage, fieldMessages } from '../../../shared/http/field-messages';
import { parseOrThrow } from '../../../shared/http/validation';
import { allRoutes } from '../../../shared/routes';

const root = resolve(import.meta.dirname, '../../..');

/** zod's own locales: what clients were answered with before field-messages.ts, and must still be. */
const zodLocales: Record<Language, z.core.$ZodErrorMap> = { en: en().localeError, zh: zhCN().localeError };

type Schema = z.core.$ZodType;
/** A schema's definition, read loosely: the walk below checks each field it reads. */
type Definition = Record<string, any>;
const definitionOf = (schema: Schema): Definition => schema._zod.def as unknown as Definition;

/**
 * Values of every JSON type and the strings a path or query holds: most schemas refuse most of these,
 * each with its `invalid_type`, `invalid_value`, format or custom issue. NaN and ±Infinity cannot come
 * from JSON or a query string, but zod words them apart, so they are held to it as well.
 */
const anyValues: readonly unknown[] = [undefined, null, true, false, 0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '', '   ', 'x', 'X Y!', '0', '-1', '1.5', '1e3', [], ['x'], [1, 2], {}, { x: 1 }];

/** The string formats the walk knows bad values for; a schema with another format fails the test. */
const badFormatted: Record<string, readonly string[]> = {
  regex: [],
  url: ['not a url', 'example.com/a.jpg', 'ftp://example.com/a.jpg', 'http://example.com/a.jpg', 'https://'],
  date: ['2025-02-30', '2025-1-5', '2025-01-15T08:00:00+08:00'],
  datetime: ['2025-01-15T08:00:00', '2025-01-15 08:00', '2025-01-15', '2025-01-15T25:00:00+08:00', '2025-01-15T08:00:00Z'],
};

/** Strings tried, in this order, as a schema's valid string: the first it accepts fills the rest of an input. */
const stringCandidates = ['a', 'abc', 'Abc_123', '2025-01-15', '2026-08', '08:00', '2025-01-15T08:00:00+08:00', 'https://example.com/a.jpg', '13800138000', '1', '32', 'true'];

/**
 * What the walk does not know how to provoke fails the test, so that a schema feature zod words in
 * a way field-messages.ts may not (a new check, type or format) cannot reach clients unchecked.
 */
function unknownFeature(what: string): never {
  throw new Error(`the field message parity test does not know ${what}: teach it bad values for it, and check shared/http/field-messages.ts words its issues as zod's locales do`);
}

const fillers = new Map<Schema, unknown>();

/** A value `schema` accepts, as far as one is found: it fills the rest of an input around the bad value under test. */
function fillerOf(schema: Schema): unknown {
  if (fillers.has(schema)) return fillers.get(schema);
  const definition = definitionOf(schema);
  let candidates: unknown[];
  switch (definition.type) {
    case 'string':
      candidates = [...stringCandidates, ...lengthBounds(definition).map((length) => 'a'.repeat(length))];
      break;
    case 'number':
      candidates = [1, 0, 30, 60, ...numberBounds(definition)];
      break;
    case 'boolean':
      candidates = [true];
      break;
    case 'enum':
      candidates = Object.values(definition.entries);
      break;
    case 'literal':
      candidates = [...definition.values];
      break;
    case 'optional':
    case 'nullable':
    case 'default':
      candidates = [fillerOf(definition.innerType)];
      break;
    case 'pipe': {
      const inner = fillerOf(definition.out);
      candidates = [fillerOf(definition.in), inner, String(inner), ...stringCandidates];
      break;
    }
    case 'object':
      candidates = [Object.fromEntries(Object.entries(definition.shape as Record<string, Schema>).map(([key, field]) => [key, fillerOf(field)]))];
      break;
    case 'array': {
      const [minimum = 1] = lengthBounds(definition);
      candidates = [Array.from({ length: Math.max(minimum, 1) }, () => fillerOf(definition.element))];
      break;
    }
    case 'tuple':
      candidates = [definition.items.map(fillerOf)];
      break;
    case 'record':
      candidates = [{}];
      break;
    case 'union':
      candidates = definition.options.map(fillerOf);
      break;
    default:
      candidates = [];
  }
  const filler = [...candidates, ...anyValues].find((candidate) => accepts(schema, candidate)) ?? candidates[0];
  fillers.set(schema, filler);
  return filler;
}

/** Whether `schema` takes `value`; a part of a schema (a pipe's transform) may throw on what its whole never hands it. */
function accepts(schema: Schema, value: unknown): boolean {
  try {
    return z.safeParse(schema, value).success;
  } catch {
    return false;
  }
}

/** The lengths a string's or array's checks bound it to (`[min, max]` as found). */
function lengthBounds(definition: Definition): number[] {
  return (definition.checks ?? []).flatMap((check: Schema) => {
    const checkDefinition = definitionOf(check);
    return checkDefinition.check === 'min_length' ? [checkDefinition.minimum] : checkDefinition.check === 'max_length' ? [checkDefinition.maximum] : [];
  });
}

/** The bounds a number's checks hold it to. */
function numberBounds(definition: Definition): number[] {
  return (definition.checks ?? []).flatMap((check: Schema) => {
    const checkDefinition = definitionOf(check);
    return ['greater_than', 'less_than'].includes(checkDefinition.check) ? [checkDefinition.value] : [];
  });
}

/**
 * The bad values each check of `definition` can raise an issue for: one past each bound, a string
 * of the wrong format… Throws on a check it does not know.
 */
function badValuesOfChecks(definition: Definition, filler: unknown): unknown[] {
  const own = definition.check ? [{ _zod: { def: definition } } as unknown as Schema] : [];
  return [...own, ...(definition.checks ?? [])].flatMap((check: Schema): unknown[] => {
    const checkDefinition = definitionOf(check);
    const sized = (length: number) => (definition.type === 'array' ? Array.from({ length }, () => fillerOf(definition.element)) : 'x'.repeat(length));
    switch (checkDefinition.check) {
      case 'min_length':
        return checkDefinition.minimum > 0 ? [sized(checkDefinition.minimum - 1), ...(definition.type === 'string' ? [' '.repeat(checkDefinition.minimum)] : [])] : [];
      case 'max_length':
        return [sized(checkDefinition.maximum + 1), ...(typeof filler === 'string' ? [filler.repeat(checkDefinition.maximum + 1).slice(0, checkDefinition.maximum + 1)] : [])];
      case 'greater_than':
        return [checkDefinition.value - 1, checkDefinition.value - 0.5, checkDefinition.value];
      case 'less_than':
        return [checkDefinition.value + 1, checkDefinition.value + 0.5, checkDefinition.value];
      case 'number_format':
        if (checkDefinition.format !== 'safeint') return unknownFeature(`the number format ${checkDefinition.format}`);
        return [2.5, 2 ** 53, -(2 ** 53)];
      case 'string_format':
        if (!(checkDefinition.format in badFormatted)) return unknownFeature(`the string format ${checkDefinition.format}`);
        return [...badFormatted[checkDefinition.format]!];
      // Trimming, a refinement (custom, with or without its own message), a description: anyValues
      // and the other checks' values are all that reach them.
      case 'overwrite':
      case 'custom':
      case 'describe':
        return [];
      default:
        return unknownFeature(`the check ${checkDefinition.check}`);
    }
  });
}

const variantsOf = new Map<Schema, unknown[]>();

/**
 * The values to try `schema` with: {@link anyValues}, the bad values of its checks, and for an
 * object, array, tuple, record or union, its valid filler with each bad value of each part in
 * turn (so the issues of every field at every depth are raised). Throws on a schema type it does not know.
 */
function badValuesOf(schema: Schema): unknown[] {
  const known = variantsOf.get(schema);
  if (known) return known;
  const definition = definitionOf(schema);
  const filler = fillerOf(schema);
  const ownChecks = badValuesOfChecks(definition, filler);
  let values: unknown[];
  switch (definition.type) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'never':
    case 'transform':
    case 'custom':
      values = [...anyValues, ...ownChecks];
      break;
    case 'enum':
      values = [...anyValues, 'not-an-option', ...Object.values(definition.entries).map((entry) => String(entry).toUpperCase())];
      break;
    case 'literal':
      values = [...anyValues, ...definition.values.map((value: unknown) => (typeof value === 'number' ? value + 1 : `${String(value)}x`))];
      break;
    case 'optional':
    case 'nullable':
    case 'default':
      values = [...badValuesOf(definition.innerType), ...ownChecks];
      break;
    case 'pipe': {
      // A query number is a string read as a number: its number's bad values are tried as strings too.
      const out = badValuesOf(definition.out);
      values = [...badValuesOf(definition.in), ...out, ...out.filter((value) => typeof value === 'number').map(String), ...ownChecks];
      break;
    }
    case 'object': {
      const whole = filler as Record<string, unknown>;
      values = [
        ...anyValues,
        ...ownChecks,
        { ...whole, unexpected: 1 },
        { ...whole, unexpected: 1, another: 'x' },
        ...Object.entries(definition.shape as Record<string, Schema>).flatMap(([key, field]) => badValuesOf(field).map((value) => ({ ...whole, [key]: value }))),
      ];
      break;
    }
    case 'array':
      values = [...anyValues, ...ownChecks, ...badValuesOf(definition.element).map((value) => [value])];
      break;
    case 'tuple': {
      const items = filler as unknown[];
      values = [
        ...anyValues,
        ...ownChecks,
        items.slice(0, -1),
        [...items, items[0]],
        ...definition.items.flatMap((item: Schema, index: number) => badValuesOf(item).map((value) => items.with(index, value))),
      ];
      break;
    }
    case 'record':
      values = [...anyValues, ...ownChecks, ...badValuesOf(definition.valueType).map((value) => ({ key: value }))];
      break;
    case 'union':
      values = [...anyValues, ...ownChecks, ...definition.options.flatMap(badValuesOf)];
      break;
    default:
      return unknownFeature(`the schema type ${definition.type}`);
  }
  variantsOf.set(schema, values);
  return values;
}

/** Every issue of a parse, the issues zod nests in a union's or a key's issue included. */
function allIssues(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  return issues.flatMap((issue) => [
    issue,
    ...('errors' in issue ? allIssues(issue.errors.flat()) : []),
    ...('issues' in issue && Array.isArray(issue.issues) ? allIssues(issue.issues) : []),
  ]);
}

/**
 * The issues of parsing `input` with `schema`, worded by `messages`; a refinement that throws on a
 * value its schema refuses (it runs beside the issues) ends the parse, with no words to compare: its
 * error is returned for both maps alike.
 */
function issuesOf(schema: Schema, input: unknown, messages: z.core.$ZodErrorMap): unknown[] {
  try {
    const result = z.safeParse(schema, input, { error: messages });
    return result.error ? allIssues(result.error.issues) : [];
  } catch (error) {
    return [{ threw: String(error) }];
  }
}

/** What kind of issue it is, as the locales tell kinds apart: its code and what they branch on. */
function kindOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_big':
    case 'too_small':
      return `${issue.code} ${issue.origin}${issue.exact ? ' exact' : ''}`;
    case 'invalid_format':
      return `${issue.code} ${issue.format}`;
    case 'invalid_type':
      return `${issue.code} ${issue.expected}`;
    case 'invalid_value':
    case 'unrecognized_keys':
      return `${issue.code} ${('values' in issue ? issue.values : issue.keys).length > 1 ? 'several' : 'one'}`;
    default:
      return issue.code;
  }
}

/** Each HTTP route's schemas: its path parameters, query and body. */
const routeSchemas = allRoutes().flatMap(([operationId, route]) =>
  (['params', 'query', 'body'] as const).flatMap((location) => (route[location] ? [{ name: `${operationId} ${location}`, schema: route[location] as Schema }] : [])),
);

/**
 * The kinds of issue the walk must raise somewhere in the catalogue: each branch of our maps, and
 * the two kinds the general message words as the locales do. Were one missing, the parity above
 * would have held that branch to nothing (say the walk stopped reaching formats, or the last
 * tuple left the catalogue: then take it off this list).
 */
const wordedKinds = [
  'custom',
  'invalid_format date',
  'invalid_format datetime',
  'invalid_format regex',
  'invalid_format url',
  'invalid_type array',
  'invalid_type boolean',
  'invalid_type int',
  'invalid_type number',
  'invalid_type object',
  'invalid_type record',
  'invalid_type string',
  'invalid_type tuple',
  'invalid_union',
  'invalid_value one',
  'invalid_value several',
  'too_big array',
  'too_big int',
  'too_big number',
  'too_big string',
  'too_small array',
  'too_small int',
  'too_small number',
  'too_small string',
  'unrecognized_keys one',
  'unrecognized_keys several',
];

describe('the field messages of ours', () => {
  it('word every issue the route schemas raise exactly as zod’s English and Chinese locales do, issue by issue', () => {
    // Prepare
    const mismatches: unknown[] = [];
    const kinds = new Set<string>();
    // Act
    for (const { name, schema } of routeSchemas) {
      for (const input of badValuesOf(schema)) {
        for (const language of ['en', 'zh'] as const) {
          const ourIssues = issuesOf(schema, input, fieldMessages[language]);
          const zodIssues = issuesOf(schema, input, zodLocales[language]);
          for (const issue of zodIssues) if ('code' in (issue as object)) kinds.add(kindOf(issue as z.core.$ZodIssue));
          if (!isDeepStrictEqual(ourIssues, zodIssues)) {
            mismatches.push({ name, language, input, ours: ourIssues.map((issue) => (issue as z.core.$ZodIssue).message), zods: zodIssues.map((issue) => (issue as z.core.$ZodIssue).message) });
          }
        }
      }
    }
    // Assess: the count, and the first few, rather than thousands of diffs when one word changes.
    expect({ mismatches: mismatches.length, first: mismatches.slice(0, 5) }).toEqual({ mismatches: 0, first: [] });
    expect([...kinds]).toEqual(expect.arrayContaining(wordedKinds));
  });

  it.each([
    ['en', englishFieldMessage, 'Invalid input'],
    ['zh', chineseFieldMessage, '无效输入'],
  ] as const)('say the general message in %s for an issue no schema of ours raises', (_language, messages, general) => {
    // Prepare: kinds the locales word apart, which our schemas never raise.
    const issues = [
      { code: 'not_multiple_of', divisor: 5, origin: 'number', input: 3 },
      { code: 'invalid_format', format: 'email', input: 'x' },
      { code: 'invalid_format', format: 'starts_with', prefix: 'a', input: 'x' },
      { code: 'invalid_key', origin: 'record', issues: [], input: 'x' },
      { code: 'invalid_element', origin: 'set', key: 'x', issues: [], input: 'x' },
    ] as unknown as z.core.$ZodRawIssue[];
    // Act
    const worded = issues.map((issue) => messages(issue));
    // Assess
    expect(worded).toEqual(issues.map(() => general));
  });

  it.each(['en', 'zh'] as const)('are what parseOrThrow answers a caller of language %s with', (language) => {
    // Prepare
    const schema = z.strictObject({ name: z.string().check(z.minLength(2)), size: z.enum(['s', 'm']), count: z.number() });
    const input = { name: 'a', size: 'x', count: '1', extra: true };
    const expected = z.safeParse(schema, input, { error: zodLocales[language] }).error!.issues.map((issue) => issue.message);
    // Act
    let messages: string[] = [];
    try {
      parseOrThrow(schema, input, 'body', language);
    } catch (error) {
      messages = (error as ProblemError).errors.map((fieldError) => fieldError.message);
    }
    // Assess
    expect(messages).toEqual(expected);
    expect(messages).toHaveLength(4);
  });

  it('leave zod’s locales out of an HTTP function’s bundle', async () => {
    // Act: stations, built as CDK builds it (house settings).
    const { metafile } = await build({ ...esbuildOptions(resolve(root, 'functions/http/stations.ts'), 'out.mjs', undefined, root), metafile: true, write: false, logLevel: 'silent' });
    const output = Object.values(metafile.outputs).find((candidate) => candidate.entryPoint)!;
    const inputs = Object.keys(output.inputs);
    // Assess
    expect(inputs.filter((path) => path.includes('node_modules/zod/v4/locales'))).toEqual([]);
    expect(inputs).toContain('shared/http/field-messages.ts');
  });
});
