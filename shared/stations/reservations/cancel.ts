import { spendAction } from '../../rate-limit';
import type { Reservation } from '../model';
import { getMyReservation } from './reads';
import { RESERVATION_CHURN_LIMIT, assertCancellable } from './rules';
import { getSlot } from './items';
import { reservationStore } from './store';

/**
 * Cancels a reservation (or leaves the waitlist) before its slot starts: the slot gives the seats
 * back first, with `reservation.cancelled` in its outbox (the waitlist consumer then promotes the
 * next person); then the record; then the claim.
 */
export async function cancelReservation(userId: string, reservationId: string, now: Date): Promise<Reservation> {
  const record = await getMyReservation(userId, reservationId, now);
  assertCancellable(record, now);
  // Never refused (that would keep the seat from the waitlist), but it spends the person's budget.
  await spendAction(userId, RESERVATION_CHURN_LIMIT, now);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const slot = await getSlot(record.stationId, record.start);
    const inSlot = slot?.holders.some((h) => h.reservationId === reservationId) || slot?.waitlist.some((w) => w.reservationId === reservationId);
    if (!slot || !inSlot) break;
    // Refused when promoted from the waitlist meanwhile: read again and cancel the seat instead.
    if (await reservationStore.leaveSlot(slot, userId, { reservationId, status: 'cancelled' }, now)) break;
  }
  await reservationStore.setRecordStatus(userId, reservationId, 'cancelled', now);
  await reservationStore.releaseClaim(userId, reservationId);
  return { ...record, status: 'cancelled', updatedAt: now.toISOString() };
}
