import type { CancelReason } from '../model';
import type { Departure, MovedFrom } from './codec';
import { getSlot } from './items';
import { type SeatSlot, slotTruthOf } from './rules';
import { ledgerStore } from './ledger-store';
import { recordStore } from './record-store';
import { slotStore } from './slot-store';

/**
 * A reservation leaving its slot at its holder's word: cancelled (cancel.ts), or moved to another slot
 * (move.ts). The slot first — it frees the seat or the place in the queue, with the event that gives
 * it to the waitlist — then the person's own items.
 */

/**
 * How {@link leaveSlotOf} ended: `left` now; `gone` already (the slot, as last read, says how); or
 * `refused` by every try, the reservation still in the slot.
 */
export type Leaving = { outcome: 'left' } | { outcome: 'gone'; slot?: SeatSlot } | { outcome: 'refused' };

/**
 * Takes a reservation off its slot, if the slot still holds it (as a holder or a waiter), leaving the
 * departure mark. A refused write (promoted from the waitlist meanwhile) is read again and retried, a
 * few times.
 */
export async function leaveSlotOf(
  userId: string,
  slotOfReservation: { stationId: string; start: string },
  departure: Departure,
  now: Date,
  reason?: CancelReason,
): Promise<Leaving> {
  const { reservationId } = departure;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const slot = await getSlot(slotOfReservation.stationId, slotOfReservation.start);
    const inSlot = slot?.holders.some((h) => h.reservationId === reservationId) || slot?.waitlist.some((w) => w.reservationId === reservationId);
    if (!slot || !inSlot) return { outcome: 'gone', ...(slot ? { slot } : {}) };
    if (await slotStore.leaveSlot(slot, userId, departure, now, reason)) return { outcome: 'left' };
  }
  return { outcome: 'refused' };
}

/**
 * Gives up the place of a reservation a move replaced, once the new one holds its seat: run by the
 * move itself, and again by the `station-waitlist` consumer from `reservation.moved` (written with the
 * new seat), so a move that died between the two is finished. Idempotent, and it touches nothing but
 * `from`: the slot's write is conditional on its entry naming that very reservation, so a seat the
 * person took there again since, under another reservation, stays theirs. Its record says `moved`
 * only when the slot says so (a reservation cancelled before the move could release it stays
 * cancelled); its claim is given back.
 */
export async function releaseMovedReservation(userId: string, from: MovedFrom, movedTo: string, now: Date): Promise<void> {
  const leaving = await leaveSlotOf(userId, from, { reservationId: from.reservationId, status: 'moved', movedTo }, now);
  // Still in its slot: the person's claim and record must keep saying so. The caller tries again
  // (the consumer throws, so the bus redelivers).
  if (leaving.outcome === 'refused') throw new Error(`reservation ${from.reservationId} kept its place in its slot through every try`);
  const movedAway = leaving.outcome === 'left' || (leaving.slot && slotTruthOf(leaving.slot, from.reservationId, now)?.status === 'moved');
  if (movedAway) await recordStore.markMoved(userId, from.reservationId, movedTo, now);
  await ledgerStore.releaseClaim(userId, from.reservationId);
}
