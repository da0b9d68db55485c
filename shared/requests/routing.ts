import { mapLimit } from '../concurrency';
import { batchGetItems, batchWriteItems } from '../table/batch';
import { config } from '../config';
import { distanceToEdgeMetres } from '../geo/edges';
import { boundsOfPolygon, cellsCovering, containsPoint, countCellsCovering, geohashOf, type LatLng } from '../geo/geo';
import { fieldProblem } from '../http/errors';
import { logger } from '../logger';
import type { OrgUnit, Polygon } from '../organisation/model';
import { listGridWorkers } from '../organisation/repository';
import { keys, tableDesign } from '../table/design';
import { queryAll, queryPage } from '../table/query';
import type { RoutedGrid } from './domain';

/**
 * Who a request goes to, found without a Scan:
 * - a grid's boundary is indexed under every geohash cell (precision 6, about 1.2 × 0.6 km) its
 *   bounding box covers, as items in the `byPlace` index; a point → its cell → one Query →
 *   the few candidate grids → point-in-polygon;
 * - the on-duty grid worker is the grid's member with member role `grid_worker`, read from the
 *   grid's own list of workers (one Query, not a walk through its members);
 * - admins are indexed by the unit they administer (`UNIT#<unit>` / `ADMIN#<user>`), so an overdue
 *   request escalates to a community's or subdistrict's admins with one Query.
 */

/** Geohash precision of the routing cells. */
export const GRID_CELL_PRECISION = 6;

/** A grid whose bounding box would need more cells than this is refused (it is not a grid). */
const MAX_CELLS_PER_GRID = 2_000;

/** The cells a grid boundary is indexed under (more than {@link MAX_CELLS_PER_GRID} throws before listing any). */
export const cellsOfBoundary = (boundary: Polygon): string[] =>
  cellsCovering(boundsOfPolygon(boundary), GRID_CELL_PRECISION, MAX_CELLS_PER_GRID);

/**
 * Indexes a grid's boundary for routing. Idempotent: the same grid writes the same items, so a
 * duplicate `unit-created` delivery or a re-seed changes nothing. Units other than bounded grids are skipped.
 */
export async function indexGridBoundary(unit: Pick<OrgUnit, 'id' | 'kind' | 'ancestors' | 'boundary' | 'name'>): Promise<number> {
  if (unit.kind !== 'grid' || !unit.boundary) return 0;
  // Counted from the box's corners first: a boundary the API let through is a few km at most, but
  // one written before its size was checked must not make this consumer list millions of cells.
  const count = countCellsCovering(boundsOfPolygon(unit.boundary), GRID_CELL_PRECISION);
  if (count > MAX_CELLS_PER_GRID) {
    logger.error('grid boundary too large to index for routing', { gridId: unit.id, cells: count });
    return 0;
  }
  const cells = cellsOfBoundary(unit.boundary);
  await batchWriteItems(
    cells.map((cell) => ({
      put: {
        ...keys.gridCellEntry(unit.id, cell),
        entity: 'grid-cell',
        [tableDesign.indexes.byPlace.partitionKey]: keys.gridCell(cell),
        [tableDesign.indexes.byPlace.sortKey]: unit.id,
        gridId: unit.id,
        gridName: unit.name,
        ancestors: unit.ancestors,
        boundary: unit.boundary,
      },
    })),
  );
  return cells.length;
}

/** How long a warm function keeps a cell's candidate grids (boundaries do not change; new grids wait this long). */
const CELL_CACHE_MS = 60_000;
const cellCache = new Map<string, { until: number; candidates: Promise<Record<string, unknown>[]> }>();

/** The grids indexed under one cell (one Query on `byPlace`), kept a minute by a warm function. */
function candidatesIn(cell: string): Promise<Record<string, unknown>[]> {
  const cacheKey = `${config().tableName}|${cell}`;
  const cached = cellCache.get(cacheKey);
  if (cached && cached.until > Date.now()) return cached.candidates;
  const candidates = queryAll({ index: 'byPlace', partition: keys.gridCell(cell) });
  // A failed read is not remembered; a cell with no grid yet is remembered only briefly.
  candidates.then(
    (found) => cellCache.set(cacheKey, { until: Date.now() + (found.length ? CELL_CACHE_MS : 5_000), candidates }),
    () => cellCache.delete(cacheKey),
  );
  if (cellCache.size > 10_000) cellCache.clear();
  cellCache.set(cacheKey, { until: Date.now() + CELL_CACHE_MS, candidates });
  return candidates;
}

