import { mapLimit } from '../../shared/concurrency';
import type { Donor, Facility } from '../../shared/facilities/model';
import { listDonors, listFacilitiesAt } from '../../shared/facilities/repository';
import type { Page } from '../../shared/http/pagination';
import type { OrgUnit } from '../../shared/organisation/model';
import { listAllChildUnits } from '../../shared/organisation/repository';
import type { Category } from '../../shared/requests/categories/model';
import { listCategories } from '../../shared/requests/categories/repository';
import { departmentNames, departments } from '../../shared/requests/terms';
import type { Hours, Station } from '../../shared/stations/model';
import { listStationsOfCommunity } from '../../shared/stations/repository';
import type { PageRequest } from '../../shared/table/query';
import { weekdayNames } from '../../shared/time/local';
import { displayNamesOf, rolesOf } from '../../shared/users/repository';
import { STAFF_PHONE_SHARDS, listStaffPhones } from '../../shared/users/staff';
import { writeCityFolder } from './formats/folder';
import {
  type CityCategory,
  type CityData,
  type CityDonor,
  type CityFacility,
  type CityStaff,
  type CityStation,
  type CityUnit,
  type StaffRole,
  staffRoles,
} from './model';
import { Progress } from './progress';

/**
 * What a table holds of a city, read the way the API reads it (no Scan): the organisation walked
 * down from the districts through `byParent`, level by level; the staff through their phone links
 * (every shard) and then their profiles; the stations of every community, the facilities of every
 * station, every donor and category. The importer compares the files with this, and `export` writes
 * it back as a city folder: `cityOfTable` turns each item into the row the files would have, so an
 * export imported again changes nothing.
 */

/** A staff account as the table holds it: its phone link and its profile. */
export interface TableStaff {
  phone: string;
  userId: string;
  displayName: string;
  role: string;
  units: string[];
}

/** The city in a table: each item as the repositories read it, by id (staff by phone). */
export interface TableCity {
  units: Map<string, OrgUnit>;
  staff: Map<string, TableStaff>;
  stations: Map<string, Station>;
  donors: Map<string, Donor>;
  facilities: Map<string, Facility>;
  categories: Map<string, Category>;
}

export interface ReadOptions {
  progress?: Progress;
  /** Queries in flight at once (default 16). */
  concurrency?: number;
}

