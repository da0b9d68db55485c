import { shiftWithdrawn } from '../../events/shifts';
import { makeEvent } from '../events/outbox';
import { conflict, notFound } from '../http/errors';
import { getMember } from '../organisation/repository';
import { assertBudgetLeft, spendAction } from '../rate-limit';
import { type EligibilityInput, SHIFT_WITHDRAWAL_LIMIT, decideEligibility, ineligible } from './domain/eligibility';
import { type ShiftRecord, hasStarted, shiftFacts } from './domain/shift';
import type { Eligibility } from './model';
import { MAX_ATTEMPTS, claimTime, repairClaims, releaseUnlessSeated } from './claims';
import { getAvailability } from './repository/availability';
import { getShift, updateShift } from './repository/shifts';
import { type VolunteerDay, getVolunteerDay, releaseClaim } from './repository/volunteer-days';
import { takeSeat } from './seats';
import { fillFromWaitlist, joinWaitlist, leaveWaitlist } from './waitlist';

/**
 * A volunteer signs up for a shift (a seat if one is free: claim, then seat; else the waitlist) and
 * withdraws from it. The protocol and its invariants are described in `seats.ts`.
 */

/**
 * What decisions about a person and a shift rest on: their membership of its micro-grid, their
 * availability, and their live claims that day (leftovers released); with the day as read, its
 * claims the live ones (a release does not change the day's version, so its version check still holds).
 */
export async function factsAbout(shift: ShiftRecord, userId: string, now: Date): Promise<{ input: EligibilityInput; day: VolunteerDay }> {
  const [member, availability, day] = await Promise.all([
    getMember(shift.microGridId, userId),
    getAvailability(userId),
    getVolunteerDay(userId, shift.date),
  ]);
  const claims = await repairClaims(userId, shift.date, day.claims, now);
  return { input: { shift, userId, isMember: member !== undefined, availability, claims, now }, day: { ...day, claims } };
}

/** What a sign-up by this person would do now, and why. */
export async function eligibilityFor(shift: ShiftRecord, userId: string, now: Date): Promise<Eligibility> {
  return decideEligibility((await factsAbout(shift, userId, now)).input);
}

/** Where a sign-up left the volunteer: seated, or waiting at a position; with availability warnings. */
export interface SignUpResult {
  status: 'signed_up' | 'waitlisted';
  position?: number;
  warnings: Eligibility['warnings'];
  shift: ShiftRecord;
}

/** Where the person stands on the shift now, if anywhere: seated, or waiting at a position. */
async function outcomeFor(shiftId: string, userId: string, warnings: Eligibility['warnings']): Promise<SignUpResult | undefined> {
  const shift = await getShift(shiftId);
  if (!shift) throw notFound();
  if (shift.volunteers[userId]) return { status: 'signed_up', warnings, shift };
  const index = shift.waitQueue.indexOf(userId);
  if (index >= 0) return { status: 'waitlisted', position: index + 1, warnings, shift };
  return undefined;
}

/**
 * A volunteer signs up: a seat if one is free (claim, then seat), else the waitlist. Refusals
 * answer 409 with the reason, and 429 after {@link SHIFT_WITHDRAWAL_LIMIT} withdrawals this hour.
 * Signing up again for the same shift changes nothing.
 */
export async function signUp(shiftId: string, userId: string, now: Date): Promise<SignUpResult> {
  const shift = await getShift(shiftId);
  if (!shift) throw notFound();
  const { input, day } = await factsAbout(shift, userId, now);
  const eligibility = decideEligibility(input);
  if (eligibility.outcome === 'none') throw ineligible(eligibility);
  await assertBudgetLeft(userId, SHIFT_WITHDRAWAL_LIMIT, now);
  const { warnings } = eligibility;

  if (eligibility.outcome === 'sign_up') {
    // The day as repaired above: a change since then fails the claim's version check and is read again.
    const claim = await claimTime(userId, shift, now, day);
    if (!claim.ok) {
      const settled = await outcomeFor(shiftId, userId, warnings);
      if (settled) return settled;
      if (claim.reason === 'overlaps') throw ineligible({ ...eligibility, outcome: 'none', reason: 'overlaps', overlapsShiftId: claim.shiftId });
      throw conflict('a sign-up for this shift is already under way');
    }
    const seated = await takeSeat(shift, userId, 'sign_up', claim.token, userId, now);
    if (seated) return { status: 'signed_up', warnings, shift: seated };
    // Full (or someone waits): give the interval back and queue.
    await releaseUnlessSeated(userId, shift, claim.token);
    const settled = await outcomeFor(shiftId, userId, warnings);
    if (settled) return settled;
  }

  await joinWaitlist(shift, userId, now);
  // A seat may have come free meanwhile: the queue is served first, possibly by us.
  await fillFromWaitlist(shiftId, now);
  const settled = await outcomeFor(shiftId, userId, warnings);
  if (settled) return settled;
  throw ineligible(await eligibilityFor((await getShift(shiftId))!, userId, now));
}

/** What a withdrawal did: gave up a seat, left the waitlist, or nothing (they held neither). */
export type WithdrawOutcome = 'withdrawn' | 'left_waitlist' | 'not_signed_up';

/**
 * Leaves a shift (or its waitlist). The seat goes first, then the claim on the day is released,
 * then the head of the waitlist is promoted: a crash after the seat leaves a claim the read paths
 * release, and a free seat with a queue that the next read of the shift fills.
 */
export async function withdraw(
  shiftId: string,
  userId: string,
  by: string,
  now: Date,
  /** `churn: false` for withdrawals the volunteer did not choose one by one (leaving the micro-grid). */
  options: { staff: boolean; churn?: boolean },
): Promise<WithdrawOutcome> {
  const counted = !options.staff && options.churn !== false;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const shift = await getShift(shiftId);
    if (!shift) throw notFound();
    if (shift.waitQueue.includes(userId)) {
      if (!(await leaveWaitlist(shiftId, userId))) return 'not_signed_up';
      if (counted) await spendAction(userId, SHIFT_WITHDRAWAL_LIMIT, now);
      return 'left_waitlist';
    }
    const slot = shift.volunteers[userId];
    if (!slot) return 'not_signed_up';
    if (slot.checkedInAt) throw conflict('already checked in: check out instead');
    if (!options.staff && hasStarted(shift, now)) throw conflict('the shift has started: ask the grid worker');
    const left = await updateShift(
      shiftId,
      {
        removePaths: [['volunteers', userId]],
        add: { signedUpCount: -1 },
        condition: 'attribute_exists(#vol.#who) AND attribute_not_exists(#vol.#who.#in)',
        names: { '#vol': 'volunteers', '#who': userId, '#in': 'checkedInAt' },
      },
      [makeEvent(shiftWithdrawn, { ...shiftFacts(shift), userId, by })],
    );
    if (!left) continue;
    if (slot.claimToken) await releaseClaim(userId, shift.date, shiftId, slot.claimToken);
    await fillFromWaitlist(shiftId, now);
    // Never refused (the seat goes back to the queue), but a volunteer's own withdrawal is counted.
    if (counted) await spendAction(userId, SHIFT_WITHDRAWAL_LIMIT, now);
    return 'withdrawn';
  }
  throw conflict('the shift is busy; try again');
}
