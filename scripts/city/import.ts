import { isDeepStrictEqual } from 'node:util';
import { dataMarkers, hasDataMarker, markCityImported } from '../../infra/local/seeds/demo';
import { CITY_SCOPE } from '../../shared/auth/identity';
import { mapLimit } from '../../shared/concurrency';
import type { Donor, Facility, LogEntry } from '../../shared/facilities/model';
import { createDonor, createFacility, saveFacility, updateDonor } from '../../shared/facilities/repository';
import { ProblemError } from '../../shared/http/errors';
import type { Member, OrgUnit } from '../../shared/organisation/model';
import { createOrgUnit, getMembers, listMembershipsOf, removeMember, saveMember, updateOrgUnit } from '../../shared/organisation/repository';
import { defaultCategories } from '../../shared/requests/categories/catalogue';
import type { Category } from '../../shared/requests/categories/model';
import { createCategory, replaceCategory } from '../../shared/requests/categories/repository';
import { planCategory } from '../../shared/requests/categories/rules';
import { indexAdmin, indexedAdmins, unindexAdmin } from '../../shared/requests/escalation-targets';
import { gridsNotIndexed, indexGridBoundary, reindexGridBoundary } from '../../shared/requests/grid-cells';
import { recordStationManagers } from '../../shared/stations/managers';
import { type Station, defaultStationRules } from '../../shared/stations/model';
import { syncFullFlag } from '../../shared/stations/occupancy';
import { createStation, saveStation } from '../../shared/stations/repository';
import { saveStaffAccount } from '../../shared/users/staff';
import { type TableCity, categoryRowOf, donorRowOf, facilityRowOf, fullHours, readTableCity, stationRowOf, unitRowOf } from './export';
import { type CityCategory, type CityData, type CityProblem, type CityStaff, type CityStation, type CityUnit, cityFiles } from './model';
import { Progress } from './progress';

/**
 * Writes a city (files already read and validated: formats/, validate.ts) into the table this
 * process points at, through the repositories the API uses, without events: an import must not
 * notify thousands of people, so what the consumers would have done on those events is done here
 * directly, as the demo seed does (infra/local/seeds/): grids' boundaries into the routing cells,
 * admins into the escalation index, station managers' hints.
 *
 * It reads what the table holds first (export.ts) and writes only the differences, so importing the
 * same folder twice writes nothing the second time. Rows the table has and the files lack are
 * reported, never deleted. Units are never moved: a unit whose parent differs from the table's is a
 * problem, and then nothing at all is written.
 *
 * An interrupted import is finished by running it again. Each step is written so that what a crash
 * leaves half-done is seen on the rerun:
 * - a new grid's item is written before its routing cells, and every unchanged grid's cells are
 *   checked (BatchGets of the cell keys its boundary covers) and written again when one is missing
 *   or stale; a grid whose boundary changed gets its new cells and loses its old ones *before* its
 *   item changes, so until then the rerun still sees it as changed (and knows the old boundary);
 * - expected memberships and admin entries are checked for every staff row, and the missing ones
 *   written; those a changed row no longer holds are removed *before* the account changes;
 * - a station's managers' hints (never trusted alone) are written before the station.
 */

export const ENTITIES = ['units', 'staff', 'stations', 'donors', 'facilities', 'categories'] as const;
export type Entity = (typeof ENTITIES)[number];

export interface EntityCounts {
  created: number;
  updated: number;
  unchanged: number;
  /** In the table, not in the files: reported, never deleted. */
  missing: number;
}

export interface ImportReport {
  dryRun: boolean;
  /** Problems of the files against the table (a unit moved…): when any, nothing was written. */
  problems: CityProblem[];
  counts: Record<Entity, EntityCounts>;
  /** What the table has and the files lack, by entity (staff by masked phone): the first few. */
  missing: Record<Entity, string[]>;
  /** What the table lacked of rows otherwise unchanged (an earlier import cut short), written again. */
  repaired: { gridCells: number; memberships: number; adminEntries: number };
  /** Memberships and admin entries added and removed (changed rows, new staff). */
  memberships: { added: number; removed: number };
  adminEntries: { added: number; removed: number };
  /** Departments in the files: checked, nothing stored (the set is fixed in code). */
  departments: number;
  /** The files had no categories and the table none: the default catalogue was created. */
  defaultCategories: boolean;
  elapsedMs: number;
}

