import { describe, expect, it } from 'vitest';
import { syncStationAmenities } from '../../../shared/facilities/amenities';
import { planMove, planTransition } from '../../../shared/facilities/domain';
import type { Facility } from '../../../shared/facilities/model';
import { createFacility, getFacility, saveFacility } from '../../../shared/facilities/repository';
import { recordAmenityProviders } from '../../../shared/stations/amenity-store';
import { viewOf } from '../../../shared/stations/domain';
import { getStationState, saveStation } from '../../../shared/stations/repository';
import { useEngine } from '../../support/engine';
import { aStation, beijing, mockBus } from '../stations/fixtures';

useEngine();
mockBus();

const NOW = beijing('2026-07-01T12:00:00');

/** A facility registered at a station, in service (its event is not consumed: nothing is recorded yet). */
async function aFacility(id: string, kind: Facility['kind'], stationId: string): Promise<Facility> {
  const facility: Facility = {
    id,
    kind,
    donorId: 'donor',
    donorName: '捐赠方',
    stationId,
    donatedOn: '2026-06-01',
    declaredValueYuan: 1000,
    condition: 'new',
    status: 'in_service',
    photoUrls: [],
    log: [{ at: NOW.toISOString(), action: 'donated', by: 'seed', status: 'in_service', stationId }],
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    version: 1,
  };
  await createFacility(facility, []);
  return facility;
}

/** Moves a facility through its life cycle as the facilities function does (one conditional write). */
async function step(facilityId: string, action: Parameters<typeof planTransition>[1]): Promise<Facility> {
  const facility = (await getFacility(facilityId))!;
  const { facility: next } = planTransition(facility, action, 'manager', NOW);
  expect(await saveFacility(next, facility.version, [])).toBe(true);
  return next;
}

const unavailableAt = async (stationId: string) => {
  const state = (await getStationState(stationId))!;
  return viewOf(state, NOW).unavailableAmenities;
};

describe("a station's record of the facilities behind its amenities", () => {
  it('shows an amenity out while its only facility is broken or under repair, and back once restored', async () => {
    // Prepare
    const station = await aStation('amenity-a', { total: 6, reservable: 2 });
    await aFacility('amenity-a-ac', 'air_conditioner', station.id);

    // Act
    await step('amenity-a-ac', 'fault_reported');
    await syncStationAmenities('amenity-a-ac', [station.id]);
    const broken = await unavailableAt(station.id);
    await step('amenity-a-ac', 'repair_started');
    await syncStationAmenities('amenity-a-ac', [station.id]);
    const repairing = await unavailableAt(station.id);
    await step('amenity-a-ac', 'restored');
    await syncStationAmenities('amenity-a-ac', [station.id]);
    const restored = await unavailableAt(station.id);

    // Assess
    expect(broken).toEqual([{ amenity: 'air_conditioning', reason: 'fault_reported' }]);
    expect(repairing).toEqual([{ amenity: 'air_conditioning', reason: 'under_repair' }]);
    expect(restored).toEqual([]);
  });

  it('keeps drinking water while a second dispenser works, though that one was registered before any record', async () => {
    // Prepare
    const station = await aStation('amenity-b', { total: 6, reservable: 2 });
    await aFacility('amenity-b-water-1', 'water_dispenser', station.id);
    await aFacility('amenity-b-water-2', 'water_dispenser', station.id);

    // Act
    await step('amenity-b-water-1', 'fault_reported');
    await syncStationAmenities('amenity-b-water-1', [station.id]);
    const oneBroken = await unavailableAt(station.id);
    await step('amenity-b-water-2', 'retired');
    await syncStationAmenities('amenity-b-water-2', [station.id]);
    const bothOut = await unavailableAt(station.id);

    // Assess
    expect(oneBroken).toEqual([]);
    expect(bothOut).toEqual([{ amenity: 'drinking_water', reason: 'fault_reported' }]);
  });

  it('records the present whatever order the events come in, and a late report of an older state changes nothing', async () => {
    // Prepare: broken, then restored; the two events are handled in the wrong order, one of them twice.
    const station = await aStation('amenity-c', { total: 6, reservable: 2 });
    await aFacility('amenity-c-ac', 'air_conditioner', station.id);
    await step('amenity-c-ac', 'fault_reported');
    await step('amenity-c-ac', 'restored');

    // Act
    await syncStationAmenities('amenity-c-ac', [station.id]);
    await syncStationAmenities('amenity-c-ac', [station.id]);
    await recordAmenityProviders(station.id, { 'amenity-c-ac': { amenity: 'air_conditioning', state: 'fault_reported', version: 2 } });

    // Assess
    expect(await unavailableAt(station.id)).toEqual([]);
    expect((await getStationState(station.id))!.amenityProviders).toEqual({
      'amenity-c-ac': { amenity: 'air_conditioning', state: 'working', version: 3 },
    });
  });

  it('takes a broken air conditioner moved away out of the station it left and into the one it reached', async () => {
    // Prepare
    const from = await aStation('amenity-d', { total: 6, reservable: 2 });
    const to = await aStation('amenity-e', { total: 6, reservable: 2 });
    await aFacility('amenity-d-ac', 'air_conditioner', from.id);
    await step('amenity-d-ac', 'fault_reported');
    await syncStationAmenities('amenity-d-ac', [from.id]);
    const before = await unavailableAt(from.id);

    // Act
    const facility = (await getFacility('amenity-d-ac'))!;
    const { facility: moved } = planMove(facility, to, 'manager', NOW);
    await saveFacility(moved, facility.version, []);
    await syncStationAmenities('amenity-d-ac', [to.id, from.id]);
    // The fault's event, delivered again after the move, records the facility where it is now.
    await syncStationAmenities('amenity-d-ac', [from.id]);

    // Assess
    expect(before).toEqual([{ amenity: 'air_conditioning', reason: 'fault_reported' }]);
    expect(await unavailableAt(from.id)).toEqual([]);
    expect((await getStationState(from.id))!.amenityProviders!['amenity-d-ac']).toMatchObject({ state: 'gone' });
    expect(await unavailableAt(to.id)).toEqual([{ amenity: 'air_conditioning', reason: 'fault_reported' }]);
  });

  it('takes in reports of several facilities of one station made at once, losing none', async () => {
    // Prepare
    const station = await aStation('amenity-f', { total: 6, reservable: 2 });
    const kinds = ['air_conditioner', 'water_dispenser', 'microwave', 'fridge'] as const;
    for (const kind of kinds) await aFacility(`amenity-f-${kind}`, kind, station.id);
    for (const kind of kinds) await step(`amenity-f-${kind}`, 'fault_reported');

    // Act
    await Promise.all(kinds.map((kind) => syncStationAmenities(`amenity-f-${kind}`, [station.id])));

    // Assess
    expect((await unavailableAt(station.id)).map((out) => out.amenity).sort()).toEqual(['air_conditioning', 'drinking_water', 'fridge', 'microwave']);
  });

  it('leaves a station alone when a patch of it is saved: the record is not part of the station', async () => {
    // Prepare
    const station = await aStation('amenity-g', { total: 6, reservable: 2 });
    await aFacility('amenity-g-ac', 'air_conditioner', station.id);
    await step('amenity-g-ac', 'fault_reported');
    await syncStationAmenities('amenity-g-ac', [station.id]);

    // Act
    await saveStation({ ...station, name: '改名后的驿站', version: station.version + 1 }, station.version, []);

    // Assess
    expect(await unavailableAt(station.id)).toEqual([{ amenity: 'air_conditioning', reason: 'fault_reported' }]);
  });
});
