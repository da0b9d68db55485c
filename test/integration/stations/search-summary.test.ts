import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { dailyHours, demoStation } from '../../../infra/local/seeds/stations';
import { documents } from '../../../shared/aws/clients';
import { config } from '../../../shared/config';
import type { Station } from '../../../shared/stations/model';
import { amenities } from '../../../shared/stations/terms';
import { createStation, getStationState, saveStation } from '../../../shared/stations/repository';
import { type SearchFilters, rankNearby, searchNearby } from '../../../shared/stations/search';
import { announceStation, readSummaries, stateString, summaryCellOf } from '../../../shared/stations/summary';
import { checkIn } from '../../../shared/stations/visits';
import { stationKeys } from '../../../shared/table/design';
import { useEngine } from '../../support/engine';
import { beijing, mockBus, race, times } from './fixtures';
import { mulberry32 } from '../../../scripts/city/generate/random';

useEngine();
mockBus();

/** A Wednesday morning in Nanjing. */
const NOW = beijing('2027-03-03T10:00:00');
const XINJIEKOU = { lat: 32.0416, lng: 118.7844 };


const near = (next: () => number, centre: { lat: number; lng: number }, metres: number) => ({
  lat: centre.lat + ((next() * 2 - 1) * metres) / 111_320,
  lng: centre.lng + ((next() * 2 - 1) * metres) / 94_400,
});

/** The answer of ranking every station item: what the search must give. */
async function everyItemRanked(ids: readonly string[], filters: SearchFilters, now: Date) {
  return rankNearby(await statesOf(ids), filters, now);
}
const statesOf = async (ids: readonly string[]) => Promise.all(ids.map(async (id) => (await getStationState(id))!));

/** The states a cell's summary holds for one station, as strings. */
async function entryOf(station: Pick<Station, 'id' | 'location'>, cell = summaryCellOf(station.location)) {
  const [summary] = await readSummaries([cell]);
  return (summary!.stations.get(station.id) ?? []).map((state) => `${state.version}|${state.location.lat}|${state.location.lng}|${state.status}|${state.amenityBits}|${state.walkInSeats}|${state.hours}`);
}
const expectedEntry = (station: Station) => {
  const [version, , ...rest] = stateString(station, 'x').split('|');
  return [[version, ...rest].join('|')];
};

