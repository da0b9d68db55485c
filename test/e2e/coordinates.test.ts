import gcoord from 'gcoord';
import { describe, expect, it } from 'vitest';
import { dailyHours, demoStation } from '../../infra/local/seeds/stations';
import { distanceMetres } from '../../shared/geo/geo';
import { useRuntime } from '../support/runtime';

const { api, signIn } = useRuntime();

/** A WGS-84 point in GCJ-02, as a mini-program's `wx.getLocation({ type: 'gcj02' })` would give it (gcoord's [lng, lat] order). */
function gcj02Of(point: { lat: number; lng: number }) {
  const [lng, lat] = gcoord.transform([point.lng, point.lat], gcoord.WGS84, gcoord.GCJ02);
  return { lat, lng };
}

type Found = { id: string; distanceMetres: number; location: { lat: number; lng: number; coordSystem: string } };
const lushanIn = (items: Found[]) => items.find((station) => station.id === demoStation.id);

describe('coordinates in China, over HTTP', () => {
  it('finds the seeded station from its GCJ-02 location within 10 m, and about 500 m off when its WGS-84 location is sent as GCJ-02', async () => {
    // Prepare: where a mini-program's map puts the Lushan station, and where GPS does.
    const worker = await signIn('demo-outdoor-worker');
    const onTheMap = gcj02Of(demoStation.location);
    const gps = demoStation.location;

    // Act
    const fromMap = await api('GET', `/stations?lat=${onTheMap.lat}&lng=${onTheMap.lng}&radius=1000&coordSystem=gcj02`, { token: worker });
    const gpsAsMap = await api('GET', `/stations?lat=${gps.lat}&lng=${gps.lng}&radius=1000&coordSystem=gcj02`, { token: worker });
    const fromGps = await api('GET', `/stations?lat=${gps.lat}&lng=${gps.lng}&radius=1000`, { token: worker });

    // Assess: found from the map's point, and shown where the map has it.
    expect(fromMap.status).toBe(200);
    const found = lushanIn(fromMap.body.items)!;
    expect(found.distanceMetres).toBeLessThan(10);
    expect(found.location.coordSystem).toBe('gcj02');
    expect(distanceMetres(found.location, onTheMap)).toBeLessThan(1);
    // The GPS point read as GCJ-02 lies where the map would draw the station 300–600 m away: the conversion ran.
    const off = lushanIn(gpsAsMap.body.items)!;
    expect(off.distanceMetres).toBeGreaterThan(300);
    expect(off.distanceMetres).toBeLessThan(700);
    // Without coordSystem, WGS-84 in and out, as before.
    expect(lushanIn(fromGps.body.items)).toMatchObject({ distanceMetres: 0, location: { ...gps, coordSystem: 'wgs84' } });
  });

  it('shows one station in GCJ-02 when asked, saying so, and in WGS-84 otherwise', async () => {
    // Prepare
    const resident = await signIn('demo-resident');
    // Act
    const asked = await api('GET', `/stations/${demoStation.id}?coordSystem=gcj02`, { token: resident });
    const plain = await api('GET', `/stations/${demoStation.id}`, { token: resident });
    const listed = await api('GET', `/communities/lushan/stations?coordSystem=gcj02`, { token: resident });
    // Assess
    expect(asked.status).toBe(200);
    expect(asked.body.location.coordSystem).toBe('gcj02');
    expect(distanceMetres(asked.body.location, gcj02Of(demoStation.location))).toBeLessThan(1);
    expect(plain.body.location).toEqual({ ...demoStation.location, coordSystem: 'wgs84' });
    expect(lushanIn(listed.body.items)?.location).toEqual(asked.body.location);
  });

  it('stores a station opened at a GCJ-02 location in WGS-84', async () => {
    // Prepare: the admin picks the place on a mini-program map, 50 m from the seeded station.
    const admin = await signIn('demo-admin');
    const gps = { lat: 32.0034, lng: 118.7422 };
    const onTheMap = gcj02Of(gps);
    // Act
    const opened = await api('POST', '/stations', {
      token: admin,
      body: {
        id: 'e2e-gcj-station',
        name: '庐山路宁小蜂驿站（地图选点）',
        address: '南京市建邺区庐山路',
        location: { ...onTheMap, coordSystem: 'gcj02' },
        gridId: 'lushan-g1',
        hours: dailyHours('08:00', '20:00'),
        seats: { total: 4, reservable: 2 },
        amenities: ['drinking_water'],
      },
    });
    const shownOnMap = await api('GET', '/stations/e2e-gcj-station?coordSystem=gcj02', { token: admin });
    // Assess
    expect(opened.status).toBe(201);
    expect(opened.body.location.coordSystem).toBe('wgs84');
    expect(distanceMetres(opened.body.location, gps)).toBeLessThan(1);
    expect(distanceMetres(shownOnMap.body.location, onTheMap)).toBeLessThan(1);
  });

  it('routes a request sent in GCJ-02 by its WGS-84 location, and shows it back in either system', async () => {
    // Prepare: a point in lushan-g1 (lng 118.740–118.744) whose GCJ-02 numbers, read as WGS-84, fall in lushan-g2 (118.744–118.748).
    const resident = await signIn('demo-resident');
    const gps = { lat: 32.003, lng: 118.742 };
    const onTheMap = gcj02Of(gps);
    const submission = { categoryId: 'facility-repair', description: '路灯不亮', attributes: { facility: 'streetlight' } };
    // Act
    const sent = await api('POST', '/requests', { token: resident, body: { ...submission, location: { ...onTheMap, coordSystem: 'gcj02' } } });
    const unsaid = await api('POST', '/requests', { token: resident, body: { ...submission, location: onTheMap } });
    const asked = await api('GET', `/requests/${sent.body.id}?coordSystem=gcj02`, { token: resident });
    // Assess
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ gridId: 'lushan-g1', routedBy: 'location', location: { coordSystem: 'wgs84' } });
    expect(distanceMetres(sent.body.location, gps)).toBeLessThan(1);
    expect(unsaid.body.gridId).toBe('lushan-g2');
    expect(asked.body.location.coordSystem).toBe('gcj02');
    expect(distanceMetres(asked.body.location, onTheMap)).toBeLessThan(1);
  });

  it('answers a coordinate system it does not know with a 400 naming the parameter', async () => {
    // Prepare
    const worker = await signIn('demo-outdoor-worker');
    // Act
    const search = await api('GET', `/stations?lat=32.003&lng=118.742&coordSystem=bd09`, { token: worker });
    const one = await api('GET', `/stations/${demoStation.id}?coordSystem=BD09`, { token: worker });
    // Assess
    for (const refused of [search, one]) {
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'validation_failed', errors: [{ field: 'query.coordSystem' }] });
    }
  });
});
