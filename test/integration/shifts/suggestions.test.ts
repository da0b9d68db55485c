import { beforeAll, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/http/shift-planning';
import type { Identity } from '../../../shared/auth/identity';
import { documents } from '../../../shared/aws/clients';
import type { HttpResult } from '../../../shared/http/function';
import { createOrgUnit, saveMember } from '../../../shared/organisation/repository';
import { planShift } from '../../../shared/shifts/domain/shift';
import { putHoursEntry } from '../../../shared/shifts/repository/hours';
import { createShift } from '../../../shared/shifts/repository/shifts';
import { MAX_HOURS_PAGES, MAX_SUGGESTION_MEMBERS } from '../../../shared/shifts/suggestions';
import { addDays, instantAt, localDateOf, localMonthOf } from '../../../shared/time/local';
import { useAcceptingBus } from '../../support/bus';
import { useEngine } from '../../support/engine';
import { httpEvent, lambdaContext } from '../../support/http-events';

useEngine();
useAcceptingBus();

const GRID = 'sg-grid';
const MICRO_GRID = 'sg-micro';
const SHIFT = 'sg-shift';
const NOW = new Date();
const DATE = addDays(localDateOf(NOW), 7);
const worker: Identity = { userId: 'sg-worker', role: 'grid_worker', units: [GRID] };
const volunteer = (n: number) => `sg-v${String(n).padStart(3, '0')}`;

/** Adds volunteers `from` to `to` − 1 (those of even number gave the micro-grid an hour this month). */
async function addVolunteers(from: number, to: number): Promise<void> {
  await Promise.all(
    Array.from({ length: to - from }, async (_, index) => {
      const n = from + index;
      await saveMember({ unitId: MICRO_GRID, userId: volunteer(n), memberRole: 'volunteer', joinedAt: NOW.toISOString(), addedBy: 'seed' }, []);
      if (n % 2 === 0) {
        await putHoursEntry({
          shiftId: `past-${n}`,
          microGridId: MICRO_GRID,
          userId: volunteer(n),
          title: '巡查',
          date: localDateOf(NOW),
          month: localMonthOf(NOW),
          minutes: 60,
          noShow: false,
          recordedAt: NOW.toISOString(),
        });
      }
    }),
  );
}

/** Asks for suggestions as the grid worker; answers the ranked user ids and the table calls it took. */
async function suggest(): Promise<{ userIds: string[]; minutes: number[]; calls: number }> {
  const send = vi.spyOn(documents(), 'send');
  try {
    const result = (await handler(
      httpEvent({ routeKey: 'GET /shifts/{shiftId}/suggestions', pathParameters: { shiftId: SHIFT }, identity: worker }),
      lambdaContext(),
    )) as HttpResult;
    expect(result.statusCode).toBe(200);
    const items = (JSON.parse(result.body!) as { items: { userId: string; recentMinutes: number }[] }).items;
    return { userIds: items.map((item) => item.userId), minutes: items.map((item) => item.recentMinutes), calls: send.mock.calls.length };
  } finally {
    send.mockRestore();
  }
}

beforeAll(async () => {
  // Prepare: a grid, its micro-grid with its grid worker, and a shift a week ahead.
  await createOrgUnit({ id: GRID, kind: 'grid', name: '网格', parentId: null, ancestors: [], createdAt: NOW.toISOString(), createdBy: 'seed' }, []);
  await createOrgUnit(
    { id: MICRO_GRID, kind: 'micro_grid', name: '微网格', parentId: GRID, ancestors: [GRID], createdAt: NOW.toISOString(), createdBy: 'seed' },
    [],
  );
  await saveMember({ unitId: MICRO_GRID, userId: worker.userId, memberRole: 'grid_worker', joinedAt: NOW.toISOString(), addedBy: 'seed' }, []);
  const shift = planShift(
    {
      id: SHIFT,
      microGridId: MICRO_GRID,
      kind: 'patrol',
      title: '楼栋巡查',
      start: instantAt(DATE, 9 * 60).toISOString(),
      end: instantAt(DATE, 11 * 60).toISOString(),
      headcount: 3,
      createdAt: NOW.toISOString(),
      createdBy: worker.userId,
    },
    NOW,
  );
  await createShift(shift, NOW);
});

describe('suggestions for a shift short of people', () => {
  it('stay within a fixed number of table calls, for a micro-grid of 10 volunteers as for one of 150', async () => {
    // Prepare: the bound — the shift and its micro-grid, the members, three keys a member in BatchGets
    // of 100, two months of the micro-grid's hours log.
    const bound = 2 + 1 + Math.ceil((3 * MAX_SUGGESTION_MEMBERS) / 100) + 2 * MAX_HOURS_PAGES;
    await addVolunteers(0, 10);
    const few = await suggest();
    await addVolunteers(10, 150);
    // Act
    const many = await suggest();
    // Assess
    expect(few.userIds).toHaveLength(10);
    expect(many.userIds).toHaveLength(150);
    expect(few.calls).toBeLessThanOrEqual(bound);
    expect(many.calls).toBeLessThanOrEqual(bound);
  });

  it('rank those who gave the micro-grid fewer minutes lately first, the grid worker left out', async () => {
    // Act
    const ranked = await suggest();
    // Assess
    expect(ranked.userIds).not.toContain(worker.userId);
    expect(ranked.minutes.slice(0, 75)).toEqual(Array(75).fill(0));
    expect(ranked.minutes.slice(75)).toEqual(Array(75).fill(60));
    expect(ranked.userIds[0]).toBe(volunteer(1));
  });
});
