import { CITY_SCOPE, type Identity } from '../../shared/auth/identity';
import { config } from '../../shared/config';
import { facilityStatusSchema, facilityStatuses } from '../../shared/facilities/model';
import { facilityRoutes } from '../../shared/facilities/routes';
import { areaSquareMetres, outsideSquareMetres, sharedSquareMetres } from '../../shared/geo/areas';
import { boundsOfPolygon, containsPoint } from '../../shared/geo/geo';
import { isInServiceArea } from '../../shared/geo/service-area';
import { ProblemError } from '../../shared/http/errors';
import { BOUNDARY_TOLERANCE } from '../../shared/organisation/boundaries';
import { parentKindOf } from '../../shared/organisation/domain';
import { type OrgUnitKind, type Polygon, orgUnitKinds } from '../../shared/organisation/model';
import { organisationRoutes } from '../../shared/organisation/routes';
import { planCategory } from '../../shared/requests/categories/rules';
import { departmentSchema, departments } from '../../shared/requests/model';
import { stationRoutes } from '../../shared/stations/routes';
import { categoryInputSchema } from './formats/catalogues';
import { type Issue, checkWith } from './formats/issues';
import { sortProblems } from './formats/problems';
import {
  type CityData,
  type CityProblem,
  type CityStaff,
  type CityUnit,
  MOBILE_PHONE,
  type SourceRef,
  type StaffRole,
  cityFiles,
  staffRoles,
} from './model';

/**
 * Everything wrong with a city, before any of it is written: each problem with the file and line of
 * the row at fault (rows made in memory have no line; then just the file). Pure: no I/O, and the
 * same answer for the same city. Each row is checked with the schema of the API route that would
 * create it, so an import refuses what the API would; boundaries with the API's own geometry
 * and tolerance (shared/organisation/boundaries.ts).
 *
 * City-sized (tens of thousands of boundaries): the expensive part is the polygon clipping behind
 * `sharedSquareMetres`, so it only runs for pairs whose bounding boxes overlap by more than the
 * tolerance could absorb, found through a grid of buckets rather than by comparing every pair.
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

type Row = { at?: SourceRef };

/** A problem of a row: at its file and line, or just the file for a row made in memory. */
const problemAt = (row: Row, file: string, message: string): CityProblem => ({
  file: row.at?.file ?? file,
  ...(row.at ? { line: row.at.line } : {}),
  message,
});

/** Where another row is, seen from a row: `line 12` in the same file, `staff.csv:12` in another, nothing for one made in memory. */
function placeOf(other: Row, from: Row): string | undefined {
  if (!other.at) return undefined;
  return other.at.file === from.at?.file ? `line ${other.at.line}` : `${other.at.file}:${other.at.line}`;
}
const whereIs = (other: Row, from: Row): string => {
  const place = placeOf(other, from);
  return place ? ` (${place})` : '';
};

/** The first row of each key; later ones are reported as repeats of it. */
function firstOfEach<T extends Row>(rows: readonly T[], keyOf: (row: T) => string, file: string, what: string, problems: CityProblem[]): Map<string, T> {
  const first = new Map<string, T>();
  for (const row of rows) {
    const key = keyOf(row);
    const earlier = first.get(key);
    const place = earlier && placeOf(earlier, row);
    if (earlier) problems.push(problemAt(row, file, `${what} ${key} is used twice${place ? `, first at ${place}` : ''}`));
    else first.set(key, row);
  }
  return first;
}

/** API field names as the files call them, so a message names the column to fix. */
const columnNames: Record<string, string> = {
  'location.lat': 'lat',
  'location.lng': 'lng',
  gridId: 'grid',
  'seats.total': 'seats',
  'seats.reservable': 'reservable',
  'contact.name': 'contact_name',
  'contact.phone': 'contact_phone',
  donorId: 'donor',
  stationId: 'station',
  donatedOn: 'donated_on',
  declaredValueYuan: 'value_yuan',
};
const issueMessage = (issue: Issue) => {
  const field = columnNames[issue.field] ?? issue.field;
  return field ? `${field}: ${issue.message}` : issue.message;
};

// ——— Units ———

/** [minLat, minLng, maxLat, maxLng], as shared/geo gives bounds. */
type Box = [number, number, number, number];

interface Shape {
  unit: CityUnit;
  boundary: Polygon;
  box: Box;
  /** Where it came in the file, so a pair is reported once, on the later unit. */
  order: number;
  area: number;
}

interface CheckedUnits {
  byId: Map<string, CityUnit>;
  /** Units whose boundary is sound enough to compute with. */
  shapes: Map<string, Shape>;
  /** Grids with usable boundaries, bucketed, for finding which one holds a station. */
  grids: Buckets;
}

