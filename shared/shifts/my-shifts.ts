import { listMembershipsOf } from '../organisation/repository';
import { type LocalDate, addDays, instantAt, localDateOf } from '../time/local';
import { type ShiftClaim, isStaleClaim } from './domain/claims';
import { decideEligibility } from './domain/eligibility';
import { MAX_GENERATION_WEEKS } from './domain/generation';
import { type ShiftRecord, hasStarted, viewOf } from './domain/shift';
import type { Eligibility, ShiftView } from './model';
import { repairClaims } from './claims';
import { getAvailability } from './repository/availability';
import { allShiftsOfMicroGrid, getShifts } from './repository/shifts';
import { forgetWaiting, getVolunteerDays, releaseClaim } from './repository/volunteer-days';
import { withdraw } from './sign-ups';

/** A volunteer's own view: their shifts, the shifts open to them, and leaving a micro-grid's shifts behind. */

/** One of a volunteer's shifts: seated, or waiting at a position. */
export interface MyShift {
  shift: ShiftRecord;
  status: 'signed_up' | 'waitlisted';
  position?: number;
}

/**
 * A volunteer's shifts on local dates [from, to]: their day items name the shifts (claims and
 * waitlist notes); each is checked against the shift item, which is the truth, and leftovers are
 * tidied on the way.
 */
export async function myShifts(userId: string, from: LocalDate, to: LocalDate, now: Date): Promise<MyShift[]> {
  const days = await getVolunteerDays(userId, from, to);
  const ids = days.flatMap((day) => [...day.claims.map((claim) => claim.shiftId), ...day.waiting.map((entry) => entry.shiftId)]);
  const found = await getShifts(ids);
  const mine = new Map<string, MyShift>();
  for (const day of days) {
    for (const claim of day.claims) {
      const shift = found.get(claim.shiftId);
      if (shift?.status === 'open' && shift.volunteers[userId]) mine.set(shift.id, { shift, status: 'signed_up' });
      else if (isStaleClaim(claim, shift, userId, now)) await releaseClaim(userId, day.date, claim.shiftId, claim.token);
    }
    for (const entry of day.waiting) {
      const shift = found.get(entry.shiftId);
      const index = shift?.waitQueue.indexOf(userId) ?? -1;
      if (shift?.status === 'open' && index >= 0) mine.set(shift.id, { shift, status: 'waitlisted', position: index + 1 });
      else if (shift?.status !== 'open' || !shift.volunteers[userId]) await forgetWaiting(userId, day.date, entry.shiftId);
    }
  }
  return [...mine.values()].sort((a, b) => a.shift.start.localeCompare(b.shift.start) || a.shift.id.localeCompare(b.shift.id));
}

/** How far ahead leaving a micro-grid gives its seats back: as far as shifts are generated. */
const LEAVING_HORIZON_DAYS = 7 * MAX_GENERATION_WEEKS;

/**
 * Gives back a volunteer's future seats (and waitlist places) in a micro-grid they left, to it and
 * its waitlists; shifts under way stay theirs. Not counted as churn: they did not choose each one.
 */
export async function withdrawFromFutureShifts(userId: string, microGridId: string, now: Date): Promise<void> {
  const today = localDateOf(now);
  const mine = await myShifts(userId, today, addDays(today, LEAVING_HORIZON_DAYS), now);
  for (const { shift } of mine.filter((entry) => entry.shift.microGridId === microGridId && !hasStarted(entry.shift, now))) {
    await withdraw(shift.id, userId, userId, now, { staff: false, churn: false });
  }
}

/** A volunteer's live claims on the dates they have any, for eligibility over many shifts. */
async function claimsByDate(userId: string, from: LocalDate, to: LocalDate, now: Date): Promise<Map<string, ShiftClaim[]>> {
  const days = await getVolunteerDays(userId, from, to);
  const byDate = new Map<string, ShiftClaim[]>();
  // The days just read hold their claims: repair those, rather than read each day again.
  for (const day of days) if (day.claims.length > 0) byDate.set(day.date, await repairClaims(userId, day.date, day.claims, now));
  return byDate;
}

/** A shift open to a member, with what a sign-up would do and why. */
export interface ShiftOption {
  shift: ShiftView;
  eligibility: Eligibility;
}

/** The shifts a member can take in their micro-grids on local dates [from, to], with why and how they fit, by start. */
export async function shiftOptions(userId: string, from: LocalDate, to: LocalDate, now: Date): Promise<ShiftOption[]> {
  const memberships = await listMembershipsOf(userId, { limit: 100 });
  const [availability, claims] = await Promise.all([getAvailability(userId), claimsByDate(userId, from, to, now)]);
  const options: ShiftOption[] = [];
  for (const membership of memberships.items) {
    const records = await allShiftsOfMicroGrid(membership.unitId, instantAt(from, 0), instantAt(addDays(to, 1), 0));
    for (const shift of records) {
      const eligibility = decideEligibility({ shift, userId, isMember: true, availability, claims: claims.get(shift.date) ?? [], now });
      if (eligibility.outcome !== 'none') options.push({ shift: viewOf(shift), eligibility });
    }
  }
  return options.sort((a, b) => a.shift.start.localeCompare(b.shift.start) || a.shift.id.localeCompare(b.shift.id));
}
