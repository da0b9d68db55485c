import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { memberAdded, memberRemoved } from '../../../events/organisation';
import { documents } from '../../../shared/aws/clients';
import { makeEvent, pendingEventsOf, relayOutbox } from '../../../shared/events/outbox';
import type { Member } from '../../../shared/organisation/model';
import { getMember, listMembers, listMembershipsOf, removeMember, saveMember } from '../../../shared/organisation/repository';
import { keys } from '../../../shared/table/design';
import { useEngine } from '../../support/engine';

const { tableName } = useEngine();
const bus = mockClient(EventBridgeClient);

const NOW = '2026-08-01T02:00:00.000Z';
const member = (unitId: string, userId: string, memberRole: Member['memberRole'] = 'volunteer'): Member => ({
  unitId,
  userId,
  memberRole,
  joinedAt: NOW,
  addedBy: 'gw',
});
const added = (m: Member) => makeEvent(memberAdded, { unitId: m.unitId, userId: m.userId, memberRole: m.memberRole, addedBy: m.addedBy });
const removed = (m: Member) => makeEvent(memberRemoved, { unitId: m.unitId, userId: m.userId, removedBy: 'gw' });
const sentIds = () =>
  bus.commandCalls(PutEventsCommand).flatMap((call) => call.args[0].input.Entries!.map((entry) => JSON.parse(entry.Detail!).meta.id as string));
const busUp = () => bus.on(PutEventsCommand).callsFake((input) => ({ FailedEntryCount: 0, Entries: input.Entries.map(() => ({ EventId: 'e' })) }));
const busDown = () => bus.on(PutEventsCommand).rejects(new Error('EventBridge is down'));
const rawItem = async (m: Member) =>
  (await documents().send(new GetCommand({ TableName: tableName(), Key: keys.member(m.unitId, m.userId), ConsistentRead: true }))).Item!;

beforeEach(() => {
  bus.reset();
});

describe('a membership written over an item with unpublished events', () => {
  it('still relays the removal of a member who was re-added before the removal was published', async () => {
    // Prepare: a member, removed while EventBridge is down (the removal waits in the item).
    busUp();
    const first = member('g-readd', 'ann');
    await saveMember(first, [added(first)]);
    bus.reset();
    busDown();
    const removal = removed(first);
    await removeMember(first.unitId, first.userId, new Date(NOW), [removal]);
    // Act: re-added while EventBridge is still down, then the relay runs once it is back.
    const again = { ...member('g-readd', 'ann', 'resident'), displayName: '安' };
    const readding = added(again);
    await saveMember(again, [readding]);
    const pendingBeforeRelay = pendingEventsOf(await rawItem(again)).map((event) => event.id);
    bus.reset();
    busUp();
    const relayed = await relayOutbox(0);
    // Assess
    expect(pendingBeforeRelay.sort()).toEqual([removal.id, readding.id].sort());
    expect(relayed.published).toBeGreaterThanOrEqual(2);
    expect(sentIds()).toEqual(expect.arrayContaining([removal.id, readding.id]));
    expect(pendingEventsOf(await rawItem(again))).toEqual([]);
  });

  it('publishes the earlier pending events with the new write when EventBridge is up again', async () => {
    // Prepare
    busUp();
    const first = member('g-prompt', 'bo');
    await saveMember(first, []);
    bus.reset();
    busDown();
    const removal = removed(first);
    await removeMember(first.unitId, first.userId, new Date(NOW), [removal]);
    bus.reset();
    busUp();
    // Act
    const readding = added(first);
    await saveMember(first, [readding]);
    // Assess
    expect(sentIds().sort()).toEqual([removal.id, readding.id].sort());
    expect(pendingEventsOf(await rawItem(first))).toEqual([]);
  });

  it('brings a removed member back whole: listed under the unit and the user, with no tombstone left', async () => {
    // Prepare
    busUp();
    const first = { ...member('g-back', 'cy'), displayName: '旧名' };
    await saveMember(first, []);
    await removeMember(first.unitId, first.userId, new Date(NOW), []);
    // Act
    const again = member('g-back', 'cy', 'resident');
    await saveMember(again, []);
    const item = await rawItem(again);
    // Assess
    expect(await getMember('g-back', 'cy')).toEqual(again);
    expect((await listMembers('g-back', { limit: 10 })).items).toEqual([again]);
    expect((await listMembershipsOf('cy', { limit: 10 })).items).toEqual([again]);
    expect(item.removedAt).toBeUndefined();
    expect(item.expiresAt).toBeUndefined();
    expect(item.displayName).toBeUndefined();
  });
});
