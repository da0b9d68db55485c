import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memberAdded } from '../../../events/organisation';
import { documents } from '../../../shared/aws/clients';
import { makeEvent, outboxShardOf, pendingEventsOf, putWithEvents, relayOutbox, updateWithEvents } from '../../../shared/events/outbox';
import { OUTBOX_SHARDS } from '../../../shared/table/design';
import { useEngine } from '../../support/engine';

const { tableName } = useEngine();
const bus = mockClient(EventBridgeClient);

const key = (id: string) => ({ pk: `THING#${id}`, sk: 'THING' });
const readItem = async (id: string) =>
  (await documents().send(new GetCommand({ TableName: tableName(), Key: key(id), ConsistentRead: true }))).Item!;
const anEvent = () => makeEvent(memberAdded, { unitId: 'g1', userId: 'u1', memberRole: 'volunteer', addedBy: 'gw' });
const detailIdsSent = () =>
  bus.commandCalls(PutEventsCommand).flatMap((call) => call.args[0].input.Entries!.map((e) => JSON.parse(e.Detail!).meta.id));

describe('the outbox', () => {
  beforeEach(() => {
    bus.reset();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('publishes an event with its write and leaves nothing pending', async () => {
    // Prepare
    bus.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e1' }] });
    const event = anEvent();
    // Act
    await putWithEvents({ TableName: tableName(), Item: { ...key('a'), name: 'A' } }, [event]);
    // Assess
    expect(detailIdsSent()).toEqual([event.id]);
    expect(pendingEventsOf(await readItem('a'))).toEqual([]);
  });

  it('keeps the event in the item when PutEvents fails, and the relay publishes it later', async () => {
    // Prepare
    bus.on(PutEventsCommand).rejectsOnce(new Error('EventBridge is down')).resolves({ FailedEntryCount: 0, Entries: [{}] });
    const event = anEvent();
    // Act
    await putWithEvents({ TableName: tableName(), Item: { ...key('b'), name: 'B' } }, [event]);
    const pendingAfterWrite = pendingEventsOf(await readItem('b'));
    const relayed = await relayOutbox(0);
    // Assess
    expect(pendingAfterWrite.map((e) => e.id)).toEqual([event.id]);
    expect(relayed.published).toBe(1);
    expect(detailIdsSent()).toEqual([event.id, event.id]);
    expect(pendingEventsOf(await readItem('b'))).toEqual([]);
  });

  it('relays a write made in the very millisecond the relay looks, when told not to wait', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-08-01T04:00:00.000Z') });
    bus.on(PutEventsCommand).rejectsOnce(new Error('EventBridge is down')).resolves({ FailedEntryCount: 0, Entries: [{}] });
    const event = anEvent();
    await putWithEvents({ TableName: tableName(), Item: { ...key('same-ms'), name: 'S' } }, [event]);
    // Act
    const relayed = await relayOutbox(0);
    // Assess
    expect(relayed.published).toBe(1);
    expect(pendingEventsOf(await readItem('same-ms'))).toEqual([]);
  });

  it('re-publishes only the entries EventBridge refused in a partial failure', async () => {
    // Prepare
    bus
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 1, Entries: [{ EventId: 'ok' }, { ErrorCode: 'InternalFailure' }] })
      .resolves({ FailedEntryCount: 0, Entries: [{}] });
    const [first, second] = [anEvent(), anEvent()];
    // Act
    await updateWithEvents({ key: key('c'), set: { name: 'C' } }, [first, second]);
    const pending = pendingEventsOf(await readItem('c')).map((e) => e.id);
    await relayOutbox(0);
    // Assess
    expect(pending).toEqual([second.id]);
    expect(detailIdsSent()).toEqual([first.id, second.id, second.id]);
  });

  it('takes a write out of the outbox index in the update that clears its published events', async () => {
    // Prepare
    bus.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{}] });
    // Act
    await putWithEvents({ TableName: tableName(), Item: { ...key('own-mark'), name: 'O' } }, [anEvent()]);
    await updateWithEvents({ key: key('own-mark'), set: { name: 'O2' } }, [anEvent()]);
    const relayed = await relayOutbox(0);
    // Assess
    expect(await readItem('own-mark')).toMatchObject({ name: 'O2' });
    expect((await readItem('own-mark')).outboxShard).toBeUndefined();
    expect(relayed).toEqual({ published: 0, cleared: 0 });
  });

  it("leaves the mark for the relay when an earlier write's events still wait in the item", async () => {
    // Prepare
    bus.on(PutEventsCommand).rejectsOnce(new Error('EventBridge is down')).resolves({ FailedEntryCount: 0, Entries: [{}] });
    const [stuck, later] = [anEvent(), anEvent()];
    await updateWithEvents({ key: key('two-writes'), set: { name: 'T' } }, [stuck]);
    // Act
    await updateWithEvents({ key: key('two-writes'), set: { name: 'T2' } }, [later]);
    const waiting = await readItem('two-writes');
    const relayed = await relayOutbox(0);
    // Assess
    expect(pendingEventsOf(waiting).map((e) => e.id)).toEqual([stuck.id]);
    expect(waiting.outboxShard).toBeDefined();
    expect(relayed.published).toBe(1);
    expect(detailIdsSent()).toEqual([stuck.id, later.id, stuck.id]);
    expect((await readItem('two-writes')).outboxShard).toBeUndefined();
  });

  it('lets the relay tidy the index when the writer could not tell it was alone, without touching the data', async () => {
    // Prepare: asked for the item as it was, the writer cannot see what else waits in it.
    bus.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{}] });
    await updateWithEvents({ key: key('d'), set: { name: 'D' }, returnValues: 'ALL_OLD' }, [anEvent()]);
    // Act
    const first = await relayOutbox(0);
    const second = await relayOutbox(0);
    // Assess
    expect(first).toEqual({ published: 0, cleared: 1 });
    expect(second.cleared).toBe(0);
    expect(await readItem('d')).toMatchObject({ name: 'D' });
    expect((await readItem('d')).outboxShard).toBeUndefined();
  });

  it('carries on when the mark an entry listed is gone by the time the relay reads the item', async () => {
    // Prepare: a write left in the index, whose mark another run of the relay clears between this
    // run's query and its read.
    bus.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{}] });
    await updateWithEvents({ key: key('raced'), set: { name: 'R' }, returnValues: 'ALL_OLD' }, [anEvent()]);
    const client = documents();
    const send = client.send.bind(client);
    const racing = vi.spyOn(client, 'send').mockImplementation((async (command: Parameters<typeof send>[0]) => {
      if (command instanceof GetCommand) {
        await send(new UpdateCommand({ TableName: tableName(), Key: key('raced'), UpdateExpression: 'REMOVE outboxShard, outboxMark' }));
      }
      return send(command);
    }) as typeof client.send);
    // Act
    const relayed = await relayOutbox(0).finally(() => racing.mockRestore());
    // Assess
    expect(relayed).toEqual({ published: 0, cleared: 0 });
  });

  it('parks every event id in a shard the relay reads, including ids whose tail reads as a negative number', () => {
    // Prepare: base64url tails, among them '-5' and '-z' (which parseInt reads as −5 and −35).
    const tails = ['-5', '-z', '_a', 'a-', '__', '--', 'Zz', '00', '9-'];
    const ids = [...tails.map((tail) => `0mwwl454r9aadf${tail}`), ...Array.from({ length: 500 }, () => anEvent().id)];
    // Act
    const shards = ids.map(outboxShardOf);
    // Assess
    for (const shard of shards) expect(shard >= 0 && shard < OUTBOX_SHARDS && Number.isInteger(shard)).toBe(true);
    expect(new Set(shards).size).toBe(OUTBOX_SHARDS);
  });

  it('relays an event whose id ends in "-5", which used to land in a shard nobody read', async () => {
    // Prepare
    bus.on(PutEventsCommand).rejectsOnce(new Error('EventBridge is down')).resolves({ FailedEntryCount: 0, Entries: [{}] });
    const event = { ...anEvent(), id: '0mwwl454r9aadf-5' };
    await putWithEvents({ TableName: tableName(), Item: { ...key('negative-tail'), name: 'N' } }, [event]);
    // Act
    const relayed = await relayOutbox(0);
    // Assess
    expect(relayed.published).toBe(1);
    expect(pendingEventsOf(await readItem('negative-tail'))).toEqual([]);
  });

  it('refuses to make an event whose data breaks the catalogue schema', () => {
    expect(() => makeEvent(memberAdded, { unitId: 'g1' } as never)).toThrow();
  });
});
