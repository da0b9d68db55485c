import { describe, expect, it } from 'vitest';
import { demoStation } from '../../infra/local/seeds/stations';
import { useRuntime } from '../support/runtime';

const { api, signIn, runtime } = useRuntime();

/** Where the outdoor worker stands: about 80 m from the seeded Lushan station. */
const here = { lat: 32.0036, lng: 118.7426 };
const searchFor = (amenity: string) => `/stations?lat=${here.lat}&lng=${here.lng}&radius=1000&amenity=${amenity}`;
const ids = (body: { items: { id: string }[] }) => body.items.map((station) => station.id);

describe('stations tell the truth about their amenities, over HTTP', () => {
  it('leaves a station out of a search for air conditioning while its air conditioner is reported broken or repaired, and finds it again once restored', async () => {
    // Prepare: the seeded station declares air conditioning, given by its donated air conditioner `lushan-ac-1`.
    const worker = await signIn('demo-outdoor-worker');
    const gridWorker = await signIn('demo-grid-worker');
    const manager = await signIn('demo-station-manager');
    const before = await api('GET', searchFor('air_conditioning'), { token: worker });

    // Act: the grid's worker (staff at the station, whatever the hour) reports it broken.
    const fault = await api('POST', '/facilities/lushan-ac-1/faults', { token: gridWorker, body: { description: '空调不制冷' } });
    await runtime().bus.idle();
    const whileBroken = await api('GET', searchFor('air_conditioning'), { token: worker });
    const forWater = await api('GET', searchFor('drinking_water'), { token: worker });
    const station = await api('GET', `/stations/${demoStation.id}`, { token: worker });
    const listed = await api('GET', `/communities/${demoStation.communityId}/stations`, { token: worker });

    // Act: its manager has it repaired.
    const repairing = await api('POST', '/facilities/lushan-ac-1/repairs', { token: manager, body: { note: '已联系维修师傅' } });
    await runtime().bus.idle();
    const whileRepaired = await api('GET', searchFor('air_conditioning'), { token: worker });
    const stationRepaired = await api('GET', `/stations/${demoStation.id}`, { token: worker });
    const restored = await api('POST', '/facilities/lushan-ac-1/restore', { token: manager, body: { note: '补充冷媒', condition: 'good' } });
    await runtime().bus.idle();
    const after = await api('GET', searchFor('air_conditioning'), { token: worker });
    const stationAfter = await api('GET', `/stations/${demoStation.id}`, { token: worker });

    // Assess: found before, with nothing out.
    expect(before.status).toBe(200);
    expect(ids(before.body)).toContain(demoStation.id);
    expect(before.body.items.find((item: { id: string }) => item.id === demoStation.id).unavailableAmenities).toEqual([]);

    // Assess: while broken, not found for air conditioning, and shown unavailable wherever it is shown.
    expect(fault).toMatchObject({ status: 200, body: { status: 'fault_reported' } });
    expect(ids(whileBroken.body)).not.toContain(demoStation.id);
    const out = [{ amenity: 'air_conditioning', reason: 'fault_reported' }];
    expect(forWater.body.items.find((item: { id: string }) => item.id === demoStation.id)).toMatchObject({ unavailableAmenities: out });
    expect(station.status).toBe(200);
    // What it declares stays (what a PATCH takes); what is out is said apart, without the facility behind it.
    expect(station.body.amenities).toContain('air_conditioning');
    expect(station.body.unavailableAmenities).toEqual(out);
    expect(JSON.stringify(station.body)).not.toContain('lushan-ac-1');
    expect(listed.body.items.find((item: { id: string }) => item.id === demoStation.id)).toMatchObject({ unavailableAmenities: out });

    // Assess: still out while under repair; back once restored.
    expect(repairing.body.status).toBe('under_repair');
    expect(ids(whileRepaired.body)).not.toContain(demoStation.id);
    expect(stationRepaired.body.unavailableAmenities).toEqual([{ amenity: 'air_conditioning', reason: 'under_repair' }]);
    expect(restored.body.status).toBe('in_service');
    expect(ids(after.body)).toContain(demoStation.id);
    expect(stationAfter.body.unavailableAmenities).toEqual([]);
  });
});