/** What the API allows within the tolerance: a sliver of the smaller shape (shared/organisation/boundaries.ts). */
const slack = (area: number) => BOUNDARY_TOLERANCE.squareMetres + BOUNDARY_TOLERANCE.fraction * area;

const KINDS_WITH_BOUNDARIES: readonly OrgUnitKind[] = ['community', 'grid', 'micro_grid'];
const NESTED_KINDS: readonly OrgUnitKind[] = ['grid', 'micro_grid'];
const unitSchema = organisationRoutes.createOrgUnit.body!;

function checkUnits(city: CityData, problems: CityProblem[]): CheckedUnits {
  const file = cityFiles.units;
  const byId = firstOfEach(city.units, (unit) => unit.id, file, 'unit id', problems);
  const shapes = new Map<string, Shape>();
  city.units.forEach((unit, order) => {
    const say = (message: string) => problems.push(problemAt(unit, file, `unit ${unit.id}: ${message}`));
    const checked = checkWith(unitSchema, {
      id: unit.id,
      kind: unit.kind,
      name: unit.name,
      ...(unit.parentId !== null ? { parentId: unit.parentId } : {}),
      ...(unit.boundary !== undefined ? { boundary: unit.boundary } : {}),
      ...(unit.households !== undefined ? { households: unit.households } : {}),
    });
    for (const issue of checked.issues) say(issueMessage(issue));
    if (unit.id === CITY_SCOPE) say(`the id ${CITY_SCOPE} stands for the whole city (admins' scope); give the unit another`);
    if (!orgUnitKinds.includes(unit.kind)) return;

    const parentKind = parentKindOf(unit.kind);
    if (parentKind === null) {
      if (unit.parentId !== null) say('a district has no parent');
    } else if (unit.parentId === null) {
      say(`a ${unit.kind} needs a parent ${parentKind}`);
    } else {
      const parent = byId.get(unit.parentId);
      if (!parent) say(`parent ${unit.parentId} is not in ${file}`);
      else if (parent.kind !== parentKind) say(`a ${unit.kind} sits under a ${parentKind}, not a ${parent.kind} (${parent.id})`);
    }

    if (unit.boundary && !KINDS_WITH_BOUNDARIES.includes(unit.kind)) {
      say('boundaries are kept for communities, grids and micro-grids');
      return;
    }
    if (!unit.boundary) {
      if (unit.kind === 'grid') say('a grid needs a boundary: requests are routed to the grid whose boundary holds their location');
      return;
    }
    // A boundary the schema refused (not a polygon, outside the service area, too large) is not computed with.
    if (checked.issues.some((issue) => issue.field === 'boundary' || issue.field.startsWith('boundary.'))) return;
    if (byId.get(unit.id) !== unit) return;
    shapes.set(unit.id, { unit, boundary: unit.boundary, box: boundsOfPolygon(unit.boundary), order, area: areaSquareMetres(unit.boundary) });
  });

  checkNesting(shapes, problems);
  for (const kind of KINDS_WITH_BOUNDARIES) checkOverlaps([...shapes.values()].filter((shape) => shape.unit.kind === kind), problems);
  return { byId, shapes, grids: new Buckets([...shapes.values()].filter((shape) => shape.unit.kind === 'grid')) };
}

/** Grids and micro-grids lie within their parent's boundary, as the API requires (communities sit under subdistricts, which keep none). */
function checkNesting(shapes: Map<string, Shape>, problems: CityProblem[]): void {
  for (const shape of shapes.values()) {
    if (!NESTED_KINDS.includes(shape.unit.kind) || shape.unit.parentId === null) continue;
    const parent = shapes.get(shape.unit.parentId);
    // A parent missing, of the wrong kind or without a usable boundary is reported already.
    if (!parent || parent.unit.kind !== parentKindOf(shape.unit.kind)) continue;
    let outside: number;
    if (!boxesOverlap(shape.box, parent.box)) outside = shape.area;
    else if (isBoxPolygon(parent.boundary, parent.box) && boxWithin(shape.box, parent.box)) outside = 0;
    else {
      try {
        outside = outsideSquareMetres(shape.boundary, parent.boundary);
      } catch (error) {
        problems.push(problemAt(shape.unit, cityFiles.units, `unit ${shape.unit.id}: its boundary could not be compared with ${parent.unit.id}'s (${(error as Error).message}); is it self-intersecting?`));
        continue;
      }
    }
    if (outside > slack(shape.area)) {
      problems.push(
        problemAt(shape.unit, cityFiles.units, `unit ${shape.unit.id}: the boundary must lie within its ${parent.unit.kind}'s: ${Math.round(outside)} m² lie outside ${parent.unit.id}${whereIs(parent.unit, shape.unit)}`),
      );
    }
  }
}

