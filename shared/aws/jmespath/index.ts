/**
 * The field lookup the idempotency stand-in (shared/aws/powertools-idempotency) finds a record's key
 * and its payload fingerprint with, where Powertools idempotency uses JMESPath: we only ever name
 * plain fields (`key`, `request`, `detail.meta.id`). A dotted field path is looked up as JMESPath
 * would (a missing field, or a field of something that is not an object, is null); anything else
 * throws, loudly, rather than meaning something different. The full interpreter is 23 KiB.
 * test/unit/bundling.test.ts holds this to the real package, and every expression in shared/ to
 * what this supports.
 */

const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Whether the bundled `search` supports an expression: a dotted path of unquoted identifiers. */
export const isFieldPath = (expression: string): boolean => FIELD_PATH.test(expression);

/** `search` of the Powertools package, for dotted field paths. */
export function search(expression: string, data: unknown): unknown {
  if (!isFieldPath(expression)) {
    throw new Error(
      `JMESPath "${expression}" is not a dotted field path: the bundles carry only those ` +
        '(shared/aws/jmespath); drop the idempotency alias in infra/bundling.ts to use the full interpreter',
    );
  }
  let value: unknown = data;
  // As the package's interpreter visits a field: only a plain record has fields; else null.
  for (const name of expression.split('.')) {
    value = isRecord(value) && name in value ? value[name] : null;
  }
  return value;
}

const isRecord = (value: unknown): value is Record<string, unknown> => Object.prototype.toString.call(value) === '[object Object]';
