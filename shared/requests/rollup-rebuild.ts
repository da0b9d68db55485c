import { CITY_SCOPE } from '../auth/identity';
import { mapLimit } from '../concurrency';
import type { OrgUnit } from '../organisation/model';
import { getOrgUnit, getOrgUnits, listAllChildUnits } from '../organisation/repository';
import { contributionOf } from './figures';
import { type AreaReportRow, reportRows } from './repository/report-rows';
import {
  CITY_UNIT,
  type GridRollup,
  type ParentRollup,
  type RollupKind,
  type RollupUnit,
  type StoredContribution,
  readDistrictRollups,
  readGridRollups,
  readParentRollups,
} from './repository/rollups';
import { LEVELS, type StoredKind, compare, levelOf } from './rollup-rebuild-differences';
import { fix } from './rollup-rebuild-fix';

/**
 * Rebuilding a month's rollups from the requests themselves (`npm run rollups -- rebuild`, and code
 * that writes requests without events): the month's requests are read on `byArea`, one subdistrict
 * at a time; each one's contribution is computed as the consumer would; the sums are compared, unit
 * by unit from the grids up to the scope, with the rollups the consumer maintained; and with `fix`
 * the recomputed ones are written. An operator's tool, not a request path: it reads every request
 * of the month in its scope.
 *
 * A fix replaces each item that differs whole, only if it is still at the version read (else it is
 * reported as changed meanwhile, and the levels above it are left for the next run), bottom-up, with
 * versions above the ones it replaces, so the consumer carries on from them; then the scope's sums
 * go up to its district the way the consumer sends them.
 *
 * The levels stop at the district, as the consumer's do: the city keeps no item (it was the table's
 * hottest partition; see repository/rollups.ts). For the city scope every district is compared (and
 * fixed) — those with a month and those its requests name — and nothing is written above them; a
 * `ROLLUP#city` item an older version left is neither compared nor rewritten.
 *
 * This module reads both trees; how they are compared: rollup-rebuild-differences.ts; how a fix
 * writes: rollup-rebuild-fix.ts.
 */

export interface RebuildOptions {
  month: string;
  /** A grid, community, subdistrict or district id, or `city` (the default). */
  scopeId?: string;
  /** Write the recomputed rollups where they differ from the maintained ones. */
  fix?: boolean;
  /** Table calls in flight at once (default 8). */
  concurrency?: number;
}

export interface RebuildReport {
  month: string;
  scope: RollupUnit;
  /** Requests of the month read in the scope. */
  requests: number;
  /** Units compared, by kind (for the city scope: every district, the city itself having no item). */
  units: Record<StoredKind, number>;
  /** One line per difference between the maintained rollups and the recomputed ones. */
  differences: string[];
  /** With `fix`: items written. */
  fixed: number;
  /** With `fix`: items that changed while the rebuild ran, left as they were (run it again). */
  changedMeanwhile: string[];
}

/** The scope is no unit a rollup is kept for. */
export class RebuildScopeError extends Error {
  override readonly name = 'RebuildScopeError';
}

/** A row's grid and the units above it: grid, community, subdistrict, district, city. */
const placementOf = (row: AreaReportRow): string[] => [row.gridId, row.communityId, row.subdistrictId, row.districtId, CITY_SCOPE];