export interface ImportOptions {
  dryRun?: boolean;
  now?: Date;
  /** Writes in flight at once (default 16). */
  concurrency?: number;
  progress?: Progress;
  /** Who the items say made them (default `import`). */
  by?: string;
  /**
   * A local data folder: the import refuses one `npm start` seeded with the demo data, and marks
   * the folder as holding a city so that `npm start` never seeds the demo data over it.
   */
  localDataFolder?: boolean;
}

/** How many missing rows of each entity a report names. */
const MISSING_NAMED = 20;

const depthOf: Record<OrgUnit['kind'], number> = { district: 0, subdistrict: 1, community: 2, grid: 3, micro_grid: 4 };
const kindPlural: Record<OrgUnit['kind'], string> = {
  district: 'districts',
  subdistrict: 'subdistricts',
  community: 'communities',
  grid: 'grids',
  micro_grid: 'micro-grids',
};

/** A row without where it was read: what the comparisons look at. */
function withoutSource<T extends { at?: unknown }>(row: T): Omit<T, 'at'> {
  const { at: _at, ...rest } = row;
  return rest;
}

/** The same data, whatever the order of keys, with absent and undefined fields alike. */
const same = (a: unknown, b: unknown): boolean => isDeepStrictEqual(JSON.parse(JSON.stringify(a ?? null)), JSON.parse(JSON.stringify(b ?? null)));

const sameSet = (a: readonly string[], b: readonly string[]): boolean => same([...a].sort(), [...b].sort());

/** A phone as reports show it: personal data stays out of logs. */
export const maskedPhone = (phone: string): string => `${phone.slice(0, 3)}****${phone.slice(-4)}`;

const problemAt = (at: { file: string; line: number } | undefined, file: string, message: string): CityProblem => ({
  file: at?.file ?? file,
  ...(at ? { line: at.line } : {}),
  message,
});

/** One staff row's plan. */
interface StaffPlan {
  row: CityStaff;
  change: 'created' | 'updated' | 'unchanged';
  userId?: string;
  /** Memberships the row makes, by `unitId/memberRole`. */
  expected: { unitId: string; memberRole: Member['memberRole'] }[];
  /** Of those, the ones the table lacks. */
  missing: { unitId: string; memberRole: Member['memberRole'] }[];
  /** Memberships an earlier import made that the row no longer holds. */
  stale: string[];
  adminUnits: string[];
  missingAdminUnits: string[];
  staleAdminUnits: string[];
}

/** The import's whole plan: each entity's rows with what to do with them. */
interface Plan {
  units: { unit: OrgUnit; existing?: OrgUnit; change: 'created' | 'updated' | 'unchanged' }[];
  gridsToRepair: OrgUnit[];
  staff: StaffPlan[];
  stations: { row: CityStation; existing?: Station; change: 'created' | 'updated' | 'unchanged'; communityId: string; ancestors: string[] }[];
  donors: { donor: Donor; existing?: Donor; change: 'created' | 'updated' | 'unchanged' }[];
  facilities: { row: CityData['facilities'][number]; existing?: Facility; change: 'created' | 'updated' | 'unchanged'; donorName: string }[];
  categories: { category: Category; change: 'created' | 'updated' | 'unchanged' }[];
  defaultCategories: boolean;
  /** The staff accounts the table holds, user id by phone (station managers not in the staff file). */
  accounts: Map<string, string>;
}

const emptyCounts = (): EntityCounts => ({ created: 0, updated: 0, unchanged: 0, missing: 0 });

/**
 * Imports a city the files' checks passed (`validateCity` found nothing): checks it against the
 * table, then (unless `dryRun`) writes the differences. With problems, nothing is written.
 */