/**
 * No two units of a kind overlap by more than the tolerance, wherever they sit: requests are routed
 * by location, so two communities (or grids) drawn over each other would both claim the residents
 * there, even under different subdistricts.
 */
function checkOverlaps(shapes: readonly Shape[], problems: CityProblem[]): void {
  const buckets = new Buckets(shapes);
  buckets.forEachOverlappingPair((a, b) => {
    const [earlier, later] = a.order < b.order ? [a, b] : [b, a];
    const allowed = slack(Math.min(a.area, b.area));
    // What two shapes share lies within what their boxes share: a thin overlap of boxes needs no clipping.
    if (areaSquareMetres(boxPolygon(intersectionOf(a.box, b.box))) <= allowed) return;
    let shared: number;
    try {
      shared = sharedSquareMetres(a.boundary, b.boundary);
    } catch (error) {
      problems.push(problemAt(later.unit, cityFiles.units, `unit ${later.unit.id}: its boundary could not be compared with ${earlier.unit.id}'s (${(error as Error).message}); is one self-intersecting?`));
      return;
    }
    if (shared > allowed) {
      problems.push(
        problemAt(later.unit, cityFiles.units, `unit ${later.unit.id}: the boundary overlaps ${earlier.unit.kind} ${earlier.unit.id}${whereIs(earlier.unit, later.unit)} by ${Math.round(shared)} m²`),
      );
    }
  });
}

