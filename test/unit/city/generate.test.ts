import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { demoUnits } from '../../../infra/local/seeds/organisation';
import { type CityScale, cityScales, generateCity } from '../../../scripts/city/generate';
import { type CityData, type CityUnit, MOBILE_PHONE, formatProblem } from '../../../scripts/city/model';
import { validateCity } from '../../../scripts/city/validate';
import { DEFAULT_SERVICE_AREA } from '../../../shared/config';
import { boundsOfPolygon, extentMetres } from '../../../shared/geo/geo';
import type { OrgUnitKind } from '../../../shared/organisation/model';
import { MAX_BOUNDARY_EXTENT_METRES } from '../../../shared/organisation/routes';
import { defaultCategories } from '../../../shared/requests/categories/catalogue';
import { departmentNames } from '../../../shared/requests/terms';
import { hoursSchema, seatsSchema } from '../../../shared/stations/model';

interface Box {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** A unit's boundary as a box, or a thrown error naming the unit if it is anything but an axis-aligned rectangle. */
function boxOf(unit: CityUnit): Box {
  const ring = unit.boundary?.coordinates[0];
  if (!ring || unit.boundary!.coordinates.length !== 1 || ring.length !== 5) throw new Error(`${unit.id} has no single rectangular ring`);
  const [west, south, east, north] = [ring[0]![0]!, ring[0]![1]!, ring[2]![0]!, ring[2]![1]!];
  const expected = [[west, south], [east, south], [east, north], [west, north], [west, south]];
  if (JSON.stringify(ring) !== JSON.stringify(expected) || !(west < east && south < north)) throw new Error(`${unit.id} is not an axis-aligned box`);
  return { west, south, east, north };
}

const within = (inner: Box, outer: Box) => inner.west >= outer.west && inner.east <= outer.east && inner.south >= outer.south && inner.north <= outer.north;
/** Boxes that at most share an edge. */
const apart = (a: Box, b: Box) => a.east <= b.west || b.east <= a.west || a.north <= b.south || b.north <= a.south;
const area = (box: Box) => (box.east - box.west) * (box.north - box.south);
const hashOf = (city: CityData) => createHash('sha256').update(JSON.stringify(city)).digest('hex');

function childrenByParent(city: CityData): Map<string, CityUnit[]> {
  const children = new Map<string, CityUnit[]>();
  for (const unit of city.units) {
    if (unit.parentId !== null) children.set(unit.parentId, [...(children.get(unit.parentId) ?? []), unit]);
  }
  return children;
}

/** Which children of one parent overlap one another, or stick out of it, or leave part of it uncovered. */
function tilingFaults(parent: CityUnit, children: CityUnit[]): string[] {
  const outer = boxOf(parent);
  const boxes = children.map(boxOf);
  const faults = children.filter((_, index) => !within(boxes[index]!, outer)).map((child) => `${child.id} sticks out of ${parent.id}`);
  for (let i = 0; i < boxes.length; i += 1) {
    for (let j = i + 1; j < boxes.length; j += 1) {
      if (!apart(boxes[i]!, boxes[j]!)) faults.push(`${children[i]!.id} overlaps ${children[j]!.id}`);
    }
  }
  // Inside and apart, the children cover their parent exactly when their areas add up to its own.
  const covered = boxes.reduce((sum, box) => sum + area(box), 0);
  if (Math.abs(covered - area(outer)) > area(outer) * 1e-9) faults.push(`${parent.id} is not covered by its children`);
  return faults;
}

const ofKind = (city: CityData, kind: OrgUnitKind) => city.units.filter((unit) => unit.kind === kind);
const ofRole = (city: CityData, role: string) => city.staff.filter((person) => person.role === role);

const cities: Record<CityScale, CityData> = {
  demo: generateCity({ scale: 'demo' }),
  district: generateCity({ scale: 'district' }),
  nanjing: generateCity({ scale: 'nanjing' }),
};
const scales = Object.keys(cities) as CityScale[];

describe('generating a city', () => {
  it('gives byte-for-byte the same city for the same scale and seed', () => {
    // Act
    const again = generateCity({ scale: 'nanjing' });
    const demoWithSeed = [generateCity({ scale: 'demo', seed: 7 }), generateCity({ scale: 'demo', seed: 7 })];
    // Assess
    expect(hashOf(again)).toBe(hashOf(cities.nanjing));
    expect(hashOf(demoWithSeed[0]!)).toBe(hashOf(demoWithSeed[1]!));
  });

  it('gives another city for another seed, with the same counts', () => {
    // Act
    const other = generateCity({ scale: 'district', seed: 7 });
    // Assess
    expect(hashOf(other)).not.toBe(hashOf(cities.district));
    expect(ofKind(other, 'grid')).toHaveLength(ofKind(cities.district, 'grid').length);
  });

  it('makes Nanjing at its real size: 12 districts, 10,198 grids and 11,220 grid workers', () => {
    // Prepare
    const city = cities.nanjing;
    const gridsWithTwoWorkers = new Set(ofRole(city, 'grid_worker').map((worker) => worker.units[0])).size;
    // Assess
    expect(ofKind(city, 'district').map((district) => district.name)).toEqual([
      '玄武区', '秦淮区', '建邺区', '鼓楼区', '浦口区', '栖霞区', '雨花台区', '江宁区', '六合区', '溧水区', '高淳区', '江北新区',
    ]);
    expect(ofKind(city, 'subdistrict').length).toBeGreaterThanOrEqual(95);
    expect(ofKind(city, 'subdistrict').length).toBeLessThanOrEqual(105);
    expect(ofKind(city, 'community')).toHaveLength(1_200);
    expect(ofKind(city, 'grid')).toHaveLength(10_198);
    expect(ofRole(city, 'grid_worker')).toHaveLength(11_220);
    expect(ofRole(city, 'grid_worker').length - gridsWithTwoWorkers).toBe(1_022);
    expect(ofKind(city, 'micro_grid').length).toBeGreaterThan(30_000);
    expect(ofKind(city, 'micro_grid').length).toBeLessThan(51_000);
    expect(ofRole(city, 'volunteer')).toHaveLength(ofKind(city, 'micro_grid').length);
    expect(city.stations).toHaveLength(1_000);
    expect(city.donors.length).toBeGreaterThanOrEqual(200);
    expect(ofRole(city, 'admin')).toHaveLength(1 + 12 + ofKind(city, 'subdistrict').length + 1_200);
  });

  it.each(scales)('makes the %s scale as its targets say', (scale) => {
    // Prepare
    const city = cities[scale];
    const targets = cityScales[scale];
    // Assess
    expect({
      districts: ofKind(city, 'district').length,
      subdistricts: ofKind(city, 'subdistrict').length,
      communities: ofKind(city, 'community').length,
      grids: ofKind(city, 'grid').length,
      gridWorkers: ofRole(city, 'grid_worker').length,
      stations: city.stations.length,
      donors: city.donors.length,
      admins: ofRole(city, 'admin').length,
    }).toEqual({
      districts: targets.districts,
      subdistricts: targets.subdistricts,
      communities: targets.communities,
      grids: targets.grids,
      gridWorkers: targets.gridWorkers,
      stations: targets.stations,
      donors: targets.donors,
      admins: targets.admins,
    });
  });

  it('keeps the demo tiny and the district scale at Nanjing’s density', () => {
    // Assess
    expect(cityScales.demo).toMatchObject({ districts: 1, subdistricts: 1, stations: 2 });
    expect(cityScales.demo.communities).toBeGreaterThanOrEqual(2);
    expect(cityScales.demo.communities).toBeLessThanOrEqual(3);
    expect(cityScales.demo.grids).toBeLessThanOrEqual(10);
    expect(cityScales.district).toMatchObject({ districts: 1, communities: 100 });
    expect(cityScales.district.grids).toBe(Math.round((10_198 * 100) / 1_200));
  });

  it.each(scales)('gives the %s scale short ASCII ids, all distinct and none the local demo’s', (scale) => {
    // Prepare
    const city = cities[scale];
    const ids = [...city.units, ...city.stations, ...city.donors, ...city.facilities].map((row) => row.id);
    const demoIds = new Set(demoUnits.map((unit) => unit.id));
    // Assess
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !/^nj-[a-z0-9-]{1,40}$/.test(id))).toEqual([]);
    expect(ids.filter((id) => demoIds.has(id))).toEqual([]);
  });

