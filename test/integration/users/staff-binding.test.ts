import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { documents } from '../../../shared/aws/clients';
import { ProblemError } from '../../../shared/http/errors';
import { keys } from '../../../shared/table/design';
import { saveUser, setDeactivated, userRecordOf } from '../../../shared/users/repository';
import { saveStaffAccount } from '../../../shared/users/staff';
import { bindPhone, completeBindingAtSignIn } from '../../../shared/users/staff-binding';
import { moveWeChatLink, registerWeChatUser, weChatLinkOf } from '../../../shared/users/wechat-links';
import { useEngine } from '../../support/engine';

const { tableName } = useEngine();

const NOW = new Date('2026-07-01T08:00:00.000Z');
const readItem = async (key: { pk: string; sk: string }) =>
  (await documents().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item;

/** WeChat's exchange as the tests play it: the code is the number. */
const exchange = async (code: string) => code;

/** An imported grid worker of this phone; their user id. */
const importWorker = async (phone: string) =>
  (await saveStaffAccount({ phone, displayName: '网格员', role: 'grid_worker', units: ['grid-a1'] }, NOW, 'import')).userId;

/** The ProblemError a call failed with. */
const problemOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as ProblemError,
  );

describe('bindPhone', () => {
  it('binds a fresh resident’s WeChat account to the staff user imported for the number, and ends the resident', async () => {
    // Prepare
    const staffId = await importWorker('13500000001');
    const resident = await registerWeChatUser('openid-b1', NOW);

    // Act
    const binding = await bindPhone(resident.id, '13500000001', NOW, exchange);

    // Assess
    expect(binding.bound).toBe(true);
    expect(binding.user).toMatchObject({ id: staffId, role: 'grid_worker', units: ['grid-a1'], phone: '13500000001' });
    expect(await weChatLinkOf('openid-b1')).toEqual({ userId: staffId, boundFrom: resident.id });
    expect((await userRecordOf(staffId))?.openId).toBe('openid-b1');
    expect(await readItem(keys.user(resident.id))).toMatchObject({
      deactivatedAt: NOW.toISOString(),
      mergedInto: staffId,
      tokenVersion: 1,
    });
    expect(await readItem(keys.phoneLink('13500000001'))).toMatchObject({ userId: staffId, boundAt: NOW.toISOString() });
    expect(await readItem(keys.user(staffId))).toMatchObject({ tokenVersion: 0 });
  });

  it('keeps the number of someone no staff row names on their profile, and leaves them a resident', async () => {
    // Prepare
    const resident = await registerWeChatUser('openid-b2', NOW);

    // Act
    const binding = await bindPhone(resident.id, '13500000002', NOW, exchange);

    // Assess
    expect(binding).toEqual({ bound: false, user: { ...resident, phone: '13500000002' } });
    expect(await weChatLinkOf('openid-b2')).toEqual({ userId: resident.id });
  });

  it('answers the staff user itself as bound when the caller is already that user', async () => {
    // Prepare
    const staffId = await importWorker('13500000003');
    const resident = await registerWeChatUser('openid-b3', NOW);
    await bindPhone(resident.id, '13500000003', NOW, exchange);

    // Act
    const again = await bindPhone(staffId, '13500000003', NOW, exchange);

    // Assess
    expect(again).toMatchObject({ bound: true, user: { id: staffId } });
  });

  it('moves a staff user to the WeChat account they changed to: the old account’s link goes, and so do their sessions', async () => {
    // Prepare
    const staffId = await importWorker('13500000004');
    const oldAccount = await registerWeChatUser('openid-b4-old', NOW);
    await bindPhone(oldAccount.id, '13500000004', NOW, exchange);
    const newAccount = await registerWeChatUser('openid-b4-new', NOW);

    // Act
    const binding = await bindPhone(newAccount.id, '13500000004', NOW, exchange);

    // Assess
    expect(binding.bound).toBe(true);
    expect(await weChatLinkOf('openid-b4-old')).toBeUndefined();
    expect(await weChatLinkOf('openid-b4-new')).toMatchObject({ userId: staffId });
    expect(await readItem(keys.user(staffId))).toMatchObject({ openId: 'openid-b4-new', tokenVersion: 1 });
  });

  it('refuses a deactivated staff account with 403 and moves nothing', async () => {
    // Prepare
    const staffId = await importWorker('13500000005');
    await setDeactivated(staffId, NOW, 'admin');
    const resident = await registerWeChatUser('openid-b5', NOW);

    // Act
    const problem = await problemOf(bindPhone(resident.id, '13500000005', NOW, exchange));

    // Assess
    expect(problem).toMatchObject({ status: 403 });
    expect(await weChatLinkOf('openid-b5')).toEqual({ userId: resident.id });
  });

  it('refuses with 409 someone signed in without WeChat, and someone with a role of their own', async () => {
    // Prepare
    await importWorker('13500000006');
    await saveUser({ id: 'dev-only-b6', displayName: 'dev', role: 'resident', units: [], stations: [], createdAt: NOW.toISOString() });
    const volunteer = await registerWeChatUser('openid-b6', NOW);
    await saveUser({ ...volunteer, role: 'volunteer', units: ['micro-a1'] });

    // Act
    const withoutWeChat = await problemOf(bindPhone('dev-only-b6', '13500000006', NOW, exchange));
    const withRole = await problemOf(bindPhone(volunteer.id, '13500000006', NOW, exchange));

    // Assess
    expect([withoutWeChat?.status, withRole?.status]).toEqual([409, 409]);
    expect(await weChatLinkOf('openid-b6')).toEqual({ userId: volunteer.id });
  });
});

describe('a binding that died after moving the link', () => {
  it('is completed by the resident’s retry', async () => {
    // Prepare: the first attempt moved the link and died.
    const staffId = await importWorker('13500000007');
    const resident = await registerWeChatUser('openid-b7', NOW);
    await moveWeChatLink('openid-b7', resident.id, staffId, NOW);

    // Act
    const retry = await bindPhone(resident.id, '13500000007', NOW, exchange);

    // Assess
    expect(retry.bound).toBe(true);
    expect((await userRecordOf(staffId))?.openId).toBe('openid-b7');
    expect(await readItem(keys.user(resident.id))).toMatchObject({ mergedInto: staffId });
  });

  it('is completed by the next WeChat sign-in of that account', async () => {
    // Prepare
    const staffId = await importWorker('13500000008');
    const resident = await registerWeChatUser('openid-b8', NOW);
    await moveWeChatLink('openid-b8', resident.id, staffId, NOW);
    const link = (await weChatLinkOf('openid-b8'))!;
    const staff = (await userRecordOf(staffId))!;

    // Act
    await completeBindingAtSignIn('openid-b8', link, staff, NOW);

    // Assess
    expect((await userRecordOf(staffId))?.openId).toBe('openid-b8');
    expect(await readItem(keys.user(resident.id))).toMatchObject({ mergedInto: staffId, tokenVersion: 1 });
    expect(await readItem(keys.phoneLink('13500000008'))).toMatchObject({ boundAt: NOW.toISOString() });
  });

  it('leaves a completed binding as it is at sign-in', async () => {
    // Prepare
    const staffId = await importWorker('13500000009');
    const resident = await registerWeChatUser('openid-b9', NOW);
    await bindPhone(resident.id, '13500000009', NOW, exchange);
    const before = await readItem(keys.user(staffId));

    // Act
    await completeBindingAtSignIn('openid-b9', (await weChatLinkOf('openid-b9'))!, (await userRecordOf(staffId))!, new Date());

    // Assess
    expect(await readItem(keys.user(staffId))).toEqual(before);
  });
});
