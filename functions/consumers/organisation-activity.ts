import { memberAdded, memberRemoved, unitCreated } from '../../events/organisation';
import { roleAssigned } from '../../events/users';
import { consumerFunction, on } from '../../shared/events/consumer';
import { recordActivity } from '../../shared/organisation/activity';

/** Keeps each org unit's activity log from the organisation and user events. */
export const handler = consumerFunction('organisation-activity', [
  on(unitCreated, async (data, meta) => {
    // A new unit shows up in its parent's log; a district has none.
    if (!data.parentId) return;
    await recordActivity({
      unitId: data.parentId,
      eventId: meta.id,
      type: 'unit-created',
      occurredAt: meta.occurredAt,
      summary: `${data.kind} ${data.name} (${data.unitId}) created by ${data.createdBy}`,
    });
  }),
  on(memberAdded, async (data, meta) => {
    await recordActivity({
      unitId: data.unitId,
      eventId: meta.id,
      type: 'member-added',
      occurredAt: meta.occurredAt,
      summary: `${data.userId} joined as ${data.memberRole} (added by ${data.addedBy})`,
    });
  }),
  on(memberRemoved, async (data, meta) => {
    await recordActivity({
      unitId: data.unitId,
      eventId: meta.id,
      type: 'member-removed',
      occurredAt: meta.occurredAt,
      summary: `${data.userId} left (removed by ${data.removedBy})`,
    });
  }),
  on(roleAssigned, async (data, meta) => {
    for (const unitId of data.units) {
      await recordActivity({
        unitId,
        eventId: meta.id,
        type: 'role-assigned',
        occurredAt: meta.occurredAt,
        summary: `${data.userId} is now ${data.role} here (assigned by ${data.assignedBy})`,
      });
    }
  }),
]);
