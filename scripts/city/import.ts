import { dataMarkers, hasDataMarker, markCityImported } from '../../infra/local/seeds/demo';
import { type TableCity, readTableCity } from './export';
import { type Change, maskedPhone } from './import/compare';
import { type Plan, planImport } from './import/plan';
import { writePlan } from './import/write';
import type { CityData, CityProblem } from './model';
import { Progress } from './progress';

export { maskedPhone } from './import/compare';
export { IMPORT_MEMBERSHIP_MARK } from './import/plan-staff';

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
 * This file holds the import and its report; import/ the rest: the plan (plan.ts, each entity's in
 * plan-units.ts, plan-staff.ts, plan-places.ts, plan-categories.ts, compared by compare.ts) and the
 * writes (write.ts, which says how a rerun finishes an interrupted import).
 */

/** What a report counts, in the order the import writes them. */
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
  const tally = (entity: Entity, changes: readonly { change: Change }[]) => {
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