/** Every page of a paged list. */
async function allPages<T>(read: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await read({ limit: 100, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

const kindLabels: Record<OrgUnit['kind'], string> = {
  district: 'districts',
  subdistrict: 'subdistricts',
  community: 'communities',
  grid: 'grids',
  micro_grid: 'micro-grids',
};

/** Reads everything of a city the table holds. */
export async function readTableCity(options: ReadOptions = {}): Promise<TableCity> {
  const progress = options.progress ?? new Progress(process.stderr, { quiet: true });
  const limit = options.concurrency ?? 16;

  // The organisation, a level at a time: the children of every unit that may have some.
  const units = new Map<string, OrgUnit>();
  let level = await listAllChildUnits(null);
  level.forEach((unit) => units.set(unit.id, unit));
  while (level.length > 0) {
    const parents = level.filter((unit) => unit.kind !== 'micro_grid');
    const task = progress.start(`reading the units under ${kindLabels[parents[0]?.kind ?? 'district']}`, parents.length);
    const children = await mapLimit(parents, limit, async (parent) => {
      const found = await listAllChildUnits(parent.id);
      task.tick();
      return found;
    });
    task.done();
    level = children.flat().filter((unit) => !units.has(unit.id));
    level.forEach((unit) => units.set(unit.id, unit));
  }

  // Staff: phone links of every shard, then the profiles they point at (BatchGets of a hundred).
  const links = (
    await mapLimit(
      Array.from({ length: STAFF_PHONE_SHARDS }, (_, shard) => shard),
      limit,
      (shard) => allPages((page) => listStaffPhones(shard, page)),
    )
  ).flat();
  const userIds = links.map((link) => link.userId);
  const staffTask = progress.start('reading staff profiles', userIds.length);
  const profiles = new Map<string, { role: string; units: string[] }>();
  const names = new Map<string, string>();
  for (let start = 0; start < userIds.length; start += 1_000) {
    const chunk = userIds.slice(start, start + 1_000);
    const [roles, displayNames] = await Promise.all([rolesOf(chunk), displayNamesOf(chunk)]);
    roles.forEach((user) => profiles.set(user.id, { role: user.role, units: user.units }));
    displayNames.forEach((name, id) => names.set(id, name));
    staffTask.tick(chunk.length);
  }
  staffTask.done();
  const staff = new Map<string, TableStaff>();
  for (const link of links) {
    const profile = profiles.get(link.userId);
    // A link whose user is gone is no account (see saveStaffAccount: the user is written first).
    if (!profile) continue;
    staff.set(link.phone, { phone: link.phone, userId: link.userId, displayName: names.get(link.userId) ?? '', ...profile });
  }

  // Stations by community, facilities by station, every donor and category.
  const communities = [...units.values()].filter((unit) => unit.kind === 'community');
  const stationTask = progress.start('reading stations', communities.length);
  const stationStates = await mapLimit(communities, limit, async (community) => {
    const found = await allPages((page) => listStationsOfCommunity(community.id, page));
    stationTask.tick();
    return found;
  });
  stationTask.done();
  const stations = new Map(stationStates.flat().map(({ station }) => [station.id, station]));
  const facilityTask = progress.start('reading facilities', stations.size);
  const facilityLists = await mapLimit([...stations.keys()], limit, async (stationId) => {
    const found = await allPages((page) => listFacilitiesAt(stationId, page));
    facilityTask.tick();
    return found;
  });
  facilityTask.done();
  const facilities = new Map(facilityLists.flat().map((facility) => [facility.id, facility]));
  const donors = new Map((await allPages(listDonors)).map((donor) => [donor.id, donor]));
  const categories = new Map((await allPages(listCategories)).map((category) => [category.id, category]));
  return { units, staff, stations, donors, facilities, categories };
}

// ————— items as the files' rows —————

/** A unit as a row of units.geojson. */
export const unitRowOf = (unit: OrgUnit): CityUnit => ({
  id: unit.id,
  kind: unit.kind,
  name: unit.name,
  parentId: unit.parentId,
  ...(unit.boundary ? { boundary: unit.boundary } : {}),
  ...(unit.households !== undefined ? { households: unit.households } : {}),
});

export const isStaffRole = (role: string): role is StaffRole => (staffRoles as readonly string[]).includes(role);

/** A staff account as a row of staff.csv; none for an account whose role is no staff role any more. */
export const staffRowOf = (account: TableStaff): CityStaff | undefined =>
  isStaffRole(account.role) ? { name: account.displayName, phone: account.phone, role: account.role, units: [...account.units] } : undefined;

/** Hours with every weekday and the exceptions list spelled out, as the API's schema fills them in. */
export function fullHours(hours: Hours): Hours {
  return {
    weekly: Object.fromEntries(weekdayNames.map((day) => [day, hours.weekly?.[day] ?? []])) as Hours['weekly'],
    exceptions: hours.exceptions ?? [],
  };
}

/**
 * A station as a row of stations.csv: its managers by phone (`phoneOf` their user id). Managers
 * known by no phone (made managers through the API) cannot be written; they are counted in `unwritable`.
 */
export function stationRowOf(station: Station, phoneOf: (userId: string) => string | undefined): { row: CityStation; unwritable: number } {
  const phones = station.managers.map(phoneOf);
  const contact = { ...(station.contact?.name ? { name: station.contact.name } : {}), ...(station.contact?.phone ? { phone: station.contact.phone } : {}) };
  return {
    row: {
      id: station.id,
      name: station.name,
      address: station.address,
      location: { lat: station.location.lat, lng: station.location.lng },
      gridId: station.gridId,
      hours: fullHours(station.hours),
      seats: { total: station.seats.total, reservable: station.seats.reservable },
      amenities: [...station.amenities],
      ...(Object.keys(contact).length > 0 ? { contact } : {}),
      managerPhones: phones.filter((phone): phone is string => phone !== undefined),
    },
    unwritable: phones.filter((phone) => phone === undefined).length,
  };
}

export const donorRowOf = (donor: Donor): CityDonor => ({
  id: donor.id,
  name: donor.name,
  kind: donor.kind,
  ...(donor.contact?.name ? { contactName: donor.contact.name } : {}),
  ...(donor.contact?.phone ? { contactPhone: donor.contact.phone } : {}),
  ...(donor.note ? { note: donor.note } : {}),
});

export const facilityRowOf = (facility: Facility): CityFacility => ({
  id: facility.id,
  kind: facility.kind,
  ...(facility.model ? { model: facility.model } : {}),
  donorId: facility.donorId,
  stationId: facility.stationId,
  donatedOn: facility.donatedOn,
  declaredValueYuan: facility.declaredValueYuan,
  condition: facility.condition,
  status: facility.status,
});

export const categoryRowOf = (category: Category): CityCategory => ({
  id: category.id,
  name: category.name,
  ...(category.nameEn ? { nameEn: category.nameEn } : {}),
  ...(category.description ? { description: category.description } : {}),
  acceptWithinHours: category.acceptWithinHours,
  resolveWithinHours: category.resolveWithinHours,
  attributes: category.attributes,
  // Active is what a category is unless it says otherwise (planCategory), so only `false` is written.
  ...(category.active ? {} : { active: false }),
  order: category.order,
});

/** The departments requests escalate to: fixed in code (shared/requests/terms.ts), not in the table. */
export const departmentRows = () => departments.map((id) => ({ id, name: departmentNames[id] }));

/** What an export could not write as rows, said in its summary. */
export interface ExportNotes {
  /** Accounts whose role is no staff role any more (made residents by an admin, say). */
  notStaff: number;
  /** Station managers known by no phone. */
  managersWithoutPhone: number;
}

/** The table's city as the files' rows, in the order of the files (units top-down, everything by id). */
export function cityOfTable(table: TableCity): { city: CityData; notes: ExportNotes } {
  const depth: Record<OrgUnit['kind'], number> = { district: 0, subdistrict: 1, community: 2, grid: 3, micro_grid: 4 };
  const units = [...table.units.values()].sort((a, b) => depth[a.kind] - depth[b.kind] || a.id.localeCompare(b.id)).map(unitRowOf);
  const phoneOfUser = new Map([...table.staff.values()].map((account) => [account.userId, account.phone]));
  const staffRows = [...table.staff.values()].map(staffRowOf);
  let managersWithoutPhone = 0;
  const stations = [...table.stations.values()]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((station) => {
      const { row, unwritable } = stationRowOf(station, (userId) => phoneOfUser.get(userId));
      managersWithoutPhone += unwritable;
      return row;
    });
  return {
    city: {
      units,
      staff: staffRows.filter((row): row is CityStaff => row !== undefined).sort((a, b) => a.phone.localeCompare(b.phone)),
      stations,
      donors: [...table.donors.values()].sort((a, b) => a.id.localeCompare(b.id)).map(donorRowOf),
      facilities: [...table.facilities.values()].sort((a, b) => a.id.localeCompare(b.id)).map(facilityRowOf),
      categories: [...table.categories.values()].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id)).map(categoryRowOf),
      departments: departmentRows(),
    },
    notes: { notStaff: staffRows.filter((row) => row === undefined).length, managersWithoutPhone },
  };
}

export interface ExportReport {
  files: string[];
  counts: Record<Exclude<keyof CityData, never>, number>;
  notes: ExportNotes;
  elapsedMs: number;
}

/** Reads the city in the table the process points at and writes it to `dir` as a city folder. */
export async function exportCity(dir: string, options: ReadOptions = {}): Promise<ExportReport> {
  const started = Date.now();
  const { city, notes } = cityOfTable(await readTableCity(options));
  const files = await writeCityFolder(dir, city);
  const counts = Object.fromEntries(Object.entries(city).map(([entity, rows]) => [entity, (rows as unknown[]).length])) as ExportReport['counts'];
  return { files, counts, notes, elapsedMs: Date.now() - started };
}
