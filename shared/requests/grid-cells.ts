import { isDeepStrictEqual } from 'node:util';
import { mapLimit } from '../concurrency';
import { batchGetItems, batchWriteItems } from '../table/batch';
import { config } from '../config';
import { distanceToEdgeMetres } from '../geo/edges';
import { boundsOfPolygon, cellsCovering, containsPoint, countCellsCovering, geohashOf, type LatLng } from '../geo/geo';
import { fieldProblem } from '../http/errors';
import { logger } from '../logger';
import type { OrgUnit, Polygon } from '../organisation/model';
import { indexEntry, requestKeys as keys } from '../table/design';
import { queryAll } from '../table/query';
import type { RoutedGrid } from './submission';

/**
 * Which grid a place is in, found without a Scan: a grid's boundary is indexed under every geohash
 * cell (precision 6, about 1.2 × 0.6 km) its bounding box covers, as items in the `byPlace` index
 * (`UNIT#<grid>` / `CELL#<cell>`, kept by the request-routing consumer); a point → its cell → one
 * Query → the few candidate grids → point-in-polygon.
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
        ...indexEntry('byPlace', keys.gridCell(cell), unit.id),
        gridId: unit.id,
        gridName: unit.name,
        ancestors: unit.ancestors,
        boundary: unit.boundary,
      },
    })),
  );
  return cells.length;
}

/**
 * Indexes a grid's new boundary and takes it out of the cells only its previous boundary covered:
 * a stale cell item holds the old boundary, so a point there would still be routed to this grid.
 * The new cells are written first, the stale ones deleted second; both are idempotent, so a crash
 * is mended by running it again with the same previous boundary (the unit item keeps the old one
 * until the caller writes it, after this).
 */
export async function reindexGridBoundary(
  unit: Pick<OrgUnit, 'id' | 'kind' | 'ancestors' | 'boundary' | 'name'>,
  previousBoundary: Polygon | undefined,
): Promise<{ indexed: number; removed: number }> {
  const indexed = await indexGridBoundary(unit);
  if (!previousBoundary) return { indexed, removed: 0 };
  const current = new Set(unit.kind === 'grid' && unit.boundary && indexed > 0 ? cellsOfBoundary(unit.boundary) : []);
  const count = countCellsCovering(boundsOfPolygon(previousBoundary), GRID_CELL_PRECISION);
  const stale = count > MAX_CELLS_PER_GRID ? [] : cellsOfBoundary(previousBoundary).filter((cell) => !current.has(cell));
  await batchWriteItems(stale.map((cell) => ({ delete: keys.gridCellEntry(unit.id, cell) })));
  return { indexed, removed: stale.length };
}

/**
 * Which of these grids are not (or not wholly) indexed for routing as they are now: a cell of their
 * boundary missing, or holding another name, place or boundary. BatchGets of the cells' keys (a
 * hundred a call), so a city's grids are checked without a Query per grid. Stale cells of an older
 * boundary are not seen here: {@link reindexGridBoundary} removes them when the boundary changes.
 */
export async function gridsNotIndexed(grids: readonly Pick<OrgUnit, 'id' | 'kind' | 'ancestors' | 'boundary' | 'name'>[]): Promise<string[]> {
  const expected = grids.flatMap((grid) =>
    grid.kind === 'grid' && grid.boundary && countCellsCovering(boundsOfPolygon(grid.boundary), GRID_CELL_PRECISION) <= MAX_CELLS_PER_GRID
      ? cellsOfBoundary(grid.boundary).map((cell) => ({ grid, cell }))
      : [],
  );
  const found = await batchGetItems(
    expected.map(({ grid, cell }) => keys.gridCellEntry(grid.id, cell)),
    { attributes: ['pk', 'sk', 'gridId', 'gridName', 'ancestors', 'boundary'] },
  );
  const byKey = new Map(found.map((item) => [`${String(item.pk)}\u0000${String(item.sk)}`, item]));
  const stale = new Set<string>();
  for (const { grid, cell } of expected) {
    const key = keys.gridCellEntry(grid.id, cell);
    const item = byKey.get(`${key.pk}\u0000${key.sk}`);
    const current =
      item !== undefined &&
      item.gridId === grid.id &&
      item.gridName === grid.name &&
      isDeepStrictEqual(item.ancestors, grid.ancestors) &&
      isDeepStrictEqual(item.boundary, grid.boundary);
    if (!current) stale.add(grid.id);
  }
  return [...stale];
}

