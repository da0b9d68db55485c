import { ProblemError } from '../../http/errors';
import type { AssigneeRefusal, Availability, AvailabilityFit, Eligibility } from '../model';
import { availabilityFit } from './availability';
import { type ShiftClaim, collidingClaim } from './claims';
import { type ShiftRecord, hasEnded } from './shift';

/**
 * A volunteer who has withdrawn from (or left the waitlist of) this many shifts in an hour cannot
 * sign up for another until the hour ends (429, with Retry-After): a sign-up/withdraw loop stops,
 * while signing up for a month of shifts at once is never limited. A withdrawal itself is never
 * refused (it frees a seat for the waitlist).
 */
export const SHIFT_WITHDRAWAL_LIMIT = { action: 'shift-withdrawals', max: 10, windowSeconds: 3600 } as const;

/** A shift outside (or partly outside) someone's availability is allowed, with a warning. */
const warningsOf = (fit: AvailabilityFit): Eligibility['warnings'] => (fit === 'outside' || fit === 'partly' ? ['outside_availability'] : []);

/** What deciding about a person and a shift rests on. */
export interface EligibilityInput {
  shift: ShiftRecord;
  userId: string;
  isMember: boolean;
  availability: Availability | undefined;
  /** The volunteer's live claims on the shift's day (leftovers already repaired). */
  claims: readonly ShiftClaim[];
  now: Date;
}

/**
 * Whether a volunteer may sign up, and why, in engelsystem's spirit: one reason, checked in a fixed
 * order. Outside one's availability is allowed, with a warning; a full shift means the waitlist.
 */
export function decideEligibility({ shift, userId, isMember, availability, claims, now }: EligibilityInput): Eligibility {
  const { fit } = availabilityFit(availability, shift);
  const base = { shiftId: shift.id, availability: fit, warnings: [] as Eligibility['warnings'] };
  const refuse = (reason: Eligibility['reason'], extra: Partial<Eligibility> = {}): Eligibility => ({
    ...base,
    outcome: 'none',
    reason,
    ...extra,
  });
  if (shift.status === 'cancelled') return refuse('cancelled');
  if (hasEnded(shift, now)) return refuse('ended');
  if (!isMember) return refuse('not_member');
  if (shift.volunteers[userId]) return refuse('signed_up');
  if (shift.waitQueue.includes(userId)) return refuse('waitlisted');
  const collision = collidingClaim(claims, shift);
  if (collision) return refuse('overlaps', { overlapsShiftId: collision.shiftId });
  const warnings = warningsOf(fit);
  // Waiting people go first: a free seat with a queue belongs to the queue.
  const full = shift.signedUpCount >= shift.headcount || shift.waitQueue.length > 0;
  return { ...base, warnings, outcome: full ? 'waitlist' : 'sign_up', reason: full ? 'full' : 'free' };
}

/** Whether a generated shift's assignee is seated on it, or why not. */
export type AssigneeDecision =
  | { seat: true; alreadySeated: boolean; warnings: Eligibility['warnings'] }
  | { seat: false; reason: Exclude<AssigneeRefusal, 'in_progress'>; overlapsShiftId?: string };

/**
 * Whether the member a duty belongs to is seated on a shift generated from it, as the grid worker's
 * direct assignment would seat them: a member, free at that time, a seat within the headcount. The
 * waitlist does not stand in the way (an assignment takes them off it), and their availability does
 * not either: it is their duty, so outside it they are seated with a warning.
 */
export function decideAssigneeSeat({ shift, userId, isMember, availability, claims, now }: EligibilityInput): AssigneeDecision {
  if (shift.status === 'cancelled') return { seat: false, reason: 'cancelled' };
  if (hasEnded(shift, now)) return { seat: false, reason: 'ended' };
  if (!isMember) return { seat: false, reason: 'not_member' };
  const { fit } = availabilityFit(availability, shift);
  const warnings = warningsOf(fit);
  if (shift.volunteers[userId]) return { seat: true, alreadySeated: true, warnings };
  const collision = collidingClaim(claims, shift);
  if (collision) return { seat: false, reason: 'overlaps', overlapsShiftId: collision.shiftId };
  if (shift.signedUpCount >= shift.headcount) return { seat: false, reason: 'full' };
  return { seat: true, alreadySeated: false, warnings };
}

/** A refusal as the API answers it: 409 with the reason as the field error's code. */
export function ineligible(eligibility: Eligibility): ProblemError {
  const messages: Record<Eligibility['reason'], string> = {
    free: 'free',
    full: 'the shift is full',
    signed_up: 'you are already signed up for this shift',
    waitlisted: 'you are already on the waitlist',
    overlaps: `it overlaps your shift ${eligibility.overlapsShiftId ?? ''}`.trim(),
    ended: 'the shift has ended',
    cancelled: 'the shift was cancelled',
    not_member: 'only members of the micro-grid sign up for its shifts',
  };
  const message = messages[eligibility.reason];
  return new ProblemError('shift_not_eligible', message, [{ field: 'path.shiftId', code: eligibility.reason, message }]);
}

