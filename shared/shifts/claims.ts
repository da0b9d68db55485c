import { randomBytes } from 'node:crypto';
import { conflict } from '../http/errors';
import { type ShiftClaim, collidingClaim, hasSettled, isStaleClaim, overlaps } from './domain/claims';
import type { ShiftRecord } from './domain/shift';
import { getShift, getShifts } from './repository/shifts';
import { type VolunteerDay, getVolunteerDay, releaseClaim, writeClaim } from './repository/volunteer-days';

/**
 * One place at a time, the claim half of taking a seat (see `seats.ts` for the whole protocol): the
 * volunteer's day item holds the intervals they have claimed, with a version. Two sign-ups of the
 * same person contend on it; the write is conditional on the version they read, so the second sees
 * the first's interval.
 *
 * Every claim write carries a fresh token, and a seat records the token it was taken with; a claim
 * is only ever released by its token, so no one removes a claim another attempt still relies on.
 * A claim whose shift does not seat the volunteer and that is older than `CLAIM_SETTLE_MS` is a
 * leftover of a crash: the read paths release it.
 */

/** How often a write that lost to a concurrent one is tried again before the caller is answered 409. */
export const MAX_ATTEMPTS = 25;

const newToken = () => randomBytes(9).toString('base64url');

/** A claim made (with its token), or why not: another shift of theirs overlaps, or another attempt for this seat is under way. */
export type ClaimResult =
  | { ok: true; token: string }
  | { ok: false; reason: 'overlaps'; shiftId: string }
  | { ok: false; reason: 'in_progress' };

/**
 * Releases leftover claims among `claims` (those old enough whose shift does not seat the
 * volunteer) and returns the ones still live.
 */
export async function repairClaims(userId: string, date: string, claims: readonly ShiftClaim[], now: Date): Promise<ShiftClaim[]> {
  const old = claims.filter((claim) => hasSettled(claim, now));
  if (old.length === 0) return [...claims];
  const found = await getShifts(old.map((claim) => claim.shiftId));
  const released = new Set<string>();
  for (const claim of old) {
    if (isStaleClaim(claim, found.get(claim.shiftId), userId, now)) {
      await releaseClaim(userId, date, claim.shiftId, claim.token);
      released.add(claim.shiftId);
    }
  }
  return claims.filter((claim) => !released.has(claim.shiftId));
}

/**
 * Claims a shift's interval on the volunteer's day: refused if it overlaps another live claim, or
 * if a claim for this very shift exists (another attempt for the same seat is under way).
 */
export async function claimTime(userId: string, shift: ShiftRecord, now: Date, read?: VolunteerDay): Promise<ClaimResult> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    // A day read moments ago will do for the first attempt: the version check catches any change since.
    const day = attempt === 0 && read ? read : await getVolunteerDay(userId, shift.date);
    // Only claims that matter to this shift are worth repairing here.
    const relevant = day.claims.filter((claim) => claim.shiftId === shift.id || overlaps(claim, shift));
    const live = await repairClaims(userId, shift.date, relevant, now);
    if (live.some((claim) => claim.shiftId === shift.id)) return { ok: false, reason: 'in_progress' };
    const colliding = collidingClaim(live, shift);
    if (colliding) return { ok: false, reason: 'overlaps', shiftId: colliding.shiftId };
    const token = newToken();
    // Releases do not bump the version, so the version read above still guards this write.
    const claim = { shiftId: shift.id, start: shift.start, end: shift.end, token, at: now.toISOString() };
    if (await writeClaim(day, claim)) return { ok: true, token };
  }
  throw conflict('too many simultaneous changes to your schedule; try again');
}

/** Releases the claim an attempt made, unless the volunteer holds the seat after all. */
export async function releaseUnlessSeated(userId: string, shift: ShiftRecord, token: string): Promise<void> {
  const fresh = await getShift(shift.id);
  if (fresh?.volunteers[userId]) return;
  await releaseClaim(userId, shift.date, shift.id, token);
}