/** A grid as indexed under a cell: its place in the hierarchy and its boundary. */
export type IndexedGrid = { id: string; ancestors: string[]; boundary: Polygon };

const gridsIn = async (cell: string): Promise<IndexedGrid[]> =>
  (await queryAll({ index: 'byPlace', partition: keys.gridCell(cell) })).map((item) => ({
    id: item.gridId as string,
    ancestors: item.ancestors as string[],
    boundary: item.boundary as Polygon,
  }));

/** How long a warm function keeps a cell's candidate grids (boundaries do not change; new grids wait this long). */
const CELL_CACHE_MS = 60_000;
const cellCache = new Map<string, { until: number; candidates: Promise<IndexedGrid[]> }>();

/** The grids indexed under one cell (one Query on `byPlace`), kept a minute by a warm function. */
function candidatesIn(cell: string): Promise<IndexedGrid[]> {
  const cacheKey = `${config().tableName}|${cell}`;
  const cached = cellCache.get(cacheKey);
  if (cached && cached.until > Date.now()) return cached.candidates;
  const candidates = gridsIn(cell);
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
    .filter((grid) => containsPoint(grid.boundary, point))
    .map((grid) => ({ grid, depth: distanceToEdgeMetres(grid.boundary, point) }))
    .sort((a, b) => b.depth - a.depth)[0]?.grid;
  return hit ? { id: hit.id, ancestors: hit.ancestors } : undefined;
}

/**
 * The grids a circle around a point reaches, among those indexed under the point's own cell: the one
 * containing it first, then those whose edge lies within `radiusMetres`, nearest first, at most `max`.
 * A grid within the radius that does not touch the point's cell (about 1.2 × 0.6 km) is not among
 * them: what "nearby" reads stays one cached Query, whatever the radius.
 */
export async function gridsAround(point: LatLng, radiusMetres: number, max: number): Promise<string[]> {
  const candidates = await candidatesIn(geohashOf(point, GRID_CELL_PRECISION));
  return candidates
    .map((grid) => ({ id: grid.id, inside: containsPoint(grid.boundary, point), edge: distanceToEdgeMetres(grid.boundary, point) }))
    .filter((grid) => grid.inside || grid.edge <= radiusMetres)
    // Inside first (deepest first, as routing decides), then outside, nearest first.
    .sort((a, b) => Number(b.inside) - Number(a.inside) || (a.inside ? b.edge - a.edge : a.edge - b.edge))
    .slice(0, max)
    .map((grid) => grid.id);
}

/** A boundary this large is no grid: checking it against its neighbours would read too many cells. */
export const MAX_NEIGHBOUR_CELLS = 400;

/**
 * The grids indexed in the cells a boundary covers, read fresh (not from the routing cache), for
 * checking a new grid against every grid near it in any community. At most {@link MAX_NEIGHBOUR_CELLS}
 * Queries; a larger boundary is a 400 on `body.boundary`.
 */
export async function gridsNear(boundary: Polygon): Promise<IndexedGrid[]> {
  if (countCellsCovering(boundsOfPolygon(boundary), GRID_CELL_PRECISION) > MAX_NEIGHBOUR_CELLS) {
    throw fieldProblem('body.boundary', 'the boundary is too large for a grid', 'too_large');
  }
  const pages = await mapLimit(cellsOfBoundary(boundary), 8, gridsIn);
  return [...new Map(pages.flat().map((grid) => [grid.id, grid])).values()];
}