/**
 * The grid whose boundary contains a point, or undefined. Grids do not overlap beyond a sliver
 * along shared edges (shared/organisation/boundaries.ts); a point in such a sliver goes to the
 * grid it lies deepest in, never to whichever id sorts first.
 */
export async function findGridAt(point: LatLng): Promise<RoutedGrid | undefined> {
  const candidates = await candidatesIn(geohashOf(point, GRID_CELL_PRECISION));
  const hit = candidates
    .filter((item) => containsPoint(item.boundary as Polygon, point))
    .map((item) => ({ item, depth: distanceToEdgeMetres(item.boundary as Polygon, point) }))
    .sort((a, b) => b.depth - a.depth)[0]?.item;
  return hit ? { id: hit.gridId as string, ancestors: hit.ancestors as string[] } : undefined;
}

/** A boundary this large is no grid: checking it against its neighbours would read too many cells. */
export const MAX_NEIGHBOUR_CELLS = 400;

/**
 * The grids indexed in the cells a boundary covers, read fresh (not from the routing cache), for
 * checking a new grid against every grid near it in any community. At most {@link MAX_NEIGHBOUR_CELLS}
 * Queries; a larger boundary is a 400 on `body.boundary`.
 */
export async function gridsNear(boundary: Polygon): Promise<{ id: string; ancestors: string[]; boundary: Polygon }[]> {
  if (countCellsCovering(boundsOfPolygon(boundary), GRID_CELL_PRECISION) > MAX_NEIGHBOUR_CELLS) {
    throw fieldProblem('body.boundary', 'the boundary is too large for a grid', 'too_large');
  }
  const cells = cellsOfBoundary(boundary);
  const pages = await mapLimit(cells, 8, (cell) => queryAll({ index: 'byPlace', partition: keys.gridCell(cell) }));
  const found = new Map<string, { id: string; ancestors: string[]; boundary: Polygon }>();
  for (const item of pages.flat()) {
    found.set(item.gridId as string, { id: item.gridId as string, ancestors: item.ancestors as string[], boundary: item.boundary as Polygon });
  }
  return [...found.values()];
}

/**
 * The grid's on-duty worker: its member with member role `grid_worker` (the first by user id), if
 * any. One Query of one item on the grid's workers (byPlace, kept on the membership items), so a
 * submission costs the same however many residents the grid has.
 */
export async function onDutyWorkerOf(gridId: string): Promise<string | null> {
  const [worker] = await listGridWorkers(gridId, 1);
  return worker ?? null;
}

/**
 * Records that a user administers these units (`city` for city-wide admins). Entries are never
 * trusted alone: {@link adminsOf} checks each against the user's current role and scope, so a
 * role taken away later needs no clean-up here.
 */
export async function indexAdmin(userId: string, unitIds: readonly string[], since: string): Promise<void> {
  await batchWriteItems(unitIds.map((unitId) => ({ put: { ...keys.unitAdmin(unitId, userId), entity: 'unit-admin', unitId, userId, since } })));
}

/** The current admins of a unit: indexed entries whose user is still an admin of that unit. */
export async function adminsOf(unitId: string): Promise<string[]> {
  const { pk, skPrefix } = keys.unitAdminsOf(unitId);
  // A unit has a handful of admins; the first hundred are plenty to escalate to.
  const { items } = await queryPage({ partition: pk, sortPrefix: skPrefix, limit: 100 });
  const userIds = items.map((item) => item.userId as string);
  if (userIds.length === 0) return [];
  const profiles = await batchGetItems(userIds.map((id) => keys.user(id)), { attributes: ['id', 'role', 'units'] });
  const current = profiles.filter(
    (user) => user.role === 'admin' && ((user.units as string[] | undefined) ?? []).includes(unitId),
  );
  return current.map((user) => user.id as string).sort();
}

/** The admins of the first unit in `unitIds` that has any (nearest first, `city` last). */
export async function escalationTargets(unitIds: readonly string[]): Promise<string[]> {
  for (const unitId of unitIds) {
    const admins = await adminsOf(unitId);
    if (admins.length > 0) return admins;
  }
  return [];
}

