import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { backfillGridWorkers } from '../../../scripts/backfill-grid-workers';
import { documents } from '../../../shared/aws/clients';
import type { Member } from '../../../shared/organisation/model';
import { removeMember, saveMember } from '../../../shared/organisation/repository';
import { onDutyWorkerOf } from '../../../shared/requests/routing';
import { indexEntry, keys } from '../../../shared/table/design';
import { useEngine } from '../../support/engine';
import { useAcceptingBus } from '../../support/bus';

const { tableName } = useEngine();
useAcceptingBus();

const NOW = '2026-08-01T02:00:00.000Z';
const member = (unitId: string, userId: string, memberRole: Member['memberRole']): Member => ({
  unitId,
  userId,
  memberRole,
  joinedAt: NOW,
  addedBy: 'seed',
});

/** Counts the calls made to the table while `work` runs. */
async function tableCallsOf<T>(work: () => Promise<T>): Promise<{ result: T; calls: number }> {
  const send = vi.spyOn(documents(), 'send');
  try {
    const result = await work();
    return { result, calls: send.mock.calls.length };
  } finally {
    send.mockRestore();
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the grid's on-duty worker", () => {
  it('is found with one table call, however many residents the grid has', async () => {
    // Prepare: 250 residents, whose ids all sort before the worker's.
    const residents = Array.from({ length: 250 }, (_, n) => member('g-big', `a-resident-${String(n).padStart(3, '0')}`, 'resident'));
    for (let start = 0; start < residents.length; start += 25) {
      await Promise.all(residents.slice(start, start + 25).map((m) => saveMember(m, [])));
    }
    await saveMember(member('g-big', 'z-worker', 'grid_worker'), []);
    // Act
    const { result, calls } = await tableCallsOf(() => onDutyWorkerOf('g-big'));
    // Assess
    expect(result).toBe('z-worker');
    expect(calls).toBe(1);
  });

  it('is the first grid worker by user id, and no one once they are removed or become a resident', async () => {
    // Prepare
    await saveMember(member('g-small', 'worker-b', 'grid_worker'), []);
    await saveMember(member('g-small', 'worker-a', 'grid_worker'), []);
    await saveMember(member('g-small', 'volunteer-c', 'volunteer'), []);
    // Act
    const first = await onDutyWorkerOf('g-small');
    await removeMember('g-small', 'worker-a', new Date(NOW), []);
    const afterRemoval = await onDutyWorkerOf('g-small');
    await saveMember(member('g-small', 'worker-b', 'resident'), []);
    const afterDemotion = await onDutyWorkerOf('g-small');
    // Assess
    expect([first, afterRemoval, afterDemotion]).toEqual(['worker-a', 'worker-b', null]);
  });

  it('is found among the memberships written before grids kept their workers, once the backfill has run', async () => {
    // Prepare: a grid worker's membership as saveMember used to write it, with no place on the grid's list.
    const legacy = member('g-legacy', 'old-worker', 'grid_worker');
    await documents().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...keys.member(legacy.unitId, legacy.userId),
          entity: 'member',
          ...indexEntry('byParent', keys.unitMembers(legacy.unitId), legacy.userId),
          ...indexEntry('byUser', keys.membershipsOf(legacy.userId), legacy.unitId),
          ...legacy,
        },
      }),
    );
    const before = await onDutyWorkerOf('g-legacy');
    // Act
    await backfillGridWorkers();
    const after = await onDutyWorkerOf('g-legacy');
    const again = await backfillGridWorkers();
    // Assess
    expect([before, after]).toEqual([null, 'old-worker']);
    expect(again.listed).toBe(0);
  });
});
