import { CITY_SCOPE } from '../auth/identity';
import { getOrgUnit, getOrgUnits } from '../organisation/repository';
import { type TallyByCategory, contributionOf } from './figures';
import { reportMonthOf } from './repository/item';
import { reportRowOf } from './repository/report-rows';
import {
  type GridRollup,
  MAX_CONTRIBUTIONS,
  type ParentRollup,
  RollupFullError,
  type RollupUnit,
  type StoredContribution,
  type UnitChain,
  gridTallies,
  parentTallies,
  readGridRollup,
  readParentRollup,
  writeContribution,
  writeSnapshot,
} from './repository/rollups';
import { encodeContribution } from './repository/rollup-codec';

/**
 * Keeping the monthly rollups (repository/rollups.ts) up to date with a request, whatever happened
 * to it: what the `request-rollups` consumer does on every request event, and what code that writes
 * a request without events (a seed) calls itself; a month written so in bulk (a bench) is better
 * rolled up at once with the rebuild's fix (rollup-rebuild.ts).
 *
 * 1. The request is read, and its contribution computed from its current state — so events may come
 *    twice, late or out of order: each only says "look at this request again".
 * 2. Its grid's month gets the contribution, with the request version it was computed from, by one
 *    conditional write over what was read (a newer version never gives way to an older one). A
 *    request reassigned to another grid leaves a tombstone in the grid it left.
 * 3. The grid's sums go up as a snapshot into its community, the community's into its subdistrict,
 *    then its district: one conditional write a level, each only over an older snapshot. Every run
 *    goes all the way up, even when its own write found nothing to change, so a run cut short after
 *    any level is completed by the next event below that level, or by the same event delivered again.
 *
 * The way up stops at the district. A city item would take a write from every request event of the
 * city, and the peak bench measured it as the table's hottest partition at the noon peak (288 WCU in
 * the busiest second, 28.8 % of a partition's 1,000 WCU/s); a city-wide read sums the 12 districts'
 * items instead, one BatchGetItem (`readCityRollup`). A `ROLLUP#city` item left by an older version
 * is no longer written, nor read.
 */

/** Writes refused by a concurrent one are decided again on a fresh read this many times, then it is a fault (the bus retries). */
const MAX_ATTEMPTS = 8;

/**
 * Brings a request's contribution, and every rollup above it, up to date with the request as it is
 * now. `previousGridId`: the grid a reassignment took it from, which loses its contribution.
 */
export async function rollUpRequest(requestId: string, options: { previousGridId?: string } = {}): Promise<void> {
  const row = await reportRowOf(requestId);
  if (!row) return;
  const month = reportMonthOf(row);
  const { previousGridId } = options;
  if (previousGridId && previousGridId !== row.gridId) {
    await setContribution(previousGridId, month, requestId, { version: row.version }, () => chainOfGrid(previousGridId));
  }
  await setContribution(row.gridId, month, requestId, { version: row.version, contribution: contributionOf(row) }, () =>
    chainOfGrid(row.gridId, [row.districtId, row.subdistrictId, row.communityId]),
  );
}

/**
 * A grid and the units above it with their names, for its month's first write. `ancestors`
 * (district first) when known, else from the grid's unit; undefined when the grid is no unit.
 */
async function chainOfGrid(gridId: string, ancestors?: readonly string[]): Promise<UnitChain | undefined> {
  const path = ancestors ?? (await getOrgUnit(gridId))?.ancestors;
  if (!path) return undefined;
  const ids = [...path].reverse(); // community, subdistrict, district
  const named = new Map((await getOrgUnits([gridId, ...ids])).map((unit) => [unit.id, unit.name]));
  const kinds = ['grid', 'community', 'subdistrict', 'district'] as const;
  const units = [gridId, ...ids].map(
    (id, index): RollupUnit => ({ id, kind: kinds[index]!, name: named.get(id) ?? id, parentId: [...ids, CITY_SCOPE][index]! }),
  );
  return units as unknown as UnitChain;
}

