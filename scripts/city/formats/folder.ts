import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CityData, type CityProblem, cityFiles, emptyCity } from '../model';
import { formatCategories, formatDepartments, readCategories, readDepartments } from './catalogues';
import { formatDonors, formatFacilities, readDonors, readFacilities } from './facilities';
import { sortProblems } from './problems';
import { formatStaff, readStaff } from './staff';
import { formatStations, readStationsCsv, readStationsGeoJson } from './stations';
import { type TextEncodingName, decodeText, encodeUtf8 } from './text';
import { formatUnits, readUnits } from './units';

/**
 * A city folder: the files of `cityFiles` (scripts/city/model.ts), only `units.geojson` required.
 * Reading reports every problem of every file in one go (a bad row is skipped, the rest read), so a
 * spreadsheet is fixed in one round, not one error at a time. The README's "Importing a city"
 * describes the files.
 */

/** Files people keep next to the data that are not data (a spreadsheet's lock file, a note). */
const DATA_FILE = /\.(csv|json|geojson|xlsx?|tsv)$/i;

/**
 * Reads a city folder. `files` are the names of the files read (relative to `dir`); problems name
 * them the same way. Text is UTF-8 (with or without BOM) or GBK, told apart per file unless
 * `options.encoding` says which.
 */
export async function readCityFolder(
  dir: string,
  options: { encoding?: TextEncodingName } = {},
): Promise<{ city: CityData; problems: CityProblem[]; files: string[] }> {
  const city = emptyCity();
  const problems: CityProblem[] = [];
  const files: string[] = [];
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name);
  } catch (error) {
    return { city, problems: [{ file: dir, message: `cannot read the folder: ${(error as Error).message}` }], files };
  }
  // Names are matched regardless of case (Windows does not keep it reliably).
  const byLowerName = new Map(names.map((name) => [name.toLowerCase(), name]));
  const known = new Set<string>(Object.values(cityFiles));
  for (const name of names) {
    if (name.startsWith('.') || name.startsWith('~$') || known.has(name.toLowerCase()) || !DATA_FILE.test(name)) continue;
    const hint = /\.xlsx?$/i.test(name) ? ': save it as CSV (UTF-8 or GBK)' : '';
    problems.push({ file: name, message: `not a file of a city folder (${[...known].join(', ')})${hint}` });
  }

  const collect = <T extends { problems: CityProblem[] }>(result: T, keep: (result: T) => void): void => {
    keep(result);
    problems.push(...result.problems);
  };
  const read = async (expected: string): Promise<{ text: string; file: string } | undefined> => {
    const file = byLowerName.get(expected);
    if (file === undefined) return undefined;
    const bytes = await readFile(join(dir, file));
    files.push(file);
    return { text: decodeText(bytes, options.encoding).text, file };
  };

  const units = await read(cityFiles.units);
  if (!units) problems.push({ file: cityFiles.units, message: 'missing: every city folder has its units' });
  else collect(readUnits(units.text, units.file), (result) => (city.units = result.units));

  const staff = await read(cityFiles.staff);
  if (staff) collect(readStaff(staff.text, staff.file), (result) => (city.staff = result.staff));

  const stationsCsv = await read(cityFiles.stations);
  const stationsGeoJson = byLowerName.get(cityFiles.stationsGeoJson);
  if (stationsCsv) {
    collect(readStationsCsv(stationsCsv.text, stationsCsv.file), (result) => (city.stations = result.stations));
    if (stationsGeoJson !== undefined) {
      problems.push({ file: stationsGeoJson, message: `stations are given twice: keep ${stationsCsv.file} or ${stationsGeoJson}, not both (${stationsGeoJson} was not read)` });
    }
  } else {
    const geoJson = await read(cityFiles.stationsGeoJson);
    if (geoJson) collect(readStationsGeoJson(geoJson.text, geoJson.file), (result) => (city.stations = result.stations));
  }

  const donors = await read(cityFiles.donors);
  if (donors) collect(readDonors(donors.text, donors.file), (result) => (city.donors = result.donors));
  const facilities = await read(cityFiles.facilities);
  if (facilities) collect(readFacilities(facilities.text, facilities.file), (result) => (city.facilities = result.facilities));
  const categories = await read(cityFiles.categories);
  if (categories) collect(readCategories(categories.text, categories.file), (result) => (city.categories = result.categories));
  const departments = await read(cityFiles.departments);
  if (departments) collect(readDepartments(departments.text, departments.file), (result) => (city.departments = result.departments));

  return { city, problems: sortProblems(problems), files };
}

/**
 * Writes a city into a folder (made if missing): `units.geojson` always, the other files for what
 * the city has (an empty collection writes no file).
 * The same city gives the same bytes: rows sorted by id (staff by phone), CSV as UTF-8 with a BOM
 * (so that Excel opens it as UTF-8) and CRLF, one GeoJSON feature a line. Returns the names written.
 */
export async function writeCityFolder(dir: string, city: CityData): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const outputs: [name: string, text: string, bom: boolean][] = [[cityFiles.units, formatUnits(city.units), false]];
  if (city.staff.length > 0) outputs.push([cityFiles.staff, formatStaff(city.staff), true]);
  if (city.stations.length > 0) outputs.push([cityFiles.stations, formatStations(city.stations), true]);
  if (city.donors.length > 0) outputs.push([cityFiles.donors, formatDonors(city.donors), true]);
  if (city.facilities.length > 0) outputs.push([cityFiles.facilities, formatFacilities(city.facilities), true]);
  if (city.categories.length > 0) outputs.push([cityFiles.categories, formatCategories(city.categories), false]);
  if (city.departments.length > 0) outputs.push([cityFiles.departments, formatDepartments(city.departments), false]);
  for (const [name, text, bom] of outputs) await writeFile(join(dir, name), encodeUtf8(text, bom));
  return outputs.map(([name]) => name);
}
