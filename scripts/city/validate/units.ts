/**
 * The checks of units.geojson: each unit as the API would create it, under a parent of the right
 * kind, and the boundaries: grids and micro-grids within their parent's, no two units of a kind
 * drawn over each other, with the API's own geometry and tolerance (shared/organisation/boundaries.ts).
 *
 * City-sized (tens of thousands of boundaries): the expensive part is the polygon clipping behind
 * `sharedSquareMetres`, so it only runs for pairs whose bounding boxes overlap by more than the
 * tolerance could absorb, found through a grid of buckets rather than by comparing every pair.
 */
import { CITY_SCOPE } from '../../../shared/auth/identity';
import { areaSquareMetres, outsideSquareMetres, sharedSquareMetres } from '../../../shared/geo/areas';
import { boundsOfPolygon } from '../../../shared/geo/geo';
import { BOUNDARY_TOLERANCE } from '../../../shared/organisation/boundaries';
import { parentKindOf } from '../../../shared/organisation/domain';
import type { OrgUnitKind, Polygon } from '../../../shared/organisation/model';
import { orgUnitKinds } from '../../../shared/organisation/terms';
import { organisationRoutes } from '../../../shared/organisation/routes';
import { checkWith } from '../formats/issues';
import { type CityData, type CityProblem, type CityUnit, cityFiles } from '../model';
import { type Box, Buckets, boxPolygon, boxWithin, boxesOverlap, intersectionOf, isBoxPolygon } from './boxes';
import { firstOfEach, issueMessage, problemAt, whereIs } from './rows';

interface Shape {
  unit: CityUnit;
  boundary: Polygon;
  box: Box;
  /** Where it came in the file, so a pair is reported once, on the later unit. */
  order: number;
  area: number;
}

/** The units as the later checks look them up. */
export interface CheckedUnits {
  byId: Map<string, CityUnit>;
  /** Units whose boundary is sound enough to compute with. */
  shapes: Map<string, Shape>;
  /** Grids with usable boundaries, bucketed, for finding which one holds a station. */
  grids: Buckets<Shape>;
}

/** What the API allows within the tolerance: a sliver of the smaller shape (shared/organisation/boundaries.ts). */
const slack = (area: number) => BOUNDARY_TOLERANCE.squareMetres + BOUNDARY_TOLERANCE.fraction * area;

const KINDS_WITH_BOUNDARIES: readonly OrgUnitKind[] = ['community', 'grid', 'micro_grid'];
const NESTED_KINDS: readonly OrgUnitKind[] = ['grid', 'micro_grid'];
const unitSchema = organisationRoutes.createOrgUnit.body!;

/** Checks the units into `problems`, and gives them as the checks of the rows that name units need them. */
export function checkUnits(city: CityData, problems: CityProblem[]): CheckedUnits {
  const file = cityFiles.units;
  const byId = firstOfEach(city.units, (unit) => unit.id, file, 'unit id', problems);
  const shapes = new Map<string, Shape>();
  city.units.forEach((unit, order) => {
    const say = (message: string) => problems.push(problemAt(unit, file, `unit ${unit.id}: ${message}`));
    const checked = checkWith(unitSchema, {
      id: unit.id,
      kind: unit.kind,
      name: unit.name,
      ...(unit.parentId !== null ? { parentId: unit.parentId } : {}),
      ...(unit.boundary !== undefined ? { boundary: unit.boundary } : {}),
      ...(unit.households !== undefined ? { households: unit.households } : {}),
    });
    for (const issue of checked.issues) say(issueMessage(issue));
    if (unit.id === CITY_SCOPE) say(`the id ${CITY_SCOPE} stands for the whole city (admins' scope); give the unit another`);
    if (!orgUnitKinds.includes(unit.kind)) return;

    const parentKind = parentKindOf(unit.kind);
    if (parentKind === null) {
      if (unit.parentId !== null) say('a district has no parent');
    } else if (unit.parentId === null) {
      say(`a ${unit.kind} needs a parent ${parentKind}`);
    } else {
      const parent = byId.get(unit.parentId);
      if (!parent) say(`parent ${unit.parentId} is not in ${file}`);
      else if (parent.kind !== parentKind) say(`a ${unit.kind} sits under a ${parentKind}, not a ${parent.kind} (${parent.id})`);
    }

    if (unit.boundary && !KINDS_WITH_BOUNDARIES.includes(unit.kind)) {
      say('boundaries are kept for communities, grids and micro-grids');
      return;
    }
    if (!unit.boundary) {
      if (unit.kind === 'grid') say('a grid needs a boundary: requests are routed to the grid whose boundary holds their location');
      return;
    }
    // A boundary the schema refused (not a polygon, outside the service area, too large) is not computed with.
    if (checked.issues.some((issue) => issue.field === 'boundary' || issue.field.startsWith('boundary.'))) return;
    if (byId.get(unit.id) !== unit) return;
    shapes.set(unit.id, { unit, boundary: unit.boundary, box: boundsOfPolygon(unit.boundary), order, area: areaSquareMetres(unit.boundary) });
  });

  checkNesting(shapes, problems);
  for (const kind of KINDS_WITH_BOUNDARIES) checkOverlaps([...shapes.values()].filter((shape) => shape.unit.kind === kind), problems);
  return { byId, shapes, grids: new Buckets([...shapes.values()].filter((shape) => shape.unit.kind === 'grid')) };
}

