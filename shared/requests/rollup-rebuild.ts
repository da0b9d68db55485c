import { CITY_SCOPE } from '../auth/identity';
import { mapLimit } from '../concurrency';
import type { OrgUnit } from '../organisation/model';
import { getOrgUnit, getOrgUnits, listAllChildUnits } from '../organisation/repository';
import { type Tally, type TallyByCategory, contributionOf, emptyTally, hoursBucketBounds, sumByCategory, talliesOf } from './figures';
import { requestStatuses } from './model';
import { propagateUp } from './monthly-rollups';
import { type AreaReportRow, reportRows } from './repository/report-rows';
import {
  CITY_UNIT,
  type GridRollup,
  type ParentRollup,
  type RollupKind,
  type RollupUnit,
  type StoredContribution,
  type UnitChain,
  gridTallies,
  parentTallies,
  readDistrictRollups,
  readGridRollups,
  readParentRollups,
  replaceGridRollup,
  replaceParentRollup,
} from './repository/rollups';
import { decodeTally, encodeContribution, encodeTally } from './repository/rollup-codec';

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
 */

/** The levels with items of their own, bottom-up; the city, above the districts, has none. */
const LEVELS = ['grid', 'community', 'subdistrict', 'district'] as const;
type StoredKind = (typeof LEVELS)[number];
/** A scope's level: its kind's, or for the city the one above the districts (the city's place in {@link placementOf}). */
const levelOf = (kind: RollupKind): number => (kind === 'city' ? LEVELS.length : LEVELS.indexOf(kind));

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

