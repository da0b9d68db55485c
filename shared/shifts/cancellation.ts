import { shiftCancelled } from '../../events/shifts';
import { makeEvent } from '../events/outbox';
import { conflict, notFound } from '../http/errors';
import { type ShiftRecord, hasEnded, shiftFacts } from './domain/shift';
import { outOfReminders } from './repository/reminders';
import { getShift, updateShiftReturning } from './repository/shifts';
import { releaseClaim } from './repository/volunteer-days';

/**
 * The grid worker cancels a shift: one conditional write marks it cancelled, takes it out of the
 * reminders' worklist and carries the event that tells everyone on it. The volunteers' claims are
 * released right after (by their tokens); one a crash leaves is a leftover the read paths release,
 * since a cancelled shift seats nobody.
 */
export async function cancelShift(shiftId: string, by: string, reason: string | undefined, now: Date): Promise<ShiftRecord> {
  const shift = await getShift(shiftId);
  if (!shift) throw notFound();
  if (shift.status === 'cancelled') return shift;
  if (hasEnded(shift, now)) throw conflict('the shift is over');
  const cancelled = await updateShiftReturning(
    shiftId,
    {
      set: { status: 'cancelled', cancelledAt: now.toISOString(), cancelledBy: by, ...(reason ? { cancelReason: reason } : {}) },
      ...outOfReminders,
      condition: '#status = :open',
      names: { '#status': 'status' },
      values: { ':open': 'open' },
    },
    [
      makeEvent(shiftCancelled, {
        ...shiftFacts(shift),
        volunteerIds: Object.keys(shift.volunteers).sort(),
        waitlist: shift.waitQueue,
        by,
        ...(reason ? { reason } : {}),
      }),
    ],
  );
  if (!cancelled) return cancelShift(shiftId, by, reason, now);
  for (const [userId, slot] of Object.entries(shift.volunteers)) {
    if (slot.claimToken) await releaseClaim(userId, shift.date, shiftId, slot.claimToken);
  }
  return cancelled;
}
