import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { unitCreated } from '../../../events/organisation';
import { requestMarkedDuplicate } from '../../../events/requests';
import { handler as requestLinks } from '../../../functions/consumers/request-links';
import { handler as requestRouting } from '../../../functions/consumers/request-routing';
import { box } from '../../../infra/local/seeds/organisation';
import { documents } from '../../../shared/aws/clients';
import { config } from '../../../shared/config';
import { type PendingEvent, makeEvent } from '../../../shared/events/outbox';
import { createOrgUnit } from '../../../shared/organisation/repository';
import { actOnDueRequests } from '../../../shared/requests/deadline-sweep';
import { hoursAfter } from '../../../shared/requests/deadlines';
import { adminsOf, escalationTargets, indexAdmin } from '../../../shared/requests/escalation-targets';
import { findGridAt, indexGridBoundary } from '../../../shared/requests/grid-cells';
import { planTransition } from '../../../shared/requests/lifecycle';
import { applyChange, createRequest, getRequest, linkDuplicate } from '../../../shared/requests/repository/request';
import { listAreaRequests, listQueue, listRequestsOf } from '../../../shared/requests/repository/lists';
import { reportRows } from '../../../shared/requests/repository/report-rows';
import { keys } from '../../../shared/table/design';
import { saveUser } from '../../../shared/users/repository';
import { useAcceptingBus } from '../../support/bus';
import { useEngine } from '../../support/engine';
import { lambdaContext } from '../../support/http-events';
import { aRequest, worker } from './fixtures';

useEngine();
const { eventsSent } = useAcceptingBus();

/** A bus delivery of a pending event, as EventBridge hands it to a consumer. */
const delivery = (event: PendingEvent, busId = `bus-${event.id}`): EventBridgeEvent<string, unknown> => ({
  version: '0',
  id: busId,
  'detail-type': event.detailType,
  source: event.source,
  account: '000000000000',
  time: new Date().toISOString(),
  region: 'local',
  resources: [],
  detail: JSON.parse(event.detail),
});

const gridUnit = (id: string, west: number) => ({
  id,
  kind: 'grid' as const,
  name: id,
  parentId: 'r-community',
  ancestors: ['r-district', 'r-subdistrict', 'r-community'],
  boundary: box(west, 32.1, west + 0.004, 32.11),
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'test',
});

async function countCells(gridId: string): Promise<number> {
  // A grid's cell entries share its partition and a sort-key prefix: the key of the cell ''.
  const { pk, sk: cellPrefix } = keys.gridCellEntry(gridId, '');
  const output = await documents().send(
    new QueryCommand({
      TableName: config().tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :cell)',
      ExpressionAttributeValues: { ':pk': pk, ':cell': cellPrefix },
    }),
  );
  return output.Count ?? 0;
}

describe('routing by geohash cells', () => {
  it('finds the grid whose boundary contains a point with one Query, and nothing outside every grid', async () => {
    // Prepare
    await indexGridBoundary(gridUnit('r-west', 118.8));
    await indexGridBoundary(gridUnit('r-east', 118.804));
    // Act
    const west = await findGridAt({ lat: 32.105, lng: 118.801 });
    const east = await findGridAt({ lat: 32.105, lng: 118.8055 });
    const outside = await findGridAt({ lat: 32.105, lng: 118.81 });
    // Assess
    expect(west).toEqual({ id: 'r-west', ancestors: ['r-district', 'r-subdistrict', 'r-community'] });
    expect(east?.id).toBe('r-east');
    expect(outside).toBeUndefined();
  });

  it('indexes a grid created later through the request-routing consumer, once however often the event comes', async () => {
    // Prepare
    const unit = gridUnit('r-late', 118.9);
    await createOrgUnit(unit, []);
    const event = makeEvent(unitCreated, { unitId: unit.id, kind: 'grid', name: unit.name, parentId: unit.parentId, ancestors: unit.ancestors, createdBy: 'test' });
    // Act
    await requestRouting(delivery(event), lambdaContext('request-routing'));
    const cellsAfterFirst = await countCells(unit.id);
    await requestRouting(delivery(event), lambdaContext('request-routing'));
    await requestRouting(delivery(event, 'redelivered-with-another-bus-id'), lambdaContext('request-routing'));
    // Assess
    expect(cellsAfterFirst).toBeGreaterThan(0);
    expect(await countCells(unit.id)).toBe(cellsAfterFirst);
    expect((await findGridAt({ lat: 32.105, lng: 118.902 }))?.id).toBe('r-late');
  });
});

