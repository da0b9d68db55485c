import { describe, expect, it } from 'vitest';
import { box } from '../../../infra/local/seeds/organisation';
import { ProblemError } from '../../../shared/http/errors';
import { parseOrThrow } from '../../../shared/http/validation';
import type { OrgUnitKind } from '../../../shared/organisation/model';
import { MAX_BOUNDARY_EXTENT_METRES, organisationRoutes } from '../../../shared/organisation/routes';

/** 0.01° of latitude is about 1.11 km; at 32° N 0.01° of longitude is about 0.94 km. */
const KM_LAT = 0.009;
const KM_LNG = 0.0106;

/** A square boundary `km` wide and tall, south-west corner in Lushan. */
const square = (km: number) => box(118.74, 31.99, 118.74 + km * KM_LNG, 31.99 + km * KM_LAT);

function create(kind: OrgUnitKind, km: number) {
  try {
    parseOrThrow(organisationRoutes.createOrgUnit.body!, { kind, name: 'test', parentId: 'lushan', boundary: square(km) }, 'body', 'en');
    return { accepted: true };
  } catch (error) {
    if (error instanceof ProblemError) return { status: error.status, code: error.code, errors: error.errors };
    throw error;
  }
}

describe('the size of a new unit’s boundary', () => {
  it.each([
    ['micro_grid', 1.9, 2.2],
    ['grid', 4.8, 5.3],
    ['community', 9.6, 10.5],
  ] as const)('lets a %s span %d km and refuses one of %d km, naming body.boundary', (kind, fits, tooLarge) => {
    // Act
    const accepted = create(kind, fits);
    const refused = create(kind, tooLarge);
    // Assess
    expect(accepted).toEqual({ accepted: true });
    expect(refused).toMatchObject({ status: 400, code: 'validation_failed', errors: [{ field: 'body.boundary', code: 'too_large' }] });
    expect(refused.errors?.[0]?.message).toContain(`at most ${MAX_BOUNDARY_EXTENT_METRES[kind] / 1000} km`);
  });

  it('refuses a long thin grid by its longer side', () => {
    // Act
    const refused = (() => {
      try {
        parseOrThrow(organisationRoutes.createOrgUnit.body!, { kind: 'grid', name: 'strip', parentId: 'lushan', boundary: box(118.6, 32.0, 118.7, 32.001) }, 'body', 'en');
        return undefined;
      } catch (error) {
        return error as ProblemError;
      }
    })();
    // Assess
    expect(refused?.errors).toEqual([expect.objectContaining({ field: 'body.boundary', code: 'too_large' })]);
  });
});
