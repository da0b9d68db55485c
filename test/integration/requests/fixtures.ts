import type { Identity } from '../../../shared/auth/identity';
import { planCategory } from '../../../shared/requests/categories/rules';
import type { Category } from '../../../shared/requests/categories/model';
import type { Request } from '../../../shared/requests/model';
import { planSubmission } from '../../../shared/requests/submission';
import { newId } from '../../../shared/ids';

export const resident: Identity = { userId: 'it-resident', role: 'resident', units: [] };
export const worker: Identity = { userId: 'it-worker', role: 'grid_worker', units: ['it-grid'] };
export const cityAdmin: Identity = { userId: 'it-admin', role: 'admin', units: ['city'] };

export const category: Category = planCategory(
  cityAdmin,
  'it-category',
  { name: '测试类别', acceptWithinHours: 2, resolveWithinHours: 24, attributes: [] },
  new Date('2026-08-01T00:00:00.000Z'),
);

/** A new request in it-grid (under it-district → it-subdistrict → it-community), assigned to it-worker. */
export function aRequest(options: { now?: Date; grid?: string[]; residentId?: string; category?: Category } = {}): Request {
  const [districtId = 'it-district', subdistrictId = 'it-subdistrict', communityId = 'it-community', gridId = 'it-grid'] = options.grid ?? [];
  return planSubmission({
    id: newId(),
    identity: { ...resident, userId: options.residentId ?? resident.userId },
    input: { categoryId: 'it-category', description: '路灯坏了', address: '测试路 1 号', photos: [], attributes: {} },
    category: options.category ?? category,
    grid: { id: gridId, ancestors: [districtId, subdistrictId, communityId] },
    routedBy: 'location',
    assigneeId: worker.userId,
    now: options.now ?? new Date(),
  });
}