describe('admins by unit', () => {
  it('finds a community’s current admins, skips stale entries, and falls back up the hierarchy', async () => {
    // Prepare
    const createdAt = '2026-01-01T00:00:00.000Z';
    await saveUser({ id: 'a-community', displayName: 'c', role: 'admin', units: ['x-community'], stations: [], createdAt });
    await saveUser({ id: 'a-demoted', displayName: 'd', role: 'resident', units: [], stations: [], createdAt });
    await saveUser({ id: 'a-city', displayName: 'city', role: 'admin', units: ['city'], stations: [], createdAt });
    await indexAdmin('a-community', ['x-community'], new Date(createdAt));
    await indexAdmin('a-demoted', ['x-community', 'x-subdistrict'], new Date(createdAt));
    await indexAdmin('a-city', ['city'], new Date(createdAt));
    // Act
    const community = await adminsOf('x-community');
    const subdistrictUp = await escalationTargets(['x-subdistrict', 'x-district', 'city']);
    // Assess
    expect(community).toEqual(['a-community']);
    expect(subdistrictUp).toEqual(['a-city']);
  });
});

describe('views, each a Query on a named index', () => {
  it('lists a resident’s requests newest first, a worker’s queue by due time, and an area’s by month', async () => {
    // Prepare
    const grid = ['v-district', 'v-subdistrict', 'v-community', 'v-grid'];
    const older = aRequest({ now: new Date('2026-08-02T01:00:00.000Z'), grid, residentId: 'v-resident' });
    const newer = aRequest({ now: new Date('2026-08-03T01:00:00.000Z'), grid, residentId: 'v-resident' });
    const elsewhere = aRequest({ now: new Date('2026-08-03T02:00:00.000Z'), grid: ['v-district', 'v-subdistrict', 'v-other', 'v-grid2'], residentId: 'v-resident' });
    for (const request of [older, newer, elsewhere]) await createRequest(request, []);
    const accepted = planTransition(older, { action: 'accept' }, { ...worker, units: ['v-grid'] }, new Date('2026-08-02T02:00:00.000Z'));
    await applyChange(older, accepted, []);
    // Act
    const mine = await listRequestsOf('v-resident', { limit: 2 });
    const submittedQueue = await listQueue(worker.userId, 'submitted', { limit: 10 });
    const acceptedQueue = await listQueue(worker.userId, 'accepted', { limit: 10 });
    const community = await listAreaRequests({ subdistrictId: 'v-subdistrict', communityId: 'v-community' }, '2026-08', { limit: 10 });
    const subdistrict = await listAreaRequests({ subdistrictId: 'v-subdistrict' }, '2026-08', { limit: 10 });
    // Assess
    expect(mine.items.map((item) => item.id)).toEqual([elsewhere.id, newer.id]);
    expect(mine.nextCursor).toBeDefined();
    expect(mine.items[0]).not.toHaveProperty('timeline');
    expect(submittedQueue.items.map((item) => item.id)).toEqual(expect.arrayContaining([newer.id, elsewhere.id]));
    expect(submittedQueue.items.map((item) => item.id)).not.toContain(older.id);
    expect(acceptedQueue.items.map((item) => item.id)).toContain(older.id);
    expect(community.items.map((item) => item.id)).toEqual([newer.id, older.id]);
    expect(subdistrict.items.map((item) => item.id).sort()).toEqual([older.id, newer.id, elsewhere.id].sort());
  });

  it('puts a request in the Beijing month it was submitted in, and reads a month’s slices without losing or doubling one', async () => {
    // Prepare: 23:30 UTC on 31 July is 07:30 on 1 August in Nanjing; the last instant of August is its last slice.
    const grid = ['m-district', 'm-subdistrict', 'm-community', 'm-grid'];
    const instants = ['2026-07-31T15:59:59.999Z', '2026-07-31T16:00:00.000Z', '2026-07-31T23:30:00.000Z', '2026-08-08T16:00:00.000Z', '2026-08-16T04:00:00.000Z', '2026-08-31T15:59:59.999Z', '2026-08-31T16:00:00.000Z'];
    for (const now of instants) await createRequest(aRequest({ now: new Date(now), grid }), []);
    // Act
    const sliced = await reportRows({ subdistrictId: 'm-subdistrict', communityIds: ['m-community'] }, '2026-08');
    const whole = await reportRows({ subdistrictId: 'm-subdistrict' }, '2026-08');
    // Assess
    expect(sliced.map((row) => row.createdAt).sort()).toEqual(instants.slice(1, 6));
    expect(whole.map((row) => row.createdAt).sort()).toEqual(instants.slice(1, 6));
  });
});

