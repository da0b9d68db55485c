import { describe, expect, it } from 'vitest';
import { fromWgs84 } from '../../shared/geo/coordinates';
import { saveUser } from '../../shared/users/repository';
import { useRuntime } from '../support/runtime';

const { api, signIn, runtime } = useRuntime();

/** Inside lushan-g1 (lng 118.740–118.744, lat 31.998–32.008), handled by demo-grid-worker. */
const reported = { lat: 32.0041, lng: 118.7412 };
/** About 60 m from it, in the same grid. */
const besideIt = { lat: 32.0045, lng: 118.7416 };
/** About 550 m away, in lushan-g2. */
const farAway = { lat: 32.0015, lng: 118.7465 };

const nearby = (token: string, point: { lat: number; lng: number }, categoryId: string, coordSystem = 'wgs84') =>
  api('GET', `/requests/nearby?lat=${point.lat}&lng=${point.lng}&categoryId=${categoryId}&coordSystem=${coordSystem}`, { token });

async function aNeighbour(id: string) {
  await saveUser({ id, displayName: '邻居', role: 'resident', units: [], stations: [], createdAt: '2026-01-01T00:00:00.000Z', homeGridId: 'lushan-g1' });
  return signIn(id);
}

describe('already reported? nearby open requests and “me too”', () => {
  it('shows a neighbour the open request nearby without its resident or words, counts their follow once, and tells them when it is resolved', async () => {
    // Prepare
    const resident = await signIn('demo-resident');
    const worker = await signIn('demo-grid-worker');
    const neighbour = await aNeighbour('e2e-me-too');
    const submitted = await api('POST', '/requests', {
      token: resident,
      body: { categoryId: 'sanitation', description: '垃圾桶满了，电话13800000000', location: reported, address: '庐山路 8 号楼下' },
    });
    const id = submitted.body.id as string;

    // Act
    const seen = await nearby(neighbour, besideIt, 'sanitation');
    const seenOnAMap = await nearby(neighbour, fromWgs84(besideIt, 'gcj02'), 'sanitation', 'gcj02');
    const otherCategory = await nearby(neighbour, besideIt, 'facility-repair');
    const elsewhere = await nearby(neighbour, farAway, 'sanitation');
    const first = await api('POST', `/requests/${id}/followers`, { token: neighbour });
    const again = await api('POST', `/requests/${id}/followers`, { token: neighbour });
    const seenAfter = await nearby(neighbour, besideIt, 'sanitation');
    const workerView = await api('GET', `/requests/${id}`, { token: worker });
    const queue = await api('GET', '/me/queue?status=submitted&limit=100', { token: worker });
    const accepted = await api('POST', `/requests/${id}/accept`, { token: worker, body: {} });
    const resolved = await api('POST', `/requests/${id}/resolve`, { token: worker, body: { note: '已清运，住户王先生家门口也打扫了' } });
    await runtime().bus.idle();
    const inbox = await api('GET', '/me/notifications', { token: neighbour });

    // Assess
    expect(submitted.status).toBe(201);
    const listed = seen.body.items.find((item: { id: string }) => item.id === id);
    expect(listed).toEqual({
      id,
      categoryId: 'sanitation',
      categoryName: expect.any(String),
      status: 'submitted',
      submittedAt: submitted.body.createdAt,
      location: { lat: 32.004, lng: 118.741, coordSystem: 'wgs84' },
      distanceMetres: expect.any(Number),
      followers: 0,
      following: false,
      mine: false,
    });
    expect(listed.distanceMetres).toBeLessThan(100);
    expect(JSON.stringify(seen.body)).not.toMatch(/demo-resident|垃圾桶满了|13800000000|庐山路/);
    const onTheMap = seenOnAMap.body.items.find((item: { id: string }) => item.id === id);
    expect(onTheMap).toMatchObject({ location: { coordSystem: 'gcj02' } });
    expect(onTheMap.distanceMetres).toBeLessThan(100);
    expect(otherCategory.status).toBe(200);
    expect(otherCategory.body.items.map((item: { id: string }) => item.id)).not.toContain(id);
    expect(elsewhere.body.items.map((item: { id: string }) => item.id)).not.toContain(id);
    expect([first.status, first.body]).toEqual([200, { requestId: id, followers: 1, following: true }]);
    expect([again.status, again.body]).toEqual([200, { requestId: id, followers: 1, following: true }]);
    expect(seenAfter.body.items.find((item: { id: string }) => item.id === id)).toMatchObject({ followers: 1, following: true });
    expect(workerView.body.followers).toBe(1);
    expect(queue.body.items.find((item: { id: string }) => item.id === id)).toMatchObject({ followers: 1 });
    expect([accepted.status, resolved.status]).toEqual([200, 200]);
    expect(resolved.body.followers).toBe(1);
    const notices = inbox.body.items.filter((item: { kind: string }) => item.kind === 'request.followed-resolved');
    expect(notices).toEqual([expect.objectContaining({ title: expect.stringContaining('您关注的诉求已办结') })]);
    // Fixed words only: not what the worker wrote to the request's resident.
    expect(JSON.stringify(notices)).not.toMatch(/王先生|已清运/);
  });

  it('refuses to let a resident follow their own request or one that is closed, and takes such requests off the nearby list', async () => {
    // Prepare
    const resident = await signIn('demo-resident');
    const worker = await signIn('demo-grid-worker');
    const neighbour = await aNeighbour('e2e-too-late');
    const submitted = await api('POST', '/requests', { token: resident, body: { categoryId: 'sanitation', description: '路边有建筑垃圾', location: reported } });
    const id = submitted.body.id as string;
    const mineNearby = await nearby(resident, besideIt, 'sanitation');

    // Act
    const own = await api('POST', `/requests/${id}/followers`, { token: resident });
    const rejected = await api('POST', `/requests/${id}/reject`, { token: worker, body: { reason: '不属于本网格职责' } });
    const closed = await api('POST', `/requests/${id}/followers`, { token: neighbour });
    const unknown = await api('POST', '/requests/no-such-request/followers', { token: neighbour });
    const afterwards = await nearby(neighbour, besideIt, 'sanitation');

    // Assess
    expect(mineNearby.body.items.find((item: { id: string }) => item.id === id)).toMatchObject({ mine: true });
    expect(own.status).toBe(409);
    expect(rejected.status).toBe(200);
    expect(closed.status).toBe(409);
    expect(unknown.status).toBe(404);
    expect(afterwards.body.items.map((item: { id: string }) => item.id)).not.toContain(id);
  });

  it('lets only people who report follow, and asks for a point inside the service area', async () => {
    // Prepare
    const resident = await signIn('demo-resident');
    const worker = await signIn('demo-grid-worker');
    const submitted = await api('POST', '/requests', { token: resident, body: { categoryId: 'sanitation', description: '井盖松动', location: reported } });

    // Act
    const byWorker = await api('POST', `/requests/${submitted.body.id}/followers`, { token: worker });
    const outside = await nearby(resident, { lat: 39.9, lng: 116.4 }, 'sanitation');

    // Assess
    expect(byWorker.status).toBe(403);
    expect(outside.status).toBe(400);
  });
});
