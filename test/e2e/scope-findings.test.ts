import { describe, expect, it } from 'vitest';
import { box } from '../../infra/local/seeds/organisation';
import { dailyHours } from '../../infra/local/seeds/stations';
import { saveUser } from '../../shared/users/repository';
import { aUser } from '../support/people';
import { useRuntime } from '../support/runtime';

/**
 * Issue 8's findings 2–5, reproduced as a new user meets them: two communities side by side, an
 * admin of each, and people in each. Every test here failed on the code before the fix.
 */

const { api, signIn, runtime } = useRuntime();

/** A second community east of Lushan (庐山社区 spans lng 118.740–118.752), with one grid and a station. */
const xinglong = { community: 'xinglong', grid: 'xinglong-g1', station: 'xinglong-station' };

let prepared: Promise<void> | undefined;

/** Builds the second community and its people once for the file, through the API where there is one. */
function prepare(): Promise<void> {
  prepared ??= (async () => {
    const city = await signIn('demo-admin');
    for (const user of [
      aUser('admin-a', { role: 'admin', units: ['lushan'] }),
      aUser('admin-b', { role: 'admin', units: [xinglong.community] }),
      aUser('resident-b', { homeGridId: xinglong.grid }),
      aUser('manager-b', { role: 'station_manager', units: [] }),
      aUser('newcomer', {}),
      aUser('courier', { role: 'outdoor_worker' }),
    ]) {
      await saveUser(user);
    }
    await api('POST', '/org-units', {
      token: city,
      body: { id: xinglong.community, kind: 'community', name: '兴隆社区', parentId: 'nanyuan', boundary: box(118.752, 31.998, 118.764, 32.008) },
    });
    await api('POST', '/org-units', {
      token: city,
      body: { id: xinglong.grid, kind: 'grid', name: '兴隆社区第1网格', parentId: xinglong.community, boundary: box(118.752, 31.998, 118.764, 32.008) },
    });
    await api('POST', '/stations', {
      token: city,
      body: {
        id: xinglong.station,
        name: '兴隆社区宁小蜂驿站',
        address: '兴隆大街 1 号',
        location: { lat: 32.003, lng: 118.758 },
        gridId: xinglong.grid,
        hours: dailyHours('00:00', '24:00'),
        seats: { total: 6, reservable: 2 },
        amenities: ['drinking_water'],
        managers: ['manager-b'],
      },
    });
    await runtime().bus.idle();
  })();
  return prepared;
}

describe('finding 2: who an admin may give a role to', () => {
  it('does not let an admin of one community make anyone manager of another community’s station', async () => {
    // Prepare
    await prepare();
    const adminA = await signIn('admin-a');
    // Act
    const viaRole = await api('PUT', '/users/courier/role', { token: adminA, body: { role: 'station_manager', stations: [xinglong.station] } });
    const viaStation = await api('PATCH', `/stations/${xinglong.station}`, { token: adminA, body: { managers: ['courier'] } });
    const courier = await signIn('courier');
    const closedByCourier = await api('PATCH', `/stations/${xinglong.station}`, { token: courier, body: { status: 'closed' } });
    const station = await api('GET', `/stations/${xinglong.station}`, { token: courier });
    // Assess
    expect(viaRole.status).not.toBe(200);
    expect(viaStation.status).toBe(403);
    expect(closedByCourier.status).toBe(403);
    expect(station.body.status).toBe('active');
  });

  it('does not let an admin change the role of people outside their scope, though they have no units', async () => {
    // Prepare
    await prepare();
    const adminA = await signIn('admin-a');
    // Act
    const residentOfB = await api('PUT', '/users/resident-b/role', { token: adminA, body: { role: 'volunteer', units: ['lushan'] } });
    const managerOfB = await api('PUT', '/users/manager-b/role', { token: adminA, body: { role: 'resident' } });
    const unplaced = await api('PUT', '/users/newcomer/role', { token: adminA, body: { role: 'grid_worker', units: ['lushan-g2'] } });
    const seen = await Promise.all(['resident-b', 'manager-b', 'newcomer'].map((id) => api('GET', `/users/${id}`, { token: adminA })));
    // Assess
    expect([residentOfB.status, managerOfB.status, unplaced.status]).toEqual([404, 404, 404]);
    expect(seen.map((response) => response.status)).toEqual([404, 404, 404]);
  });

  it('lets an admin reach a station manager through the stations they manage', async () => {
    // Prepare
    await prepare();
    const adminB = await signIn('admin-b');
    // Act
    const seen = await api('GET', '/users/manager-b', { token: adminB });
    // Assess
    expect(seen.status).toBe(200);
    expect(seen.body.stations).toEqual([xinglong.station]);
  });
});

