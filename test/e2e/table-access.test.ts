import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { unitCreated } from '../../events/organisation';
import { documents } from '../../shared/aws/clients';
import { config } from '../../shared/config';
import { pendingEventsOf } from '../../shared/events/outbox';
import { keys, tableDesign } from '../../shared/table/design';
import { dailyHours } from '../../infra/local/seeds/stations';
import { useRuntime } from '../support/runtime';

/**
 * The schedules that act on what they find (any item with events left in it, visits and no-shows
 * that are due) keep to their declared table access (infra/table-access.ts): the harness fails the
 * file on any call the local runtime refused. What is due is made so by the test itself, writing
 * outside any function as a data fix would, since the schedules run on the real clock.
 */
const { api, signIn, runtime } = useRuntime();

const table = () => config().tableName;
const readItem = async (key: { pk: string; sk: string }) =>
  (await documents().send(new GetCommand({ TableName: table(), Key: key, ConsistentRead: true }))).Item;
/** An instant an hour ago: long past any settling time or due time. */
const anHourAgo = () => new Date(Date.now() - 3600_000).toISOString();

describe('schedules acting on what they find, within their declared table access', () => {
  it('the outbox relay publishes and clears an event whose publish failed', async () => {
    // Prepare: EventBridge is down while a unit is created, so its event stays in the unit's item.
    const admin = await signIn('demo-admin');
    runtime().bus.setOutage(true);
    const created = await api('POST', '/org-units', { token: admin, body: { kind: 'grid', name: '中继测试网格', parentId: 'lushan', id: 'relay-grid' } });
    runtime().bus.setOutage(false);
    const key = keys.orgUnit('relay-grid');
    const { sortKey: mark } = tableDesign.indexes.outbox;
    const before = await readItem(key);
    // The write is an hour old, so the relay takes it up now rather than after its settling time.
    await documents().send(
      new UpdateCommand({
        TableName: table(),
        Key: key,
        UpdateExpression: 'SET #mark = :mark',
        ExpressionAttributeNames: { '#mark': mark },
        ExpressionAttributeValues: { ':mark': `${anHourAgo()}#${String(before?.[mark]).split('#').slice(1).join('#')}` },
      }),
    );
    // Act
    const relayed = await runtime().runSchedule('outbox-relay');
    await runtime().bus.idle();
    // Assess
    expect(created.status).toBe(201);
    expect(pendingEventsOf(before ?? {}).map((event) => event.detailType)).toEqual([unitCreated.detailType]);
    expect(relayed).toMatchObject({ published: 1 });
    expect(pendingEventsOf((await readItem(key)) ?? {})).toEqual([]);
  });

  it('the stations sweep ends a visit past its end and releases a no-show', async () => {
    // Prepare: a station open around the clock; the worker is in it, the resident holds a seat later.
    const admin = await signIn('demo-admin');
    const worker = await signIn('demo-outdoor-worker');
    const resident = await signIn('demo-resident');
    const stationId = 'sweep-station';
    await api('POST', '/stations', {
      token: admin,
      body: {
        id: stationId,
        name: '清扫测试驿站',
        address: '庐山路 2 号',
        location: { lat: 32.0042, lng: 118.7412 },
        gridId: 'lushan-g1',
        hours: dailyHours('00:00', '24:00'),
        seats: { total: 4, reservable: 2 },
        amenities: ['drinking_water'],
      },
    });
    const checkedIn = await api('POST', `/stations/${stationId}/check-ins`, { token: worker });
    const start = new Date(Math.ceil((Date.now() + 2 * 3600_000) / 3600_000) * 3600_000).toISOString();
    const reserved = await api('POST', `/stations/${stationId}/reservations`, { token: resident, body: { start } });
    // The visit ended an hour ago, and the resident's no-show time has passed.
    const past = anHourAgo();
    await documents().send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.visit('demo-outdoor-worker'),
        UpdateExpression: 'SET dueSort = :due',
        ExpressionAttributeValues: { ':due': `${past}#demo-outdoor-worker` },
      }),
    );
    const slotKey = keys.stationSlot(stationId, start);
    const slot = (await readItem(slotKey)) ?? {};
    const [holder] = Object.entries(slot).find(([, value]) => (value as { reservationId?: string })?.reservationId === reserved.body.id) ?? [];
    await documents().send(
      new UpdateCommand({
        TableName: table(),
        Key: slotKey,
        UpdateExpression: 'SET #holder.noShowAt = :past, dueSort = :due',
        ExpressionAttributeNames: { '#holder': holder! },
        ExpressionAttributeValues: { ':past': past, ':due': `${past}#${stationId}` },
      }),
    );
    // Act
    const sweep = await runtime().runSchedule('stations-sweep');
    await runtime().bus.idle();
    const reservation = await api('GET', `/reservations/${reserved.body.id}`, { token: resident });
    // Assess
    expect(checkedIn.status).toBe(201);
    expect(reserved.body.status).toBe('confirmed');
    expect(sweep).toEqual({ visitsEnded: 1, noShows: 1, reminders: 0 });
    expect(await readItem(keys.visit('demo-outdoor-worker'))).toBeUndefined();
    expect(reservation.body.status).toBe('no_show');
  });
});
