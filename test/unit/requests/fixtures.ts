import type { Identity } from '../../../shared/auth/identity';
import type { ProblemError } from '../../../shared/http/errors';
import { planCategory } from '../../../shared/requests/categories/rules';
import { hoursAfter } from '../../../shared/requests/deadlines';
import type { Category } from '../../../shared/requests/categories/model';
import type { Request } from '../../../shared/requests/model';
import { planSubmission } from '../../../shared/requests/submission';

/** The unit tests' clock: every decision is made some hours after this. */
export const NOW = new Date('2026-08-10T02:00:00.000Z');
/** The instant `hours` after {@link NOW}. */
export const after = (hours: number): Date => hoursAfter(NOW, hours);

export const resident: Identity = { userId: 'resident-a', role: 'resident', units: [] };
export const neighbour: Identity = { ...resident, userId: 'resident-b' };
export const worker: Identity = { userId: 'worker-a', role: 'grid_worker', units: ['grid-a'] };
export const otherWorker: Identity = { userId: 'worker-b', role: 'grid_worker', units: ['grid-b'] };
export const communityAdmin: Identity = { userId: 'admin-a', role: 'admin', units: ['community-a'] };
export const otherAdmin: Identity = { userId: 'admin-b', role: 'admin', units: ['community-b'] };
export const cityAdmin: Identity = { userId: 'admin-city', role: 'admin', units: ['city'] };

export const category: Category = planCategory(
  cityAdmin,
  'facility-repair',
  {
    name: '设施维修',
    acceptWithinHours: 4,
    resolveWithinHours: 72,
    attributes: [
      { code: 'facility', label: '设施', datatype: 'singlevaluelist', required: true, order: 1, options: [{ key: 'streetlight', name: '路灯' }, { key: 'bench', name: '座椅' }] },
      { code: 'count', label: '数量', datatype: 'number', required: false, order: 2 },
      { code: 'who', label: '对象', datatype: 'multivaluelist', required: false, order: 3, options: [{ key: 'elderly', name: '老人' }, { key: 'children', name: '儿童' }] },
    ],
  },
  NOW,
);

/** A streetlight request in grid-a, submitted by resident-a at {@link NOW} and assigned to worker-a. */
export const submitted = (): Request =>
  planSubmission({
    id: 'req-1',
    identity: resident,
    input: { categoryId: 'facility-repair', description: '路灯坏了', address: '庐山路', photos: [], attributes: { facility: 'streetlight' } },
    category,
    grid: { id: 'grid-a', ancestors: ['district-a', 'subdistrict-a', 'community-a'] },
    routedBy: 'location',
    assigneeId: 'worker-a',
    now: NOW,
  });

/** The status a decision answers with when it refuses, or 'ok'. */
export const statusOf = (run: () => unknown): number | 'ok' => {
  try {
    run();
    return 'ok';
  } catch (error) {
    return (error as ProblemError).status;
  }
};
