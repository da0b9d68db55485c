import { describe, expect, it } from 'vitest';
import { box } from '../../infra/local/seeds/organisation';
import { dailyHours } from '../../infra/local/seeds/stations';
import { useRuntime } from '../support/runtime';

// The default service area: Nanjing's municipal area with a margin (shared/config.ts).
const { api, signIn } = useRuntime();

/** A few metres from the seeded Lushan station. */
const lushan = { lat: 32.0036, lng: 118.7426 };
/** Beijing's Tiananmen: a real place, far outside Nanjing. */
const beijing = { lat: 39.9087, lng: 116.3975 };

const search = (token: string, query: Record<string, string>) =>
  api('GET', `/stations?${new URLSearchParams({ lat: String(lushan.lat), lng: String(lushan.lng), ...query })}`, { token });

const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((error) => error.field);

describe('what one station search may ask, over HTTP', () => {
  it('answers a 5 km search at the North Pole with a 400 instead of reading the index', async () => {
    // Prepare
    const worker = await signIn('demo-outdoor-worker');
    // Act
    const polar = await search(worker, { lat: '90', lng: '0', radius: '5000' });
    // Assess
    expect(polar.status).toBe(400);
    expect(polar.body.code).toBe('outside_service_area');
    expect(fieldsOf(polar.body)).toContain('query.lat');
  });

  it('still finds the Lushan station with a 2 km search from next to it', async () => {
    // Prepare
    const worker = await signIn('demo-outdoor-worker');
    // Act
    const found = await search(worker, { radius: '2000' });
    // Assess
    expect(found.status).toBe(200);
    expect(found.body.items.map((item: { id: string }) => item.id)).toContain('lushan-station');
  });

  it.each([
    ['lat', ''],
    ['lat', '0x20'],
    ['lat', '1e1'],
    ['lat', ' 32'],
    ['lat', 'Infinity'],
    ['lng', '118.7426 '],
    ['radius', '2000.5'],
    ['radius', '+2000'],
    ['limit', ''],
    ['limit', '1e1'],
    ['minFreeSeats', '0x1'],
  ])('refuses %s=%j with a field error naming the parameter', async (name, value) => {
    // Prepare
    const worker = await signIn('demo-outdoor-worker');
    // Act
    const refused = await search(worker, { [name]: value });
    // Assess
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('validation_failed');
    expect(fieldsOf(refused.body)).toEqual([`query.${name}`]);
  });

  it('refuses an empty or exponent limit on a paginated list too', async () => {
    // Prepare
    const worker = await signIn('demo-outdoor-worker');
    // Act
    const empty = await api('GET', '/me/reservations?limit=', { token: worker });
    const exponent = await api('GET', '/me/reservations?limit=1e1', { token: worker });
    const plain = await api('GET', '/me/reservations?limit=10', { token: worker });
    // Assess
    expect(empty.status).toBe(400);
    expect(fieldsOf(empty.body)).toEqual(['query.limit']);
    expect(exponent.status).toBe(400);
    expect(fieldsOf(exponent.body)).toEqual(['query.limit']);
    expect(plain.status).toBe(200);
  });

  it('refuses a search centred in Beijing as outside the service area, naming both coordinates', async () => {
    // Prepare
    const worker = await signIn('demo-outdoor-worker');
    // Act
    const refused = await search(worker, { lat: String(beijing.lat), lng: String(beijing.lng) });
    // Assess
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('outside_service_area');
    expect(fieldsOf(refused.body).sort()).toEqual(['query.lat', 'query.lng']);
  });
});

describe('every other location a client sends, over HTTP', () => {
  it('refuses to open a station, or move one, outside the service area', async () => {
    // Prepare
    const admin = await signIn('demo-admin');
    const station = {
      id: 'e2e-beijing-station',
      name: '北京驿站',
      address: '北京市东城区',
      location: beijing,
      gridId: 'lushan-g1',
      hours: dailyHours('08:00', '20:00'),
      seats: { total: 4, reservable: 0 },
      amenities: ['drinking_water'],
    };
    // Act
    const opened = await api('POST', '/stations', { token: admin, body: station });
    const moved = await api('PATCH', '/stations/lushan-station', { token: admin, body: { location: { lat: beijing.lat, lng: lushan.lng } } });
    const after = await api('GET', '/stations/lushan-station', { token: admin });
    // Assess
    expect(opened.status).toBe(400);
    expect(opened.body.code).toBe('outside_service_area');
    expect(fieldsOf(opened.body).sort()).toEqual(['body.location.lat', 'body.location.lng']);
    expect(moved.status).toBe(400);
    expect(moved.body.code).toBe('outside_service_area');
    expect(fieldsOf(moved.body)).toEqual(['body.location.lat']);
    expect(after.body.location).toEqual({ lat: 32.003, lng: 118.742, coordSystem: 'wgs84' });
  });

  it('refuses a request submitted from a location outside the service area', async () => {
    // Prepare
    const resident = await signIn('demo-resident');
    // Act
    const submitted = await api('POST', '/requests', {
      token: resident,
      body: { categoryId: 'disputes', description: '邻居噪音', location: beijing },
    });
    // Assess
    expect(submitted.status).toBe(400);
    expect(submitted.body.code).toBe('outside_service_area');
    expect(fieldsOf(submitted.body).sort()).toEqual(['body.location.lat', 'body.location.lng']);
  });

  it('refuses a grid boundary outside the service area, naming body.boundary', async () => {
    // Prepare
    const admin = await signIn('demo-admin');
    // Act
    const created = await api('POST', '/org-units', {
      token: admin,
      body: { id: 'e2e-beijing-grid', kind: 'grid', name: '北京网格', parentId: 'lushan', boundary: box(116.39, 39.9, 116.4, 39.91) },
    });
    // Assess
    expect(created.status).toBe(400);
    expect(created.body.code).toBe('outside_service_area');
    expect(fieldsOf(created.body)).toEqual(['body.boundary']);
  });

  it('refuses a grid whose boundary spans 20 km, naming body.boundary, before indexing anything', async () => {
    // Prepare
    const admin = await signIn('demo-admin');
    // Act: inside the service area, but far larger than any grid.
    const created = await api('POST', '/org-units', {
      token: admin,
      body: { id: 'e2e-huge-grid', kind: 'grid', name: '超大网格', parentId: 'lushan', boundary: box(118.65, 31.95, 118.86, 32.13) },
    });
    const unit = await api('GET', '/org-units/e2e-huge-grid', { token: admin });
    // Assess
    expect(created.status).toBe(400);
    expect(created.body.code).toBe('validation_failed');
    expect(fieldsOf(created.body)).toEqual(['body.boundary']);
    expect(unit.status).toBe(404);
  });
});
