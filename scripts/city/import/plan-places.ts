/**
 * The plan of the stations and what stands in them: each station in the grid it names (managers by
 * the phones of the files' or the table's staff), each donor, each facility at a station and from a
 * donor of the files or the table.
 */
import type { Donor, Facility } from '../../../shared/facilities/model';
import type { OrgUnit } from '../../../shared/organisation/model';
import type { Station } from '../../../shared/stations/model';
import { defaultStationRules } from '../../../shared/stations/terms';
import { type TableCity, donorRowOf, facilityRowOf, fullHours, stationRowOf } from '../export';
import { type CityData, type CityProblem, type CityStation, cityFiles } from '../model';
import { problemAt } from '../validate/rows';
import { type Change, changeOf, maskedPhone, same, withoutSource } from './compare';

/** One station's plan: where it sits (its grid's community and ancestors), and what to do with it. */
export interface StationPlan {
  row: CityStation;
  existing?: Station;
  change: Change;
  communityId: string;
  ancestors: string[];
}

export interface DonorPlan {
  donor: Donor;
  existing?: Donor;
  change: Change;
}

/** One facility's plan, with its donor's name (which a facility item repeats). */
export interface FacilityPlan {
  row: CityData['facilities'][number];
  existing?: Facility;
  change: Change;
  donorName: string;
}

/**
 * Each station of the files in its grid of the files or the table (`known`), its managers by phone
 * among the files' staff or the table's accounts (`accounts`, user id by phone).
 */
export function planStations(
  city: CityData,
  table: TableCity,
  known: ReadonlyMap<string, OrgUnit>,
  accounts: ReadonlyMap<string, string>,
  problems: CityProblem[],
): StationPlan[] {
  const phoneOfUser = new Map([...table.staff.values()].map((account) => [account.userId, account.phone]));
  const stations: StationPlan[] = [];
  for (const row of city.stations) {
    const grid = known.get(row.gridId);
    if (!grid || grid.kind !== 'grid' || !grid.parentId) {
      problems.push(problemAt(row, cityFiles.stations, `station ${row.id}: no grid ${row.gridId} in the files or the table`));
      continue;
    }
    const existing = table.stations.get(row.id);
    const wanted = stationRowOf(stationOfRow(row, { communityId: grid.parentId, ancestors: [], managers: row.managerPhones }), (phone) => phone).row;
    const change = changeOf(
      existing,
      (existing) =>
        same(stationRowOf(existing, (userId) => phoneOfUser.get(userId)).row, wanted) && existing.managers.every((userId) => phoneOfUser.has(userId)) &&
        existing.communityId === grid.parentId && same(existing.ancestors, [...grid.ancestors, grid.id]),
    );
    for (const phone of row.managerPhones) {
      if (!accounts.has(phone) && !city.staff.some((person) => person.phone === phone)) {
        problems.push(problemAt(row, cityFiles.stations, `station ${row.id}: manager ${maskedPhone(phone)} is neither in the staff file nor in the table`));
      }
    }
    stations.push({ row, ...(existing ? { existing } : {}), change, communityId: grid.parentId, ancestors: [...grid.ancestors, grid.id] });
  }
  return stations;
}

/**
 * A station's fields as a row gives them (managers as the caller has them: phones or user ids), with
 * what the files do not hold left as a new station's: the comparison and the write both start here.
 */
export function stationOfRow(row: CityStation, place: { communityId: string; ancestors: string[]; managers: string[] }): Station {
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

/** Each donor of the files, as the API would store it. */
export function planDonors(rows: CityData['donors'], table: TableCity, now: Date, by: string): DonorPlan[] {
  return rows.map((row) => {
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
    const change = changeOf(existing, (existing) => same(donorRowOf(existing), donorRowOf(donor)));
    return { donor, ...(existing ? { existing } : {}), change };
  });
}

/** Each facility of the files, from a donor (`donors`, or the table's) to a station of the files or the table. */
export function planFacilities(city: CityData, table: TableCity, donors: readonly DonorPlan[], problems: CityProblem[]): FacilityPlan[] {
  const donorNames = new Map([...table.donors.values()].map((donor) => [donor.id, donor.name]));
  donors.forEach(({ donor }) => donorNames.set(donor.id, donor.name));
  const stationIds = new Set([...table.stations.keys(), ...city.stations.map((station) => station.id)]);
  const facilities: FacilityPlan[] = [];
  for (const row of city.facilities) {
    const donorName = donorNames.get(row.donorId);
    if (donorName === undefined || !stationIds.has(row.stationId)) {
      problems.push(problemAt(row, cityFiles.facilities, `facility ${row.id}: no ${donorName === undefined ? `donor ${row.donorId}` : `station ${row.stationId}`} in the files or the table`));
      continue;
    }
    const existing = table.facilities.get(row.id);
    const wanted = { ...withoutSource(row), ...(row.model ? {} : { model: undefined }), status: row.status ?? existing?.status ?? 'in_service' };
    const change = changeOf(existing, (existing) => same(facilityRowOf(existing), wanted) && existing.donorName === donorName);
    facilities.push({ row, ...(existing ? { existing } : {}), change, donorName });
  }
  return facilities;
}
