import * as z from 'zod/mini';
import { queryInt } from './common';
import { ProblemError } from './errors';

/** Every list answers at most this many items per page. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** The query parameters every list accepts. */
export const pageQuery = {
  limit: z._default(queryInt({ min: 1, max: MAX_PAGE_SIZE }), DEFAULT_PAGE_SIZE),
  cursor: z.optional(z.string().check(z.maxLength(1024))),
};

/** A page of a list; `nextCursor` is absent on the last page. */
export const pageOf = <Item extends z.ZodMiniType>(item: Item) =>
  z.object({ items: z.array(item), nextCursor: z.optional(z.string()) });

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** Encodes a position in a list (DynamoDB's LastEvaluatedKey, an offset) as an opaque cursor. */
export function encodeCursor(lastKey: Record<string, unknown> | undefined): string | undefined {
  return lastKey ? Buffer.from(JSON.stringify(lastKey)).toString('base64url') : undefined;
}

/** The 400 for any cursor this list did not make: it names `query.cursor`. */
export const invalidCursor = (message = 'cursor does not belong to this list') =>
  new ProblemError('validation_failed', undefined, [{ field: 'query.cursor', code: 'invalid_cursor', message }]);

/**
 * Reads a cursor back into the JSON object it encodes, or throws {@link invalidCursor}. This only
 * checks the encoding: every caller then checks the object strictly against what it made (for a
 * table query, `startKeyFrom` in shared/table/query.ts), because a cursor comes from the client.
 */
export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  let decoded: unknown;
  try {
    const bytes = Buffer.from(cursor, 'base64url');
    // Node's decoder skips what is not base64url; a cursor we made encodes back to itself.
    if (bytes.toString('base64url') !== cursor) throw new Error('not base64url');
    decoded = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw invalidCursor('not a cursor of this list');
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) throw invalidCursor('not a cursor of this list');
  return decoded as Record<string, unknown>;
}
