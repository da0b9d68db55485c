import { createOnce, replayed } from '../../shared/http/creation';
import { fieldProblem, notFound } from '../../shared/http/errors';
import { httpFunction } from '../../shared/http/function';
import { idempotencyKeyGuard } from '../../shared/http/idempotency-key';
import { inviteToMicroGrid } from '../../shared/organisation/invitations';
import { endMembership, joinWithInvitation } from '../../shared/organisation/membership';
import { checkIn, checkOut, markNoShow } from '../../shared/shifts/attendance';
import { cancelShift } from '../../shared/shifts/cancellation';
import { emptyAvailability } from '../../shared/shifts/domain/availability';
import { planDuty } from '../../shared/shifts/domain/duties';
import { summariseMyHours, summariseUnitHours } from '../../shared/shifts/domain/hours';
import { planShift, viewOf } from '../../shared/shifts/domain/shift';
import { rankSuggestions } from '../../shared/shifts/domain/suggestions';
import { generateFromDuties } from '../../shared/shifts/generation';
import { isMemberOf, managedMicroGrid, managedShift, visibleMicroGrid, visibleShift } from '../../shared/shifts/micro-grids';
import { myShifts, shiftOptions, withdrawFromFutureShifts } from '../../shared/shifts/my-shifts';
import { getAvailability, saveAvailability } from '../../shared/shifts/repository/availability';
import { createDuty, deleteDuty, dutyOf, listDuties, listDutiesOfMember } from '../../shared/shifts/repository/duties';
import { hoursOfMicroGrid, hoursOfVolunteer } from '../../shared/shifts/repository/hours';
import { insertShift, listShiftsOfMicroGrid, shiftFromItem } from '../../shared/shifts/repository/shifts';
import { listSwaps } from '../../shared/shifts/repository/swaps';
import { rosterOfWeek } from '../../shared/shifts/roster';
import { shiftRoutes } from '../../shared/shifts/routes';
import { assign } from '../../shared/shifts/seats';
import { eligibilityFor, signUp, withdraw } from '../../shared/shifts/sign-ups';
import { stationDuty } from '../../shared/shifts/station-duty';
import { suggestionCandidates } from '../../shared/shifts/suggestions';
import { decideSwap, proposeSwap, swapSeenBy } from '../../shared/shifts/swaps';
import { withQueueServed } from '../../shared/shifts/waitlist';
import { stationExists } from '../../shared/stations/repository';
import { type LocalDate, addDays, instantAt, localDateOf, localMonthOf } from '../../shared/time/local';

/** A local date range from a query, checked and bounded: `defaultDays` from today unless said, at most `maxDays`. */
function dateRange(query: { from?: LocalDate; to?: LocalDate }, now: Date, defaultDays: number, maxDays: number) {
  const from = query.from ?? localDateOf(now);
  const to = query.to ?? addDays(from, defaultDays - 1);
  if (to < from) throw fieldProblem('query.to', 'to must not be before from');
  if (addDays(from, maxDays - 1) < to) throw fieldProblem('query.to', `at most ${maxDays} days`);
  return { from, to };
}

/** A station duty names a station that exists. */
async function assertStationExists(stationId: string | undefined): Promise<void> {
  if (stationId && !(await stationExists(stationId))) throw notFound(`station ${stationId}`);
}

