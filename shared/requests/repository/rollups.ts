import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { CITY_SCOPE } from '../../auth/identity';
import { documents } from '../../aws/clients';
import { config } from '../../config';
import { listAllChildUnits } from '../../organisation/repository';
import { batchGetItems } from '../../table/batch';
import { writeIf, writeOrUndefined } from '../../table/conditions';
import { requestKeys as keys } from '../../table/design';
import { buildUpdate } from '../../table/update';
import { type Contribution, type TallyByCategory, sumByCategory, talliesOf } from '../figures';
import { type StoredSnapshot, decodeContribution, decodeSnapshot, encodeContribution, encodeSnapshot, encodeStored } from './rollup-codec';

/**
 * The monthly rollup items (`ROLLUP#<unitId>` / `MONTH#<yyyy-mm>`), one per unit and month:
 *
 * - a **grid**'s holds, per request submitted in it that month, the request's current contribution
 *   and the request version it was computed from: `contributions.<requestId> = { v, k }` (`k` the
 *   contribution encoded, see ./rollup-codec.ts; no `k`: a tombstone, the request left for
 *   another grid at version `v`), and a `version` bumped whenever the sums change;
 * - a **community**'s, **subdistrict**'s and **district**'s hold one snapshot per child unit:
 *   `children.<childId> = { v, n, t }`, the child's version, name and tallies by category
 *   (`t.<categoryId>`, encoded, see ./rollup-codec.ts), and their own `version`, bumped by every
 *   snapshot written, which is what their parent stores.
 *
 * The rollups stop at the district: the **city** has no item. One would be rewritten by every
 * request event of the city, and the peak bench (README, *The noon peak: hot keys*) measured it as
 * the table's hottest partition at the noon peak: 18 WCU a write at month-end size, 288 WCU in the
 * busiest second, 28.8 % of DynamoDB's 1,000 WCU/s a partition, against 9.6 % for the largest
 * district. A city-wide read makes the city's month instead ({@link readCityRollup}): the
 * districts from the organisation (one Query), then the 12 districts' items in one BatchGetItem,
 * a snapshot per district summed as any parent's are. A `ROLLUP#city` item an older version left
 * in a table is ignored: nothing reads or writes it.
 *
 * Every write is one conditional UpdateItem: a contribution only over the one that was read (so a
 * decision on a stale read is refused and made again), a snapshot only over an older one
 * (`attribute_not_exists(children.#c) OR children.#c.v < :v`), so a late or repeated write never
 * overwrites a newer one. No transaction: a crash between two levels leaves a parent behind, and
 * the next event below it (or the same event delivered again) brings it up to date.
 *
 * Sizes (measured in test/integration/requests/rollups.test.ts, counting every number as 21 bytes):
 * a contribution takes about 75 bytes (a grid's month of 1,000 requests: 75 KB), so a grid's month
 * holds {@link MAX_CONTRIBUTIONS} at most; a snapshot of ten categories about 0.7 KB (a community
 * of 50 grids: 35 KB), so a parent has room for about 500 children, where Nanjing's largest have
 * a few dozen. Beyond 400 KB DynamoDB refuses the write, the consumer throws and the event ends as
 * a dead letter (the on-call alarm), and the rebuild reports what is missing.
 */

/** The kinds of unit a rollup is read for; every kind but the city also has items of its own. */
export type RollupKind = 'grid' | 'community' | 'subdistrict' | 'district' | 'city';

/** A unit as a rollup item names it. */
export interface RollupUnit {
  id: string;
  kind: RollupKind;
  name: string;
  parentId: string | null;
}

/** The whole city (`city`, the city-wide scope's id): the districts' parent, made when read ({@link readCityRollup}), never stored. */
export const CITY_UNIT: RollupUnit = { id: CITY_SCOPE, kind: 'city', name: '全市', parentId: null };

/** A grid and the units above it up to its district, grid first (the city is above every district). */
export type UnitChain = readonly [grid: RollupUnit, ...above: RollupUnit[]];

/** A stored contribution: the request version it was computed from; none when the request left this grid. */
export interface StoredContribution {
  version: number;
  contribution?: Contribution;
}

