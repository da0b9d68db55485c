import * as z from 'zod/mini';

/** A bounded, trimmed, non-empty line of text. */
export const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

/** An id in a path or body: short and plain, so keys stay readable and bounded. */
export const idSchema = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/));
