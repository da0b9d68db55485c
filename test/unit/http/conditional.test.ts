import { describe, expect, it } from 'vitest';
import { assertIfMatch, parseIfMatch } from '../../../shared/http/conditional';
import { ProblemError } from '../../../shared/http/errors';

/** The status assertIfMatch answers with, or 'ok'. */
const outcome = (header: string | undefined, version: number) => {
  try {
    assertIfMatch(header, version);
    return 'ok';
  } catch (error) {
    if (error instanceof ProblemError) return error.status;
    throw error;
  }
};

describe('If-Match (RFC 9110 §13.1.1, strong comparison)', () => {
  it('holds when absent, for *, and for the current strong tag alone or anywhere in a list', () => {
    // Prepare
    const headers = [undefined, '*', ' * ', '"3"', '"1", "3"', '"3","4"', ', "2" ,, "3" ,', 'W/"3", "3"'];
    // Act
    const outcomes = headers.map((header) => outcome(header, 3));
    // Assess
    expect(outcomes).toEqual(headers.map(() => 'ok'));
  });

  it('fails with 412 for a weak tag of the current version, a stale tag, or a tag that only looks like it', () => {
    // Prepare
    const headers = ['W/"3"', '"2"', '"2", W/"3"', '"03"', '"3,4"', '""'];
    // Act
    const outcomes = headers.map((header) => outcome(header, 3));
    // Assess
    expect(outcomes).toEqual(headers.map(() => 412));
  });

  it('refuses what is not * or a list of entity-tags with 400 naming header.If-Match', () => {
    // Prepare
    const headers = ['3', '', ' ', ',', '"3', '3"', 'W/3', 'w/"3"', 'W/ "3"', '"3" "4"', '"3 "', '*, "3"', '"3", *', '"a"b"'];
    // Act
    const errors = headers.map((header) => {
      try {
        parseIfMatch(header);
        return undefined;
      } catch (error) {
        return error as ProblemError;
      }
    });
    // Assess
    for (const error of errors) {
      expect(error).toMatchObject({ status: 400, code: 'validation_failed', errors: [expect.objectContaining({ field: 'header.If-Match' })] });
    }
  });
});