export async function importCity(city: CityData, options: ImportOptions = {}): Promise<ImportReport> {
  const started = Date.now();
  const now = options.now ?? new Date();
  const by = options.by ?? 'import';
  const limit = options.concurrency ?? 16;
  const progress = options.progress ?? new Progress(process.stderr, { quiet: true });

  progress.note('Reading what the table holds…');
  const table = await readTableCity({ progress, concurrency: limit });
  const problems: CityProblem[] = [];
  if (options.localDataFolder && (await hasDataMarker('demo'))) {
    problems.push({
      file: 'data folder',
      message:
        `it holds the demo data \`npm start\` seeds (marker ${dataMarkers.demo.pk}/${dataMarkers.demo.sk}), whose grids would overlap the city's: ` +
        'import into a fresh folder (--data-dir, or remove the folder first)',
    });
  }
  const plan = await planImport(city, table, { now, by, limit, problems, progress });
  const report: ImportReport = {
    dryRun: options.dryRun === true,
    problems,
    counts: Object.fromEntries(ENTITIES.map((entity) => [entity, emptyCounts()])) as Record<Entity, EntityCounts>,
    missing: Object.fromEntries(ENTITIES.map((entity) => [entity, []])) as unknown as Record<Entity, string[]>,
    repaired: { gridCells: 0, memberships: 0, adminEntries: 0 },
    memberships: { added: 0, removed: 0 },
    adminEntries: { added: 0, removed: 0 },
    departments: city.departments.length,
    defaultCategories: plan.defaultCategories,
    elapsedMs: 0,
  };
  count(report, plan, city, table);
  if (problems.length > 0 || options.dryRun) {
    report.elapsedMs = Date.now() - started;
    return report;
  }

  // Before the first item: an import cut short is still a city (npm start must not seed the demo over it).
  if (options.localDataFolder && !(await hasDataMarker('city'))) await markCityImported(now, by);
  await writePlan(plan, { now, by, limit, progress });
  report.elapsedMs = Date.now() - started;
  return report;
}

/** Fills the report's counts from the plan (what was, or in a dry run would be, written). */
function count(report: ImportReport, plan: Plan, city: CityData, table: TableCity): void {
  const tally = (entity: Entity, changes: readonly { change: 'created' | 'updated' | 'unchanged' }[]) => {
    for (const { change } of changes) report.counts[entity][change] += 1;
  };
  tally('units', plan.units);
  tally('staff', plan.staff);
  tally('stations', plan.stations);
  tally('donors', plan.donors);
  tally('facilities', plan.facilities);
  tally('categories', plan.categories);
  report.repaired.gridCells = plan.gridsToRepair.length;
  for (const staff of plan.staff) {
    const repairing = staff.change === 'unchanged';
    report.memberships.added += staff.missing.length;
    report.memberships.removed += staff.stale.length;
    report.adminEntries.added += staff.missingAdminUnits.length;
    report.adminEntries.removed += staff.staleAdminUnits.length;
    if (repairing) {
      report.repaired.memberships += staff.missing.length;
      report.repaired.adminEntries += staff.missingAdminUnits.length;
    }
  }
  const missing = (entity: Entity, ids: string[]) => {
    report.counts[entity].missing = ids.length;
    report.missing[entity] = ids.sort().slice(0, MISSING_NAMED);
  };
  const inFiles = <T>(rows: readonly T[], id: (row: T) => string) => new Set(rows.map(id));
  const units = inFiles(city.units, (unit) => unit.id);
  missing('units', [...table.units.keys()].filter((id) => !units.has(id)));
  const phones = inFiles(city.staff, (staff) => staff.phone);
  missing('staff', [...table.staff.values()].filter((account) => !phones.has(account.phone)).map((account) => `${account.displayName} ${maskedPhone(account.phone)}`));
  const stations = inFiles(city.stations, (station) => station.id);
  missing('stations', [...table.stations.keys()].filter((id) => !stations.has(id)));
  const donors = inFiles(city.donors, (donor) => donor.id);
  missing('donors', [...table.donors.keys()].filter((id) => !donors.has(id)));
  const facilities = inFiles(city.facilities, (facility) => facility.id);
  missing('facilities', [...table.facilities.keys()].filter((id) => !facilities.has(id)));
  // No categories in the files leaves the catalogue as it is: nothing is missing from them.
  const categories = inFiles(city.categories, (category) => category.id);
  missing('categories', city.categories.length === 0 ? [] : [...table.categories.keys()].filter((id) => !categories.has(id)));
}

// ————— the plan: reads only —————

