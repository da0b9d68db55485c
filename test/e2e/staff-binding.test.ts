import { describe, expect, it } from 'vitest';
import { saveMember } from '../../shared/organisation/repository';
import { saveUser } from '../../shared/users/repository';
import { saveStaffAccount } from '../../shared/users/staff';
import { aUser } from '../support/people';
import { useRuntime } from '../support/runtime';

/**
 * Staff imported by phone meet their WeChat account: a new WeChat user signs in (a resident), then
 * confirms their number with the phone-number button; the local WeChat stand-in
 * (infra/local/wechat-stand-in.ts) plays WeChat, `phone:<number>` being the button's code.
 */

const { api, signIn, runtime } = useRuntime({ wechatStandIn: true });

/** Signs in as the WeChat user of a wx.login code; their token and profile. */
async function weChatSignIn(code: string) {
  const response = await api<{ token: string; user: { id: string; role: string } }>('POST', '/auth/wechat', { body: { code } });
  if (response.status !== 200) throw new Error(`WeChat sign-in failed: ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Imports a grid worker of lushan-g1 as the city importer does: the account, then the membership. */
async function importGridWorker(phone: string, displayName: string): Promise<string> {
  const { userId } = await saveStaffAccount({ phone, displayName, role: 'grid_worker', units: ['lushan-g1'] }, new Date(), 'e2e-import');
  await saveMember({ unitId: 'lushan-g1', userId, memberRole: 'grid_worker', displayName, joinedAt: new Date().toISOString(), addedBy: 'e2e-import' }, []);
  return userId;
}

describe('an imported grid worker opening the mini-program for the first time', () => {
  it('becomes that grid worker once WeChat confirms their number, and their first resident token ends', async () => {
    // Prepare
    const workerId = await importGridWorker('13700000001', '网格员周敏');
    const first = await weChatSignIn('wx-zhoumin');

    // Act
    const binding = await api('POST', '/auth/wechat/phone', { token: first.token, body: { code: 'phone:13700000001' } });
    runtime().expireAuthorizerCache();
    const me = await api('GET', '/me', { token: binding.body.token });
    const queue = await api('GET', '/me/queue', { token: binding.body.token });
    const oldToken = await api('GET', '/me', { token: first.token });
    const nextSignIn = await weChatSignIn('wx-zhoumin');

    // Assess
    expect(first.user.role).toBe('resident');
    expect(binding.status).toBe(200);
    expect(binding.headers.get('cache-control')).toBe('no-store');
    expect(binding.body).toMatchObject({ bound: true, tokenType: 'Bearer', user: { id: workerId, role: 'grid_worker' } });
    expect(me.body).toMatchObject({ id: workerId, role: 'grid_worker', units: ['lushan-g1'], phone: '13700000001' });
    expect(queue.status).toBe(200);
    expect([401, 403]).toContain(oldToken.status);
    expect(nextSignIn.user).toMatchObject({ id: workerId, role: 'grid_worker' });
  });

  it('leaves someone whose number is in no staff file a resident, with their number on their profile', async () => {
    // Prepare
    const first = await weChatSignIn('wx-passer-by');

    // Act
    const binding = await api('POST', '/auth/wechat/phone', { token: first.token, body: { code: 'phone:13700000002' } });
    const me = await api('GET', '/me', { token: binding.body.token });

    // Assess
    expect(binding.status).toBe(200);
    expect(binding.body).toMatchObject({ bound: false, user: { id: first.user.id, role: 'resident', phone: '13700000002' } });
    expect(me.body).toMatchObject({ id: first.user.id, role: 'resident', phone: '13700000002' });
  });

  it('answers a code WeChat refuses with 400 and changes nothing', async () => {
    // Prepare
    const first = await weChatSignIn('wx-typo');

    // Act
    const binding = await api('POST', '/auth/wechat/phone', { token: first.token, body: { code: 'not-a-phone-code' } });
    const me = await api('GET', '/me', { token: first.token });

    // Assess
    expect(binding.status).toBe(400);
    expect(binding.body.code).toBe('wechat_phone_code_invalid');
    expect(me.body.phone).toBeUndefined();
  });
});

describe('the local dev: shortcut', () => {
  it('confirms a number without WeChat, but has no WeChat account to bind to a staff user (409)', async () => {
    // Prepare
    await importGridWorker('13700000004', '网格员吴刚');
    const outdoorWorker = await signIn('demo-outdoor-worker');

    // Act
    const unknownNumber = await api('POST', '/auth/wechat/phone', { token: outdoorWorker, body: { code: 'dev:13700000005' } });
    const staffNumber = await api('POST', '/auth/wechat/phone', { token: outdoorWorker, body: { code: 'dev:13700000004' } });
    const notANumber = await api('POST', '/auth/wechat/phone', { token: outdoorWorker, body: { code: 'dev:12345' } });

    // Assess
    expect(unknownNumber.body).toMatchObject({ bound: false, user: { id: 'demo-outdoor-worker', phone: '13700000005' } });
    expect(staffNumber.status).toBe(409);
    expect(notANumber.status).toBe(400);
  });
});

describe('who sees an imported number', () => {
  it('shows it to an admin whose scope reaches the person, and to nobody outside it', async () => {
    // Prepare
    const workerId = await importGridWorker('13700000003', '网格员孙磊');
    await saveUser(aUser('e2e-admin-elsewhere', { role: 'admin', units: ['some-other-subdistrict'] }));
    const cityAdmin = await signIn('demo-admin');
    const elsewhere = await signIn('e2e-admin-elsewhere');
    const resident = await signIn('demo-resident');

    // Act
    const byCityAdmin = await api('GET', `/users/${workerId}`, { token: cityAdmin });
    const byAdminElsewhere = await api('GET', `/users/${workerId}`, { token: elsewhere });
    const byResident = await api('GET', `/users/${workerId}`, { token: resident });

    // Assess
    expect(byCityAdmin.body).toMatchObject({ id: workerId, phone: '13700000003' });
    expect(byAdminElsewhere.status).toBe(404);
    // The route is admins' alone: a resident is refused whoever they ask about, which confirms nothing.
    expect(byResident.status).toBe(403);
    expect(JSON.stringify([byAdminElsewhere.body, byResident.body])).not.toContain('13700000003');
  });
});
