import { unitCreated } from '../../events/organisation';
import { roleAssigned } from '../../events/users';
import { consumerFunction, on } from '../../shared/events/consumer';
import { getOrgUnit } from '../../shared/organisation/repository';
import { indexAdmin } from '../../shared/requests/escalation-targets';
import { indexGridBoundary } from '../../shared/requests/grid-cells';

/**
 * Keeps what requests are routed and escalated by: a new grid's boundary under its geohash cells
 * (so a location finds its grid without a Scan), and admins under the units they administer (so an
 * overdue request finds its community's or subdistrict's admins). Both writes are idempotent puts.
 * A consumer rather than a line in the organisation repository: the unit's event waits in its
 * outbox until published, so a crash after creating a grid can never leave it unroutable.
 */
export const handler = consumerFunction('request-routing', [
  on(unitCreated, async (data) => {
    if (data.kind !== 'grid') return;
    const unit = await getOrgUnit(data.unitId);
    if (unit) await indexGridBoundary(unit);
  }),
  on(roleAssigned, async (data, meta) => {
    if (data.role === 'admin') await indexAdmin(data.userId, data.units, new Date(meta.occurredAt));
  }),
]);
