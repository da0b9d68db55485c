import type { OrgUnit } from '../organisation/model';
import type { User } from '../users/model';
import { defaultCategories } from './categories';
import { planCategory } from './domain';
import { createCategory } from './repository';
import { indexAdmin, indexGridBoundary } from './routing';

/**
 * What requests need of a fresh data folder, given the organisation and people seeded without
 * events: the ten default categories, the grids' boundaries in the routing index, and the admins
 * by unit. Idempotent (existing categories are left as admins changed them).
 */
export async function seedRequestData(units: readonly OrgUnit[], users: readonly User[], now = new Date().toISOString()): Promise<void> {
  const seeder = { userId: 'seed', role: 'admin' as const, units: ['city'] };
  for (const { id, ...input } of defaultCategories) {
    await createCategory(planCategory(seeder, id, input, now), { ifAbsent: true });
  }
  for (const unit of units) await indexGridBoundary(unit);
  for (const user of users) if (user.role === 'admin') await indexAdmin(user.id, user.units, now);
}
