import { memberAdded, memberRemoved } from '../../events/organisation';
import { shiftSwapAccepted, shiftSwapDecided, shiftSwapProposed } from '../../events/shifts';
import type { Identity } from '../../shared/auth/identity';
import { type PendingEvent, makeEvent } from '../../shared/events/outbox';
import { conflict, fieldProblem, forbidden, notFound } from '../../shared/http/errors';
import { newId, nowIso } from '../../shared/ids';
import { reaches } from '../../shared/auth/scope';
import { mapLimit } from '../../shared/concurrency';
import { getStationState } from '../../shared/stations/repository';
import type { Member, OrgUnit } from '../../shared/organisation/model';
import * as organisation from '../../shared/organisation/repository';
import { checkIn, checkOut, markNoShow } from '../../shared/shifts/attendance';
import * as booking from '../../shared/shifts/booking';
import {
  type ShiftRecord,
  assertManages,
  canSeeMicroGrid,
  decideEligibility,
  isStaff,
  planDuty,
  planShift,
  planShiftsFromDuty,
  planSwap,
  rankSuggestions,
  summariseMyHours,
  summariseUnitHours,
  swapTransitions,
  viewOf,
} from '../../shared/shifts/domain';
import type { Swap } from '../../shared/shifts/model';
import * as shifts from '../../shared/shifts/repository';
import { shiftRoutes } from '../../shared/shifts/routes';
import { suggestionCandidates } from '../../shared/shifts/suggestions';
import { addDays, instantOf, localDateOf, localMonthOf, mondayOf, toUtcIso } from '../../shared/shifts/time';
import { createOnce, replayed } from '../../shared/http/creation';
import { httpFunction } from '../../shared/http/function';
import { idempotencyKeyGuard } from '../../shared/http/idempotency-key';
import { getUser } from '../../shared/users/repository';

/** Loads a micro-grid the caller sees (a member, or within their scope); anything else is a 404. */
async function visibleMicroGrid(identity: Identity, unitId: string): Promise<{ unit: OrgUnit; member?: Member }> {
  const unit = await organisation.getOrgUnit(unitId);
  if (!unit || unit.kind !== 'micro_grid') throw notFound();
  const member = await organisation.getMember(unitId, identity.userId);
  if (!canSeeMicroGrid(identity, unit, member !== undefined)) throw notFound();
  return { unit, ...(member ? { member } : {}) };
}

/** Loads a micro-grid the caller manages (its grid worker, admins above it). */
async function managedMicroGrid(identity: Identity, unitId: string): Promise<OrgUnit> {
  const unit = await organisation.getOrgUnit(unitId);
  if (!unit || unit.kind !== 'micro_grid') throw notFound();
  assertManages(identity, unit);
  return unit;
}

/** Loads a shift of a micro-grid the caller sees. */
async function visibleShift(identity: Identity, shiftId: string) {
  const shift = await shifts.getShift(shiftId);
  if (!shift) throw notFound();
  const { unit, member } = await visibleMicroGrid(identity, shift.microGridId);
  return { shift, unit, member };
}

/** Loads a shift of a micro-grid the caller manages. */
async function managedShift(identity: Identity, shiftId: string) {
  const shift = await shifts.getShift(shiftId);
  if (!shift) throw notFound();
  const unit = await managedMicroGrid(identity, shift.microGridId);
  return { shift, unit };
}

/** A free seat and a queue is what a crash after a withdrawal leaves: fill it before showing the shift. */
async function repaired(shift: ShiftRecord, now: string): Promise<ShiftRecord> {
  if (shift.status !== 'open' || shift.signedUpCount >= shift.headcount || shift.waitQueue.length === 0) return shift;
  await booking.fillFromWaitlist(shift.id, now);
  return (await shifts.getShift(shift.id)) ?? shift;
}

/** The view of shifts with names on the seats (the roster, station duty). */
async function withNames(records: ShiftRecord[]) {
  const ids = [...new Set(records.flatMap((shift) => Object.keys(shift.volunteers)))];
  const names = new Map((await mapLimit(ids, 8, getUser)).filter((user) => user !== undefined).map((user) => [user.id, user.displayName]));
  return records.map((shift) => {
    const view = viewOf(shift);
    return { ...view, signedUp: view.signedUp.map((slot) => ({ ...slot, ...(names.has(slot.userId) ? { displayName: names.get(slot.userId)! } : {}) })) };
  });
}

const today = (now: string) => localDateOf(now);