  it.each(scales)('gives the %s scale’s staff distinct mobile phones and Chinese names', (scale) => {
    // Prepare
    const city = cities[scale];
    const phones = [...city.staff.map((person) => person.phone), ...city.donors.flatMap((donor) => donor.contactPhone ?? [])];
    // Assess
    expect(new Set(phones).size).toBe(phones.length);
    expect(phones.filter((phone) => !MOBILE_PHONE.test(phone))).toEqual([]);
    expect(city.staff.filter((person) => !/^[\u4e00-\u9fa5]{2,3}$/.test(person.name))).toEqual([]);
  });

  it.each(scales)('tiles every community of the %s scale with its grids, and every grid with its micro-grids', (scale) => {
    // Prepare
    const city = cities[scale];
    const children = childrenByParent(city);
    // Act
    const faults = [...ofKind(city, 'community'), ...ofKind(city, 'grid')].flatMap((parent) => tilingFaults(parent, children.get(parent.id) ?? []));
    // Assess
    expect(faults.slice(0, 5)).toEqual([]);
  });

  it.each(scales)('keeps the communities of the %s scale apart from one another', (scale) => {
    // Prepare
    const communities = ofKind(cities[scale], 'community').map((unit) => ({ id: unit.id, box: boxOf(unit) }));
    const byWest = communities.sort((a, b) => a.box.west - b.box.west);
    const overlaps: string[] = [];
    // Act: a sweep from west to east compares each community only with those it could reach.
    for (let i = 0; i < byWest.length; i += 1) {
      for (let j = i + 1; j < byWest.length && byWest[j]!.box.west < byWest[i]!.box.east; j += 1) {
        if (!apart(byWest[i]!.box, byWest[j]!.box)) overlaps.push(`${byWest[i]!.id} overlaps ${byWest[j]!.id}`);
      }
    }
    // Assess
    expect(overlaps).toEqual([]);
  });