/** Grids and micro-grids lie within their parent's boundary, as the API requires (communities sit under subdistricts, which keep none). */
function checkNesting(shapes: Map<string, Shape>, problems: CityProblem[]): void {
  for (const shape of shapes.values()) {
    if (!NESTED_KINDS.includes(shape.unit.kind) || shape.unit.parentId === null) continue;
    const parent = shapes.get(shape.unit.parentId);
    // A parent missing, of the wrong kind or without a usable boundary is reported already.
    if (!parent || parent.unit.kind !== parentKindOf(shape.unit.kind)) continue;
    let outside: number;
    if (!boxesOverlap(shape.box, parent.box)) outside = shape.area;
    else if (isBoxPolygon(parent.boundary, parent.box) && boxWithin(shape.box, parent.box)) outside = 0;
    else {
      try {
        outside = outsideSquareMetres(shape.boundary, parent.boundary);
      } catch (error) {
        problems.push(problemAt(shape.unit, cityFiles.units, `unit ${shape.unit.id}: its boundary could not be compared with ${parent.unit.id}'s (${(error as Error).message}); is it self-intersecting?`));
        continue;
      }
    }
    if (outside > slack(shape.area)) {
      problems.push(
        problemAt(shape.unit, cityFiles.units, `unit ${shape.unit.id}: the boundary must lie within its ${parent.unit.kind}'s: ${Math.round(outside)} m² lie outside ${parent.unit.id}${whereIs(parent.unit, shape.unit)}`),
      );
    }
  }
}

/**
 * No two units of a kind overlap by more than the tolerance, wherever they sit: requests are routed
 * by location, so two communities (or grids) drawn over each other would both claim the residents
 * there, even under different subdistricts.
 */
function checkOverlaps(shapes: readonly Shape[], problems: CityProblem[]): void {
  const buckets = new Buckets(shapes);
  buckets.forEachOverlappingPair((a, b) => {
    const [earlier, later] = a.order < b.order ? [a, b] : [b, a];
    const allowed = slack(Math.min(a.area, b.area));
    // What two shapes share lies within what their boxes share: a thin overlap of boxes needs no clipping.
    if (areaSquareMetres(boxPolygon(intersectionOf(a.box, b.box))) <= allowed) return;
    let shared: number;
    try {
      shared = sharedSquareMetres(a.boundary, b.boundary);
    } catch (error) {
      problems.push(problemAt(later.unit, cityFiles.units, `unit ${later.unit.id}: its boundary could not be compared with ${earlier.unit.id}'s (${(error as Error).message}); is one self-intersecting?`));
      return;
    }
    if (shared > allowed) {
      problems.push(
        problemAt(later.unit, cityFiles.units, `unit ${later.unit.id}: the boundary overlaps ${earlier.unit.kind} ${earlier.unit.id}${whereIs(earlier.unit, later.unit)} by ${Math.round(shared)} m²`),
      );
    }
  });
}
