import { CITY_SCOPE } from '../auth/identity';
import { mapLimit } from '../concurrency';
import { getOrgUnits } from '../organisation/repository';
import type { TallyByCategory } from './figures';
import { propagateUp } from './monthly-rollups';
import {
  type GridRollup,
  type ParentRollup,
  type RollupUnit,
  type StoredContribution,
  type UnitChain,
  gridTallies,
  parentTallies,
  replaceGridRollup,
  replaceParentRollup,
} from './repository/rollups';
import { encodeTally } from './repository/rollup-codec';
import type { RebuildReport } from './rollup-rebuild';
import { LEVELS, encoded } from './rollup-rebuild-differences';

/**
 * A rollup rebuild's fix (`--fix`, rollup-rebuild.ts): the recomputed items that differ are written
 * bottom-up, each only if still at the version read, and the scope's sums go up to its district.
 */

/** What a unit's parent keeps of it. */
interface UnitState {
  version: number;
  name: string;
  tallies: TallyByCategory;
}

/** What a fix works from: the scope, both trees as the rebuild read and recomputed them, and its report to fill in. */
export interface FixContext {
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
export async function fix(context: FixContext): Promise<void> {
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