  it.each(scales)('gives boundaries only to communities, grids and micro-grids of the %s scale, each within its kind’s size and the service area', (scale) => {
    // Prepare
    const city = cities[scale];
    const area = DEFAULT_SERVICE_AREA;
    // Act
    const misplaced = city.units.filter((unit) => (unit.boundary !== undefined) !== ['community', 'grid', 'micro_grid'].includes(unit.kind));
    const tooLarge = city.units.filter((unit) => {
      if (!unit.boundary) return false;
      const { northSouth, eastWest } = extentMetres(boundsOfPolygon(unit.boundary));
      return northSouth > MAX_BOUNDARY_EXTENT_METRES[unit.kind] || eastWest > MAX_BOUNDARY_EXTENT_METRES[unit.kind];
    });
    const outside = [
      ...city.units.filter((unit) => unit.boundary && !within(boxOf(unit), { west: area.minLng, south: area.minLat, east: area.maxLng, north: area.maxLat })).map((unit) => unit.id),
      ...city.stations.filter(({ location: { lat, lng } }) => lat < area.minLat || lat > area.maxLat || lng < area.minLng || lng > area.maxLng).map((station) => station.id),
    ];
    // Assess
    expect(misplaced.map((unit) => unit.id)).toEqual([]);
    expect(tooLarge.map((unit) => unit.id)).toEqual([]);
    expect(outside).toEqual([]);
  });

  it.each(scales)('lists each unit of the %s scale after its parent, which is of the kind above it', (scale) => {
    // Prepare
    const kinds: (OrgUnitKind | undefined)[] = [undefined, 'district', 'subdistrict', 'community', 'grid'];
    const order: OrgUnitKind[] = ['district', 'subdistrict', 'community', 'grid', 'micro_grid'];
    const seen = new Map<string, OrgUnitKind>();
    const faults: string[] = [];
    // Act
    for (const unit of cities[scale].units) {
      const parentKind = unit.parentId === null ? undefined : seen.get(unit.parentId);
      if (parentKind !== kinds[order.indexOf(unit.kind)]) faults.push(`${unit.id} (${unit.kind}) under ${unit.parentId}`);
      seen.set(unit.id, unit.kind);
    }
    // Assess
    expect(faults).toEqual([]);
  });

  it.each(scales)('counts the households of the %s scale from the bottom up, about a hundred a micro-grid', (scale) => {
    // Prepare
    const city = cities[scale];
    const children = childrenByParent(city);
    const sumOf = (id: string) => (children.get(id) ?? []).reduce((sum, child) => sum + child.households!, 0);
    // Assess
    expect(ofKind(city, 'community').filter((community) => community.households !== sumOf(community.id))).toEqual([]);
    expect(ofKind(city, 'grid').filter((grid) => grid.households !== sumOf(grid.id))).toEqual([]);
    expect(ofKind(city, 'grid').filter((grid) => grid.households! < 300 || grid.households! > 500)).toEqual([]);
    expect(ofKind(city, 'grid').filter((grid) => { const count = children.get(grid.id)?.length ?? 0; return count < 3 || count > 5; })).toEqual([]);
    expect(ofKind(city, 'micro_grid').filter((micro) => micro.households! < 80 || micro.households! > 120)).toEqual([]);
  });

