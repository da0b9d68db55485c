import type * as z from 'zod/mini';
import { en } from 'zod/locales';
import { fieldErrorsOf } from '../../../shared/http/validation';

/**
 * A value checked with one of the API's own schemas, and what it says is wrong, in English, each
 * naming its field (`seats.total`, `attributes.0.code`): what an import would otherwise have been
 * refused for, one request at a time.
 */
export interface Issue {
  /** The field's path, `` for the value as a whole. */
  field: string;
  /** zod's code, or a custom check's (`outside_service_area`, `too_large`). */
  code: string;
  message: string;
}

const englishErrors = en().localeError;

export function checkWith<S extends z.ZodMiniType>(schema: S, value: unknown): { data: z.output<S>; issues: [] } | { data?: undefined; issues: Issue[] } {
  const result = schema.safeParse(value, { error: englishErrors });
  if (result.success) return { data: result.data, issues: [] };
  return {
    issues: fieldErrorsOf(result.error.issues, '$').map((error) => ({ field: error.field.replace(/^\$\.?/, ''), code: error.code, message: error.message })),
  };
}

/** `field: message`, or the message alone for the value as a whole. */
export const issueText = (issue: Issue): string => (issue.field ? `${issue.field}: ${issue.message}` : issue.message);
