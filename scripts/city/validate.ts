import { sortProblems } from './formats/problems';
import type { CityData, CityProblem } from './model';
import { checkCategories, checkDepartments } from './validate/catalogues';
import { checkStaff } from './validate/people';
import { checkDonorsAndFacilities, checkStations } from './validate/places';
import { checkUnits } from './validate/units';

/**
 * Everything wrong with a city, before any of it is written: each problem with the file and line of
 * the row at fault (rows made in memory have no line; then just the file). Pure: no I/O, and the
 * same answer for the same city. Each row is checked with the schema of the API route that would
 * create it, so an import refuses what the API would; boundaries with the API's own geometry
 * and tolerance (shared/organisation/boundaries.ts).
 *
 * The checks live in validate/, by what they check: units.ts (units and their boundaries, with
 * boxes.ts), people.ts (staff), places.ts (stations, donors, facilities), catalogues.ts
 * (categories, departments); rows.ts is how they all word a problem.
 */
export function validateCity(city: CityData): CityProblem[] {
  const problems: CityProblem[] = [];
  const units = checkUnits(city, problems);
  const staffByPhone = checkStaff(city, units.byId, problems);
  const stationIds = checkStations(city, units, staffByPhone, problems);
  checkDonorsAndFacilities(city, stationIds, problems);
  checkCategories(city, problems);
  checkDepartments(city, problems);
  return sortProblems(problems);
}