describe('deadlines', () => {
  it('escalates an overdue request one level per window, each once, to the admins up the hierarchy', async () => {
    // Prepare
    await saveUser({ id: 'd-admin', displayName: 'd', role: 'admin', units: ['d-community'], stations: [], createdAt: '2026-01-01T00:00:00.000Z' });
    await indexAdmin('d-admin', ['d-community'], new Date('2026-01-01T00:00:00.000Z'));
    await saveUser({ id: 'd-sub-admin', displayName: 's', role: 'admin', units: ['d-subdistrict'], stations: [], createdAt: '2026-01-01T00:00:00.000Z' });
    await indexAdmin('d-sub-admin', ['d-subdistrict'], new Date('2026-01-01T00:00:00.000Z'));
    const request = aRequest({ now: new Date('2026-08-01T00:00:00.000Z'), grid: ['d-district', 'd-subdistrict', 'd-community', 'd-grid'] });
    await createRequest(request, []);
    const dueAt = new Date(request.acceptDueAt);
    const levelAfterRunAt = async (hoursAfterDue: number) => {
      await actOnDueRequests(hoursAfter(dueAt, hoursAfterDue));
      return (await getRequest(request.id))!.acceptOverdueLevel;
    };
    // Act: before the deadline, just after, again, after one more window (2 h), much later.
    const levels = [];
    for (const hours of [-0.1, 0.1, 0.2, 2.5, 100]) levels.push(await levelAfterRunAt(hours));
    const final = (await getRequest(request.id))!;
    // Assess
    expect(levels).toEqual([0, 1, 1, 2, 2]);
    expect(final).toMatchObject({ acceptOverdueLevel: 2, overdue: true, status: 'submitted', version: 3 });
    expect(final.timeline.map((step) => step.action)).toEqual(['submit', 'overdue', 'overdue']);
    const overdue = eventsSent('request.overdue').filter((data) => data.requestId === request.id);
    expect(overdue.map((data) => [data.level, data.escalatedTo])).toEqual([
      [1, ['d-admin']],
      [2, ['d-sub-admin']],
    ]);
  });
});

describe('the request-links consumer', () => {
  it('links a duplicate to its original once, however often the event is delivered', async () => {
    // Prepare
    const original = aRequest();
    const duplicate = aRequest();
    await createRequest(original, []);
    const event = makeEvent(requestMarkedDuplicate, { requestId: duplicate.id, duplicateOf: original.id, residentId: 'r', actorId: 'w' });
    // Act
    await requestLinks(delivery(event), lambdaContext('request-links'));
    await requestLinks(delivery(event), lambdaContext('request-links'));
    await requestLinks(delivery(event, 'another-bus-id'), lambdaContext('request-links'));
    const directAgain = await linkDuplicate(original.id, duplicate.id);
    const linked = (await getRequest(original.id))!;
    // Assess
    expect(linked.duplicateIds).toEqual([duplicate.id]);
    expect(directAgain).toBe(false);
    expect(linked.version).toBe(original.version);
  });

  it('never brings a missing original back as a husk', async () => {
    // Act
    const linked = await linkDuplicate('no-such-request', 'x');
    // Assess
    expect(linked).toBe(false);
    expect(await getRequest('no-such-request')).toBeUndefined();
  });
});

describe('keys', () => {
  it('keeps a request in one item under its own key', async () => {
    // Prepare
    const request = aRequest();
    // Act
    await createRequest(request, []);
    // Assess
    expect(keys.request(request.id)).toEqual({ pk: `REQUEST#${request.id}`, sk: 'REQUEST' });
    expect((await getRequest(request.id))?.id).toBe(request.id);
  });
});
