import { BatchWriteCommand, DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hasDataMarker, seedDemoData } from '../../../infra/local/seeds/demo';
import { generateCity } from '../../../scripts/city/generate';
import { type ImportReport, importCity } from '../../../scripts/city/import';
import type { CityData, CityUnit } from '../../../scripts/city/model';
import { validateCity } from '../../../scripts/city/validate';
import { documents } from '../../../shared/aws/clients';
import { getMember, getOrgUnit, listAllChildUnits, removeMember } from '../../../shared/organisation/repository';
import { adminsOf } from '../../../shared/requests/escalation-targets';
import { cellsOfBoundary, findGridAt, gridsNotIndexed } from '../../../shared/requests/grid-cells';
import { keys } from '../../../shared/table/design';
import { queryAll } from '../../../shared/table/query';
import { getFacility, listFacilitiesAt } from '../../../shared/facilities/repository';
import { getStationState, saveStation } from '../../../shared/stations/repository';
import { getUser } from '../../../shared/users/repository';
import { staffUserOfPhone } from '../../../shared/users/staff';
import { useEngine } from '../../support/engine';

useEngine();

const NOW = new Date('2026-09-01T02:00:00.000Z');
const LATER = new Date('2026-09-02T02:00:00.000Z');

/** A fresh copy of the generated demo city (3 communities, 7 grids, 45 staff…), which the tests change. */
const demoCity = (): CityData => structuredClone(generateCity({ scale: 'demo' }));

/** Every write to the table made while `work` runs (puts, updates, deletes, batch writes). */
async function writesDuring<T>(work: () => Promise<T>): Promise<{ result: T; writes: number }> {
  const send = vi.spyOn(documents(), 'send');
  try {
    const result = await work();
    const writes = send.mock.calls.filter(([command]) =>
      [PutCommand, UpdateCommand, DeleteCommand, BatchWriteCommand].some((kind) => command instanceof kind),
    ).length;
    return { result, writes };
  } finally {
    send.mockRestore();
  }
}

const totals = (report: ImportReport) =>
  Object.values(report.counts).reduce(
    (sum, counts) => ({ created: sum.created + counts.created, updated: sum.updated + counts.updated }),
    { created: 0, updated: 0 },
  );

