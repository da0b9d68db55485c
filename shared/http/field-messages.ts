import * as z from 'zod/mini';
import type { Language } from './errors';

/**
 * The words of a field error, in each language, for the issues our route schemas raise: zod's own
 * English and Chinese wording (`en` and `zhCN` of `zod/locales`, zod 4.6), carried here instead of
 * the locales themselves. The locales word every issue of every schema zod has, 5 KiB of each HTTP
 * function's bundle; these word only what ours can raise, in the same words, so no client sees a
 * message change. test/unit/http/field-messages.test.ts holds them to the locales, issue by issue,
 * for every schema of the route catalogue, and refuses a schema feature it does not know.
 *
 * What is worded (as the locales word it): `invalid_type`, `invalid_value`, `too_big` and
 * `too_small` (every origin), `invalid_format` for the formats we use (`regex`, `url`, `datetime`,
 * `date`) and `unrecognized_keys`. Everything else gets the general message, which is the locales'
 * own for `custom` (a refinement without a message) and for a plain union's `invalid_union`; the
 * other kinds (`invalid_format` of another format, `not_multiple_of`, `invalid_key`,
 * `invalid_element`, a discriminated or exclusive union) no schema of ours raises. That is safe
 * because zod asks a map only for an issue with no message of its own, and a schema that says its
 * own message (`z.regex(pattern, 'YYYY-MM-DD')`) or a check that pushes one never comes here.
 */

/*
 * zod's own formatting of received types and of values, as the locales call it from zod's `util`
 * (`parsedType`, `stringifyPrimitive`, `joinValues`), copied: taking them from `z.util` would bring
 * the whole of that module into the bundle (8 KiB more), not just these.
 */

/** The type zod names a received value by: `null`, `array`, `nan`, a class's name, else its `typeof`. */
function parsedType(data: unknown): string {
  if (typeof data === 'number') return Number.isNaN(data) ? 'nan' : 'number';
  if (typeof data === 'object' && data !== null) {
    if (Array.isArray(data)) return 'array';
    if (Object.getPrototypeOf(data) !== Object.prototype && 'constructor' in data && data.constructor) return data.constructor.name;
  }
  return data === null ? 'null' : typeof data;
}

/** A value as zod quotes it: a string in double quotes, a bigint with its `n`, anything else as is. */
const stringifyPrimitive = (value: unknown): string =>
  typeof value === 'bigint' ? `${value}n` : typeof value === 'string' ? `"${value}"` : `${value as string}`;

/** Values as zod lists them: each quoted ({@link stringifyPrimitive}), joined by `separator`. */
const joinValues = (values: readonly unknown[], separator: string): string => values.map(stringifyPrimitive).join(separator);

/** A field error map: the message for an issue zod has no message for (zod's `localeError`). */
export type FieldMessages = (issue: z.core.$ZodRawIssue) => string;

/**
 * What a length or size is counted in, by the issue's origin; an origin not here (`number`, `int`,
 * `date`…) is a value, and its bound is worded "to be" rather than "to have".
 */
const englishUnits: Record<string, string | undefined> = { string: 'characters', file: 'bytes', array: 'items', set: 'items', map: 'entries' };
const chineseUnits: Record<string, string | undefined> = { string: '字符', file: '字节', array: '项', set: '项', map: '项' };

/** The names of the string formats our schemas check, other than `regex`, which names its pattern. */
const englishFormats: Record<string, string | undefined> = { url: 'URL', datetime: 'ISO datetime', date: 'ISO date' };
const chineseFormats: Record<string, string | undefined> = { url: 'URL', datetime: 'ISO日期时间', date: 'ISO日期' };

/**
 * The type names zh-CN translates; the others (`string`, `object`…) stay as zod names them. `nan` is
 * what zod calls a received NaN.
 */
const chineseTypes: Record<string, string | undefined> = { nan: 'NaN', number: '数字', array: '数组', null: '空值(null)' };

/**
 * zod's English message (`en` of `zod/locales`) for the issues our schemas raise; the general
 * "Invalid input" for the others (see the top of this file for why that is safe).
 */
export const englishFieldMessage: FieldMessages = (issue) => {
  switch (issue.code) {
    case 'invalid_type': {
      // A received NaN or ±Infinity is named by its value, as the locale does ("received NaN").
      const { input } = issue;
      const received = typeof input === 'number' && !Number.isFinite(input) ? String(input) : parsedType(input);
      return `Invalid input: expected ${issue.expected}, received ${received}`;
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? `Invalid input: expected ${stringifyPrimitive(issue.values[0])}`
        : `Invalid option: expected one of ${joinValues(issue.values, '|')}`;
    case 'too_big': {
      const bound = `${issue.exact ? 'exactly ' : issue.inclusive ? '<=' : '<'}${issue.maximum}`;
      const unit = englishUnits[issue.origin];
      return unit ? `Too big: expected ${issue.origin} to have ${bound} ${unit}` : `Too big: expected ${issue.origin ?? 'value'} to be ${bound}`;
    }
    case 'too_small': {
      const bound = `${issue.exact ? 'exactly ' : issue.inclusive ? '>=' : '>'}${issue.minimum}`;
      const unit = englishUnits[issue.origin];
      return unit ? `Too small: expected ${issue.origin} to have ${bound} ${unit}` : `Too small: expected ${issue.origin} to be ${bound}`;
    }
    case 'invalid_format': {
      if (issue.format === 'regex') return `Invalid string: must match pattern ${issue.pattern}`;
      const name = englishFormats[issue.format];
      return name ? `Invalid ${name}` : 'Invalid input';
    }
    case 'unrecognized_keys':
      return `Unrecognized key${issue.keys.length > 1 ? 's' : ''}: ${joinValues(issue.keys, ', ')}`;
    default:
      return 'Invalid input';
  }
};

/**
 * zod's Chinese message (`zhCN` of `zod/locales`) for the issues our schemas raise; the general
 * "无效输入" for the others (see the top of this file for why that is safe). Unlike the English,
 * zh-CN words an exact length like a maximum or minimum, and so does this.
 */
export const chineseFieldMessage: FieldMessages = (issue) => {
  switch (issue.code) {
    case 'invalid_type': {
      const received = parsedType(issue.input);
      return `无效输入：期望 ${chineseTypes[issue.expected] ?? issue.expected}，实际接收 ${chineseTypes[received] ?? received}`;
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? `无效输入：期望 ${stringifyPrimitive(issue.values[0])}`
        : `无效选项：期望以下之一 ${joinValues(issue.values, '|')}`;
    case 'too_big': {
      const unit = chineseUnits[issue.origin];
      return `数值过大：期望 ${issue.origin ?? '值'} ${issue.inclusive ? '<=' : '<'}${issue.maximum}${unit ? ` ${unit}` : ''}`;
    }
    case 'too_small': {
      const unit = chineseUnits[issue.origin];
      return `数值过小：期望 ${issue.origin} ${issue.inclusive ? '>=' : '>'}${issue.minimum}${unit ? ` ${unit}` : ''}`;
    }
    case 'invalid_format': {
      if (issue.format === 'regex') return `无效字符串：必须满足正则表达式 ${issue.pattern}`;
      const name = chineseFormats[issue.format];
      return name ? `无效${name}` : '无效输入';
    }
    case 'unrecognized_keys':
      return `出现未知的键(key): ${joinValues(issue.keys, ', ')}`;
    default:
      return '无效输入';
  }
};

/** The field error map of each language, as `parseOrThrow` passes it to zod (`{ error }`). */
export const fieldMessages: Readonly<Record<Language, FieldMessages>> = { en: englishFieldMessage, zh: chineseFieldMessage };
