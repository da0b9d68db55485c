import type { FacilityKind, FacilityStatus } from '../../shared/facilities/model';
import type { OrgUnitKind, Polygon } from '../../shared/organisation/model';
import type { CategoryInput } from '../../shared/requests/categories/rules';
import type { Department } from '../../shared/requests/model';
import type { Amenity, Hours, Seats } from '../../shared/stations/model';

/**
 * A city as the import files describe it: what `npm run city` reads from a folder (formats/),
 * checks (validate.ts), writes to a table (import.ts), reads back from one (export.ts) and makes up
 * (generate.ts). Plain data; ids are the files' own, and the table keeps them.
 *
 * Every row may say where it came from (`at`), so a problem is reported as `file:line[:column]`;
 * rows made in memory (the generator, an export) have none, and writers ignore it.
 */

/** Where a row was read: `staff.csv:12` (line numbers from 1, the header being line 1). */
export interface SourceRef {
  file: string;
  line: number;
}

/** One org unit: district → subdistrict → community → grid → micro-grid, boundaries in WGS-84. */
export interface CityUnit {
  id: string;
  kind: OrgUnitKind;
  name: string;
  /** null for districts. */
  parentId: string | null;
  /** Communities, grids and micro-grids have one; districts and subdistricts none. */
  boundary?: Polygon;
  households?: number;
  at?: SourceRef;
}

/** The roles staff are imported with; everyone else signs in as a resident. */
export const staffRoles = ['admin', 'grid_worker', 'volunteer', 'station_manager'] as const;
export type StaffRole = (typeof staffRoles)[number];

/**
 * One person known by phone before they ever open the mini-program. `units`: an admin's
 * administered units (`city` for the whole city), a grid worker's grids, a volunteer's micro-grids,
 * a station manager's community (the stations they run list them by phone).
 */
export interface CityStaff {
  name: string;
  /** Mainland mobile number, 11 digits (`13812345678`): the key staff are matched by at sign-in. */
  phone: string;
  role: StaffRole;
  units: string[];
  at?: SourceRef;
}

/** A 宁小蜂 station: placed by its location in its grid, run by the station managers listed by phone. */
export interface CityStation {
  id: string;
  name: string;
  address: string;
  location: { lat: number; lng: number };
  /** The grid whose boundary holds the location (checked). */
  gridId: string;
  hours: Hours;
  seats: Seats;
  amenities: Amenity[];
  contact?: { name?: string; phone?: string };
  /** Phones of staff with role `station_manager`. */
  managerPhones: string[];
  at?: SourceRef;
}

export const donorKindsOfFiles = ['enterprise', 'public_institution', 'social_organisation', 'individual', 'other'] as const;

export interface CityDonor {
  id: string;
  name: string;
  kind: (typeof donorKindsOfFiles)[number];
  contactName?: string;
  contactPhone?: string;
  note?: string;
  at?: SourceRef;
}

export interface CityFacility {
  id: string;
  kind: FacilityKind;
  model?: string;
  donorId: string;
  stationId: string;
  /** `YYYY-MM-DD`, local date. */
  donatedOn: string;
  declaredValueYuan: number;
  condition: 'new' | 'good' | 'fair' | 'poor';
  /** Defaults to `in_service`. */
  status?: FacilityStatus;
  at?: SourceRef;
}

/** A request category, as the API's `POST /categories` takes it, with its id. */
export type CityCategory = CategoryInput & { id: string; at?: SourceRef };

/** A department requests are escalated to: one of the service's fixed set, with its local name. */
export interface CityDepartment {
  id: Department;
  name: string;
  at?: SourceRef;
}

/** A whole city (or the part of one a folder holds). */
export interface CityData {
  units: CityUnit[];
  staff: CityStaff[];
  stations: CityStation[];
  donors: CityDonor[];
  facilities: CityFacility[];
  categories: CityCategory[];
  departments: CityDepartment[];
}

export const emptyCity = (): CityData => ({ units: [], staff: [], stations: [], donors: [], facilities: [], categories: [], departments: [] });

/** The files of a city folder. Only `units.geojson` is required; stations may be CSV or GeoJSON. */
export const cityFiles = {
  units: 'units.geojson',
  staff: 'staff.csv',
  stations: 'stations.csv',
  stationsGeoJson: 'stations.geojson',
  donors: 'donors.csv',
  facilities: 'facilities.csv',
  categories: 'categories.json',
  departments: 'departments.json',
} as const;

/** A problem found in the files: `file:line[:column]: message`. */
export interface CityProblem {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

export const formatProblem = (problem: CityProblem): string =>
  `${problem.file}${problem.line !== undefined ? `:${problem.line}` : ''}${problem.column !== undefined ? `:${problem.column}` : ''}: ${problem.message}`;

/** Mainland mobile numbers: what staff rows and WeChat's phone API give. */
export const MOBILE_PHONE = /^1[3-9]\d{9}$/;
