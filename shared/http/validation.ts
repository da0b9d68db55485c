import * as z from 'zod/mini';
import { en, zhCN } from 'zod/locales';
import { type FieldError, type Language, validationFailed } from './errors';

const localeErrors = { zh: zhCN().localeError, en: en().localeError };

/**
 * Parses `value` with `schema`, or throws a 400 whose `errors[]` names each bad field under
 * `location` (`body`, `query`, `path`), in the caller's language.
 */
export function parseOrThrow<S extends z.ZodMiniType>(
  schema: S,
  value: unknown,
  location: string,
  language: Language,
): z.output<S> {
  const result = schema.safeParse(value, { error: localeErrors[language] });
  if (result.success) return result.data;
  throw validationFailed(fieldErrorsOf(result.error.issues, location));
}

/** Turns zod issues into field errors; unknown keys are reported one field each. */
export function fieldErrorsOf(issues: readonly z.core.$ZodIssue[], location: string): FieldError[] {
  return issues.flatMap((issue) => {
    const base = [location, ...issue.path.map(String)].join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: `${base}.${key}`, code: 'unknown_field', message: issue.message }));
    }
    return [{ field: base, code: issue.code, message: issue.message }];
  });
}