/** A grid's month. */
export interface GridRollup {
  month: string;
  version: number;
  /** This grid and the units above it, as named when its month began. */
  chain: UnitChain;
  contributions: Map<string, StoredContribution>;
}

/** What a parent keeps of one child: its version, its name and its tallies. */
export interface Snapshot {
  version: number;
  name: string;
  tallies: TallyByCategory;
}

/** A community's, subdistrict's or district's month, or the city's as {@link readCityRollup} makes it. */
export interface ParentRollup {
  unit: RollupUnit;
  month: string;
  version: number;
  children: Map<string, Snapshot>;
}

/**
 * A grid's month takes at most this many requests: about 190 KB at the 75 bytes measured, room to
 * spare under DynamoDB's 400 KB for long category ids. (A grid is 300–500 households: 2,500
 * requests in a month is five a household. Nanjing's 300,000 a month are 30 a grid.)
 */
export const MAX_CONTRIBUTIONS = 2_500;

/**
 * A grid's month is full ({@link MAX_CONTRIBUTIONS}): the request is left out of the figures. The
 * consumer throws it, so the event ends as a dead letter the on-call alarm reports.
 */
export class RollupFullError extends Error {
  constructor(gridId: string, month: string) {
    super(`the monthly rollup of grid ${gridId} for ${month} holds ${MAX_CONTRIBUTIONS} requests, as many as it may`);
    this.name = 'RollupFullError';
  }
}


function gridFromItem(item: Record<string, unknown>): GridRollup {
  const contributions = (item.contributions ?? {}) as Record<string, { v: number; k?: string }>;
  return {
    month: item.month as string,
    version: Number(item.version ?? 0),
    chain: item.chain as unknown as UnitChain,
    contributions: new Map(
      Object.entries(contributions).map(([requestId, stored]) => [
        requestId,
        { version: stored.v, ...(stored.k !== undefined ? { contribution: decodeContribution(stored.k) } : {}) },
      ]),
    ),
  };
}

function parentFromItem(item: Record<string, unknown>): ParentRollup {
  const children = (item.children ?? {}) as Record<string, StoredSnapshot>;
  return {
    unit: { id: item.unitId as string, kind: item.kind as RollupKind, name: item.name as string, parentId: (item.parentId as string | null) ?? null },
    month: item.month as string,
    version: Number(item.version ?? 0),
    children: new Map(Object.entries(children).map(([childId, stored]) => [childId, decodeSnapshot(stored)])),
  };
}

const unitAttributes = (unit: RollupUnit, month: string) => ({
  entity: 'request-rollup',
  unitId: unit.id,
  kind: unit.kind,
  name: unit.name,
  parentId: unit.parentId,
  month,
});

// ── Sums ───────────────────────────────────────────────────────────────────────────────────────

/** A grid's tallies by category: the sum of its contributions. */
export const gridTallies = (grid: GridRollup): TallyByCategory =>
  talliesOf([...grid.contributions.values()].flatMap((stored) => (stored.contribution ? [stored.contribution] : [])));

/** A parent's tallies by category: the sum of its children's snapshots. */
export const parentTallies = (parent: ParentRollup): TallyByCategory => sumByCategory([...parent.children.values()].map((child) => child.tallies));

// ── Reads ──────────────────────────────────────────────────────────────────────────────────────

async function readItem(unitId: string, month: string, consistent: boolean): Promise<Record<string, unknown> | undefined> {
  const output = await documents().send(
    new GetCommand({ TableName: config().tableName, Key: keys.requestRollup(unitId, month), ...(consistent ? { ConsistentRead: true } : {}) }),
  );
  return output.Item;
}

/** A grid's month, if any request of that month was ever in it. */
export async function readGridRollup(gridId: string, month: string, options: { consistent?: boolean } = {}): Promise<GridRollup | undefined> {
  const item = await readItem(gridId, month, options.consistent ?? false);
  return item?.contributions ? gridFromItem(item) : undefined;
}

/** A community's, subdistrict's or district's month, if anything was rolled up into it (the city's: {@link readCityRollup}). */
export async function readParentRollup(unitId: string, month: string, options: { consistent?: boolean } = {}): Promise<ParentRollup | undefined> {
  const item = await readItem(unitId, month, options.consistent ?? false);
  return item?.children ? parentFromItem(item) : undefined;
}

