import type { ShiftRecord } from './shift';

/**
 * One volunteer, one place at a time: a volunteer's day item holds the intervals they have claimed,
 * one claim per shift. These are the decisions over claims; the protocol that writes them is in
 * `shared/shifts/claims.ts`.
 */

/**
 * A claim on a volunteer's schedule whose shift does not list them is a leftover of a crash (or a
 * sign-up that is still finishing). Younger than this it counts as real; older, it is released.
 */
export const CLAIM_SETTLE_MS = 2 * 60_000;

/** A booked interval on a volunteer's day: the shift it is for, and who wrote it (a token per attempt). */
export interface ShiftClaim {
  shiftId: string;
  start: string;
  end: string;
  token: string;
  at: string;
}

/** Whether two intervals overlap (one ending as the other starts does not). */
export const overlaps = (a: Pick<ShiftClaim, 'start' | 'end'>, b: Pick<ShiftClaim, 'start' | 'end'>): boolean =>
  a.start < b.end && b.start < a.end;

/** The first claim (for another shift) that collides with a shift. */
export const collidingClaim = (claims: readonly ShiftClaim[], shift: Pick<ShiftRecord, 'id' | 'start' | 'end'>): ShiftClaim | undefined =>
  claims.find((claim) => claim.shiftId !== shift.id && overlaps(claim, shift));

/** Whether a claim is old enough at `now` that no sign-up can still be finishing with it. */
export const hasSettled = (claim: Pick<ShiftClaim, 'at'>, now: Date): boolean => now.getTime() - Date.parse(claim.at) >= CLAIM_SETTLE_MS;

/**
 * Whether a claim is a leftover: its shift does not seat the volunteer (or is gone or cancelled),
 * and it is old enough that no sign-up can still be finishing with it.
 */
export function isStaleClaim(claim: ShiftClaim, shift: ShiftRecord | undefined, userId: string, now: Date): boolean {
  if (shift && shift.status === 'open' && shift.volunteers[userId]) return false;
  return hasSettled(claim, now);
}
