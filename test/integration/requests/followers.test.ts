import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { documents } from '../../../shared/aws/clients';
import { config } from '../../../shared/config';
import { announceSubmission, announceTransition } from '../../../shared/requests/announcements';
import { canSee } from '../../../shared/requests/access';
import { planTransition } from '../../../shared/requests/lifecycle';
import { follow, followedAmong, followersOf } from '../../../shared/requests/repository/followers';
import { openRequestsOf } from '../../../shared/requests/repository/open-requests';
import { createRequest, getRequest, transitionRequest } from '../../../shared/requests/repository/request';
import { requestKeys } from '../../../shared/table/design';
import { useEngine } from '../../support/engine';
import { aRequest, resident, worker } from './fixtures';

useEngine();
const bus = mockClient(EventBridgeClient);

beforeAll(() => {
  bus.on(PutEventsCommand).callsFake((input) => ({
    FailedEntryCount: 0,
    Entries: (input.Entries ?? []).map((_: unknown, index: number) => ({ EventId: `e${index}` })),
  }));
});

const now = new Date('2026-08-03T02:00:00.000Z');

async function anOpenRequest() {
  const request = aRequest();
  await createRequest(request, announceSubmission(request));
  return request;
}

describe('followers of a request', () => {
  it('counts 100 people following at once exactly, and each of them once however often they follow', async () => {
    // Prepare
    const request = await anOpenRequest();
    const people = Array.from({ length: 100 }, (_, index) => `it-follower-${index}`);

    // Act
    await Promise.all([...people, ...people].map((userId) => follow(request.id, userId, now)));
    const stored = (await getRequest(request.id))!;
    const followers = await followersOf(request.id);
    const followed = await followedAmong('it-follower-7', [request.id, 'another-request']);

    // Assess
    expect(stored.followers).toBe(100);
    expect(followers.sort()).toEqual([...people].sort());
    expect([...followed]).toEqual([request.id]);
  });

  it('keeps a follow made while a worker’s move was being decided', async () => {
    // Prepare
    const request = await anOpenRequest();

    // Act
    const accepted = await transitionRequest(request.id, { canSee: (current) => canSee(worker, current) }, async (current) => {
      // A neighbour follows between the move's read and its write, which does not bump the version.
      await follow(request.id, 'it-neighbour', now);
      const change = planTransition(current, { action: 'accept' }, worker, now);
      return { change, events: announceTransition(current, change, worker) };
    });
    const stored = (await getRequest(request.id))!;

    // Assess
    expect(accepted.status).toBe('accepted');
    expect(stored.followers).toBe(1);
  });

  it('counts a follow whose count an earlier attempt did not get, once', async () => {
    // Prepare: an attempt that wrote its follow item and failed before counting it.
    const request = await anOpenRequest();
    const key = requestKeys.requestFollower(request.id, 'it-retrying');
    await documents().send(
      new PutCommand({ TableName: config().tableName, Item: { ...key, requestId: request.id, userId: 'it-retrying', followedAt: now.toISOString(), counted: false } }),
    );

    // Act
    const retried = await follow(request.id, 'it-retrying', now);
    const again = await follow(request.id, 'it-retrying', now);

    // Assess
    expect(retried).toEqual({ kind: 'counted', followers: 1 });
    expect(again).toEqual({ kind: 'already' });
    expect((await getRequest(request.id))!.followers).toBe(1);
  });

  it('refuses the resident’s own follow and one of a rejected request, leaving no follow item behind', async () => {
    // Prepare
    const request = await anOpenRequest();
    await transitionRequest(request.id, { canSee: (current) => canSee(worker, current) }, (current) => {
      const change = planTransition(current, { action: 'reject', reason: '不属于职责范围' }, worker, now);
      return { change, events: announceTransition(current, change, worker) };
    });

    // Act
    const own = await follow(request.id, resident.userId, now);
    const late = await follow(request.id, 'it-late', now);

    // Assess
    expect([own, late]).toEqual([{ kind: 'refused' }, { kind: 'refused' }]);
    expect(await followersOf(request.id)).toEqual([]);
    expect((await getRequest(request.id))!.followers).toBe(0);
  });

  it('lists a grid’s open requests of a category newest first, and drops one from the list when it is closed', async () => {
    // Prepare
    const older = aRequest({ now: new Date('2026-08-01T00:00:00.000Z') });
    const newer = aRequest({ now: new Date('2026-08-02T00:00:00.000Z') });
    const elsewhere = aRequest({ grid: ['it-district', 'it-subdistrict', 'it-community', 'it-grid-2'] });
    for (const request of [older, newer, elsewhere]) await createRequest(request, announceSubmission(request));

    // Act
    const before = await openRequestsOf('it-grid', 'it-category', 50);
    await transitionRequest(newer.id, { canSee: (current) => canSee(worker, current) }, (current) => {
      const change = planTransition(current, { action: 'reject', reason: '重复' }, worker, now);
      return { change, events: announceTransition(current, change, worker) };
    });
    const after = await openRequestsOf('it-grid', 'it-category', 50);

    // Assess
    const ids = (list: { id: string }[]) => list.map((request) => request.id).filter((id) => [older.id, newer.id, elsewhere.id].includes(id));
    expect(ids(before)).toEqual([newer.id, older.id]);
    expect(ids(after)).toEqual([older.id]);
    expect(Object.keys(before[0]!).sort()).toEqual(['categoryId', 'categoryName', 'createdAt', 'followers', 'id', 'residentId', 'status']);
  });
});
