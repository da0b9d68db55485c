import type { OrgUnit } from '../../../shared/organisation/model';
import { defaultCategories } from '../../../shared/requests/categories/catalogue';
import { createCategory } from '../../../shared/requests/categories/repository';
import { planCategory } from '../../../shared/requests/categories/rules';
import { indexAdmin } from '../../../shared/requests/escalation-targets';
import { indexGridBoundary } from '../../../shared/requests/grid-cells';
import type { User } from '../../../shared/users/model';

/**
 * What requests need of a fresh data folder, given the organisation and people seeded without
 * events: the ten default categories, the grids' boundaries in the routing index, and the admins
 * by unit. Idempotent (existing categories are left as admins changed them).
 */
export async function seedRequests(units: readonly OrgUnit[], users: readonly User[], now = new Date()): Promise<void> {
  const seeder = { userId: 'seed', role: 'admin' as const, units: ['city'] };
  for (const { id, ...input } of defaultCategories) {
    await createCategory(planCategory(seeder, id, input, now), { ifAbsent: true });
  }
  for (const unit of units) await indexGridBoundary(unit);
  for (const user of users) if (user.role === 'admin') await indexAdmin(user.id, user.units, now);
}