  it.each(scales)('gives the staff of the %s scale the units their roles call for', (scale) => {
    // Prepare
    const city = cities[scale];
    const kindOf = new Map(city.units.map((unit) => [unit.id, unit.kind]));
    const unitsOf = (role: string) => ofRole(city, role).flatMap((person) => person.units);
    // Assess
    expect(ofRole(city, 'grid_worker').filter((worker) => worker.units.length !== 1 || kindOf.get(worker.units[0]!) !== 'grid')).toEqual([]);
    expect(new Set(unitsOf('grid_worker')).size).toBe(ofKind(city, 'grid').length);
    expect(unitsOf('volunteer').sort()).toEqual(ofKind(city, 'micro_grid').map((micro) => micro.id).sort());
    expect(unitsOf('admin').sort()).toEqual(['city', ...city.units.filter((unit) => unit.kind !== 'grid' && unit.kind !== 'micro_grid').map((unit) => unit.id)].sort());
  });

  it.each(scales)('places each station of the %s scale inside its grid, run by a manager of its community', (scale) => {
    // Prepare
    const city = cities[scale];
    const unitById = new Map(city.units.map((unit) => [unit.id, unit]));
    const managerByPhone = new Map(ofRole(city, 'station_manager').map((manager) => [manager.phone, manager]));
    // Act
    const faults = city.stations.flatMap((station) => {
      const grid = unitById.get(station.gridId);
      if (grid?.kind !== 'grid') return [`${station.id} is in no grid`];
      const box = boxOf(grid);
      const { lat, lng } = station.location;
      const found: string[] = [];
      if (!(box.west < lng && lng < box.east && box.south < lat && lat < box.north)) found.push(`${station.id} lies outside ${grid.id}`);
      const managers = station.managerPhones.map((phone) => managerByPhone.get(phone));
      if (managers.length === 0 || managers.some((manager) => manager?.units.join() !== grid.parentId)) found.push(`${station.id} is run by no manager of ${grid.parentId}`);
      if (!hoursSchema.safeParse(station.hours).success || !seatsSchema.safeParse(station.seats).success) found.push(`${station.id} has unreadable hours or seats`);
      if (station.name !== `${unitById.get(grid.parentId!)!.name}宁小蜂驿站` || !station.address.startsWith('南京市')) found.push(`${station.id} is named ${station.name}, at ${station.address}`);
      return found;
    });
    // Assess
    expect(faults).toEqual([]);
    expect(ofRole(city, 'station_manager')).toHaveLength(city.stations.length);
  });

  it.each(scales)('gives each station of the %s scale two to five facilities from known donors', (scale) => {
    // Prepare
    const city = cities[scale];
    const donorIds = new Set(city.donors.map((donor) => donor.id));
    const perStation = new Map<string, number>();
    for (const facility of city.facilities) perStation.set(facility.stationId, (perStation.get(facility.stationId) ?? 0) + 1);
    // Assess
    expect(city.stations.filter((station) => { const count = perStation.get(station.id) ?? 0; return count < 2 || count > 5; })).toEqual([]);
    expect(city.facilities.filter((facility) => !donorIds.has(facility.donorId) || !/^\d{4}-\d{2}-\d{2}$/.test(facility.donatedOn))).toEqual([]);
    expect(new Set(city.donors.map((donor) => donor.name)).size).toBe(city.donors.length);
  });

  it.each(['demo', 'district'] as const)('makes a %s city the importer’s validator finds nothing wrong with', (scale) => {
    // Act
    const problems = validateCity(cities[scale]);
    // Assess
    expect(problems.map(formatProblem)).toEqual([]);
  });

  it('carries the default category catalogue and the six departments with their names', () => {
    // Prepare
    const city = cities.demo;
    // Assess
    expect(city.categories).toEqual(defaultCategories);
    expect(city.categories).not.toBe(defaultCategories);
    expect(city.departments).toEqual(Object.entries(departmentNames).map(([id, name]) => ({ id, name })));
  });
});
