import * as z from 'zod/mini';

/** A bounded, trimmed, non-empty line of text. */
export const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

/** An id in a path or body: short and plain, so keys stay readable and bounded. */
export const idSchema = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/));

/** A local date `YYYY-MM-DD` (Asia/Shanghai, see shared/time/local.ts), as a body or query field. */
export const localDateSchema = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'YYYY-MM-DD'));

/** Who to talk to: a name and a phone, both optional (a station's, a donor's). */
export const contactSchema = z.strictObject({
  name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(50))),
  phone: z.optional(z.string().check(z.regex(/^[0-9+\- ]{5,20}$/, 'a phone number'))),
});

/** Plain decimal notation: what a query-string number may look like (`32`, `-0.5`, `118.7426`). */
const DECIMAL = /^-?\d+(\.\d+)?$/;
/** A whole number in plain decimal notation (`20`); every integer parameter is ≥ 0. */
const INTEGER = /^\d+$/;

/**
 * Reads a query-string parameter as a number only when it is written plainly: no empty string,
 * hex (`0x20`), exponent (`1e1`), sign (`+5`), whitespace or `Infinity`, all of which
 * `Number()` (and so `z.coerce.number()`) would take — `lat=` as 0, `lat=0x20` as 32. The number is
 * then checked by `target`, which is also what OpenAPI shows (the transform is left out of the input schema).
 */
const strictQueryNumber = <Target extends z.ZodMiniNumber<number>>(pattern: RegExp, message: string, target: Target) =>
  z.pipe(
    z.transform((value: unknown, context) => {
      if (typeof value === 'string' && pattern.test(value)) return Number(value);
      context.issues.push({ code: 'custom', input: value, message, params: { code: 'invalid_number' } });
      return z.NEVER;
    }),
    target,
  );

/** A decimal query parameter between `min` and `max` (inclusive), e.g. a latitude. */
export const queryNumber = ({ min, max }: { min: number; max: number }) =>
  strictQueryNumber(DECIMAL, 'a number in plain decimal notation, like 32.05', z.number().check(z.gte(min), z.lte(max)));

/** A whole-number query parameter between `min` and `max` (inclusive), e.g. a page size. */
export function queryInt({ min, max }: { min: number; max: number }) {
  if (min < 0) throw new RangeError('queryInt reads whole numbers ≥ 0 (no sign): use queryNumber with z.int() for negative ones');
  return strictQueryNumber(INTEGER, 'a whole number in plain decimal notation, like 20', z.number().check(z.int(), z.minimum(min), z.maximum(max)));
}
