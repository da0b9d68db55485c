import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { documents } from '../../../shared/aws/clients';
import { pendingEventsOf, relayOutbox } from '../../../shared/events/outbox';
import { ProblemError } from '../../../shared/http/errors';
import { keys } from '../../../shared/table/design';
import type { User } from '../../../shared/users/model';
import { DEFAULT_DISPLAY_NAME, assignRole, getUser, saveUser } from '../../../shared/users/repository';
import { findUserIdByOpenId, registerWeChatUser } from '../../../shared/users/wechat-links';
import { useEngine } from '../../support/engine';

const { tableName } = useEngine();
const bus = mockClient(EventBridgeClient);

const NOW = '2026-07-01T08:00:00.000Z';
const readItem = async (key: { pk: string; sk: string }) =>
  (await documents().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item;

const aUser = (id: string, fields: Partial<User> = {}): User => ({
  id,
  displayName: `用户${id}`,
  role: 'resident',
  units: [],
  stations: [],
  createdAt: NOW,
  ...fields,
});

beforeEach(() => {
  bus.reset();
  bus.on(PutEventsCommand).callsFake((input) => ({
    FailedEntryCount: 0,
    Entries: (input.Entries ?? []).map((_: unknown, index: number) => ({ EventId: `e${index}` })),
  }));
});

describe('getUser and saveUser', () => {
  it('reads back the profile it saved', async () => {
    // Prepare
    const user = aUser('saved-1', { role: 'grid_worker', units: ['grid-a1'], homeGridId: 'grid-a1' });

    // Act
    await saveUser(user);
    const read = await getUser('saved-1');

    // Assess
    expect(read).toEqual(user);
  });

  it('replaces a profile saved again', async () => {
    // Prepare
    await saveUser(aUser('saved-2'));

    // Act
    await saveUser(aUser('saved-2', { displayName: '新名字' }));

    // Assess
    expect((await getUser('saved-2'))?.displayName).toBe('新名字');
  });

  it('keeps a role assignment’s unpublished event when the profile is saved over it, for the relay', async () => {
    // Prepare: the assignment's publish fails, so its event waits in the user item.
    await saveUser(aUser('saved-3', { homeGridId: 'grid-a1' }));
    bus.on(PutEventsCommand).rejects(new Error('EventBridge is down'));
    await assignRole('saved-3', { role: 'volunteer', units: ['grid-a1'] }, 'admin-a');
    const [waiting] = pendingEventsOf((await readItem(keys.user('saved-3')))!);

    // Act: the profile is saved again, then the relay runs with EventBridge back.
    await saveUser(aUser('saved-3', { displayName: '改名' }));
    bus.reset();
    bus.on(PutEventsCommand).callsFake((input) => ({ FailedEntryCount: 0, Entries: (input.Entries ?? []).map(() => ({ EventId: 'e' })) }));
    await relayOutbox(0);

    // Assess
    const sent = bus.commandCalls(PutEventsCommand).flatMap((call) => call.args[0].input.Entries!.map((entry) => JSON.parse(entry.Detail!).meta.id));
    expect(sent).toContain(waiting!.id);
    expect(await getUser('saved-3')).toMatchObject({ displayName: '改名' });
    expect((await getUser('saved-3'))?.homeGridId).toBeUndefined();
  });

  it('reads nothing for an unknown id', async () => {
    // Act
    const read = await getUser('nobody');

    // Assess
    expect(read).toBeUndefined();
  });
});

describe('registerWeChatUser and findUserIdByOpenId', () => {
  it('registers a resident linked to the openid', async () => {
    // Act
    const user = await registerWeChatUser('openid-1', new Date(NOW));

    // Assess
    expect(user).toMatchObject({ displayName: DEFAULT_DISPLAY_NAME, role: 'resident', units: [], stations: [], createdAt: NOW });
    expect(await findUserIdByOpenId('openid-1')).toBe(user.id);
    expect(await getUser(user.id)).toEqual(user);
  });

  it('keeps the openid on the user item but never in the profile', async () => {
    // Act
    const user = await registerWeChatUser('openid-2', new Date(NOW));

    // Assess
    expect((await readItem(keys.user(user.id)))?.openId).toBe('openid-2');
    expect(JSON.stringify(await getUser(user.id))).not.toContain('openid-2');
  });

  it('finds no user for an openid never seen', async () => {
    // Act
    const userId = await findUserIdByOpenId('openid-unknown');

    // Assess
    expect(userId).toBeUndefined();
  });

  it('gives every racing first sign-in with one openid the same user', async () => {
    // Act
    const users = await Promise.all(Array.from({ length: 8 }, () => registerWeChatUser('openid-race', new Date(NOW))));

    // Assess
    const ids = new Set(users.map((user) => user.id));
    expect(ids.size).toBe(1);
    expect(await findUserIdByOpenId('openid-race')).toBe(users[0]!.id);
  });

  it('ignores a user item a crash left without its link', async () => {
    // Prepare: the user write succeeded, the link write never happened.
    await documents().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...keys.user('orphan'), entity: 'user', ...aUser('orphan'), openId: 'openid-crash' },
      }),
    );

    // Act
    const user = await registerWeChatUser('openid-crash', new Date(NOW));

    // Assess
    expect(user.id).not.toBe('orphan');
    expect(await findUserIdByOpenId('openid-crash')).toBe(user.id);
  });

  it('keeps the first link when a second registration comes later', async () => {
    // Prepare
    const first = await registerWeChatUser('openid-twice', new Date(NOW));

    // Act
    const second = await registerWeChatUser('openid-twice', new Date(NOW));

    // Assess
    expect(second).toEqual(first);
  });
});

