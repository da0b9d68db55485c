/**
 * The import's plan: what the files make of each row, compared with what the table holds (reads
 * only). Each entity is planned in its own file; this one runs them in order, since later ones place
 * their rows under the earlier ones' (staff and stations under units, facilities at stations).
 */
import type { OrgUnit } from '../../../shared/organisation/model';
import { gridsNotIndexed } from '../../../shared/requests/grid-cells';
import type { TableCity } from '../export';
import type { CityData, CityProblem } from '../model';
import type { Progress } from '../progress';
import { type CategoryPlan, planCategories } from './plan-categories';
import { type DonorPlan, type FacilityPlan, type StationPlan, planDonors, planFacilities, planStations } from './plan-places';
import { type StaffPlan, planStaff } from './plan-staff';
import { type UnitPlan, planUnits } from './plan-units';

/** What planning and writing are done with: the time and author the items get, writes in flight at once, where progress goes. */
export interface ImportRun {
  now: Date;
  by: string;
  limit: number;
  progress: Progress;
}

/** The import's whole plan: each entity's rows with what to do with them. */
export interface Plan {
  units: UnitPlan[];
  gridsToRepair: OrgUnit[];
  staff: StaffPlan[];
  stations: StationPlan[];
  donors: DonorPlan[];
  facilities: FacilityPlan[];
  categories: CategoryPlan[];
  defaultCategories: boolean;
  /** The staff accounts the table holds, user id by phone (station managers not in the staff file). */
  accounts: Map<string, string>;
}

/** Plans the import of `city` over what the table holds; what cannot be done goes to `problems`. */
export async function planImport(city: CityData, table: TableCity, context: ImportRun & { problems: CityProblem[] }): Promise<Plan> {
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
  const accounts = new Map([...table.staff.values()].map((account) => [account.phone, account.userId]));
  const stations = planStations(city, table, known, accounts, problems);
  const donors = planDonors(city.donors, table, now, by);
  const facilities = planFacilities(city, table, donors, problems);
  const { categories, defaults } = planCategories(city, table, { now, by, problems });
  return { units, gridsToRepair, staff, stations, donors, facilities, categories, defaultCategories: defaults, accounts };
}