const boxesOverlap = (a: Box, b: Box) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
const boxWithin = (inner: Box, outer: Box) => inner[0] >= outer[0] && inner[1] >= outer[1] && inner[2] <= outer[2] && inner[3] <= outer[3];
const intersectionOf = (a: Box, b: Box): Box => [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
const boxPolygon = ([minLat, minLng, maxLat, maxLng]: Box): Polygon => ({
  type: 'Polygon',
  coordinates: [[[minLng, minLat], [maxLng, minLat], [maxLng, maxLat], [minLng, maxLat], [minLng, minLat]]],
});

/** Whether a polygon is its own bounding box (one ring of four corners joined by north–south and east–west edges): then whatever lies in the box lies in it. */
function isBoxPolygon(polygon: Polygon, box: Box): boolean {
  const ring = polygon.coordinates[0]!;
  if (polygon.coordinates.length !== 1 || ring.length !== 5) return false;
  const corner = ([lng, lat]: readonly number[]) => (lat === box[0] || lat === box[2]) && (lng === box[1] || lng === box[3]);
  if (!ring.every(corner)) return false;
  for (let index = 1; index < 5; index += 1) {
    const [a, b] = [ring[index - 1]!, ring[index]!];
    if ((a[0] === b[0]) === (a[1] === b[1])) return false;
  }
  return true;
}

/**
 * Shapes in buckets of a square grid in degrees, sized to the shapes (their median extent), each in
 * every bucket its box touches: shapes that may overlap share a bucket, and a point looks in one.
 */
class Buckets {
  private readonly size: number;
  private readonly buckets = new Map<number, Shape[]>();

  constructor(shapes: readonly Shape[]) {
    const extents = shapes.map(({ box }) => Math.max(box[2] - box[0], box[3] - box[1])).sort((a, b) => a - b);
    this.size = Math.max(extents[Math.floor(extents.length / 2)] ?? 0.01, 0.0005);
    for (const shape of shapes) {
      const [minX, minY, maxX, maxY] = this.cellsOf(shape.box);
      for (let x = minX; x <= maxX; x += 1) {
        for (let y = minY; y <= maxY; y += 1) {
          const key = this.key(x, y);
          const bucket = this.buckets.get(key);
          if (bucket) bucket.push(shape);
          else this.buckets.set(key, [shape]);
        }
      }
    }
  }

  private cell = (degrees: number) => Math.floor(degrees / this.size);
  private key = (x: number, y: number) => (x + 2_000_000) * 4_000_000 + (y + 2_000_000);
  private cellsOf = (box: Box) => [this.cell(box[1]), this.cell(box[0]), this.cell(box[3]), this.cell(box[2])] as const;

  /** Each pair of shapes whose boxes overlap, once: in the bucket holding the south-west corner of what the boxes share. */
  forEachOverlappingPair(visit: (a: Shape, b: Shape) => void): void {
    for (const [key, bucket] of this.buckets) {
      for (let i = 0; i < bucket.length; i += 1) {
        for (let j = i + 1; j < bucket.length; j += 1) {
          const [a, b] = [bucket[i]!, bucket[j]!];
          if (!boxesOverlap(a.box, b.box)) continue;
          const shared = intersectionOf(a.box, b.box);
          if (this.key(this.cell(shared[1]), this.cell(shared[0])) !== key) continue;
          visit(a, b);
        }
      }
    }
  }

  /** The shapes whose box holds a point. */
  at(point: { lat: number; lng: number }): Shape[] {
    const bucket = this.buckets.get(this.key(this.cell(point.lng), this.cell(point.lat))) ?? [];
    return bucket.filter(({ box }) => point.lat >= box[0] && point.lat <= box[2] && point.lng >= box[1] && point.lng <= box[3]);
  }
}

// ——— Staff ———

/** The units each role is imported into (admins also `city`). */
const unitKindsOfRole: Record<StaffRole, readonly OrgUnitKind[]> = {
  admin: orgUnitKinds,
  grid_worker: ['grid'],
  volunteer: ['micro_grid'],
  station_manager: ['community', 'grid'],
};

function checkStaff(city: CityData, units: Map<string, CityUnit>, problems: CityProblem[]): Map<string, CityStaff> {
  const file = cityFiles.staff;
  const byPhone = firstOfEach(city.staff, (person) => person.phone, file, 'phone', problems);
  for (const person of city.staff) {
    const say = (message: string) => problems.push(problemAt(person, file, `${person.name || person.phone}: ${message}`));
    if (person.name.trim() === '') say('name: missing');
    if (!MOBILE_PHONE.test(person.phone)) {
      // Excel shows an 11-digit number as 1.38123E+10, and saves it so.
      const excel = /e\+?\d/i.test(person.phone) ? ': Excel turned it into a number; format the column as text and type the phones again' : '';
      say(`phone '${person.phone}' is not a mainland mobile number (11 digits, 13… to 19…)${excel}`);
    }
    if (!staffRoles.includes(person.role)) {
      say(`role '${person.role}' is not one of ${staffRoles.join(', ')}`);
      continue;
    }
    const kinds = unitKindsOfRole[person.role];
    const described = person.role === 'admin' ? `any unit, or ${CITY_SCOPE} for the whole city` : kinds.map((kind) => `${kind}s`).join(' or ');
    if (person.units.length === 0) say(`a ${person.role} needs at least one unit (${described})`);
    for (const unitId of person.units) {
      if (person.role === 'admin' && unitId === CITY_SCOPE) continue;
      const unit = units.get(unitId);
      if (!unit) say(`unit ${unitId} is not in ${cityFiles.units}`);
      else if (!kinds.includes(unit.kind)) say(`a ${person.role}'s units are ${described}; ${unitId} is a ${unit.kind}`);
    }
  }
  return byPhone;
}

// ——— Stations ———

const stationSchema = stationRoutes.createStation.body!;
/** The most managers the API lets a station list. */
const MAX_MANAGERS = 20;

function checkStations(city: CityData, units: CheckedUnits, staff: Map<string, CityStaff>, problems: CityProblem[]): Set<string> {
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

// ——— Donors and facilities ———

const donorSchema = facilityRoutes.createDonor.body!;
const facilitySchema = facilityRoutes.createFacility.body!;

/** Whether a `YYYY-MM-DD` is a day of the calendar (the schema checks the pattern only). */
const isCalendarDate = (date: string) => {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date);
};

function checkDonorsAndFacilities(city: CityData, stationIds: Set<string>, problems: CityProblem[]): void {
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

// ——— Categories and departments ———

/** Who the category rules are asked as: a city-wide admin, the only one who may change the catalogue. */
const cityAdmin: Identity = { userId: 'city-import', role: 'admin', units: [CITY_SCOPE] };

function checkCategories(city: CityData, problems: CityProblem[]): void {
  const file = cityFiles.categories;
  firstOfEach(city.categories, (category) => category.id, file, 'category id', problems);
  for (const { at, ...category } of city.categories) {
    const say = (message: string) => problems.push(problemAt({ at }, file, `category ${category.id}: ${message}`));
    const checked = checkWith(categoryInputSchema, category);
    for (const issue of checked.issues) say(issueMessage(issue));
    if (!checked.data) continue;
    try {
      planCategory(cityAdmin, checked.data.id, checked.data, new Date(0));
    } catch (error) {
      if (!(error instanceof ProblemError)) throw error;
      for (const fieldError of error.errors) say(`${fieldError.field.replace(/^body\./, '')}: ${fieldError.message}`);
      if (error.errors.length === 0) say(error.detail ?? error.code);
    }
  }
}

function checkDepartments(city: CityData, problems: CityProblem[]): void {
  const file = cityFiles.departments;
  firstOfEach(city.departments, (department) => department.id, file, 'department', problems);
  for (const department of city.departments) {
    if (!departmentSchema.safeParse(department.id).success) {
      problems.push(problemAt(department, file, `department '${department.id}' is not one of ${departments.join(', ')}`));
    }
    if (typeof department.name !== 'string' || department.name.trim() === '') problems.push(problemAt(department, file, `department ${department.id}: name: missing`));
  }
}