describe('nearby search through the cells’ search summaries', () => {
  const next = mulberry32(12);
  const hours = [dailyHours('00:00', '24:00'), dailyHours('08:00', '20:00'), dailyHours('11:00', '13:00'), { ...dailyHours('07:00', '21:00'), exceptions: [{ from: '2027-03-01', to: '2027-03-05', intervals: [] }] }];
  const city: Station[] = times(150, (index) => ({
    ...demoStation,
    id: `summary-${String(index).padStart(3, '0')}`,
    name: `驿站 ${index}`,
    location: near(next, XINJIEKOU, 7000),
    hours: hours[index % hours.length]!,
    seats: { total: 2 + (index % 5), reservable: index % 3 },
    amenities: amenities.filter((_, bit) => (index >> bit) % 2 === 1 || bit === index % amenities.length),
    status: index % 17 === 0 ? 'closed' : index % 13 === 0 ? 'suspended' : 'active',
    managers: [],
  }));

  it('answers what ranking every station item would, whatever the filters, radius and limit, with visits filling some stations', async () => {
    // Prepare: the stations, then walk-ins (some over already) in a third of those open now.
    for (const station of city) await createStation(station, []);
    for (const [index, station] of city.entries()) {
      if (index % 3 !== 0 || station.status !== 'active' || station.hours !== hours[0]) continue;
      const walkIns = station.seats.total - station.seats.reservable;
      for (let person = 0; person < walkIns; person += 1) await checkIn(station.id, `walker-${index}-${person}`, new Date(NOW.getTime() - (person % 2) * 3 * 3600_000));
    }
    const ids = city.map((station) => station.id);
    const searches: SearchFilters[] = times(60, (index) => ({
      centre: near(next, XINJIEKOU, 4000),
      radiusMetres: [500, 2000, 5000][index % 3]!,
      ...(index % 2 === 0 ? { openNow: true } : {}),
      ...(index % 4 < 2 ? { amenity: amenities[index % amenities.length] } : {}),
      ...(index % 5 < 3 ? { minFreeSeats: 1 + (index % 2) } : {}),
      limit: [1, 3, 20, 100][index % 4]!,
    }));
    // Act
    const answers = [];
    for (const filters of searches) answers.push(await searchNearby(filters, NOW));
    // Assess
    const states = await statesOf(ids);
    for (const [index, filters] of searches.entries()) expect(answers[index]).toEqual(rankNearby(states, filters, NOW));
    expect(answers.filter((answer) => answer.length > 0).length).toBeGreaterThan(30);
  });

  it('keeps a station’s summary exact as it changes: hours, amenities, seats, status, and a move to another cell', async () => {
    // Prepare
    const station = city[1]!;
    const state = (await getStationState(station.id))!.station;
    const elsewhere = { lat: state.location.lat + 0.1, lng: state.location.lng + 0.1 };
    // Act
    const changed = { ...state, hours: dailyHours('06:00', '22:00'), amenities: ['toilet' as const], seats: { total: 9, reservable: 1 }, status: 'suspended' as const, version: state.version + 1 };
    await saveStation(changed, state.version, []);
    const afterChange = await entryOf(changed);
    const moved = { ...changed, location: elsewhere, version: changed.version + 1 };
    await saveStation(moved, changed.version, []);
    // Assess
    expect(summaryCellOf(elsewhere)).not.toBe(summaryCellOf(state.location));
    expect(afterChange).toEqual(expectedEntry(changed));
    expect(await entryOf(moved)).toEqual(expectedEntry(moved));
    expect(await entryOf(moved, summaryCellOf(state.location))).toEqual([]);
    const around = (centre: Station['location']) => searchNearby({ centre, radiusMetres: 300, limit: 5 }, NOW);
    expect((await around(elsewhere)).map((found) => found.id)).toEqual([station.id]);
    expect((await around(state.location)).map((found) => found.id)).not.toContain(station.id);
  });

  it('leaves only the winner’s state when two writes race for one version, and the first station’s when an id is taken twice', async () => {
    // Prepare
    const state = (await getStationState(city[2]!.id))!.station;
    const first = { ...state, amenities: ['wifi' as const], version: state.version + 1 };
    const second = { ...state, amenities: ['fridge' as const], version: state.version + 1 };
    const twin = { ...demoStation, id: 'summary-twin', location: near(next, XINJIEKOU, 1000), managers: [] };
    // Act
    const saves = await race([() => saveStation(first, state.version, []), () => saveStation(second, state.version, [])]);
    const creations = await race([() => createStation(twin, []), () => createStation({ ...twin, location: near(next, XINJIEKOU, 1000) }, [])]);
    // Assess
    expect(saves.values).toHaveLength(1);
    expect(saves.refusals).toEqual({ '412 precondition_failed': 1 });
    expect(await entryOf(saves.values[0]!.station)).toEqual(expectedEntry(saves.values[0]!.station));
    expect(creations.values).toHaveLength(1);
    const created = (await getStationState(twin.id))!.station;
    expect(await entryOf(created)).toEqual(expectedEntry(created));
    const loser = [twin.location, created.location].find((location) => location !== created.location);
    if (loser && summaryCellOf(loser) !== summaryCellOf(created.location)) expect(await entryOf({ id: twin.id, location: loser })).toEqual([]);
  });

  it('tolerates what a write announced and never made, and the station’s next write takes it away', async () => {
    // Prepare: a crash after the announcement: a made-up station, and a state a real one never reached.
    const real = (await getStationState(city[4]!.id))!.station;
    const ghost = { ...demoStation, id: 'summary-ghost', location: near(next, real.location, 200), managers: [] };
    await announceStation(ghost, 'crashed');
    await announceStation({ ...real, location: near(next, real.location, 300), amenities: [...amenities], version: real.version + 1 }, 'crashed');
    const ids = city.map((station) => station.id);
    const filters: SearchFilters = { centre: real.location, radiusMetres: 2000, limit: 100 };
    // Act
    const answer = await searchNearby(filters, NOW);
    const expected = await everyItemRanked(ids, filters, NOW);
    const nextVersion = { ...real, name: '改名驿站', version: real.version + 1 };
    await saveStation(nextVersion, real.version, []);
    // Assess
    expect(answer).toEqual(expected);
    expect(answer.map((found) => found.id)).not.toContain(ghost.id);
    expect(await entryOf(nextVersion)).toEqual(expectedEntry(nextVersion));
  });

  it('summarises from the station index a cell whose summary is missing, and an empty cell as complete and empty', async () => {
    // Prepare: stations written before summaries existed.
    const cell = summaryCellOf(city[5]!.location);
    await documents().send(new DeleteCommand({ TableName: config().tableName, Key: stationKeys.stationCellSummary(cell) }));
    const ids = city.map((station) => station.id);
    const filters: SearchFilters = { centre: city[5]!.location, radiusMetres: 1500, limit: 100 };
    const openCountry = { lat: 31.3, lng: 119.1 };
    // Act
    const answer = await searchNearby(filters, NOW);
    const nothing = await searchNearby({ centre: openCountry, radiusMetres: 1000, limit: 20 }, NOW);
    // Assess
    expect(answer).toEqual(await everyItemRanked(ids, filters, NOW));
    const [rebuilt] = await readSummaries([cell]);
    expect(rebuilt!.complete).toBe(true);
    const inCell = (await Promise.all(ids.map(getStationState))).filter((state) => summaryCellOf(state!.station.location) === cell);
    expect([...rebuilt!.stations.keys()].sort()).toEqual(inCell.map((state) => state!.station.id).sort());
    expect(nothing).toEqual([]);
    const [empty] = await readSummaries([summaryCellOf(openCountry)]);
    expect(empty).toMatchObject({ complete: true, stations: new Map() });
  });

  it('keeps every entry when the stations of one cell are all changed at once', async () => {
    // Prepare
    const cell = summaryCellOf(XINJIEKOU);
    const inCell = (await Promise.all(city.map((station) => getStationState(station.id)))).map((state) => state!.station).filter((station) => summaryCellOf(station.location) === cell);
    // Act
    const saved = await Promise.all(inCell.map((station) => saveStation({ ...station, seats: { total: 30, reservable: 3 }, version: station.version + 1 }, station.version, [])));
    // Assess
    expect(inCell.length).toBeGreaterThan(5);
    for (const { station } of saved) expect(await entryOf(station)).toEqual(expectedEntry(station));
  });
});