export const handler = httpFunction(shiftRoutes, {
  // ─── Membership (the organisation's; these routes are how micro-grid members join and leave) ──
  async createInvitation({ identity, params, body }) {
    const unit = await managedMicroGrid(identity, params.unitId);
    return inviteToMicroGrid(unit.id, identity.userId, body.validDays, new Date());
  },

  async joinMicroGrid({ identity, params, body }) {
    return joinWithInvitation(params.unitId, identity.userId, body.code, new Date());
  },

  async leaveMicroGrid({ identity, params }) {
    const now = new Date();
    if (!(await endMembership(params.unitId, identity.userId, identity.userId, now))) throw notFound();
    await withdrawFromFutureShifts(identity.userId, params.unitId, now);
    return undefined;
  },

  // ─── Responsibility lists ───────────────────────────────────────────────────────────────────
  async createDuty({ identity, params, body, creation }) {
    const unit = await managedMicroGrid(identity, params.unitId);
    if (body.assigneeId && !(await isMemberOf(unit.id, body.assigneeId))) {
      throw fieldProblem('body.assigneeId', `${body.assigneeId} is not a member of this micro-grid`);
    }
    await assertStationExists(body.stationId);
    const duty = planDuty(identity, unit, body, creation.id, new Date());
    const earlier = await createOnce(creation, duty.id, () => createDuty(duty, [], creation.fingerprint), dutyOf);
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

  // ─── Availability ───────────────────────────────────────────────────────────────────────────
  async getMyAvailability({ identity }) {
    return (await getAvailability(identity.userId)) ?? emptyAvailability(identity.userId);
  },

  async putMyAvailability({ identity, body }) {
    const availability = { ...emptyAvailability(identity.userId), ...body, updatedAt: new Date().toISOString() };
    await saveAvailability(availability);
    return availability;
  },

  // ─── Shifts ─────────────────────────────────────────────────────────────────────────────────
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
    const earlier = await createOnce(creation, shift.id, () => insertShift(shift, [], now, creation.fingerprint), shiftFromItem);
    return earlier ? replayed(viewOf(earlier)) : viewOf(shift);
  },

  async generateShifts({ identity, params, body }) {
    const unit = await managedMicroGrid(identity, params.unitId);
    return generateFromDuties(identity, unit, body, new Date());
  },

  async listShifts({ identity, params, query }) {
    await visibleMicroGrid(identity, params.unitId);
    const { from, to } = dateRange(query, new Date(), 14, 62);
    const page = await listShiftsOfMicroGrid(params.unitId, instantAt(from, 0), instantAt(addDays(to, 1), 0), query);
    return { ...page, items: page.items.map(viewOf) };
  },

  async getRoster({ identity, params, query }) {
    await visibleMicroGrid(identity, params.unitId);
    return rosterOfWeek(params.unitId, query.week ?? localDateOf(new Date()));
  },

  async getShift({ identity, params }) {
    const { shift } = await visibleShift(identity, params.shiftId);
    return viewOf(await withQueueServed(shift, new Date()));
  },

  async cancelShift({ identity, params, body }) {
    await managedShift(identity, params.shiftId);
    return viewOf(await cancelShift(params.shiftId, identity.userId, body.reason, new Date()));
  },

  async getEligibility({ identity, params }) {
    const { shift } = await visibleShift(identity, params.shiftId);
    return eligibilityFor(shift, identity.userId, new Date());
  },

  async signUp({ identity, params }) {
    await visibleShift(identity, params.shiftId);
    const result = await signUp(params.shiftId, identity.userId, new Date());
    return { ...result, shift: viewOf(result.shift) };
  },

  async withdraw({ identity, params }) {
    await visibleShift(identity, params.shiftId);
    await withdraw(params.shiftId, identity.userId, identity.userId, new Date(), { staff: false });
    return undefined;
  },

  async assignVolunteer({ identity, params }) {
    await managedShift(identity, params.shiftId);
    return viewOf(await assign(params.shiftId, params.userId, identity.userId, new Date()));
  },

  async unassignVolunteer({ identity, params }) {
    await managedShift(identity, params.shiftId);
    await withdraw(params.shiftId, params.userId, identity.userId, new Date(), { staff: true });
    return undefined;
  },

  async suggestVolunteers({ identity, params }) {
    const { shift } = await managedShift(identity, params.shiftId);
    // A bounded number of reads however many members the micro-grid has (shared/shifts/suggestions.ts).
    return { items: rankSuggestions(shift, await suggestionCandidates(shift, new Date())) };
  },

  async checkInToShift({ identity, params }) {
    const { shift } = await visibleShift(identity, params.shiftId);
    return viewOf(await checkIn(shift, identity.userId, new Date()));
  },

  async checkOutOfShift({ identity, params }) {
    const { shift } = await visibleShift(identity, params.shiftId);
    return viewOf(await checkOut(shift, identity.userId, identity.userId, new Date()));
  },

  async markNoShow({ identity, params, body }) {
    const { shift } = await managedShift(identity, params.shiftId);
    return viewOf(await markNoShow(shift, body.userId, identity.userId, body.comment, new Date()));
  },

  // ─── Swaps ──────────────────────────────────────────────────────────────────────────────────
  async proposeSwap({ identity, params, body }) {
    const { shift } = await visibleShift(identity, params.shiftId);
    return proposeSwap(shift, identity.userId, body.toUserId, body.note, new Date());
  },

  async getSwap({ identity, params }) {
    return (await swapSeenBy(identity, params.swapId)).swap;
  },

  async decideSwap({ identity, params, body }) {
    return decideSwap(identity, params.swapId, body.decision, new Date());
  },

  async listSwaps({ identity, params, query }) {
    await managedMicroGrid(identity, params.unitId);
    return listSwaps(params.unitId, query);
  },

  // ─── Mine ───────────────────────────────────────────────────────────────────────────────────
  async listMyShifts({ identity, query }) {
    const now = new Date();
    const { from, to } = dateRange(query, now, 28, 62);
    const items = await myShifts(identity.userId, from, to, now);
    return { items: items.map((entry) => ({ ...entry, shift: viewOf(entry.shift) })) };
  },

  async listShiftOptions({ identity, query }) {
    const now = new Date();
    const { from, to } = dateRange(query, now, 14, 28);
    return { items: await shiftOptions(identity.userId, from, to, now) };
  },

  async listMyDuties({ identity, query }) {
    return listDutiesOfMember(undefined, identity.userId, query);
  },

  async getMyHours({ identity, query }) {
    const month = query.month ?? localMonthOf(new Date());
    return summariseMyHours(identity.userId, month, await hoursOfVolunteer(identity.userId, month));
  },

  async getMicroGridHours({ identity, params, query }) {
    await managedMicroGrid(identity, params.unitId);
    const month = query.month ?? localMonthOf(new Date());
    return summariseUnitHours(params.unitId, month, await hoursOfMicroGrid(params.unitId, month));
  },

  // ─── Station duty ───────────────────────────────────────────────────────────────────────────
  async getStationDuty({ identity, params }) {
    return stationDuty(identity, params.stationId, new Date());
  },
}, { idempotencyKeys: idempotencyKeyGuard });