describe('assignRole', () => {
  it('sets role and scope, publishes users.role-assigned and leaves nothing pending', async () => {
    // Prepare
    await saveUser(aUser('promoted-1', { homeGridId: 'grid-a1' }));

    // Act
    const user = await assignRole('promoted-1', { role: 'grid_worker', units: ['grid-a1'] }, 'admin-a');

    // Assess
    expect(user).toEqual(aUser('promoted-1', { homeGridId: 'grid-a1', role: 'grid_worker', units: ['grid-a1'] }));
    expect(await getUser('promoted-1')).toEqual(user);
    const [entry] = bus.commandCalls(PutEventsCommand)[0]!.args[0].input.Entries!;
    expect(entry!.DetailType).toBe('users.role-assigned');
    expect(JSON.parse(entry!.Detail!).data).toEqual({ userId: 'promoted-1', role: 'grid_worker', units: ['grid-a1'], assignedBy: 'admin-a' });
    expect(pendingEventsOf((await readItem(keys.user('promoted-1')))!)).toEqual([]);
  });

  it('keeps the event in the user item when publishing fails', async () => {
    // Prepare
    await saveUser(aUser('promoted-2'));
    bus.on(PutEventsCommand).rejects(new Error('EventBridge is down'));

    // Act
    const user = await assignRole('promoted-2', { role: 'volunteer', units: ['grid-a1'] }, 'admin-a');

    // Assess
    expect(user.role).toBe('volunteer');
    const pending = pendingEventsOf((await readItem(keys.user('promoted-2')))!);
    expect(pending.map((event) => event.detailType)).toEqual(['users.role-assigned']);
  });

  it('answers 404 for a user that does not exist, and creates nothing', async () => {
    // Act
    const error = await assignRole('ghost', { role: 'admin', units: ['city'] }, 'admin-a').catch(
      (e: unknown) => e,
    );

    // Assess
    expect(error).toBeInstanceOf(ProblemError);
    expect((error as ProblemError).status).toBe(404);
    expect(await readItem(keys.user('ghost'))).toBeUndefined();
    expect(bus.calls()).toHaveLength(0);
  });
});
