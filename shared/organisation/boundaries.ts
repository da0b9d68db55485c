import { areaSquareMetres, outsideSquareMetres, sharedSquareMetres } from '../geo/areas';
import { type FieldError, validationFailed } from '../http/errors';
import type { OrgUnit, OrgUnitKind, Polygon } from './model';

/**
 * Boundaries stay nested and apart: a unit's boundary lies within its parent's and does not overlap
 * its neighbours'. Requests are routed to the grid whose boundary holds their location, so a grid
 * drawn over someone else's area would take their residents' requests — and let its admin read them.
 *
 * Boundaries drawn by hand or exported from GIS rarely share edges exactly, so a sliver is
 * tolerated: up to {@link BOUNDARY_TOLERANCE} of the smaller shape (a 1 km edge drawn ~5 m off).
 */
export const BOUNDARY_TOLERANCE = { fraction: 0.005, squareMetres: 50 } as const;

/** Kinds whose boundary must lie within their parent's (communities sit under subdistricts, which keep none). */
const NESTED_KINDS: readonly OrgUnitKind[] = ['grid', 'micro_grid'];

const slack = (area: number) => BOUNDARY_TOLERANCE.squareMetres + BOUNDARY_TOLERANCE.fraction * area;

/**
 * Checks a new unit's boundary against its parent and its neighbours (the parent's other children,
 * and for grids every grid indexed near it, in any community). Throws a 400 naming `body.boundary`;
 * units outside the caller's scope are not named.
 */
export function assertBoundaryFits(
  unit: { kind: OrgUnitKind; boundary: Polygon },
  parent: Pick<OrgUnit, 'kind' | 'boundary'> | null,
  neighbours: readonly Pick<OrgUnit, 'id' | 'boundary'>[],
  visible: (unitId: string) => boolean,
): void {
  const problems: FieldError[] = [];
  const area = areaSquareMetres(unit.boundary);
  if (NESTED_KINDS.includes(unit.kind) && parent) {
    if (!parent.boundary) {
      problems.push({ field: 'body.boundary', code: 'parent_unbounded', message: `the parent ${parent.kind} has no boundary: draw it first` });
    } else if (outsideSquareMetres(unit.boundary, parent.boundary) > slack(area)) {
      problems.push({ field: 'body.boundary', code: 'outside_parent', message: `the boundary must lie within its ${parent.kind}'s` });
    }
  }
  for (const neighbour of neighbours) {
    if (!neighbour.boundary) continue;
    const shared = sharedSquareMetres(unit.boundary, neighbour.boundary);
    if (shared > slack(Math.min(area, areaSquareMetres(neighbour.boundary)))) {
      const whose = visible(neighbour.id) ? `unit ${neighbour.id}` : 'another unit';
      problems.push({ field: 'body.boundary', code: 'overlaps', message: `the boundary overlaps ${whose} by ${Math.round(shared)} m²` });
    }
  }
  if (problems.length > 0) throw validationFailed(problems);
}