async function planImport(
  city: CityData,
  table: TableCity,
  context: { now: Date; by: string; limit: number; problems: CityProblem[]; progress: Progress },
): Promise<Plan> {
  const { now, by, problems, progress } = context;
  const units = planUnits(city.units, table, now, by, problems);
  const known = new Map(table.units);
  units.forEach(({ unit }) => known.set(unit.id, unit));
  // Grids otherwise unchanged whose routing cells are missing or stale (an import cut short).
  const unchangedGrids = units.filter(({ unit, change }) => change === 'unchanged' && unit.kind === 'grid').map(({ unit }) => unit);
  progress.note('Checking routing cells, memberships and admin entries…');
  const notIndexed = new Set(await gridsNotIndexed(unchangedGrids));
  const gridsToRepair = unchangedGrids.filter((grid) => notIndexed.has(grid.id));

  const staff = await planStaff(city.staff, table, known, context.limit);
  const userOfPhone = new Map([...table.staff.values()].map((account) => [account.phone, account.userId]));
  const phoneOfUser = new Map([...table.staff.values()].map((account) => [account.userId, account.phone]));

  const stations: Plan['stations'] = [];
  for (const row of city.stations) {
    const grid = known.get(row.gridId);
    if (!grid || grid.kind !== 'grid' || !grid.parentId) {
      problems.push(problemAt(row.at, cityFiles.stations, `station ${row.id}: no grid ${row.gridId} in the files or the table`));
      continue;
    }
    const existing = table.stations.get(row.id);
    const wanted = stationRowOf(stationOfRow(row, { communityId: grid.parentId, ancestors: [], managers: row.managerPhones }), (phone) => phone).row;
    const change = !existing
      ? 'created'
      : same(stationRowOf(existing, (userId) => phoneOfUser.get(userId)).row, wanted) && existing.managers.every((userId) => phoneOfUser.has(userId)) &&
          existing.communityId === grid.parentId && same(existing.ancestors, [...grid.ancestors, grid.id])
        ? 'unchanged'
        : 'updated';
    for (const phone of row.managerPhones) {
      if (!userOfPhone.has(phone) && !city.staff.some((person) => person.phone === phone)) {
        problems.push(problemAt(row.at, cityFiles.stations, `station ${row.id}: manager ${maskedPhone(phone)} is neither in the staff file nor in the table`));
      }
    }
    stations.push({ row, ...(existing ? { existing } : {}), change, communityId: grid.parentId, ancestors: [...grid.ancestors, grid.id] });
  }

  const donors: Plan['donors'] = city.donors.map((row) => {
    const existing = table.donors.get(row.id);
    const contact = { ...(row.contactName ? { name: row.contactName } : {}), ...(row.contactPhone ? { phone: row.contactPhone } : {}) };
    const donor: Donor = {
      id: row.id,
      name: row.name,
      kind: row.kind,
      ...(Object.keys(contact).length > 0 ? { contact } : {}),
      ...(row.note ? { note: row.note } : {}),
      createdAt: existing?.createdAt ?? now.toISOString(),
      createdBy: existing?.createdBy ?? by,
    };
    const change = !existing ? 'created' : same(donorRowOf(existing), donorRowOf(donor)) ? 'unchanged' : 'updated';
    return { donor, ...(existing ? { existing } : {}), change };
  });
  const donorNames = new Map([...table.donors.values()].map((donor) => [donor.id, donor.name]));
  donors.forEach(({ donor }) => donorNames.set(donor.id, donor.name));

  const stationIds = new Set([...table.stations.keys(), ...city.stations.map((station) => station.id)]);
  const facilities: Plan['facilities'] = [];
  for (const row of city.facilities) {
    const donorName = donorNames.get(row.donorId);
    if (donorName === undefined || !stationIds.has(row.stationId)) {
      problems.push(problemAt(row.at, cityFiles.facilities, `facility ${row.id}: no ${donorName === undefined ? `donor ${row.donorId}` : `station ${row.stationId}`} in the files or the table`));
      continue;
    }
    const existing = table.facilities.get(row.id);
    const wanted = { ...withoutSource(row), ...(row.model ? {} : { model: undefined }), status: row.status ?? existing?.status ?? 'in_service' };
    const change = !existing ? 'created' : same(facilityRowOf(existing), wanted) && existing.donorName === donorName ? 'unchanged' : 'updated';
    facilities.push({ row, ...(existing ? { existing } : {}), change, donorName });
  }

  // Categories as the API would make them; none in the files leaves the catalogue alone, or, in a
  // table with none at all, gives it the default one (requests need categories).
  const importer = { userId: by, role: 'admin' as const, units: [CITY_SCOPE] };
  const categories: Plan['categories'] = [];
  const defaults = city.categories.length === 0 && table.categories.size === 0;
  const categoryRows: CityCategory[] = defaults ? defaultCategories : city.categories;
  for (const row of categoryRows) {
    const { id, at: _at, ...input } = row;
    let category: Category;
    try {
      category = planCategory(importer, id, input, now);
    } catch (error) {
      if (!(error instanceof ProblemError)) throw error;
      const details = error.errors.map((field) => `${field.field.replace(/^body\./, '')}: ${field.message}`);
      problems.push(problemAt(row.at, cityFiles.categories, `category ${id}: ${details.length > 0 ? details.join('; ') : (error.detail ?? error.message)}`));
      continue;
    }
    const existing = table.categories.get(id);
    const change = !existing ? 'created' : same(categoryRowOf(existing), categoryRowOf(category)) ? 'unchanged' : 'updated';
    categories.push({ category, change });
  }

  return { units, gridsToRepair, staff, stations, donors, facilities, categories, defaultCategories: defaults, accounts: userOfPhone };
}

