import type { Station } from '../model';
import { WAITLIST_CAP, nextToPromote } from './rules';
import { getSlot } from './items';
import { recordStore } from './record-store';
import { slotStore } from './slot-store';

/**
 * Gives freed seats to the waitlist, in queue order (first who fits), each promotion a conditional
 * write on the slot with `reservation.promoted` in its outbox. Safe to run any number of times.
 * Returns how many were promoted.
 */
export async function promoteWaitlist(station: Station, start: string, now: Date): Promise<number> {
  let promoted = 0;
  let slot = await getSlot(station.id, start);
  for (let guard = 0; slot && guard < WAITLIST_CAP + 5; guard += 1) {
    const waiter = nextToPromote(slot, station.seats.reservable, now);
    if (!waiter) break;
    if (await slotStore.promote(station, slot, waiter, now)) {
      promoted += 1;
      await recordStore.setRecordStatus(waiter.userId, waiter.reservationId, 'confirmed', now);
    }
    slot = await getSlot(station.id, start);
  }
  return promoted;
}
