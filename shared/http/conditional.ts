import { fieldProblem, preconditionFailed } from './errors';

/**
 * Conditional requests (RFC 9110 §13), one behaviour for every route that reads `If-Match`.
 *
 * Our ETags are strong and name an item's version: `"3"`. `If-Match` is `*` or a list of
 * entity-tags; it is evaluated with the STRONG comparison function (§8.8.3.2):
 * - absent: no condition;
 * - `*`: matches the item, whatever its version (it exists: a missing one is a 404 before this);
 * - a list: matches if any tag is strong and identical to the current one — `W/"3"` never matches,
 *   so a weak tag is a 412, like a stale one;
 * - anything that is not this syntax (a bare `3`, an unquoted or unterminated tag, `*` in a list,
 *   an empty value) is a 400 naming `header.If-Match`: a client bug, which a 412 would send into a
 *   reload-and-retry loop.
 */

/** The strong ETag of a versioned item. */
export const etagOfVersion = (version: number) => `"${version}"`;

/** The `headers` doc of every route that reads If-Match. */
export const ifMatchHeader = {
  name: 'If-Match',
  description:
    'Optional. `*` or the ETag(s) you read, e.g. `"3"` or `"3", "4"`; compared strongly (RFC 9110): ' +
    'a weak `W/"3"` or a stale tag answers 412 and changes nothing; a malformed value (a bare `3`) answers 400.',
} as const;

export interface EntityTag {
  weak: boolean;
  /** The opaque tag with its quotes, `"3"`. */
  opaque: string;
}

export type IfMatch = { any: true } | { any: false; tags: readonly EntityTag[] };

/** One list element: optional whitespace, an entity-tag, optional whitespace, then `,` or the end. */
const ELEMENT = /[ \t]*(W\/)?("[\x21\x23-\x7E\x80-\xFF]*")[ \t]*(,|$)/y;
/** An empty list element (RFC 9110 §5.6.1: recipients accept them). */
const EMPTY_ELEMENT = /[ \t]*,/y;

const malformed = () => fieldProblem('header.If-Match', '* or one or more quoted ETags, such as "3"', 'invalid_format');

/** Parses an If-Match header; undefined when absent. Throws a 400 when it is not `*` / #entity-tag. */
export function parseIfMatch(header: string | undefined): IfMatch | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (value === '*') return { any: true };
  const tags: EntityTag[] = [];
  let at = 0;
  while (at < value.length) {
    EMPTY_ELEMENT.lastIndex = at;
    if (EMPTY_ELEMENT.test(value)) {
      at = EMPTY_ELEMENT.lastIndex;
      continue;
    }
    ELEMENT.lastIndex = at;
    const match = ELEMENT.exec(value);
    if (!match) throw malformed();
    tags.push({ weak: match[1] !== undefined, opaque: match[2]! });
    at = ELEMENT.lastIndex;
  }
  if (tags.length === 0) throw malformed();
  return { any: false, tags };
}

/** Whether the condition holds for the current strong ETag. */
export function ifMatchHolds(condition: IfMatch | undefined, currentEtag: string): boolean {
  if (!condition || condition.any) return true;
  return condition.tags.some((tag) => !tag.weak && tag.opaque === currentEtag);
}

/**
 * Refuses (412) a change to an item at `currentVersion` unless `If-Match` allows it. Takes the raw
 * header (a malformed one is a 400) or one parsed beforehand with {@link parseIfMatch}.
 */
export function assertIfMatch(ifMatch: string | IfMatch | undefined, currentVersion: number): void {
  const condition = typeof ifMatch === 'string' ? parseIfMatch(ifMatch) : ifMatch;
  if (!ifMatchHolds(condition, etagOfVersion(currentVersion))) {
    throw preconditionFailed(`the current version is ${etagOfVersion(currentVersion)}`);
  }
}
