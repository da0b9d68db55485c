import { describe, expect, it } from 'vitest';
import { saveUser } from '../../shared/users/repository';
import { aUser } from '../support/people';
import { useRuntime } from '../support/runtime';

const { api, signIn, runtime } = useRuntime();

const announcement = (scope: string) => ({ title: '防汛通知', body: '今晚有暴雨，请各网格员巡查低洼地段。', scope, audience: 'grid_workers' });

/** Reads the announcement until it is sent, letting the bus finish its batches in between. */
async function pollUntilSent(token: string, id: string) {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const response = await api('GET', `/announcements/${id}`, { token });
    if (response.status !== 200 || response.body.status === 'sent') return response;
    await runtime().bus.idle();
  }
  throw new Error(`announcement ${id} was never sent`);
}

describe('an announcement to every grid worker', () => {
  it('is accepted sending, delivered to the inbox of the city’s grid workers, and reads sent with its progress', async () => {
    // Prepare
    const admin = await signIn('demo-admin');
    const gridWorker = await signIn('demo-grid-worker');
    const resident = await signIn('demo-resident');
    // Act
    const made = await api('POST', '/announcements', { token: admin, body: announcement('city'), headers: { 'idempotency-key': 'flood-warning-0801' } });
    const again = await api('POST', '/announcements', { token: admin, body: announcement('city'), headers: { 'idempotency-key': 'flood-warning-0801' } });
    const sent = await pollUntilSent(admin, made.body.id);
    const workerInbox = await api('GET', '/me/notifications', { token: gridWorker });
    const residentInbox = await api('GET', '/me/notifications', { token: resident });
    // Assess
    expect(made.status).toBe(202);
    expect(made.body).toMatchObject({ scope: 'city', audience: 'grid_workers', status: 'sending', progress: { unitKind: 'grid', unitsDone: 0, batches: 0 } });
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(made.body.id);
    expect(sent.body).toMatchObject({ status: 'sent', progress: { unitsDone: 3, recipientsWritten: 1 } });
    expect(sent.body.finishedAt).toBeDefined();
    const items = workerInbox.body.items.filter((item: { kind: string }) => item.kind === 'notifications.announcement');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ title: '防汛通知', subject: { type: 'announcement', id: made.body.id } });
    expect(residentInbox.body.items.some((item: { kind: string }) => item.kind === 'notifications.announcement')).toBe(false);
  });

  it('is hidden from an admin of another district, who cannot announce to a unit outside their scope or to the city', async () => {
    // Prepare
    await saveUser(aUser('admin-gulou', { role: 'admin', units: ['gulou'] }));
    const admin = await signIn('demo-admin');
    const other = await signIn('admin-gulou');
    const made = await api('POST', '/announcements', { token: admin, body: announcement('lushan') });
    // Act
    const read = await api('GET', `/announcements/${made.body.id}`, { token: other });
    const toLushan = await api('POST', '/announcements', { token: other, body: announcement('lushan') });
    const toCity = await api('POST', '/announcements', { token: other, body: announcement('city') });
    const toNowhere = await api('POST', '/announcements', { token: other, body: announcement('no-such-unit') });
    // Assess
    expect(made.status).toBe(202);
    expect([read.status, toLushan.status, toCity.status, toNowhere.status]).toEqual([404, 404, 404, 404]);
  });

  it('lets a community’s admin announce to it, not to one of its micro-grids, and no grid worker make one', async () => {
    // Prepare
    await saveUser(aUser('admin-lushan', { role: 'admin', units: ['lushan'] }));
    const admin = await signIn('admin-lushan');
    const gridWorker = await signIn('demo-grid-worker');
    // Act
    const toCommunity = await api('POST', '/announcements', { token: admin, body: announcement('lushan') });
    const toMicroGrid = await api('POST', '/announcements', { token: admin, body: announcement('lushan-g1-m1') });
    const byWorker = await api('POST', '/announcements', { token: gridWorker, body: announcement('lushan-g1') });
    const sent = await pollUntilSent(admin, toCommunity.body.id);
    // Assess
    expect(toCommunity.status).toBe(202);
    expect(toMicroGrid.status).toBe(400);
    expect(byWorker.status).toBe(403);
    expect(sent.body).toMatchObject({ status: 'sent', progress: { unitsDone: 3 } });
  });
});