/** Each unit of the files as an org unit, with its ancestors from its parents, and what to do with it. */
function planUnits(rows: readonly CityUnit[], table: TableCity, now: Date, by: string, problems: CityProblem[]): Plan['units'] {
  const fromFiles = new Map(rows.map((row) => [row.id, row]));
  const ancestors = new Map<string, string[] | null>();
  /** The ancestors of a unit of the files or the table (null: its chain is broken, said once). */
  const ancestorsOf = (id: string, seen: Set<string>): string[] | null => {
    if (ancestors.has(id)) return ancestors.get(id)!;
    const row = fromFiles.get(id);
    const parentId = row ? row.parentId : (table.units.get(id)?.parentId ?? null);
    let found: string[] | null;
    if (!row && !table.units.has(id)) found = null;
    else if (parentId === null) found = [];
    else if (seen.has(parentId)) found = null;
    else {
      const above = ancestorsOf(parentId, new Set([...seen, id]));
      found = above && (fromFiles.has(parentId) || table.units.has(parentId)) ? [...above, parentId] : null;
    }
    ancestors.set(id, found);
    return found;
  };
  const planned: Plan['units'] = [];
  for (const row of [...rows].sort((a, b) => depthOf[a.kind] - depthOf[b.kind])) {
    const existing = table.units.get(row.id);
    if (existing && existing.kind !== row.kind) {
      problems.push(problemAt(row.at, cityFiles.units, `unit ${row.id} is a ${existing.kind} in the table, not a ${row.kind}: a unit's kind never changes`));
      continue;
    }
    if (existing && existing.parentId !== row.parentId) {
      problems.push(
        problemAt(
          row.at,
          cityFiles.units,
          `unit ${row.id} is under ${existing.parentId ?? 'no parent'} in the table, not ${row.parentId ?? 'no parent'}: ` +
            'the import does not move units (the ancestors of everything below it, its requests and reports would be left behind); ' +
            `keep ${existing.parentId ?? 'no parent'} as its parent, or give the unit a new id`,
        ),
      );
      continue;
    }
    const chain = ancestorsOf(row.id, new Set());
    if (!chain) {
      problems.push(problemAt(row.at, cityFiles.units, `unit ${row.id}: its parent ${row.parentId ?? ''} is neither in the files nor in the table`));
      continue;
    }
    const unit: OrgUnit = {
      id: row.id,
      kind: row.kind,
      name: row.name,
      parentId: row.parentId,
      ancestors: chain,
      ...(row.boundary ? { boundary: row.boundary } : {}),
      ...(row.households !== undefined ? { households: row.households } : {}),
      createdAt: existing?.createdAt ?? now.toISOString(),
      createdBy: existing?.createdBy ?? by,
    };
    const change = !existing ? 'created' : same(unitRowOf(existing), unitRowOf(unit)) && same(existing.ancestors, unit.ancestors) ? 'unchanged' : 'updated';
    planned.push({ unit, ...(existing ? { existing } : {}), change });
  }
  return planned;
}

