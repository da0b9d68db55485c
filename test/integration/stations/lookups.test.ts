import { describe, expect, it } from 'vitest';
import { stationExists, stationManagersOf } from '../../../shared/stations/lookups';
import { getStationState, saveStation } from '../../../shared/stations/repository';
import { useEngine } from '../../support/engine';
import { aStation, mockBus } from './fixtures';

useEngine();
mockBus();

describe("what other features ask of one station, without the station repository", () => {
  it('says whether a station exists, and names the managers the repository reads, after a change too', async () => {
    // Prepare
    const station = await aStation('looked-up', { total: 4, reservable: 2 }, { managers: ['manager-a', 'manager-b'] });
    // Act
    const exists = await stationExists(station.id);
    const before = await stationManagersOf(station.id);
    await saveStation({ ...station, managers: ['manager-c'], version: station.version + 1 }, station.version, []);
    const after = await stationManagersOf(station.id);
    // Assess
    expect(exists).toBe(true);
    expect(before).toEqual(['manager-a', 'manager-b']);
    expect(after).toEqual(['manager-c']);
    expect(after).toEqual((await getStationState(station.id))!.station.managers);
  });

  it('answers no station for an id nobody used', async () => {
    // Act
    const exists = await stationExists('no-such-station');
    const managers = await stationManagersOf('no-such-station');
    // Assess
    expect(exists).toBe(false);
    expect(managers).toBeUndefined();
  });
});
