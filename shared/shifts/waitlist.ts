import { conflict } from '../http/errors';
import { getMember } from '../organisation/repository';
import { type ShiftRecord, hasEnded } from './domain/shift';
import { MAX_ATTEMPTS, claimTime, releaseUnlessSeated } from './claims';
import { getShift, updateShift } from './repository/shifts';
import { forgetWaiting, noteWaiting } from './repository/volunteer-days';
import { takeSeat } from './seats';

/**
 * The waitlist of a shift: a list on the shift item, first come first served. A free seat with
 * people waiting belongs to the head of the queue; serving the queue is idempotent, so every path
 * that may leave a free seat and a queue behind (a withdrawal, a crash after one) just serves it again.
 */

/**
 * Puts someone at the end of the queue, unless they are seated or queued already, or the shift is
 * cancelled or over; their day notes it (secondary, for "my shifts"). False when not queued.
 */
export async function joinWaitlist(shift: ShiftRecord, userId: string, now: Date): Promise<boolean> {
  const joined = await updateShift(
    shift.id,
    {
      append: { waitQueue: [userId] },
      condition: 'attribute_not_exists(#vol.#who) AND NOT contains(#queue, :who) AND #status = :open AND #end > :now',
      names: { '#vol': 'volunteers', '#who': userId, '#queue': 'waitQueue', '#status': 'status', '#end': 'end' },
      values: { ':who': userId, ':open': 'open', ':now': now.toISOString() },
    },
    [],
  );
  if (joined) await noteWaiting(userId, shift.date, shift.id, now);
  return joined;
}

/** Takes someone off the waitlist; false if they were not on it. */
export async function leaveWaitlist(shiftId: string, userId: string): Promise<boolean> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const shift = await getShift(shiftId);
    const index = shift?.waitQueue.indexOf(userId) ?? -1;
    if (!shift || index < 0) return false;
    const removed = await updateShift(
      shiftId,
      { removePaths: [['waitQueue', index]], condition: `#queue[${index}] = :who`, names: { '#queue': 'waitQueue' }, values: { ':who': userId } },
      [],
    );
    if (removed) {
      await forgetWaiting(userId, shift.date, shiftId);
      return true;
    }
  }
  throw conflict('the waitlist is busy; try again');
}

/** Drops the head of the queue (they can no longer take the seat). */
async function dropHead(shift: ShiftRecord, userId: string): Promise<void> {
  await updateShift(
    shift.id,
    { removePaths: [['waitQueue', 0]], condition: '#queue[0] = :who', names: { '#queue': 'waitQueue' }, values: { ':who': userId } },
    [],
  );
  await forgetWaiting(userId, shift.date, shift.id);
}

/**
 * Gives free seats to the waitlist, first come first served. Idempotent: run after a withdrawal,
 * after joining the queue, and on reads of a shift that shows a free seat and a queue (which is
 * what a crash after a withdrawal leaves). Someone who left the micro-grid, or who is now busy at
 * that time, is dropped from the queue.
 */
export async function fillFromWaitlist(shiftId: string, now: Date): Promise<number> {
  let promoted = 0;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const shift = await getShift(shiftId);
    if (!shift || shift.status !== 'open' || hasEnded(shift, now)) return promoted;
    if (shift.signedUpCount >= shift.headcount || shift.waitQueue.length === 0) return promoted;
    const head = shift.waitQueue[0]!;
    if (!(await getMember(shift.microGridId, head))) {
      await dropHead(shift, head);
      continue;
    }
    const claim = await claimTime(head, shift, now);
    if (!claim.ok) {
      if (claim.reason === 'overlaps') {
        await dropHead(shift, head);
        continue;
      }
      // Another promotion of the same person is under way: it finishes the job.
      return promoted;
    }
    if (await takeSeat(shift, head, 'promoted', claim.token, 'waitlist', now)) {
      promoted += 1;
      await forgetWaiting(head, shift.date, shiftId);
    } else {
      await releaseUnlessSeated(head, shift, claim.token);
    }
  }
  return promoted;
}

/** Whether a shift shows a free seat with people waiting: what a crash after a withdrawal leaves. */
export const hasUnservedQueue = (shift: ShiftRecord): boolean =>
  shift.status === 'open' && shift.signedUpCount < shift.headcount && shift.waitQueue.length > 0;

/** The shift with its queue served first, should it show a free seat and people waiting (read it again then). */
export async function withQueueServed(shift: ShiftRecord, now: Date): Promise<ShiftRecord> {
  if (!hasUnservedQueue(shift)) return shift;
  await fillFromWaitlist(shift.id, now);
  return (await getShift(shift.id)) ?? shift;
}