/** A point well inside a unit's (rectangular) boundary. */
function inside(unit: CityUnit, at = 0.5): { lat: number; lng: number } {
  const ring = unit.boundary!.coordinates[0]!;
  const lngs = ring.map((point) => point[0]!);
  const lats = ring.map((point) => point[1]!);
  const [west, east, south, north] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)];
  return { lng: west + (east - west) * at, lat: south + (north - south) * 0.5 };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a city imported into a table', () => {
  it('is written once: importing the same files again changes nothing and writes nothing', async () => {
    // Prepare
    const city = demoCity();
    expect(validateCity(city)).toEqual([]);
    const first = await importCity(city, { now: NOW, localDataFolder: true });
    // Act
    const { result: second, writes } = await writesDuring(() => importCity(city, { now: LATER, localDataFolder: true }));
    // Assess
    expect(first.problems).toEqual([]);
    expect(first.counts.units.created).toBe(city.units.length);
    expect(first.counts.staff.created).toBe(city.staff.length);
    expect(first.counts.stations.created).toBe(city.stations.length);
    expect(first.counts.facilities.created).toBe(city.facilities.length);
    expect(second.problems).toEqual([]);
    expect(totals(second)).toEqual({ created: 0, updated: 0 });
    expect(second.counts.units.unchanged).toBe(city.units.length);
    expect(second.counts.staff.unchanged).toBe(city.staff.length);
    expect(second.repaired).toEqual({ gridCells: 0, memberships: 0, adminEntries: 0 });
    expect(second.memberships).toEqual({ added: 0, removed: 0 });
    expect(writes).toBe(0);
  });

  it('marks the data folder, so npm start never seeds the demo data over the city', async () => {
    // Prepare: the city of the test before is in the table.
    // Act
    const seeded = await seedDemoData();
    // Assess
    expect(await hasDataMarker('city')).toBe(true);
    expect(seeded).toBe(false);
    expect(await getOrgUnit('lushan')).toBeUndefined();
  });

  it('updates renamed units and a grid worker moved to another grid, whose memberships follow', async () => {
    // Prepare
    const city = demoCity();
    const worker = city.staff.find((person) => person.role === 'grid_worker')!;
    const [oldGridId] = worker.units;
    const newGrid = city.units.find((unit) => unit.kind === 'grid' && unit.id !== oldGridId)!;
    const oldMicroGrids = city.units.filter((unit) => unit.parentId === oldGridId).map((unit) => unit.id);
    const newMicroGrids = city.units.filter((unit) => unit.parentId === newGrid.id).map((unit) => unit.id);
    worker.units = [newGrid.id];
    const renamed = city.units.find((unit) => unit.kind === 'grid' && unit.id !== newGrid.id && unit.id !== oldGridId)!;
    renamed.name = `${renamed.name}（新）`;
    const district = city.units.find((unit) => unit.kind === 'district')!;
    district.name = '新区';
    // Act
    const report = await importCity(city, { now: LATER });
    // Assess
    const userId = (await staffUserOfPhone(worker.phone))!;
    expect(report.problems).toEqual([]);
    expect(report.counts.units).toMatchObject({ created: 0, updated: 2 });
    expect(report.counts.staff).toMatchObject({ created: 0, updated: 1 });
    expect((await listAllChildUnits(null)).map((unit) => unit.name)).toEqual(['新区']);
    expect(report.memberships).toEqual({ added: 1 + newMicroGrids.length, removed: 1 + oldMicroGrids.length });
    expect((await getUser(userId))?.units).toEqual([newGrid.id]);
    expect(await getMember(oldGridId!, userId)).toBeUndefined();
    for (const unitId of oldMicroGrids) expect(await getMember(unitId, userId)).toBeUndefined();
    expect((await getMember(newGrid.id, userId))?.memberRole).toBe('grid_worker');
    for (const unitId of newMicroGrids) expect((await getMember(unitId, userId))?.memberRole).toBe('grid_worker');
    expect((await getOrgUnit(renamed.id))?.name).toBe(renamed.name);
    // Listed under its parent by its new name, and routed under it.
    expect((await listAllChildUnits(renamed.parentId)).filter((unit) => unit.id === renamed.id).map((unit) => unit.name)).toEqual([renamed.name]);
    expect(await gridsNotIndexed([(await getOrgUnit(renamed.id))!])).toEqual([]);
  });

  it('reports rows left out of the files as missing, and keeps them in the table', async () => {
    // Prepare: a micro-grid and its volunteers are left out.
    const city = demoCity();
    const leftOut = city.units.find((unit) => unit.kind === 'micro_grid')!;
    city.units = city.units.filter((unit) => unit.id !== leftOut.id);
    const gone = city.staff.filter((person) => person.units.length === 1 && person.units[0] === leftOut.id);
    city.staff = city.staff
      .filter((person) => !gone.includes(person))
      .map((person) => ({ ...person, units: person.units.filter((unitId) => unitId !== leftOut.id) }));
    // Act
    const report = await importCity(city, { now: LATER });
    // Assess
    expect(gone.length).toBeGreaterThan(0);
    expect(report.problems).toEqual([]);
    expect(report.counts.units.missing).toBe(1);
    expect(report.missing.units).toEqual([leftOut.id]);
    expect(report.counts.staff.missing).toBe(gone.length);
    expect(report.missing.staff.sort()).toEqual(gone.map((person) => `${person.name} ${person.phone.slice(0, 3)}****${person.phone.slice(-4)}`).sort());
    expect(await getOrgUnit(leftOut.id)).toBeDefined();
    for (const person of gone) expect(await staffUserOfPhone(person.phone)).toBeDefined();
  });

  it('refuses a unit whose parent differs from the table, naming its row, and writes nothing', async () => {
    // Prepare
    const city = demoCity();
    const grids = city.units.filter((unit) => unit.kind === 'grid');
    const moved = grids.find((grid) => grids.some((other) => other.parentId !== grid.parentId))!;
    const otherCommunity = grids.find((grid) => grid.parentId !== moved.parentId)!.parentId;
    moved.parentId = otherCommunity;
    moved.at = { file: 'units.geojson', line: 17 };
    city.units.find((unit) => unit.kind === 'community')!.name = '改了名的社区';
    // Act
    const { result: report, writes } = await writesDuring(() => importCity(city, { now: LATER }));
    // Assess
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ file: 'units.geojson', line: 17 });
    expect(report.problems[0]!.message).toContain(`unit ${moved.id} is under`);
    expect(writes).toBe(0);
  });

  it("takes a grid's old cells out of the routing index when its boundary shrinks", async () => {
    // Prepare: a grid loses part of itself, enough to leave one of its routing cells.
    const city = demoCity();
    const { grid, smaller } = city.units
      .filter((unit) => unit.kind === 'grid')
      .flatMap((unit) => parts(unit).map((part) => ({ grid: unit, smaller: part })))
      .find(({ grid, smaller }) => cellsOfBoundary(smaller).length < cellsOfBoundary(grid.boundary!).length)!;
    const before = grid.boundary!;
    grid.boundary = smaller;
    // Its micro-grids go with what it lost: they are left out of the files.
    city.units = city.units.filter((unit) => unit.parentId !== grid.id);
    city.staff = city.staff
      .map((person) => ({ ...person, units: person.units.filter((unitId) => city.units.some((unit) => unit.id === unitId) || unitId === 'city') }))
      .filter((person) => person.units.length > 0);
    // Act
    const report = await importCity(city, { now: LATER });
    // Assess
    expect(report.problems).toEqual([]);
    const cells = await queryAll({ partition: keys.orgUnit(grid.id).pk, sortPrefix: 'CELL#' });
    expect(cells.map((item) => String(item.sk).slice('CELL#'.length)).sort()).toEqual(cellsOfBoundary(smaller).sort());
    expect(cellsOfBoundary(before).filter((cell) => !cellsOfBoundary(smaller).includes(cell)).length).toBeGreaterThan(0);
    for (const item of cells) expect(item.boundary).toEqual(smaller);
  });

  it('finishes an import cut short between a grid and its routing cells when run again', async () => {
    // Prepare: a city in a district of its own, whose first grid's cells fail to be written.
    const city = demoCity();
    const prefix = (id: string) => `x-${id}`;
    city.units = city.units.map((unit) => ({ ...unit, id: prefix(unit.id), parentId: unit.parentId && prefix(unit.parentId), boundary: shifted(unit) }));
    city.staff = city.staff.map((person, index) => ({
      ...person,
      phone: `139${String(index).padStart(8, '0')}`,
      units: person.units.map((unitId) => (unitId === 'city' ? unitId : prefix(unitId))),
    }));
    city.stations = [];
    city.facilities = [];
    const grid = city.units.find((unit) => unit.kind === 'grid')!;
    const worker = city.staff.find((person) => person.role === 'grid_worker' && person.units.includes(grid.id))!;
    const client = documents();
    const send = client.send.bind(client);
    let failed = false;
    vi.spyOn(client, 'send').mockImplementation(((command: unknown) => {
      const cells = command instanceof BatchWriteCommand && JSON.stringify(command.input).includes('"entity":"grid-cell"');
      if (cells && !failed) {
        failed = true;
        return Promise.reject(new Error('the engine went away'));
      }
      return send(command as never);
    }) as typeof client.send);
    await expect(importCity(city, { now: LATER, concurrency: 1 })).rejects.toThrow('the engine went away');
    vi.restoreAllMocks();
    const halfWritten = await getOrgUnit(grid.id);
    // Act
    const report = await importCity(city, { now: LATER });
    // Assess
    expect(halfWritten).toBeDefined();
    expect(report.problems).toEqual([]);
    expect(report.repaired.gridCells).toBe(1);
    expect(report.counts.staff.created).toBe(city.staff.length);
    expect((await findGridAt(inside(grid)))?.id).toBe(grid.id);
    expect((await getMember(grid.id, (await staffUserOfPhone(worker.phone))!))?.memberRole).toBe('grid_worker');
    const again = await importCity(city, { now: LATER });
    expect(totals(again)).toEqual({ created: 0, updated: 0 });
    expect(again.repaired).toEqual({ gridCells: 0, memberships: 0, adminEntries: 0 });
  });

  it("updates a changed station and a moved facility, keeping the station's status and logging the move", async () => {
    // Prepare: an admin suspended the station meanwhile.
    const city = demoCity();
    const [station, other] = city.stations;
    const facility = city.facilities.find((candidate) => candidate.stationId === station!.id)!;
    const before = (await getStationState(station!.id))!.station;
    await saveStation({ ...before, status: 'suspended', version: before.version + 1 }, before.version, []);
    station!.name = `${station!.name}（新址）`;
    station!.seats = { total: station!.seats.total + 2, reservable: station!.seats.reservable };
    facility.stationId = other!.id;
    // Act
    const report = await importCity(city, { now: LATER });
    // Assess
    const after = (await getStationState(station!.id))!.station;
    const moved = (await getFacility(facility.id))!;
    expect(report.problems).toEqual([]);
    expect(report.counts.stations).toMatchObject({ created: 0, updated: 1 });
    expect(report.counts.facilities).toMatchObject({ created: 0, updated: 1 });
    expect(after).toMatchObject({ name: station!.name, seats: station!.seats, status: 'suspended', version: before.version + 2 });
    expect(moved.stationId).toBe(other!.id);
    expect(moved.log.at(-1)).toMatchObject({ action: 'moved', fromStationId: station!.id, stationId: other!.id });
    expect((await listFacilitiesAt(other!.id, { limit: 100 })).items.map((item) => item.id)).toContain(facility.id);
    expect((await importCity(city, { now: LATER })).counts.stations.updated).toBe(0);
  });

  it("mends a staff account's membership an earlier import never wrote", async () => {
    // Prepare: the import stopped after a volunteer's account, before their membership.
    const city = demoCity();
    await importCity(city, { now: LATER });
    const volunteer = city.staff.find((person) => person.role === 'volunteer')!;
    const userId = (await staffUserOfPhone(volunteer.phone))!;
    await removeMember(volunteer.units[0]!, userId, LATER, []);
    // Act
    const report = await importCity(city, { now: LATER });
    // Assess
    expect(totals(report)).toEqual({ created: 0, updated: 0 });
    expect(report.repaired).toEqual({ gridCells: 0, memberships: 1, adminEntries: 0 });
    expect((await getMember(volunteer.units[0]!, userId))?.memberRole).toBe('volunteer');
  });

  it('indexes its admins for escalation, and takes an admin moved to another unit out of the old one', async () => {
    // Prepare
    const city = demoCity();
    const admin = city.staff.find((person) => person.role === 'admin' && !person.units.includes('city'))!;
    const [oldUnit] = admin.units;
    const adminsBefore = await adminsOf(oldUnit!);
    const newUnit = city.units.find((unit) => unit.kind === 'community' && !admin.units.includes(unit.id))!.id;
    admin.units = [newUnit];
    // Act
    const report = await importCity(city, { now: LATER });
    // Assess
    const userId = (await staffUserOfPhone(admin.phone))!;
    expect(adminsBefore).toContain(userId);
    expect(report.adminEntries).toEqual({ added: 1, removed: 1 });
    expect(await adminsOf(oldUnit!)).not.toContain(userId);
    expect(await adminsOf(newUnit)).toContain(userId);
    expect(await queryAll({ partition: keys.unitAdmin(oldUnit!, userId).pk, sortPrefix: keys.unitAdmin(oldUnit!, userId).sk })).toEqual([]);
  });
});

/** The halves and quarters of a unit's rectangular boundary. */
function parts(unit: CityUnit): NonNullable<CityUnit['boundary']>[] {
  const ring = unit.boundary!.coordinates[0]!;
  const lngs = ring.map((point) => point[0]!);
  const lats = ring.map((point) => point[1]!);
  const [west, east, south, north] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)];
  const box = (w: number, s: number, e: number, n: number): NonNullable<CityUnit['boundary']> => ({
    type: 'Polygon',
    coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]],
  });
  const [lng, lat] = [(west + east) / 2, (south + north) / 2];
  return [
    box(west, south, lng, north),
    box(lng, south, east, north),
    box(west, south, east, lat),
    box(west, lat, east, north),
    box(west, south, lng, lat),
    box(lng, lat, east, north),
  ];
}

/** A unit's boundary moved 0.2° east: a second city beside the first, overlapping nothing. */
function shifted(unit: CityUnit): CityUnit['boundary'] {
  if (!unit.boundary) return undefined;
  return { type: 'Polygon', coordinates: unit.boundary.coordinates.map((ring) => ring.map(([lng, lat]) => [lng! + 0.2, lat!])) };
}
