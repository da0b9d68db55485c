import { createOnce, replayed } from '../../shared/http/creation';
import { fieldProblem, notFound } from '../../shared/http/errors';
import { httpFunction } from '../../shared/http/function';
import { idempotencyKeyGuard } from '../../shared/http/idempotency-key';
import { inviteToMicroGrid } from '../../shared/organisation/invitations';
import { emptyAvailability } from '../../shared/shifts/domain/availability';
import { planDuty } from '../../shared/shifts/domain/duties';
import { summariseMyHours, summariseUnitHours } from '../../shared/shifts/domain/hours';
import { planShift, viewOf } from '../../shared/shifts/domain/shift';
import { rankSuggestions } from '../../shared/shifts/domain/suggestions';
import { isMemberOf, managedMicroGrid, managedShift, visibleMicroGrid } from '../../shared/shifts/micro-grids';
import { getAvailability, saveAvailability } from '../../shared/shifts/repository/availability';
import { createDuty, deleteDuty, dutyOf, listDuties, listDutiesOfMember } from '../../shared/shifts/repository/duties';
import { hoursOfMicroGrid, hoursOfVolunteer } from '../../shared/shifts/repository/hours';
import { insertShift, listShiftsOfMicroGrid, shiftFromItem } from '../../shared/shifts/repository/shifts';
import { listSwaps } from '../../shared/shifts/repository/swaps';
import { rosterOfWeek } from '../../shared/shifts/roster';
import { dateRangeOf } from '../../shared/shifts/routes/common';
import { shiftPlanningRoutes } from '../../shared/shifts/routes/planning';
import { stationDuty } from '../../shared/shifts/station-duty';
import { suggestionCandidates } from '../../shared/shifts/suggestions';
import { stationExists } from '../../shared/stations/lookups';
import { addDays, instantAt, localDateOf, localMonthOf } from '../../shared/time/local';

/** A station duty names a station that exists. */
async function assertStationExists(stationId: string | undefined): Promise<void> {
  if (stationId && !(await stationExists(stationId))) throw notFound(`station ${stationId}`);
}

/**
 * The plan and what it shows (shared/shifts/routes/planning.ts): none of these takes or releases a
 * seat; who sits on a shift is functions/http/shift-seats.ts.
 */
export const handler = httpFunction(shiftPlanningRoutes, {
  // ─── Invitation codes ───────────────────────────────────────────────────────────────────────
  async createInvitation({ identity, params, body }) {
    const unit = await managedMicroGrid(identity, params.unitId);
    return inviteToMicroGrid(unit.id, identity.userId, body.validDays, new Date());
  },

  // ─── Responsibility lists ───────────────────────────────────────────────────────────────────
  async createDuty({ identity, params, body, creation }) {
    const unit = await managedMicroGrid(identity, params.unitId);
    if (body.assigneeId && !(await isMemberOf(unit.id, body.assigneeId))) {
      throw fieldProblem('body.assigneeId', `${body.assigneeId} is not a member of this micro-grid`);
    }
    await assertStationExists(body.stationId);
    const duty = planDuty(identity, unit, body, creation.id, new Date());
    const earlier = await createOnce(creation, duty.id, () => createDuty(duty, creation.fingerprint), dutyOf);
    return earlier ? replayed(earlier) : duty;
  },

  async listDuties({ identity, params, query }) {
    await visibleMicroGrid(identity, params.unitId);
    return listDuties(params.unitId, query);
  },

  async listMemberDuties({ identity, params, query }) {
    await visibleMicroGrid(identity, params.unitId);
    if (!(await isMemberOf(params.unitId, params.userId))) throw notFound();
    return listDutiesOfMember(params.unitId, params.userId, query);
  },

  async deleteDuty({ identity, params }) {
    await managedMicroGrid(identity, params.unitId);
    if (!(await deleteDuty(params.unitId, params.dutyId))) throw notFound();
    return undefined;
  },

  async listMyDuties({ identity, query }) {
    return listDutiesOfMember(undefined, identity.userId, query);
  },

  // ─── A micro-grid's shifts ──────────────────────────────────────────────────────────────────
  async createShift({ identity, params, body, creation }) {
    const unit = await managedMicroGrid(identity, params.unitId);
    await assertStationExists(body.stationId);
    const now = new Date();
    const shift = planShift(
      {
        ...body,
        start: new Date(body.start).toISOString(),
        end: new Date(body.end).toISOString(),
        id: creation.id,
        microGridId: unit.id,
        createdAt: now.toISOString(),
        createdBy: identity.userId,
      },
      now,
    );
    const earlier = await createOnce(creation, shift.id, () => insertShift(shift, now, creation.fingerprint), shiftFromItem);
    return earlier ? replayed(viewOf(earlier)) : viewOf(shift);
  },

  async listShifts({ identity, params, query }) {
    await visibleMicroGrid(identity, params.unitId);
    const { from, to } = dateRangeOf(query, new Date(), 14, 62);
    const page = await listShiftsOfMicroGrid(params.unitId, instantAt(from, 0), instantAt(addDays(to, 1), 0), query);
    return { ...page, items: page.items.map(viewOf) };
  },

  async getRoster({ identity, params, query }) {
    await visibleMicroGrid(identity, params.unitId);
    return rosterOfWeek(params.unitId, query.week ?? localDateOf(new Date()));
  },

  async suggestVolunteers({ identity, params }) {
    const { shift } = await managedShift(identity, params.shiftId);
    // A bounded number of reads however many members the micro-grid has (shared/shifts/suggestions.ts).
    return { items: rankSuggestions(shift, await suggestionCandidates(shift, new Date())) };
  },

  // ─── Station duty ───────────────────────────────────────────────────────────────────────────
  async getStationDuty({ identity, params }) {
    return stationDuty(identity, params.stationId, new Date());
  },

  // ─── Availability ───────────────────────────────────────────────────────────────────────────
  async getMyAvailability({ identity }) {
    return (await getAvailability(identity.userId)) ?? emptyAvailability(identity.userId);
  },

  async putMyAvailability({ identity, body }) {
    const availability = { ...emptyAvailability(identity.userId), ...body, updatedAt: new Date().toISOString() };
    await saveAvailability(availability);
    return availability;
  },

  // ─── Swaps and hours ────────────────────────────────────────────────────────────────────────
  async listSwaps({ identity, params, query }) {
    await managedMicroGrid(identity, params.unitId);
    return listSwaps(params.unitId, query);
  },

  async getMicroGridHours({ identity, params, query }) {
    await managedMicroGrid(identity, params.unitId);
    const month = query.month ?? localMonthOf(new Date());
    return summariseUnitHours(params.unitId, month, await hoursOfMicroGrid(params.unitId, month));
  },

  async getMyHours({ identity, query }) {
    const month = query.month ?? localMonthOf(new Date());
    return summariseMyHours(identity.userId, month, await hoursOfVolunteer(identity.userId, month));
  },
}, { idempotencyKeys: idempotencyKeyGuard });
