import type { Identity } from '../auth/identity';
import { assertReaches } from '../auth/scope';
import { notFound } from '../http/errors';
import type { OrgUnit } from '../organisation/model';
import { getOrgUnit } from '../organisation/repository';

/**
 * The unit an admin's view of requests is about (`query.scope`): 404 when there is none or it lies
 * beyond the caller's scope (we do not confirm what exists).
 */
export async function scopeUnitOf(identity: Identity, unitId: string): Promise<OrgUnit> {
  const unit = await getOrgUnit(unitId);
  if (!unit) throw notFound();
  assertReaches(identity, unit);
  return unit;
}
