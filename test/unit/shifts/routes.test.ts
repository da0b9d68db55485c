import { describe, expect, it } from 'vitest';
import { shiftRoutes } from '../../../shared/shifts/routes';
import { routeCatalogue } from '../../../shared/routes';

describe('the shift routes in the catalogue', () => {
  it('are all there as declared: no other feature’s operationId shadows one of them', () => {
    // Act
    const shadowed = Object.entries(shiftRoutes).filter(
      ([operationId, route]) => (routeCatalogue as Record<string, unknown>)[operationId] !== route,
    );
    // Assess
    expect(shadowed.map(([operationId]) => operationId)).toEqual([]);
  });
});