/** Several parents' months at once (BatchGetItem, 100 a call); missing ones are left out. */
export async function readParentRollups(unitIds: readonly string[], month: string, options: { consistent?: boolean } = {}): Promise<ParentRollup[]> {
  const items = await batchGetItems(unitIds.map((unitId) => keys.requestRollup(unitId, month)), options);
  return items.filter((item) => item.children).map(parentFromItem);
}

/**
 * The months of the city's districts (the organisation's top units): one Query of the
 * organisation for the districts (12 in Nanjing), then their items in one BatchGetItem (100 a
 * call); districts without a month are left out. `consistent` is for the items: the organisation's
 * index reads eventually consistent, which a district added moments ago is the only one to notice.
 */
export async function readDistrictRollups(month: string, options: { consistent?: boolean } = {}): Promise<ParentRollup[]> {
  const districts = await listAllChildUnits(null);
  return readParentRollups(
    districts.filter((unit) => unit.kind === 'district').map((unit) => unit.id),
    month,
    options,
  );
}

/**
 * The city's month made from its districts' months, as a parent with a snapshot per district
 * (its version, name and sums); undefined when no district has one. Its version is the sum of the
 * districts', so it grows whenever one of them does, as a stored parent's would.
 */
function cityRollupOf(districts: readonly ParentRollup[], month: string): ParentRollup | undefined {
  if (districts.length === 0) return undefined;
  const sorted = [...districts].sort((a, b) => a.unit.id.localeCompare(b.unit.id));
  return {
    unit: CITY_UNIT,
    month,
    version: sorted.reduce((sum, district) => sum + district.version, 0),
    children: new Map(sorted.map((district): [string, Snapshot] => [district.unit.id, { version: district.version, name: district.unit.name, tallies: parentTallies(district) }])),
  };
}

/**
 * The city's month, from its districts' items ({@link readDistrictRollups}: a Query and a
 * BatchGetItem, whatever the month holds), since the city keeps no item of its own (see the top of
 * this file); undefined when no district has a month.
 */
export async function readCityRollup(month: string, options: { consistent?: boolean } = {}): Promise<ParentRollup | undefined> {
  return cityRollupOf(await readDistrictRollups(month, options), month);
}

/** Several grids' months at once (BatchGetItem, strongly consistent), for the rebuild; missing ones are left out. */
export async function readGridRollups(gridIds: readonly string[], month: string): Promise<Map<string, GridRollup>> {
  const items = await batchGetItems(gridIds.map((gridId) => keys.requestRollup(gridId, month)), { consistent: true });
  return new Map(items.filter((item) => item.contributions).map((item) => [item.unitId as string, gridFromItem(item)]));
}

// ── Writes ─────────────────────────────────────────────────────────────────────────────────────

const update = (spec: Parameters<typeof buildUpdate>[1]) => documents().send(new UpdateCommand(buildUpdate(config().tableName, spec)));

/**
 * Sets one request's contribution in its grid's month, only if what is stored is still `read`
 * (absent when nothing was), bumping the grid's version when the sums change. Creates the item (with
 * the chain of units above the grid) when the month has none yet. Returns the grid after the write,
 * or undefined when the condition refused it (someone wrote first: read again and decide again).
 */