/** What a unit's parent keeps of it. */
interface UnitState {
  version: number;
  name: string;
  tallies: TallyByCategory;
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

const none = '(none)';
const encoded = (stored: StoredContribution | undefined) => (stored?.contribution ? encodeContribution(stored.contribution) : none);

/** The lines of every difference, grids first, then each level up. */
function compare(
  idsAt: readonly string[][],
  recomputed: ReadonlyMap<string, ReadonlyMap<string, StoredContribution>>,
  childrenOf: ReadonlyMap<string, ReadonlySet<string>>,
  grids: ReadonlyMap<string, GridRollup>,
  parents: ReadonlyMap<string, ParentRollup>,
): string[] {
  const lines: string[] = [];
  for (const gridId of idsAt[0]!) {
    const expected = recomputed.get(gridId) ?? new Map<string, StoredContribution>();
    const held = grids.get(gridId)?.contributions ?? new Map<string, StoredContribution>();
    const requestIds = new Set([...expected.keys(), ...[...held].filter(([, stored]) => stored.contribution).map(([id]) => id)]);
    for (const requestId of [...requestIds].sort()) {
      const want = expected.get(requestId);
      const have = held.get(requestId);
      // A request that changed after it was read: the rollup is newer than this rebuild.
      if (want && have && have.version > want.version) continue;
      if (encoded(want) !== encoded(have)) lines.push(`grid ${gridId}: request ${requestId}: maintained ${encoded(have)}, recomputed ${encoded(want)}`);
    }
  }
  const expectedTallies = new Map<string, TallyByCategory>();
  for (const gridId of idsAt[0]!) {
    expectedTallies.set(gridId, talliesOf([...(recomputed.get(gridId)?.values() ?? [])].flatMap((stored) => (stored.contribution ? [stored.contribution] : []))));
  }
  for (let level = 1; level < LEVELS.length; level += 1) {
    for (const parentId of idsAt[level]!) {
      const held = parents.get(parentId);
      const children = new Set([...(childrenOf.get(parentId) ?? []), ...(held?.children.keys() ?? [])]);
      const sums: TallyByCategory[] = [];
      for (const childId of [...children].sort()) {
        const want = expectedTallies.get(childId) ?? new Map<string, Tally>();
        sums.push(want);
        const have = held?.children.get(childId)?.tallies ?? new Map<string, Tally>();
        for (const categoryId of [...new Set([...want.keys(), ...have.keys()])].sort()) {
          const changes = tallyChanges(have.get(categoryId) ?? emptyTally(), want.get(categoryId) ?? emptyTally());
          if (changes) lines.push(`${LEVELS[level]} ${parentId}: ${LEVELS[level - 1]} ${childId}, ${categoryId}: ${changes}`);
        }
      }
      expectedTallies.set(parentId, sumByCategory(sums));
    }
  }
  return lines;
}

/** What differs between a maintained tally and a recomputed one, as `name maintained → recomputed`; '' when nothing. */
function tallyChanges(have: Tally, want: Tally): string {
  const a = decodeTally(encodeTally(have));
  const b = decodeTally(encodeTally(want));
  const pairs: [string, number, number][] = [
    ...(['total', 'acceptedOnTime', 'acceptDecided', 'resolvedOnTime', 'resolveDecided', 'everResolved', 'reopened', 'rated', 'satisfied', 'ratingSum'] as const).map(
      (sum): [string, number, number] => [sum, a[sum], b[sum]],
    ),
    ...requestStatuses.map((status): [string, number, number] => [status, a.byStatus[status], b.byStatus[status]]),
    ...a.hoursToResolve.map((count, bucket): [string, number, number] => {
      const { from, to } = hoursBucketBounds(bucket);
      return [`resolved in [${from}, ${to ?? '∞'}) h`, count, b.hoursToResolve[bucket]!];
    }),
  ];
  return pairs
    .filter(([, x, y]) => x !== y)
    .map(([name, x, y]) => `${name} ${x} → ${y}`)
    .join(', ');
}

interface FixContext {
  month: string;
  scope: RollupUnit;
  /** The highest level written: the scope's, or for the city its districts'. */
  topLevel: number;
  above: readonly RollupUnit[];
  idsAt: readonly string[][];
  recomputed: ReadonlyMap<string, ReadonlyMap<string, StoredContribution>>;
  childrenOf: ReadonlyMap<string, ReadonlySet<string>>;
  parentOf: ReadonlyMap<string, string>;
  placements: ReadonlyMap<string, string[]>;
  grids: ReadonlyMap<string, GridRollup>;
  parents: ReadonlyMap<string, ParentRollup>;
  concurrency: number;
  report: RebuildReport;
}

const snapshotText = (state: { version: number; tallies: TallyByCategory }) =>
  `${state.version}:${[...state.tallies].filter(([, tally]) => tally.total > 0).sort(([a], [b]) => a.localeCompare(b)).map(([id, tally]) => `${id}=${encodeTally(tally)}`).join(';')}`;

/** Writes the recomputed items that differ, bottom-up, and sends the scope's sums up to its district. */
async function fix(context: FixContext): Promise<void> {
  const { month, idsAt, recomputed, grids, parents, report } = context;
  const names = await namesOfNewUnits(context);
  const states = new Map<string, UnitState>();

  // Grids: the recomputed contributions; tombstones for requests no longer there; a newer stored one stays.
  const gridWrites = await mapLimit(idsAt[0]!, context.concurrency, async (gridId) => {
    const held = grids.get(gridId);
    const merged = new Map(held?.contributions ?? []);
    for (const [requestId, stored] of merged) if (stored.contribution && !recomputed.get(gridId)?.has(requestId)) merged.set(requestId, { version: stored.version });
    for (const [requestId, stored] of recomputed.get(gridId) ?? []) {
      const before = merged.get(requestId);
      if (!before || before.version <= stored.version) merged.set(requestId, stored);
    }
    const changed = !held || [...merged].some(([requestId, stored]) => encoded(held.contributions.get(requestId)) !== encoded(stored) || !held.contributions.has(requestId));
    const chain = held?.chain ?? chainOf(gridId, context.placements.get(gridId)!, names);
    const grid: GridRollup = { month, version: changed ? (held?.version ?? 0) + 1 : held!.version, chain, contributions: merged };
    states.set(gridId, { version: grid.version, name: chain[0].name, tallies: gridTallies(grid) });
    return changed ? { label: `grid ${gridId}`, written: await replaceGridRollup(grid, held?.version) } : undefined;
  });
  if (!tallyWrites(gridWrites, report)) return;

  // Each level up to the scope (for the city: its districts): a snapshot of every child as just written.
  let scopeChanged = gridWrites.some((write) => write?.written) && context.scope.kind === 'grid';
  for (let level = 1; level <= context.topLevel; level += 1) {
    const writes = await mapLimit(idsAt[level]!, context.concurrency, async (parentId) => {
      const held = parents.get(parentId);
      const children = new Set([...(context.childrenOf.get(parentId) ?? []), ...(held?.children.keys() ?? [])]);
      const snapshots = new Map(
        [...children]
          .map((childId): [string, UnitState] => [childId, states.get(childId)!])
          .filter(([, state]) => state && state.version > 0)
          .map(([childId, state]) => [childId, { version: state.version, name: state.name, tallies: state.tallies }]),
      );
      const changed =
        !held ||
        [...snapshots].some(([childId, snapshot]) => {
          const before = held.children.get(childId);
          return !before || snapshotText(before) !== snapshotText(snapshot);
        });
      const unit: RollupUnit = held?.unit ?? {
        id: parentId,
        kind: LEVELS[level]!,
        name: names.get(parentId) ?? parentId,
        parentId: context.parentOf.get(parentId) ?? CITY_SCOPE,
      };
      const parent: ParentRollup = { unit, month, version: changed ? (held?.version ?? 0) + 1 : held!.version, children: snapshots };
      states.set(parentId, { version: parent.version, name: unit.name, tallies: parentTallies(parent) });
      return changed ? { label: `${LEVELS[level]} ${parentId}`, written: await replaceParentRollup(parent, held?.version) } : undefined;
    });
    if (!tallyWrites(writes, report)) return;
    scopeChanged = writes.some((write) => write?.written);
  }

  const scopeState = states.get(context.scope.id);
  if (scopeState && scopeState.version > 0 && context.above.length > 0) {
    await propagateUp({ unit: context.scope, version: scopeState.version, tallies: scopeState.tallies }, context.above, month, scopeChanged);
  }
}

/** Counts a level's writes; false when any was refused (the levels above are then left for the next run). */
function tallyWrites(writes: readonly ({ label: string; written: boolean } | undefined)[], report: RebuildReport): boolean {
  for (const write of writes) {
    if (!write) continue;
    if (write.written) report.fixed += 1;
    else report.changedMeanwhile.push(write.label);
  }
  return !writes.some((write) => write && !write.written);
}

/** Names of the units that have no rollup item yet (one BatchGetItem per 100). */
async function namesOfNewUnits(context: FixContext): Promise<Map<string, string>> {
  const ids = new Set<string>();
  for (const gridId of context.idsAt[0]!) if (!context.grids.has(gridId)) context.placements.get(gridId)?.slice(0, 4).forEach((id) => ids.add(id));
  for (const level of context.idsAt.slice(1)) for (const id of level) if (!context.parents.has(id)) ids.add(id);
  return new Map((await getOrgUnits([...ids])).map((unit) => [unit.id, unit.name]));
}

/** A grid's chain from its placement (grid, community, subdistrict, district) and the units' names. */
function chainOf(gridId: string, placement: readonly string[], names: ReadonlyMap<string, string>): UnitChain {
  const [, ...above] = placement.slice(0, 4);
  return [gridId, ...above].map(
    (id, index): RollupUnit => ({ id, kind: LEVELS[index]!, name: names.get(id) ?? id, parentId: placement[index + 1] ?? CITY_SCOPE }),
  ) as unknown as UnitChain;
}
