import type { EventBridgeEvent } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { handler as requestRollups } from '../../../functions/consumers/request-rollups';
import type { PendingEvent } from '../../../shared/events/outbox';
import type { OrgUnit, OrgUnitKind } from '../../../shared/organisation/model';
import { createOrgUnit } from '../../../shared/organisation/repository';
import { announceSubmission, announceTransition } from '../../../shared/requests/announcements';
import { planTransition } from '../../../shared/requests/lifecycle';
import type { Request } from '../../../shared/requests/model';
import { monthlyReportOf } from '../../../shared/requests/monthly-report';
import { rollUpRequest } from '../../../shared/requests/monthly-rollups';
import { applyChange, createRequest } from '../../../shared/requests/repository/request';
import { readParentRollup } from '../../../shared/requests/repository/rollups';
import { rebuildRollups } from '../../../shared/requests/rollup-rebuild';
import { localMonthOf } from '../../../shared/time/local';
import { useAcceptingBus } from '../../support/bus';
import { useEngine } from '../../support/engine';
import { lambdaContext } from '../../support/http-events';
import { aRequest, cityAdmin } from './fixtures';

/**
 * A crash between two levels of the rollups: the process dies after writing one level and before
 * the next (here: the write of a chosen level throws once, as a process killed there would never
 * make it). The event is then delivered again, or the next event below arrives, and the rollups
 * must converge to exactly what the requests say.
 */
const crash = vi.hoisted(() => ({ before: undefined as string | undefined }));
vi.mock('../../../shared/requests/repository/rollups', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../shared/requests/repository/rollups')>();
  return {
    ...original,
    writeSnapshot: (...args: Parameters<typeof original.writeSnapshot>) => {
      if (crash.before === args[0].kind) {
        crash.before = undefined;
        throw new Error(`crashed before writing the ${args[0].kind}`);
      }
      return original.writeSnapshot(...args);
    },
  };
});

useEngine();
useAcceptingBus();

const unit = (id: string, kind: OrgUnitKind, ancestors: string[]): OrgUnit => ({
  id,
  kind,
  name: id,
  parentId: ancestors.at(-1) ?? null,
  ancestors,
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'test',
});
const GRID_1 = ['rc-d', 'rc-s', 'rc-c', 'rc-g1'];
const GRID_2 = ['rc-d', 'rc-s', 'rc-c', 'rc-g2'];
const NOW = new Date('2026-06-10T02:00:00.000Z');
const MONTH = localMonthOf(NOW);

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

let organised: Promise<void> | undefined;
const organise = () =>
  (organised ??= (async () => {
    for (const orgUnit of [
      unit('rc-d', 'district', []),
      unit('rc-s', 'subdistrict', ['rc-d']),
      unit('rc-c', 'community', ['rc-d', 'rc-s']),
      unit('rc-g1', 'grid', ['rc-d', 'rc-s', 'rc-c']),
      unit('rc-g2', 'grid', ['rc-d', 'rc-s', 'rc-c']),
    ]) {
      await createOrgUnit(orgUnit, []);
    }
  })());

/** Submits a request (its rollups brought up to date), then accepts it: the acceptance's event is returned, undelivered. */
async function acceptedRequest(grid: string[]): Promise<{ request: Request; accepted: PendingEvent }> {
  await organise();
  const request = aRequest({ now: NOW, grid });
  await createRequest(request, announceSubmission(request));
  await rollUpRequest(request.id);
  const change = planTransition(request, { action: 'accept' }, cityAdmin, new Date(NOW.getTime() + 60_000));
  const [accepted] = announceTransition(request, change, cityAdmin);
  await applyChange(request, change, [accepted!]);
  return { request, accepted: accepted! };
}

const acceptedIn = async (scope: string) => (await monthlyReportOf(cityAdmin, scope, MONTH, NOW)).overall.acceptedOnTime.count;

describe('a crash between levels of the rollups', () => {
  it('converges when the same event is delivered again', async () => {
    // Prepare
    const { accepted } = await acceptedRequest(GRID_1);
    crash.before = 'community';

    // Act
    const firstDelivery = requestRollups(delivery(accepted), lambdaContext('request-rollups'));
    await expect(firstDelivery).rejects.toThrow('crashed before writing the community');
    const behind = [await acceptedIn('rc-g1'), await acceptedIn('rc-c'), await acceptedIn('city')];
    await requestRollups(delivery(accepted), lambdaContext('request-rollups'));

    // Assess
    expect(behind).toEqual([1, 0, 0]);
    expect([await acceptedIn('rc-g1'), await acceptedIn('rc-c'), await acceptedIn('rc-s'), await acceptedIn('rc-d'), await acceptedIn('city')]).toEqual([1, 1, 1, 1, 1]);
    expect((await rebuildRollups({ month: MONTH, scopeId: 'rc-d' })).differences).toEqual([]);
  });

  it('converges when the next event below the level that was missed arrives, even for another grid', async () => {
    // Prepare: the crash leaves the community ahead of the subdistrict.
    const { accepted } = await acceptedRequest(GRID_1);
    const other = await acceptedRequest(GRID_2);
    crash.before = 'subdistrict';
    await expect(requestRollups(delivery(accepted), lambdaContext('request-rollups'))).rejects.toThrow('crashed');
    const community = (await readParentRollup('rc-c', MONTH))!.version;
    const behind = [await acceptedIn('rc-c'), await acceptedIn('rc-s')];

    // Act: the other grid's next event.
    await requestRollups(delivery(other.accepted), lambdaContext('request-rollups'));

    // Assess: what the crash left behind went up with it; the first event was never delivered again.
    expect(behind).toEqual([2, 1]);
    expect((await readParentRollup('rc-c', MONTH))!.version).toBeGreaterThan(community);
    expect([await acceptedIn('rc-c'), await acceptedIn('rc-s'), await acceptedIn('rc-d'), await acceptedIn('city')]).toEqual([3, 3, 3, 3]);
    expect((await rebuildRollups({ month: MONTH, scopeId: 'rc-d' })).differences).toEqual([]);
  });

  it('is mended by the rebuild’s fix when no event follows, and nothing is left to mend after', async () => {
    // Prepare
    const { accepted } = await acceptedRequest(GRID_2);
    crash.before = 'district';
    await expect(requestRollups(delivery(accepted), lambdaContext('request-rollups'))).rejects.toThrow('crashed');

    // Act
    const found = await rebuildRollups({ month: MONTH, scopeId: 'rc-d' });
    const fixed = await rebuildRollups({ month: MONTH, scopeId: 'rc-d', fix: true });
    const after = await rebuildRollups({ month: MONTH });

    // Assess
    expect(found.differences).toEqual([expect.stringMatching(/^district rc-d: subdistrict rc-s, it-category: .*acceptDecided 3 → 4/)]);
    expect(fixed.fixed).toBeGreaterThan(0);
    expect(after.differences).toEqual([]);
    expect(await acceptedIn('city')).toBe(4);
  });
});
