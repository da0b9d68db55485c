import { shiftSignedUp } from '../../events/shifts';
import { makeEvent } from '../events/outbox';
import { ProblemError, conflict, notFound } from '../http/errors';
import { getMember } from '../organisation/repository';
import { type ShiftRecord, hasEnded, shiftFacts } from './domain/shift';
import { type ClaimResult, MAX_ATTEMPTS, claimTime, releaseUnlessSeated } from './claims';
import { getShift, updateShiftReturning } from './repository/shifts';
import { type VolunteerDay, forgetWaiting } from './repository/volunteer-days';

/**
 * Seats on shifts, without transactions. Two invariants, each in one item:
 *
 * - **Headcount** lives on the shift item: a seat is a conditional update (`signedUpCount <
 *   headcount`, not seated yet, nobody waiting) that adds the volunteer to the `volunteers` map and
 *   the count in one write. The waitlist is a list on the same item, appended to atomically.
 * - **One place at a time** lives on the volunteer's day item (`USER#<id>` / `SCHEDULE#<date>`): the
 *   intervals they hold, with a version (see `claims.ts`).
 *
 * The order is: **claim the interval on the day item first, then take the seat on the shift**. If
 * the seat cannot be had (full), the claim is released. A crash between the two leaves a claim
 * without a seat: harmless for headcount, and the read paths (every claim, "my shifts") treat a
 * claim older than `CLAIM_SETTLE_MS` whose shift does not seat the volunteer as a leftover and
 * release it. The reverse order could leave a seat without a claim, which would let a later
 * overlapping sign-up through: that is why the claim comes first.
 *
 * A shift generated from a duty with an assignee is created naming them (`pendingAssignee`); they
 * are then seated as the grid worker's assignment seats anyone (claim, then seat), and the seat's
 * write removes the name, on the condition that it is still there. Any seat of theirs removes it too.
 * So the name is honoured once (see `generation.ts`).
 *
 * Sign-ups and withdrawals are `sign-ups.ts`, the waitlist `waitlist.ts`.
 */

const seatNames = {
  '#vol': 'volunteers',
  '#count': 'signedUpCount',
  '#headcount': 'headcount',
  '#status': 'status',
  '#end': 'end',
};

/** How a seat is taken: `sign_up` by the volunteer, `promoted` off the waitlist, `assigned` by the grid worker. */
export type SeatVia = 'sign_up' | 'promoted' | 'assigned';

/**
 * Takes a seat with a claim already made. `sign_up` only when nobody waits (the queue goes first);
 * `promoted` only for the head of the queue, removed in the same write; `assigned` by the grid
 * worker, taking the person off the queue if they were on it (`queueIndex`). `asPendingAssignee` (a
 * generation run's seat): only while the shift still names them as its pending assignee; the same
 * write marks the notice owed to them (`assigneeNoticeDue`) and its event says `generated`. A seat
 * of the pending assignee, by any path, removes the name. Undefined when the seat could not be had.
 */
export async function takeSeat(
  shift: ShiftRecord,
  userId: string,
  via: SeatVia,
  token: string,
  by: string,
  now: Date,
  queueIndex = -1,
  asPendingAssignee?: { runId: string },
): Promise<ShiftRecord | undefined> {
  const at = now.toISOString();
  const conditions = ['attribute_not_exists(#vol.#who)', '#count < #headcount', '#status = :open', '#end > :now'];
  const removePaths: (string | number)[][] = [];
  const values: Record<string, unknown> = { ':open': 'open', ':now': at };
  const names: Record<string, string> = { ...seatNames, '#who': userId };
  const set: Record<string, unknown> = {};
  if (asPendingAssignee) {
    conditions.push('#pending = :assignee');
    names['#pending'] = 'pendingAssignee';
    values[':assignee'] = userId;
    set.assigneeNoticeDue = { userId, runId: asPendingAssignee.runId, at };
  }
  // The name can only ever be this person's, so removing it needs no condition of its own.
  const remove = asPendingAssignee || shift.pendingAssignee === userId ? ['pendingAssignee'] : [];
  if (via === 'sign_up') {
    conditions.push('size(#queue) = :zero');
    values[':zero'] = 0;
  } else if (via === 'promoted' || queueIndex >= 0) {
    const index = via === 'promoted' ? 0 : queueIndex;
    conditions.push(`#queue[${index}] = :who`);
    values[':who'] = userId;
    removePaths.push(['waitQueue', index]);
  }
  if (conditions.some((c) => c.includes('#queue'))) names['#queue'] = 'waitQueue';
  return updateShiftReturning(
    shift.id,
    {
      set,
      setPaths: [[['volunteers', userId], { via, at, claimToken: token }]],
      add: { signedUpCount: 1 },
      remove,
      removePaths,
      condition: conditions.join(' AND '),
      names,
      values,
    },
    [makeEvent(shiftSignedUp, { ...shiftFacts(shift), userId, via, by, ...(asPendingAssignee ? { generated: true } : {}) })],
  );
}

/** A seat taken (the shift as written), or why not. */
export type SeatAttempt = { ok: true; shift: ShiftRecord } | Exclude<ClaimResult, { ok: true }> | { ok: false; reason: 'lost' };

/**
 * The grid worker's seat for a member: claim their time, then take the seat (off the waitlist if
 * they were on it). `lost` when the seat could not be had after all (read the shift again).
 */
export async function seatAssigned(
  shift: ShiftRecord,
  userId: string,
  by: string,
  now: Date,
  options: { asPendingAssignee?: { runId: string }; day?: VolunteerDay } = {},
): Promise<SeatAttempt> {
  const claim = await claimTime(userId, shift, now, options.day);
  if (!claim.ok) return claim;
  const queueIndex = shift.waitQueue.indexOf(userId);
  const seated = await takeSeat(shift, userId, 'assigned', claim.token, by, now, queueIndex, options.asPendingAssignee);
  if (seated) {
    if (queueIndex >= 0) await forgetWaiting(userId, shift.date, shift.id);
    return { ok: true, shift: seated };
  }
  await releaseUnlessSeated(userId, shift, claim.token);
  return { ok: false, reason: 'lost' };
}

/** The grid worker puts a member on a shift directly (headcount still holds; availability does not matter). */
export async function assign(shiftId: string, userId: string, by: string, now: Date): Promise<ShiftRecord> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const shift = await getShift(shiftId);
    if (!shift) throw notFound();
    if (shift.volunteers[userId]) return shift;
    if (shift.status !== 'open') throw new ProblemError('conflict', 'the shift was cancelled');
    if (hasEnded(shift, now)) throw new ProblemError('conflict', 'the shift has ended');
    if (!(await getMember(shift.microGridId, userId))) throw notFound(`${userId} is not a member of this micro-grid`);
    if (shift.signedUpCount >= shift.headcount) throw conflict('the shift is full');
    const seat = await seatAssigned(shift, userId, by, now);
    if (seat.ok) return seat.shift;
    if (seat.reason === 'overlaps') {
      throw new ProblemError('shift_not_eligible', `overlaps their shift ${seat.shiftId}`, [
        { field: 'path.userId', code: 'overlaps', message: `overlaps their shift ${seat.shiftId}` },
      ]);
    }
    if (seat.reason === 'in_progress') throw conflict('a sign-up of theirs for this shift is under way');
  }
  throw conflict('the shift is busy; try again');
}
