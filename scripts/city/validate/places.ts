/**
 * The checks of stations.csv, donors.csv and facilities.csv: each row as the API would create it, a
 * station inside the grid it names and run by station managers of the staff file, a facility given
 * by a donor of the files to a station of the files.
 */
import { config } from '../../../shared/config';
import { facilityStatusSchema, facilityStatuses } from '../../../shared/facilities/terms';
import { facilityRoutes } from '../../../shared/facilities/routes';
import { containsPoint } from '../../../shared/geo/geo';
import { isInServiceArea } from '../../../shared/geo/service-area';
import { stationRoutes } from '../../../shared/stations/routes';
import { checkWith } from '../formats/issues';
import { type CityData, type CityProblem, type CityStaff, cityFiles } from '../model';
import { firstOfEach, issueMessage, problemAt, whereIs } from './rows';
import type { CheckedUnits } from './units';

const stationSchema = stationRoutes.createStation.body!;
/** The most managers the API lets a station list. */
const MAX_MANAGERS = 20;

/** Checks the stations into `problems`, and gives their ids, for the facilities. */
export function checkStations(city: CityData, units: CheckedUnits, staff: Map<string, CityStaff>, problems: CityProblem[]): Set<string> {
  const file = cityFiles.stations;
  const byId = firstOfEach(city.stations, (station) => station.id, file, 'station id', problems);
  const area = config().serviceArea;
  for (const station of city.stations) {
    const say = (message: string) => problems.push(problemAt(station, file, `station ${station.id}: ${message}`));
    const checked = checkWith(stationSchema, {
      id: station.id,
      name: station.name,
      address: station.address,
      location: station.location,
      gridId: station.gridId,
      hours: station.hours,
      seats: station.seats,
      amenities: station.amenities,
      ...(station.contact !== undefined ? { contact: station.contact } : {}),
    });
    const { lat, lng } = station.location;
    const locationValid = !checked.issues.some((issue) => issue.field.startsWith('location'));
    // Swapped columns put every station in the Indian Ocean: one message says so, instead of two about ranges.
    const swapped = !locationValid && Number.isFinite(lat) && Number.isFinite(lng) && isInServiceArea({ lat: lng, lng: lat }, area);
    if (swapped) say(`lat ${lat} and lng ${lng} look swapped: Nanjing lies near lat 32, lng 118.8`);
    for (const issue of checked.issues) if (!(swapped && issue.field.startsWith('location'))) say(issueMessage(issue));

    const grid = units.byId.get(station.gridId);
    if (!grid) say(`grid ${station.gridId} is not in ${cityFiles.units}`);
    else if (grid.kind !== 'grid') say(`${station.gridId} is a ${grid.kind}, not a grid`);
    else {
      const shape = units.shapes.get(grid.id);
      if (shape && locationValid && !containsPoint(shape.boundary, station.location)) {
        const holders = units.grids.at(station.location).filter((candidate) => containsPoint(candidate.boundary, station.location));
        const instead = holders.length > 0 ? `; it lies in ${holders.map((holder) => `grid ${holder.unit.id}`).join(', ')}` : '; it lies in no grid';
        say(`the location (${lat}, ${lng}) lies outside grid ${grid.id}'s boundary${instead}`);
      }
    }

    if (station.managerPhones.length > MAX_MANAGERS) say(`at most ${MAX_MANAGERS} managers`);
    for (const phone of station.managerPhones) {
      const person = staff.get(phone);
      if (!person) say(`manager ${phone} is not in ${cityFiles.staff}`);
      else if (person.role !== 'station_manager') say(`manager ${phone} is a ${person.role} in ${cityFiles.staff}${whereIs(person, station)}, not a station_manager`);
    }
  }
  return new Set(byId.keys());
}

const donorSchema = facilityRoutes.createDonor.body!;
const facilitySchema = facilityRoutes.createFacility.body!;

/** Whether a `YYYY-MM-DD` is a day of the calendar (the schema checks the pattern only). */
const isCalendarDate = (date: string) => {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date);
};

/** Checks the donors and the facilities (at `stationIds`) into `problems`. */
export function checkDonorsAndFacilities(city: CityData, stationIds: Set<string>, problems: CityProblem[]): void {
  const donorIds = firstOfEach(city.donors, (donor) => donor.id, cityFiles.donors, 'donor id', problems);
  for (const donor of city.donors) {
    const contact = {
      ...(donor.contactName !== undefined ? { name: donor.contactName } : {}),
      ...(donor.contactPhone !== undefined ? { phone: donor.contactPhone } : {}),
    };
    const checked = checkWith(donorSchema, {
      id: donor.id,
      name: donor.name,
      kind: donor.kind,
      contact,
      ...(donor.note !== undefined ? { note: donor.note } : {}),
    });
    for (const issue of checked.issues) problems.push(problemAt(donor, cityFiles.donors, `donor ${donor.id}: ${issueMessage(issue)}`));
  }

  const file = cityFiles.facilities;
  firstOfEach(city.facilities, (facility) => facility.id, file, 'facility id', problems);
  for (const facility of city.facilities) {
    const say = (message: string) => problems.push(problemAt(facility, file, `facility ${facility.id}: ${message}`));
    const checked = checkWith(facilitySchema, {
      id: facility.id,
      kind: facility.kind,
      ...(facility.model !== undefined ? { model: facility.model } : {}),
      donorId: facility.donorId,
      stationId: facility.stationId,
      donatedOn: facility.donatedOn,
      declaredValueYuan: facility.declaredValueYuan,
      condition: facility.condition,
    });
    for (const issue of checked.issues) say(issueMessage(issue));
    if (!checked.issues.some((issue) => issue.field === 'donatedOn') && !isCalendarDate(facility.donatedOn)) say(`donated_on: ${facility.donatedOn} is not a day of the calendar`);
    if (facility.status !== undefined && !facilityStatusSchema.safeParse(facility.status).success) {
      say(`status: '${facility.status}' is not one of ${facilityStatuses.join(', ')}`);
    }
    if (!donorIds.has(facility.donorId)) say(`donor ${facility.donorId} is not in ${cityFiles.donors}`);
    if (!stationIds.has(facility.stationId)) say(`station ${facility.stationId} is not in ${cityFiles.stations}`);
  }
}
