import { describe, expect, it } from 'vitest';
import { polygonSchema } from '../../shared/geo/polygon';

describe('a boundary polygon as sent', () => {
  it('is refused with field errors, never a throw, whatever shape a hostile client sends', () => {
    // Prepare: rings and positions that fail their own checks, which zod reports and still hands to the closed-ring refinement.
    const hostile = [
      { type: 'Polygon', coordinates: [[]] },
      { type: 'Polygon', coordinates: [[null, null, null, null]] },
      { type: 'Polygon', coordinates: [[[1], [2], [3], [4]]] },
      { type: 'Polygon', coordinates: [null] },
      { type: 'Polygon', coordinates: 'x' },
      { type: 'Polygon', coordinates: [] },
    ];

    // Act
    const results = hostile.map((polygon) => polygonSchema.safeParse(polygon));

    // Assess
    expect(results.map((result) => result.success)).toEqual(hostile.map(() => false));
  });

  it('is refused when a ring does not end where it starts, and taken when it does', () => {
    // Prepare
    const open = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] };
    const closed = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] };

    // Act
    const [refused, taken] = [polygonSchema.safeParse(open), polygonSchema.safeParse(closed)];

    // Assess
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((issue) => issue.message)).toEqual(['every ring must be closed: its first and last positions must be equal']);
    expect(taken.success).toBe(true);
  });
});