describe('finding 3: one truth about who manages a station', () => {
  it('revokes a manager removed from the station’s managers, even holding user.stations and signing in afresh', async () => {
    // Prepare: a manager whose profile still lists the station (as data written before the fix could).
    await prepare();
    await saveUser(aUser('manager-old', { role: 'station_manager', stations: [xinglong.station] }));
    const adminB = await signIn('admin-b');
    await api('PATCH', `/stations/${xinglong.station}`, { token: adminB, body: { managers: ['manager-b'] } });
    // Act
    const manager = await signIn('manager-old');
    const change = await api('PATCH', `/stations/${xinglong.station}`, { token: manager, body: { name: '改名' } });
    // Assess
    expect(change.status).toBe(403);
  });
});

describe('finding 4: grid boundaries', () => {
  it('refuses a grid that covers another community’s area, and routes a request there to its own grid', async () => {
    // Prepare
    await prepare();
    const adminA = await signIn('admin-a');
    const resident = await signIn('demo-resident');
    // Act
    const hijack = await api('POST', '/org-units', {
      token: adminA,
      body: { id: 'a-hijack', kind: 'grid', name: '越界网格', parentId: 'lushan', boundary: box(118.753, 31.999, 118.763, 32.007) },
    });
    await runtime().bus.idle();
    const submitted = await api('POST', '/requests', {
      token: resident,
      body: { categoryId: 'sanitation', description: '兴隆大街垃圾桶满了', location: { lat: 32.003, lng: 118.758 } },
    });
    const readByA = await api('GET', `/requests/${submitted.body.id}`, { token: adminA });
    // Assess
    expect(hijack.status).toBe(400);
    expect(submitted.body.gridId).toBe(xinglong.grid);
    expect(readByA.status).toBe(404);
  });
});

describe('finding 5: revocation', () => {
  it('takes a demoted admin’s powers from the token they already hold, within the authorizer cache', async () => {
    // Prepare
    await prepare();
    await saveUser(aUser('admin-demoted', { role: 'admin', units: ['lushan'], homeGridId: 'lushan-g1' }));
    const demoted = await signIn('admin-demoted');
    const city = await signIn('demo-admin');
    const before = await api('GET', '/users/demo-resident', { token: demoted });
    // Act
    const demotion = await api('PUT', '/users/admin-demoted/role', { token: city, body: { role: 'resident' } });
    runtime().expireAuthorizerCache();
    const read = await api('GET', '/users/demo-resident', { token: demoted });
    const appoint = await api('PUT', '/users/demo-resident/role', { token: demoted, body: { role: 'admin', units: ['lushan'] } });
    // Assess
    expect(before.status).toBe(200);
    expect(demotion.status).toBe(200);
    expect(read.status).toBe(403);
    expect(appoint.status).toBe(403);
  });

  it('signs a person out everywhere: every token they hold stops working', async () => {
    // Prepare
    await prepare();
    const phone = await signIn('demo-outdoor-worker');
    const tablet = await signIn('demo-outdoor-worker');
    // Act
    const signOut = await api('POST', '/auth/sign-out-everywhere', { token: phone });
    runtime().expireAuthorizerCache();
    const fromPhone = await api('GET', '/me', { token: phone });
    const fromTablet = await api('GET', '/me', { token: tablet });
    const fresh = await api('GET', '/me', { token: await signIn('demo-outdoor-worker') });
    // Assess
    expect(signOut.status).toBe(204);
    expect([fromPhone.status, fromTablet.status]).toEqual([401, 401]);
    expect(fresh.status).toBe(200);
  });
});