export async function writeContribution(
  chain: UnitChain,
  month: string,
  requestId: string,
  read: { exists: boolean; stored?: StoredContribution | undefined },
  next: StoredContribution,
  changesSums: boolean,
): Promise<GridRollup | undefined> {
  const grid = chain[0];
  const bump = { version: changesSums ? 1 : 0 };
  if (!read.exists) {
    const created = await writeOrUndefined(
      update({
        key: keys.requestRollup(grid.id, month),
        set: { ...unitAttributes(grid, month), chain, contributions: { [requestId]: encodeStored(next) } },
        add: bump,
        condition: 'attribute_not_exists(#contributions)',
        names: { '#contributions': 'contributions' },
        returnValues: 'ALL_NEW',
      }),
    );
    return created?.Attributes ? gridFromItem(created.Attributes) : undefined;
  }
  const stored = read.stored;
  const condition = !stored
    ? 'attribute_exists(#contributions) AND attribute_not_exists(#contributions.#request)'
    : stored.contribution
      ? '#contributions.#request.#v = :v AND #contributions.#request.#k = :k'
      : '#contributions.#request.#v = :v AND attribute_not_exists(#contributions.#request.#k)';
  const written = await writeOrUndefined(
    update({
      key: keys.requestRollup(grid.id, month),
      setPaths: [[['contributions', requestId], encodeStored(next)]],
      add: bump,
      condition,
      names: { '#contributions': 'contributions', '#request': requestId, ...(stored ? { '#v': 'v' } : {}), ...(stored?.contribution ? { '#k': 'k' } : {}) },
      values: stored ? { ':v': stored.version, ...(stored.contribution ? { ':k': encodeContribution(stored.contribution) } : {}) } : {},
      returnValues: 'ALL_NEW',
    }),
  );
  return written?.Attributes ? gridFromItem(written.Attributes) : undefined;
}

/**
 * Sets a child's snapshot in its parent's month, only over an older one (or none), bumping the
 * parent's version. `exists: false` creates the item (the parent's first child that month). Returns
 * the parent after the write, or undefined when refused: the parent already holds this version of
 * the child or a newer one — or, with `exists: false`, someone created it first.
 */
export async function writeSnapshot(
  parent: RollupUnit,
  month: string,
  childId: string,
  snapshot: Snapshot,
  exists: boolean,
): Promise<ParentRollup | undefined> {
  const written = await writeOrUndefined(
    exists
      ? update({
          key: keys.requestRollup(parent.id, month),
          setPaths: [[['children', childId], encodeSnapshot(snapshot)]],
          add: { version: 1 },
          condition: 'attribute_exists(#children) AND (attribute_not_exists(#children.#child) OR #children.#child.#v < :v)',
          names: { '#children': 'children', '#child': childId, '#v': 'v' },
          values: { ':v': snapshot.version },
          returnValues: 'ALL_NEW',
        })
      : update({
          key: keys.requestRollup(parent.id, month),
          set: { ...unitAttributes(parent, month), children: { [childId]: encodeSnapshot(snapshot) } },
          add: { version: 1 },
          condition: 'attribute_not_exists(#children)',
          names: { '#children': 'children' },
          returnValues: 'ALL_NEW',
        }),
  );
  return written?.Attributes ? parentFromItem(written.Attributes) : undefined;
}

/**
 * Replaces a grid's month whole (the rebuild's `--fix`), only if it is still at `expectedVersion`
 * (undefined: only if there is none). False when it changed meanwhile.
 */
export async function replaceGridRollup(grid: GridRollup, expectedVersion: number | undefined): Promise<boolean> {
  const unit = grid.chain[0];
  return replaceItem(unit.id, grid.month, expectedVersion, {
    ...unitAttributes(unit, grid.month),
    chain: grid.chain,
    version: grid.version,
    contributions: Object.fromEntries([...grid.contributions].map(([requestId, stored]) => [requestId, encodeStored(stored)])),
  });
}

/** Replaces a parent's month whole (the rebuild's `--fix`), as {@link replaceGridRollup}. */
export async function replaceParentRollup(parent: ParentRollup, expectedVersion: number | undefined): Promise<boolean> {
  return replaceItem(parent.unit.id, parent.month, expectedVersion, {
    ...unitAttributes(parent.unit, parent.month),
    version: parent.version,
    children: Object.fromEntries([...parent.children].map(([childId, snapshot]) => [childId, encodeSnapshot(snapshot)])),
  });
}

async function replaceItem(unitId: string, month: string, expectedVersion: number | undefined, attributes: Record<string, unknown>): Promise<boolean> {
  return writeIf(
    documents().send(
      new PutCommand({
        TableName: config().tableName,
        Item: { ...keys.requestRollup(unitId, month), ...attributes },
        ConditionExpression: expectedVersion === undefined ? 'attribute_not_exists(pk)' : '#version = :version',
        ...(expectedVersion === undefined ? {} : { ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':version': expectedVersion } }),
      }),
    ),
  );
}