/** A local date range, checked and bounded. */
function dateRange(query: { from?: string; to?: string }, now: string, defaultDays: number, maxDays: number) {
  const from = query.from ?? today(now);
  const to = query.to ?? addDays(from, defaultDays - 1);
  if (to < from) throw fieldProblem('query.to', 'to must not be before from');
  if (addDays(from, maxDays - 1) < to) throw fieldProblem('query.to', `at most ${maxDays} days`);
  return { from, to };
}

/** Claims of a volunteer on the dates they have any, for eligibility over many shifts. */
async function claimsByDate(userId: string, from: string, to: string, now: string) {
  const days = await shifts.getVolunteerDays(userId, from, to);
  const byDate = new Map<string, Awaited<ReturnType<typeof booking.liveClaims>>>();
  for (const day of days) if (day.claims.length > 0) byDate.set(day.date, await booking.liveClaims(userId, day.date, now));
  return byDate;
}

async function swapParties(identity: Identity, swap: Swap): Promise<{ manages: boolean }> {
  const unit = await organisation.getOrgUnit(swap.microGridId);
  if (!unit) throw notFound();
  const manages = isStaff(identity) && reaches(identity, unit);
  if (!manages && identity.userId !== swap.fromUserId && identity.userId !== swap.toUserId) throw notFound();
  return { manages };
}

const swapFacts = (swap: Swap, shift: Pick<ShiftRecord, 'title' | 'start'>) => ({
  swapId: swap.id,
  shiftId: swap.shiftId,
  microGridId: swap.microGridId,
  fromUserId: swap.fromUserId,
  toUserId: swap.toUserId,
  title: shift.title,
  start: shift.start,
});

