import * as z from 'zod/mini';
import { ProblemError } from './errors';

/** Every list answers at most this many items per page. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** The query parameters every list accepts. */
export const pageQuery = {
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(MAX_PAGE_SIZE)), DEFAULT_PAGE_SIZE),
  cursor: z.optional(z.string().check(z.maxLength(1024))),
};

/** A page of a list; `nextCursor` is absent on the last page. */
export const pageOf = <Item extends z.ZodMiniType>(item: Item) =>
  z.object({ items: z.array(item), nextCursor: z.optional(z.string()) });

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** Encodes DynamoDB's LastEvaluatedKey as an opaque cursor. */
export function encodeCursor(lastKey: Record<string, unknown> | undefined): string | undefined {
  return lastKey ? Buffer.from(JSON.stringify(lastKey)).toString('base64url') : undefined;
}

/**
 * Decodes a cursor, checking that it belongs to the same list (same partition) so a forged or
 * stale cursor is a 400, never a 500 from the engine.
 */
export function decodeCursor(
  cursor: string | undefined,
  expected: { attribute: string; value: string },
): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  const valid =
    typeof decoded === 'object' &&
    decoded !== null &&
    (decoded as Record<string, unknown>)[expected.attribute] === expected.value &&
    Object.values(decoded).every((value) => typeof value === 'string' || typeof value === 'number');
  if (!valid) {
    throw new ProblemError(400, 'validation_failed', undefined, [
      { field: 'query.cursor', code: 'invalid_cursor', message: 'cursor does not belong to this list' },
    ]);
  }
  return decoded as Record<string, unknown>;
}
