import { notFound } from '../../shared/http/errors';
import { httpFunction, reply, replyText } from '../../shared/http/function';
import { endMembership, joinWithInvitation } from '../../shared/organisation/membership';
import { checkIn, checkOut, markNoShow } from '../../shared/shifts/attendance';
import { calendarFeedText, feedUrlsOf, issueCalendarFeed, revokeCalendarFeed } from '../../shared/shifts/calendar-feed';
import { cancelShift } from '../../shared/shifts/cancellation';
import { viewOf } from '../../shared/shifts/domain/shift';
import { generateFromDuties } from '../../shared/shifts/generation';
import { managedMicroGrid, managedShift, visibleShift } from '../../shared/shifts/micro-grids';
import { myShifts, shiftOptions, withdrawFromFutureShifts } from '../../shared/shifts/my-shifts';
import { dateRangeOf } from '../../shared/shifts/routes/common';
import { CALENDAR_CONTENT_TYPE, shiftSeatRoutes } from '../../shared/shifts/routes/seats';
import { assign } from '../../shared/shifts/seats';
import { eligibilityFor, signUp, withdraw } from '../../shared/shifts/sign-ups';
import { decideSwap, proposeSwap, swapSeenBy } from '../../shared/shifts/swaps';
import { withQueueServed } from '../../shared/shifts/waitlist';

/**
 * Who sits on a shift (shared/shifts/routes/seats.ts): every route that can take or release a seat;
 * the plan and its views are functions/http/shift-planning.ts.
 */
export const handler = httpFunction(shiftSeatRoutes, {
  // ─── Membership (the organisation's; these routes are how micro-grid members join and leave) ──
  async joinMicroGrid({ identity, params, body }) {
    return joinWithInvitation(params.unitId, identity.userId, body.code, new Date());
  },

  async leaveMicroGrid({ identity, params }) {
    const now = new Date();
    if (!(await endMembership(params.unitId, identity.userId, identity.userId, now))) throw notFound();
    await withdrawFromFutureShifts(identity.userId, params.unitId, now);
    return undefined;
  },

  // ─── Generation ─────────────────────────────────────────────────────────────────────────────
  async generateShifts({ identity, params, body }) {
    const unit = await managedMicroGrid(identity, params.unitId);
    return generateFromDuties(identity, unit, body, new Date());
  },

  // ─── A shift: its seats and waitlist ────────────────────────────────────────────────────────
  async getShift({ identity, params }) {
    const { shift } = await visibleShift(identity, params.shiftId);
    return viewOf(await withQueueServed(shift, new Date()));
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

  async cancelShift({ identity, params, body }) {
    await managedShift(identity, params.shiftId);
    return viewOf(await cancelShift(params.shiftId, identity.userId, body.reason, new Date()));
  },

  // ─── Attendance ─────────────────────────────────────────────────────────────────────────────
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

  // ─── Mine ───────────────────────────────────────────────────────────────────────────────────
  async listMyShifts({ identity, query }) {
    const now = new Date();
    const { from, to } = dateRangeOf(query, now, 28, 62);
    const items = await myShifts(identity.userId, from, to, now);
    return { items: items.map((entry) => ({ ...entry, shift: viewOf(entry.shift) })) };
  },

  async listShiftOptions({ identity, query }) {
    const now = new Date();
    const { from, to } = dateRangeOf(query, now, 14, 28);
    return { items: await shiftOptions(identity.userId, from, to, now) };
  },

  // ─── My calendar feed ───────────────────────────────────────────────────────────────────────
  async changeCalendarFeed({ identity, headers, body }) {
    if (body.action === 'revoke') {
      await revokeCalendarFeed(identity.userId);
      return { active: false };
    }
    const token = await issueCalendarFeed(identity.userId, new Date());
    // The URL is the credential: no cache may keep the answer that shows it.
    return reply({ active: true, ...feedUrlsOf(headers, token) }, { headers: { 'cache-control': 'no-store' } });
  },

  async getCalendarFeed({ params }) {
    const text = await calendarFeedText(params.token, new Date());
    // Private: a shared cache must not answer a revoked URL, nor serve one person's feed to the next.
    return replyText(text, CALENDAR_CONTENT_TYPE, { 'cache-control': 'private, max-age=300' });
  },
});
