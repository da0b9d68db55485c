import { spendAction } from '../../rate-limit';
import type { Cancellation, Reservation } from '../model';
import { getMyReservation } from './reads';
import { RESERVATION_CHURN_LIMIT, assertCancellable } from './rules';
import { leaveSlotOf } from './departures';
import { ledgerStore } from './ledger-store';
import { recordStore } from './record-store';

/**
 * Cancels a reservation (or leaves the waitlist) before its slot starts: the slot gives the seats
 * back first, with `reservation.cancelled` in its outbox (the waitlist consumer then promotes the
 * next person); then the record; then the claim.
 *
 * The holder may say why (`cancellation`): the reason rides in the event, so whoever counts
 * cancellations needs no one's record; the record keeps the reason and the note, for its holder. (A
 * crash between the slot and the record leaves the record to the read path, which repairs its status
 * from the slot but cannot know the reason: the event still has it.)
 */
export async function cancelReservation(userId: string, reservationId: string, now: Date, cancellation?: Cancellation): Promise<Reservation> {
  const record = await getMyReservation(userId, reservationId, now);
  assertCancellable(record, now);
  // Never refused (that would keep the seat from the waitlist), but it spends the person's budget.
  await spendAction(userId, RESERVATION_CHURN_LIMIT, now);
  await leaveSlotOf(userId, record, { reservationId, status: 'cancelled' }, now, cancellation?.reason);
  await recordStore.cancelRecord(userId, reservationId, cancellation, now);
  await ledgerStore.releaseClaim(userId, reservationId);
  return { ...record, status: 'cancelled', ...(cancellation ? { cancellation } : {}), updatedAt: now.toISOString() };
}