/**
 * Each staff row's account change, and the memberships and admin entries it makes: a grid worker is
 * a `grid_worker` member of each of their grids and of every micro-grid in them (so they hear of
 * the micro-grids' shifts and swaps, as the demo's grid worker does), a volunteer a `volunteer`
 * member of their micro-grids, an admin is indexed under their units for escalations; a station
 * manager has none (the stations' managers lists say what they run).
 */
async function planStaff(rows: readonly CityStaff[], table: TableCity, known: ReadonlyMap<string, OrgUnit>, limit: number): Promise<StaffPlan[]> {
  const microGridsOf = new Map<string, string[]>();
  for (const unit of known.values()) {
    if (unit.kind === 'micro_grid' && unit.parentId) microGridsOf.set(unit.parentId, [...(microGridsOf.get(unit.parentId) ?? []), unit.id]);
  }
  const membershipsOf = (role: string, units: readonly string[]): StaffPlan['expected'] => {
    const expected = new Map<string, StaffPlan['expected'][number]>();
    const add = (unitId: string, memberRole: Member['memberRole']) => expected.set(unitId, { unitId, memberRole });
    for (const unitId of units) {
      const kind = known.get(unitId)?.kind;
      if (role === 'grid_worker' && kind === 'grid') {
        add(unitId, 'grid_worker');
        (microGridsOf.get(unitId) ?? []).forEach((microGridId) => add(microGridId, 'grid_worker'));
      }
      if (role === 'grid_worker' && kind === 'micro_grid') add(unitId, 'grid_worker');
      if (role === 'volunteer' && kind === 'micro_grid') add(unitId, 'volunteer');
    }
    return [...expected.values()];
  };
  const plans: StaffPlan[] = rows.map((row) => {
    const existing = table.staff.get(row.phone);
    const change = !existing
      ? 'created'
      : existing.displayName === row.name && existing.role === row.role && sameSet(existing.units, row.units)
        ? 'unchanged'
        : 'updated';
    const expected = membershipsOf(row.role, row.units);
    const adminUnits = row.role === 'admin' ? [...new Set(row.units)] : [];
    const wasAdmin = existing?.role === 'admin' ? existing.units : [];
    return {
      row,
      change,
      ...(existing ? { userId: existing.userId } : {}),
      expected,
      missing: existing ? [] : expected,
      stale: [],
      adminUnits,
      missingAdminUnits: existing ? [] : adminUnits,
      staleAdminUnits: change === 'updated' ? wasAdmin.filter((unitId) => !adminUnits.includes(unitId)) : [],
    };
  });
  // What the table holds of the existing accounts' memberships and admin entries: BatchGets.
  const existing = plans.filter((plan) => plan.userId !== undefined);
  const present = new Set(
    (await getMembers(existing.flatMap((plan) => plan.expected.map(({ unitId }) => ({ unitId, userId: plan.userId! }))))).map(
      (member) => `${member.unitId}/${member.userId}/${member.memberRole}`,
    ),
  );
  const admins = await indexedAdmins(existing.flatMap((plan) => plan.adminUnits.map((unitId) => ({ unitId, userId: plan.userId! }))));
  for (const plan of existing) {
    plan.missing = plan.expected.filter(({ unitId, memberRole }) => !present.has(`${unitId}/${plan.userId}/${memberRole}`));
    plan.missingAdminUnits = plan.adminUnits.filter((unitId) => !admins.has(`${unitId}/${plan.userId}`));
  }
  // A changed row may no longer hold memberships an earlier import made: those go (only those: a
  // membership made by a grid worker or an invitation is not the import's to end).
  await mapLimit(
    existing.filter((plan) => plan.change === 'updated'),
    limit,
    async (plan) => {
      // A unit still expected (perhaps with another member role) is written over, not ended.
      const kept = new Set(plan.expected.map(({ unitId }) => unitId));
      const current: Member[] = [];
      let cursor: string | undefined;
      do {
        const page = await listMembershipsOf(plan.userId!, { limit: 100, ...(cursor ? { cursor } : {}) });
        current.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      plan.stale = current
        .filter((member) => member.addedBy === IMPORT_MEMBERSHIP_MARK && !kept.has(member.unitId))
        .map((member) => member.unitId);
    },
  );
  return plans;
}

/** `addedBy` of the memberships an import makes: the only ones a later import removes. */
export const IMPORT_MEMBERSHIP_MARK = 'import';

// ————— the writes —————

async function writePlan(plan: Plan, context: { now: Date; by: string; limit: number; progress: Progress }): Promise<void> {
  const { now, by, limit, progress } = context;
  const nowIso = now.toISOString();

  // Units top-down, a level at a time, so every parent exists before its children.
  for (const kind of Object.keys(depthOf) as OrgUnit['kind'][]) {
    const level = plan.units.filter(({ unit, change }) => unit.kind === kind && change !== 'unchanged');
    const task = progress.start(`writing ${kindPlural[kind]}`, level.length);
    await mapLimit(level, limit, async ({ unit, existing, change }) => {
      if (change === 'created') {
        await createOrgUnit(unit, []);
        // What the request-routing consumer does on `unit-created`: after the unit, so no cell
        // ever names a grid that is not there; the rerun after a crash finds the cells missing.
        await indexGridBoundary(unit);
      } else {
        // Before the unit item changes: until it does, a rerun sees the change and the old boundary.
        if (unit.kind === 'grid') await reindexGridBoundary(unit, existing?.boundary);
        if (!(await updateOrgUnit(unit, []))) throw new Error(`unit ${unit.id} changed in the table while it was imported (moved or deleted); run the import again`);
      }
      task.tick();
    });
    task.done();
  }
  const repairs = progress.start("re-indexing grids' routing cells", plan.gridsToRepair.length);
  await mapLimit(plan.gridsToRepair, limit, async (grid) => {
    await indexGridBoundary(grid);
    repairs.tick();
  });
  repairs.done();

  // Staff: accounts, then what their roles make of them. Removals come before the account changes.
  const member = (unitId: string, userId: string, memberRole: Member['memberRole']): Member => ({
    unitId,
    userId,
    memberRole,
    joinedAt: nowIso,
    addedBy: IMPORT_MEMBERSHIP_MARK,
  });
  const staffWork = plan.staff.filter(
    (staff) => staff.change !== 'unchanged' || staff.missing.length > 0 || staff.missingAdminUnits.length > 0 || staff.stale.length > 0,
  );
  const staffTask = progress.start('writing staff', staffWork.length);
  await mapLimit(staffWork, limit, async (staff) => {
    let userId = staff.userId;
    if (userId) {
      for (const unitId of staff.stale) await removeMember(unitId, userId, now, []);
      if (staff.staleAdminUnits.length > 0) await unindexAdmin(userId, staff.staleAdminUnits);
    }
    if (staff.change !== 'unchanged') {
      const saved = await saveStaffAccount({ phone: staff.row.phone, displayName: staff.row.name, role: staff.row.role, units: staff.row.units }, now, by);
      userId = saved.userId;
      staff.userId = userId;
    }
    for (const { unitId, memberRole } of staff.missing) await saveMember(member(unitId, userId!, memberRole), []);
    // What the request-routing consumer does on `role-assigned` for an admin.
    if (staff.missingAdminUnits.length > 0) await indexAdmin(userId!, staff.missingAdminUnits, now);
    staffTask.tick();
  });
  staffTask.done();

  // Stations, with their managers by the accounts just written.
  const userOfPhone = new Map(plan.accounts);
  plan.staff.forEach((staff) => staff.userId && userOfPhone.set(staff.row.phone, staff.userId));
  const stationWork = plan.stations.filter(({ change }) => change !== 'unchanged');
  const stationTask = progress.start('writing stations', stationWork.length);
  await mapLimit(stationWork, limit, async ({ row, existing, communityId, ancestors }) => {
    const managers = row.managerPhones.map((phone) => {
      const userId = userOfPhone.get(phone);
      if (!userId) throw new Error(`station ${row.id}: no account for its manager ${maskedPhone(phone)}`);
      return userId;
    });
    const { status: _status, rules: _rules, createdAt: _createdAt, createdBy: _createdBy, version: _version, ...fields } = stationOfRow(row, {
      communityId,
      ancestors,
      managers,
    });
    // The hints first (never trusted alone): a crash before the station leaves it to the rerun.
    await recordStationManagers(row.id, managers, existing?.managers ?? []);
    if (!existing) {
      await createStation({ ...fields, status: 'active', rules: defaultStationRules, createdAt: nowIso, createdBy: by, updatedAt: nowIso, version: 1 }, []);
    } else {
      // Status and rules are the station's own (an admin may have suspended it); occupancy is left alone.
      const saved = await saveStation({ ...existing, ...fields, updatedAt: nowIso, version: existing.version + 1 }, existing.version, []);
      if (!same(existing.seats, fields.seats)) await syncFullFlag(saved);
    }
    stationTask.tick();
  });
  stationTask.done();

  const donorWork = plan.donors.filter(({ change }) => change !== 'unchanged');
  const donorTask = progress.start('writing donors', donorWork.length);
  await mapLimit(donorWork, limit, async ({ donor, change }) => {
    if (change === 'created') await createDonor(donor, []);
    else if (!(await updateDonor(donor, []))) throw new Error(`donor ${donor.id} was deleted while it was imported; run the import again`);
    donorTask.tick();
  });
  donorTask.done();

  const facilityWork = plan.facilities.filter(({ change }) => change !== 'unchanged');
  const facilityTask = progress.start('writing facilities', facilityWork.length);
  await mapLimit(facilityWork, limit, async ({ row, existing, donorName }) => {
    const status = row.status ?? existing?.status ?? 'in_service';
    const fields = {
      kind: row.kind,
      ...(row.model ? { model: row.model } : {}),
      donorId: row.donorId,
      donorName,
      stationId: row.stationId,
      donatedOn: row.donatedOn,
      declaredValueYuan: row.declaredValueYuan,
      condition: row.condition,
      status,
      updatedAt: nowIso,
    };
    if (!existing) {
      const donated: LogEntry = { at: nowIso, action: 'donated', by, status, stationId: row.stationId };
      await createFacility({ id: row.id, ...fields, photoUrls: [], log: [donated], createdAt: nowIso, version: 1 }, []);
    } else {
      const log = [...existing.log, ...logOfChange(existing, fields, nowIso, by)];
      const { model: _model, ...rest } = existing;
      const next: Facility = { ...rest, ...fields, log, version: existing.version + 1 };
      if (!(await saveFacility(next, existing.version, []))) throw new Error(`facility ${row.id} changed in the table while it was imported; run the import again`);
    }
    facilityTask.tick();
  });
  facilityTask.done();

  const categoryWork = plan.categories.filter(({ change }) => change !== 'unchanged');
  const categoryTask = progress.start('writing categories', categoryWork.length);
  for (const { category, change } of categoryWork) {
    if (change === 'created') await createCategory(category, { ifAbsent: true });
    else await replaceCategory(category);
    categoryTask.tick();
  }
  categoryTask.done();
}

/**
 * A station's fields as a row gives them (managers as the caller has them: phones or user ids), with
 * what the files do not hold left as a new station's: the comparison and the write both start here.
 */
function stationOfRow(row: CityStation, place: { communityId: string; ancestors: string[]; managers: string[] }): Station {
  const contact = { ...(row.contact?.name ? { name: row.contact.name } : {}), ...(row.contact?.phone ? { phone: row.contact.phone } : {}) };
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    location: { lat: row.location.lat, lng: row.location.lng },
    communityId: place.communityId,
    gridId: row.gridId,
    ancestors: place.ancestors,
    hours: fullHours(row.hours),
    seats: { total: row.seats.total, reservable: row.seats.reservable },
    amenities: [...new Set(row.amenities)],
    contact,
    managers: place.managers,
    status: 'active',
    rules: defaultStationRules,
    createdAt: '',
    createdBy: '',
    updatedAt: '',
    version: 1,
  };
}

/** Lines of a facility's maintenance log for what the files changed: a move, a new status. */
function logOfChange(existing: Facility, next: Pick<Facility, 'stationId' | 'status'>, at: string, by: string): LogEntry[] {
  const entries: LogEntry[] = [];
  if (next.stationId !== existing.stationId) {
    entries.push({ at, action: 'moved', by, status: next.status, stationId: next.stationId, fromStationId: existing.stationId, note: 'city import' });
  }
  if (next.status !== existing.status) {
    const action = ({ in_service: 'restored', fault_reported: 'fault_reported', under_repair: 'repair_started', retired: 'retired' } as const)[next.status];
    entries.push({ at, action, by, status: next.status, stationId: next.stationId, note: 'city import' });
  }
  return entries;
}