const sameContribution = (a: StoredContribution | undefined, b: StoredContribution) =>
  (a?.contribution ? encodeContribution(a.contribution) : '') === (b.contribution ? encodeContribution(b.contribution) : '');

/** Step 2 and 3 for one grid: its contribution, unless a newer one is there already, then upwards. */
async function setContribution(
  gridId: string,
  month: string,
  requestId: string,
  next: StoredContribution,
  chainOf: () => Promise<UnitChain | undefined>,
): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    const grid = await readGridRollup(gridId, month, { consistent: true });
    const stored = grid?.contributions.get(requestId);
    // Up to date: a contribution of this version or a newer one, or a tombstone already (any will do).
    if (stored && (stored.version >= next.version || (!stored.contribution && !next.contribution))) {
      if (grid!.version > 0) await propagate(grid!, false);
      return;
    }
    if (!stored && grid && grid.contributions.size >= MAX_CONTRIBUTIONS) throw new RollupFullError(gridId, month);
    const chain = grid?.chain ?? (await chainOf());
    // No grid item and no such unit: nothing to leave a tombstone in (a grid that is no unit has no figures).
    if (!chain) return;
    const changesSums = !sameContribution(stored, next);
    const written = await writeContribution(chain, month, requestId, { exists: grid !== undefined, stored }, next, changesSums);
    if (written) {
      if (written.version > 0) await propagate(written, changesSums);
      return;
    }
    if (attempt >= MAX_ATTEMPTS) throw new Error(`the rollup of grid ${gridId} for ${month} kept changing under request ${requestId}`);
  }
}

/** A unit's state as its parent keeps it. */
interface ChildState {
  unit: RollupUnit;
  version: number;
  tallies: TallyByCategory;
}

/** Step 3: a grid's sums into its community, and on up to its district (the chain's last unit). */
function propagate(grid: GridRollup, changed: boolean): Promise<void> {
  const [unit, ...above] = grid.chain;
  return propagateUp({ unit, version: grid.version, tallies: gridTallies(grid) }, above, grid.month, changed);
}

/**
 * A unit's state into each of `levels` in turn (its parent first, the district last: nothing above
 * a district has an item), each level's new state into the next. `changed`: whether the unit just
 * changed in this run; when not, each level is read before it is written, since it most likely
 * holds the snapshot already.
 */
export async function propagateUp(child: ChildState, levels: readonly RollupUnit[], month: string, changed: boolean): Promise<void> {
  let current = child;
  let fresh = changed;
  for (const parent of levels) {
    const result = await putSnapshot(parent, month, current, !fresh);
    current = { unit: parent, version: result.parent.version, tallies: parentTallies(result.parent) };
    fresh = result.changed;
  }
}

/** One level of {@link propagateUp}: the child's snapshot into its parent, unless the parent holds it or a newer one. */
async function putSnapshot(parent: RollupUnit, month: string, child: ChildState, readFirst: boolean): Promise<{ parent: ParentRollup; changed: boolean }> {
  const snapshot = { version: child.version, name: child.unit.name, tallies: child.tallies };
  let known = readFirst;
  let current = readFirst ? await readParentRollup(parent.id, month, { consistent: true }) : undefined;
  for (let attempt = 1; ; attempt += 1) {
    const held = current?.children.get(child.unit.id);
    if (known && current && held && held.version >= snapshot.version) return { parent: current, changed: false };
    const written = await writeSnapshot(parent, month, child.unit.id, snapshot, !known || current !== undefined);
    if (written) return { parent: written, changed: true };
    if (attempt >= MAX_ATTEMPTS) throw new Error(`the rollup of ${parent.kind} ${parent.id} for ${month} kept changing`);
    current = await readParentRollup(parent.id, month, { consistent: true });
    known = true;
  }
}
