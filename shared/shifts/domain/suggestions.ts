import type { Availability, AvailabilityFit, Suggestion } from '../model';
import { availabilityFit } from './availability';
import { type ShiftClaim, collidingClaim } from './claims';
import type { ShiftRecord } from './shift';

/** A member who could be asked to cover a shift, with what ranking them needs. */
export interface Candidate {
  userId: string;
  displayName?: string;
  availability: Availability | undefined;
  /** Their claims on the shift's day. */
  claims: readonly ShiftClaim[];
  recentMinutes: number;
}

const fitRank: Record<AvailabilityFit, number> = { fits: 0, partly: 1, unknown: 2, outside: 3 };

/**
 * Who to ask to cover a shift short of people: members not on it and free at that time, those whose
 * availability covers it first (then partly, then unknown, then outside), and within each group
 * the fewest minutes given the micro-grid over the last 30 days first, so the same people are not
 * always asked. (What is read for it, and its bounds: `suggestions.ts`.)
 */
export function rankSuggestions(shift: ShiftRecord, candidates: readonly Candidate[]): Suggestion[] {
  return candidates
    .filter((candidate) => !shift.volunteers[candidate.userId] && !collidingClaim(candidate.claims, shift))
    .map((candidate) => {
      const { fit, ratio } = availabilityFit(candidate.availability, shift);
      return {
        userId: candidate.userId,
        ...(candidate.displayName ? { displayName: candidate.displayName } : {}),
        availability: fit,
        fitRatio: ratio,
        recentMinutes: candidate.recentMinutes,
        waitlisted: shift.waitQueue.includes(candidate.userId),
      };
    })
    .sort(
      (a, b) =>
        fitRank[a.availability] - fitRank[b.availability] ||
        a.recentMinutes - b.recentMinutes ||
        (b.fitRatio ?? 0) - (a.fitRatio ?? 0) ||
        a.userId.localeCompare(b.userId),
    );
}