export const handler = httpFunction(shiftRoutes, {
  // ─── Membership ─────────────────────────────────────────────────────────────────────────────
  async createInvitation({ identity, params, body }) {
    const unit = await managedMicroGrid(identity, params.unitId);
    const now = nowIso();
    const invitation = {
      code: shifts.newInvitationCode(),
      microGridId: unit.id,
      createdBy: identity.userId,
      createdAt: now,
      validUntil: new Date(Date.parse(now) + body.validDays * 24 * 3600_000).toISOString(),
    };
    await shifts.createInvitation(invitation);
    return invitation;
  },

  async joinMicroGrid({ identity, params, body }) {
    const now = nowIso();
    const invitation = await shifts.getInvitation(body.code.toUpperCase(), now);
    // A wrong, expired or other micro-grid's code reveals nothing.
    if (!invitation || invitation.microGridId !== params.unitId) throw notFound();
    const existing = await organisation.getMember(params.unitId, identity.userId);
    if (existing) return existing;
    const member: Member = { unitId: params.unitId, userId: identity.userId, memberRole: 'volunteer', joinedAt: now, addedBy: identity.userId };
    await organisation.saveMember(member, [
      makeEvent(memberAdded, { unitId: params.unitId, userId: identity.userId, memberRole: 'volunteer', addedBy: identity.userId }),
    ]);
    return member;
  },

  async leaveMicroGrid({ identity, params }) {
    const now = nowIso();
    const left = await organisation.removeMember(params.unitId, identity.userId, now, [
      makeEvent(memberRemoved, { unitId: params.unitId, userId: identity.userId, removedBy: identity.userId }),
    ]);
    if (!left) throw notFound();
    // Future seats in that micro-grid go back to it (and to its waitlists); shifts under way stay.
    const mine = await booking.myShifts(identity.userId, today(now), addDays(today(now), 7 * 8), now);
    for (const { shift } of mine.filter((entry) => entry.shift.microGridId === params.unitId && entry.shift.start > now)) {
      await booking.withdraw(shift.id, identity.userId, identity.userId, now, { staff: false, churn: false });
    }
    return undefined;
  },

  // ─── Responsibility lists ───────────────────────────────────────────────────────────────────
  async createDuty({ identity, params, body, creation }) {
    const unit = await managedMicroGrid(identity, params.unitId);
    if (body.assigneeId && !(await organisation.getMember(unit.id, body.assigneeId))) {
      throw fieldProblem('body.assigneeId', `${body.assigneeId} is not a member of this micro-grid`);
    }
    if (body.stationId && !(await shifts.stationExists(body.stationId))) throw notFound(`station ${body.stationId}`);
    const duty = planDuty(identity, unit, body, creation.id, nowIso());
    const earlier = await createOnce(creation, duty.id, () => shifts.createDuty(duty, [], creation.fingerprint), shifts.dutyOf);
    return earlier ? replayed(earlier) : duty;
  },

  async listDuties({ identity, params, query }) {
    await visibleMicroGrid(identity, params.unitId);
    return shifts.listDuties(params.unitId, query);
  },

  async listMemberDuties({ identity, params, query }) {
    await visibleMicroGrid(identity, params.unitId);
    if (!(await organisation.getMember(params.unitId, params.userId))) throw notFound();
    return shifts.listDutiesOfMember(params.unitId, params.userId, query);
  },

  async deleteDuty({ identity, params }) {
    await managedMicroGrid(identity, params.unitId);
    if (!(await shifts.deleteDuty(params.unitId, params.dutyId))) throw notFound();
    return undefined;
  },

  // ─── Availability ───────────────────────────────────────────────────────────────────────────
  async getMyAvailability({ identity }) {
    return (
      (await shifts.getAvailability(identity.userId)) ?? {
        userId: identity.userId,
        timeZone: 'Asia/Shanghai' as const,
        weekly: [],
        exceptions: [],
        updatedAt: '1970-01-01T00:00:00.000Z',
      }
    );
  },

  async putMyAvailability({ identity, body }) {
    const availability = {
      userId: identity.userId,
      timeZone: 'Asia/Shanghai' as const,
      weekly: body.weekly,
      exceptions: body.exceptions,
      updatedAt: nowIso(),
    };
    await shifts.saveAvailability(availability);
    return availability;
  },

  // ─── Shifts ─────────────────────────────────────────────────────────────────────────────────
  async createShift({ identity, params, body, creation }) {
    const unit = await managedMicroGrid(identity, params.unitId);
    if (body.stationId && !(await shifts.stationExists(body.stationId))) throw notFound(`station ${body.stationId}`);
    const now = nowIso();
    const shift = planShift(
      {
        ...body,
        start: toUtcIso(body.start),
        end: toUtcIso(body.end),
        id: creation.id,
        microGridId: unit.id,
        createdAt: now,
        createdBy: identity.userId,
      },
      now,
    );
    const earlier = await createOnce(
      creation,
      shift.id,
      () => shifts.insertShift(shift, [], now, creation.fingerprint),
      shifts.shiftFromItem,
    );
    return earlier ? replayed(viewOf(earlier)) : viewOf(shift);
  },

  async generateShifts({ identity, params, body }) {
    const unit = await managedMicroGrid(identity, params.unitId);
    const now = nowIso();
    const from = body.from ?? today(now);
    const duties: Awaited<ReturnType<typeof shifts.listDuties>>['items'] = [];
    let cursor: string | undefined;
    do {
      const page = await shifts.listDuties(unit.id, { limit: 100, ...(cursor ? { cursor } : {}) });
      duties.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const chosen = body.dutyIds ? duties.filter((duty) => body.dutyIds!.includes(duty.id)) : duties;
    if (body.dutyIds && chosen.length !== new Set(body.dutyIds).size) throw notFound('a duty of dutyIds is not on this list');
    const planned = chosen.flatMap((duty) => planShiftsFromDuty(duty, from, body.weeks, identity, now));
    const { created, existing, assignees } = await booking.generateShifts(planned, identity.userId, now);
    return { from, to: addDays(from, body.weeks * 7 - 1), created, existing, assignees };
  },

  async listShifts({ identity, params, query }) {
    await visibleMicroGrid(identity, params.unitId);
    const { from, to } = dateRange(query, nowIso(), 14, 62);
    const page = await shifts.listShiftsOfMicroGrid(params.unitId, instantOf(from, 0), instantOf(addDays(to, 1), 0), query);
    return { ...page, items: page.items.map(viewOf) };
  },

  async getRoster({ identity, params, query }) {
    await visibleMicroGrid(identity, params.unitId);
    const weekStart = mondayOf(query.week ?? today(nowIso()));
    const weekEnd = addDays(weekStart, 6);
    const records = await shifts.allShiftsOfMicroGrid(params.unitId, instantOf(weekStart, 0), instantOf(addDays(weekStart, 7), 0));
    return { unitId: params.unitId, weekStart, weekEnd, shifts: await withNames(records) };
  },

  async getShift({ identity, params }) {
    const { shift } = await visibleShift(identity, params.shiftId);
    return viewOf(await repaired(shift, nowIso()));
  },

  async cancelShift({ identity, params, body }) {
    await managedShift(identity, params.shiftId);
    return viewOf(await booking.cancelShift(params.shiftId, identity.userId, body.reason, nowIso()));
  },

  async getEligibility({ identity, params }) {
    const { shift } = await visibleShift(identity, params.shiftId);
    return booking.eligibilityFor(shift, identity.userId, nowIso());
  },

  async signUp({ identity, params }) {
    await visibleShift(identity, params.shiftId);
    const result = await booking.signUp(params.shiftId, identity.userId, nowIso());
    return { ...result, shift: viewOf(result.shift) };
  },

  async withdraw({ identity, params }) {
    await visibleShift(identity, params.shiftId);
    await booking.withdraw(params.shiftId, identity.userId, identity.userId, nowIso(), { staff: false });
    return undefined;
  },

  async assignVolunteer({ identity, params }) {
    await managedShift(identity, params.shiftId);
    return viewOf(await booking.assign(params.shiftId, params.userId, identity.userId, nowIso()));
  },

  async unassignVolunteer({ identity, params }) {
    await managedShift(identity, params.shiftId);
    await booking.withdraw(params.shiftId, params.userId, identity.userId, nowIso(), { staff: true });
    return undefined;
  },

  async suggestVolunteers({ identity, params }) {
    const { shift } = await managedShift(identity, params.shiftId);
    // A bounded number of reads however many members the micro-grid has (shared/shifts/suggestions.ts).
    return { items: rankSuggestions(shift, await suggestionCandidates(shift, nowIso())) };
  },

  async checkInToShift({ identity, params }) {
    const { shift } = await visibleShift(identity, params.shiftId);
    return viewOf(await checkIn(shift, identity.userId, nowIso()));
  },

  async checkOutOfShift({ identity, params }) {
    const { shift } = await visibleShift(identity, params.shiftId);
    return viewOf(await checkOut(shift, identity.userId, identity.userId, nowIso()));
  },

  async markNoShow({ identity, params, body }) {
    const { shift } = await managedShift(identity, params.shiftId);
    return viewOf(await markNoShow(shift, body.userId, identity.userId, body.comment, nowIso()));
  },

  // ─── Swaps ──────────────────────────────────────────────────────────────────────────────────
  async proposeSwap({ identity, params, body }) {
    const { shift } = await visibleShift(identity, params.shiftId);
    const toMember = await organisation.getMember(shift.microGridId, body.toUserId);
    const swap = planSwap(shift, identity.userId, body.toUserId, toMember !== undefined, newId(), body.note, nowIso());
    await shifts.createSwap(swap, [makeEvent(shiftSwapProposed, swapFacts(swap, shift))]);
    return swap;
  },

  async getSwap({ identity, params }) {
    const swap = await shifts.getSwap(params.swapId);
    if (!swap) throw notFound();
    await swapParties(identity, swap);
    return swap;
  },

  async decideSwap({ identity, params, body }) {
    const swap = await shifts.getSwap(params.swapId);
    if (!swap) throw notFound();
    const { manages } = await swapParties(identity, swap);
    const allowed =
      body.decision === 'accept' || body.decision === 'decline'
        ? identity.userId === swap.toUserId
        : body.decision === 'cancel'
          ? identity.userId === swap.fromUserId
          : manages;
    if (!allowed) throw forbidden(`you cannot ${body.decision} this swap`);
    const shift = await shifts.getShift(swap.shiftId);
    if (!shift) throw notFound();
    const now = nowIso();
    const from = swapTransitions[body.decision];
    const decided = (status: 'done' | 'declined' | 'rejected' | 'cancelled' | 'failed', failure?: string): PendingEvent =>
      makeEvent(shiftSwapDecided, { ...swapFacts(swap, shift), status, decidedBy: identity.userId, ...(failure ? { failure } : {}) });
    const move = async (to: Swap['status'], set: Partial<Swap>, events: PendingEvent[], fromStatuses = from) => {
      if (!(await shifts.transitionSwap(swap.id, fromStatuses, to, set, events))) {
        throw conflict(`the swap is ${(await shifts.getSwap(swap.id))?.status ?? 'gone'}`);
      }
    };
    switch (body.decision) {
      case 'accept':
        await move('accepted', { acceptedAt: now }, [
          makeEvent(shiftSwapAccepted, { ...swapFacts(swap, shift), gridWorkerIds: await booking.gridWorkersOf(swap.microGridId) }),
        ]);
        break;
      case 'decline':
        await move('declined', { decidedAt: now, decidedBy: identity.userId }, [decided('declined')]);
        break;
      case 'cancel':
        await move('cancelled', { decidedAt: now, decidedBy: identity.userId }, [decided('cancelled')]);
        break;
      case 'reject':
        await move('rejected', { decidedAt: now, decidedBy: identity.userId }, [decided('rejected')]);
        break;
      case 'approve': {
        // Approved first, then carried out: an interrupted approval is resumed by approving again.
        await move('approved', { decidedAt: now, decidedBy: identity.userId }, []);
        const failure = await booking.handOver(swap.shiftId, swap.fromUserId, swap.toUserId, identity.userId, now);
        if (failure) await move('failed', { failure }, [decided('failed', failure)], ['approved']);
        else await move('done', {}, [decided('done')], ['approved']);
        break;
      }
    }
    return (await shifts.getSwap(swap.id))!;
  },

  async listSwaps({ identity, params, query }) {
    await managedMicroGrid(identity, params.unitId);
    return shifts.listSwaps(params.unitId, query);
  },

  // ─── Mine ───────────────────────────────────────────────────────────────────────────────────
  async listMyShifts({ identity, query }) {
    const now = nowIso();
    const { from, to } = dateRange(query, now, 28, 62);
    const items = await booking.myShifts(identity.userId, from, to, now);
    return { items: items.map((entry) => ({ ...entry, shift: viewOf(entry.shift) })) };
  },

  async listShiftOptions({ identity, query }) {
    const now = nowIso();
    const { from, to } = dateRange(query, now, 14, 28);
    const memberships = await organisation.listMembershipsOf(identity.userId, { limit: 100 });
    const [availability, claims] = await Promise.all([shifts.getAvailability(identity.userId), claimsByDate(identity.userId, from, to, now)]);
    const options = [];
    for (const membership of memberships.items) {
      const records = await shifts.allShiftsOfMicroGrid(membership.unitId, instantOf(from, 0), instantOf(addDays(to, 1), 0));
      for (const shift of records) {
        const eligibility = decideEligibility({
          shift,
          userId: identity.userId,
          isMember: true,
          availability,
          claims: claims.get(shift.date) ?? [],
          now,
        });
        if (eligibility.outcome !== 'none') options.push({ shift: viewOf(shift), eligibility });
      }
    }
    return { items: options.sort((a, b) => a.shift.start.localeCompare(b.shift.start) || a.shift.id.localeCompare(b.shift.id)) };
  },

  async listMyDuties({ identity, query }) {
    return shifts.listDutiesOfMember(undefined, identity.userId, query);
  },

  async getMyHours({ identity, query }) {
    const month = query.month ?? localMonthOf(nowIso());
    return summariseMyHours(identity.userId, month, await shifts.hoursOfVolunteer(identity.userId, month));
  },

  async getMicroGridHours({ identity, params, query }) {
    await managedMicroGrid(identity, params.unitId);
    const month = query.month ?? localMonthOf(nowIso());
    return summariseUnitHours(params.unitId, month, await shifts.hoursOfMicroGrid(params.unitId, month));
  },

  // ─── Station duty ───────────────────────────────────────────────────────────────────────────
  async getStationDuty({ identity, params }) {
    const station = await getStationState(params.stationId);
    if (!station) throw notFound();
    // Station managers see the duty of the stations they run, and only those.
    const runsIt = identity.role === 'station_manager' && station.station.managers.includes(identity.userId);
    if (identity.role === 'station_manager' && !runsIt) throw notFound();
    const now = nowIso();
    const records = await shifts.shiftsAtStation(
      params.stationId,
      new Date(Date.parse(now) - 12 * 3600_000).toISOString(),
      instantOf(addDays(today(now), 1), 0),
    );
    // A station is public; who staffs it is shown to its manager, and to staff and members of the shifts' micro-grids.
    const visible: ShiftRecord[] = [];
    const units = new Map((await organisation.getOrgUnits([...new Set(records.map((shift) => shift.microGridId))])).map((unit) => [unit.id, unit]));
    for (const shift of records.filter((record) => record.status === 'open' && record.end > now)) {
      const unit = units.get(shift.microGridId);
      const sees =
        runsIt ||
        (unit !== undefined && reaches(identity, unit)) ||
        (await organisation.getMember(shift.microGridId, identity.userId)) !== undefined;
      if (sees) visible.push(shift);
    }
    const named = await withNames(visible);
    return {
      stationId: params.stationId,
      at: now,
      onDuty: named.filter((shift) => shift.start <= now),
      later: named.filter((shift) => shift.start > now),
    };
  },
}, { idempotencyKeys: idempotencyKeyGuard });