/** Compares (and with `fix`, rewrites) a month's rollups in a scope with the ones recomputed from its requests. */
export async function rebuildRollups(options: RebuildOptions): Promise<RebuildReport> {
  const { month } = options;
  const concurrency = options.concurrency ?? 8;
  const { scope, org, above } = await scopeOf(options.scopeId ?? CITY_SCOPE);
  const scopeLevel = levelOf(scope.kind);
  // The highest level compared (and fixed): the scope's, or for the city its districts'.
  const topLevel = Math.min(scopeLevel, LEVELS.length - 1);
  const rows = (await rowsOf(scope, org, month, concurrency)).filter((row) => placementOf(row)[scopeLevel] === scope.id);

  // The recomputed tree: each grid's contributions, each unit's children, each unit's parent.
  const recomputed = new Map<string, Map<string, StoredContribution>>();
  const childrenOf = new Map<string, Set<string>>();
  const parentOf = new Map<string, string>([[scope.id, scope.parentId ?? '']]);
  const placements = new Map<string, string[]>();
  for (const row of rows) {
    const ids = placementOf(row);
    placements.set(row.gridId, ids);
    const grid = recomputed.get(row.gridId) ?? new Map<string, StoredContribution>();
    recomputed.set(row.gridId, grid.set(row.id, { version: row.version, contribution: contributionOf(row) }));
    for (let level = 0; level < scopeLevel; level += 1) {
      const children = childrenOf.get(ids[level + 1]!) ?? new Set<string>();
      childrenOf.set(ids[level + 1]!, children.add(ids[level]!));
      parentOf.set(ids[level]!, ids[level + 1]!);
    }
  }

  // The maintained tree, from the scope's item down, level by level (BatchGetItem, strongly
  // consistent); for the city, from every district: those with a month and those the requests name.
  const idsAt: string[][] = LEVELS.map(() => []);
  const parents = new Map<string, ParentRollup>();
  let grids = new Map<string, GridRollup>();
  let ids = [scope.id];
  if (scope.kind === 'city') {
    const districts = await readDistrictRollups(month, { consistent: true });
    for (const district of districts) parents.set(district.unit.id, district);
    ids = [...new Set([...(childrenOf.get(CITY_SCOPE) ?? []), ...districts.map((district) => district.unit.id)])].sort();
  }
  for (let level = topLevel; level >= 0; level -= 1) {
    idsAt[level] = ids;
    if (level === 0) {
      grids = await readGridRollups(ids, month);
      break;
    }
    const unread = ids.filter((id) => !parents.has(id));
    for (const parent of await readParentRollups(unread, month, { consistent: true })) parents.set(parent.unit.id, parent);
    const next = new Set<string>();
    for (const id of ids) {
      for (const child of [...(childrenOf.get(id) ?? []), ...(parents.get(id)?.children.keys() ?? [])]) {
        next.add(child);
        if (!parentOf.has(child)) parentOf.set(child, id);
      }
    }
    ids = [...next].sort();
  }

  const differences = compare(idsAt, recomputed, childrenOf, grids, parents);
  const report: RebuildReport = {
    month,
    scope,
    requests: rows.length,
    units: Object.fromEntries(LEVELS.map((kind, level) => [kind, idsAt[level]!.length])) as Record<StoredKind, number>,
    differences,
    fixed: 0,
    changedMeanwhile: [],
  };
  if (options.fix && differences.length > 0) await fix({ month, scope, topLevel, above, idsAt, recomputed, childrenOf, parentOf, placements, grids, parents, concurrency, report });
  return report;
}

/** The scope as a rollup unit, its org unit (none for the city), and the units above it up to its district. */
async function scopeOf(scopeId: string): Promise<{ scope: RollupUnit; org?: OrgUnit; above: RollupUnit[] }> {
  if (scopeId === CITY_SCOPE) return { scope: CITY_UNIT, above: [] };
  const org = await getOrgUnit(scopeId);
  if (!org || org.kind === 'micro_grid') throw new RebuildScopeError(`${scopeId} is no grid, community, subdistrict or district (nor city)`);
  const kind: RollupKind = org.kind;
  const ancestors = [...org.ancestors].reverse();
  const named = new Map((await getOrgUnits(ancestors)).map((unit) => [unit.id, unit.name]));
  const above = ancestors.map((id, index): RollupUnit => ({
    id,
    kind: LEVELS[levelOf(kind) + 1 + index]!,
    name: named.get(id) ?? id,
    parentId: ancestors[index + 1] ?? CITY_SCOPE,
  }));
  return { scope: { id: org.id, kind, name: org.name, parentId: org.parentId ?? CITY_SCOPE }, org, above };
}

/** The month's requests in the scope: its subdistricts' `byArea` partitions (a community's or grid's part of one). */
async function rowsOf(scope: RollupUnit, org: OrgUnit | undefined, month: string, concurrency: number): Promise<AreaReportRow[]> {
  if (scope.kind === 'grid' || scope.kind === 'community') {
    const [, subdistrictId, communityId] = [...org!.ancestors, org!.id];
    return reportRows({ subdistrictId: subdistrictId!, communityIds: [communityId!] }, month);
  }
  let subdistricts: OrgUnit[];
  if (scope.kind === 'subdistrict') subdistricts = [org!];
  else if (scope.kind === 'district') subdistricts = await listAllChildUnits(scope.id);
  else subdistricts = (await mapLimit(await listAllChildUnits(null), concurrency, (district) => listAllChildUnits(district.id))).flat();
  return (await mapLimit(subdistricts, concurrency, (subdistrict) => reportRows({ subdistrictId: subdistrict.id }, month))).flat();
}

