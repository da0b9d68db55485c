import { stationKeys as keys } from '../../table/design';
import { queryPage } from '../../table/query';
import { readShards } from '../../table/shards';
import { getVisitItem } from '../occupancy';
import { slotOf } from './codec';
import { type SeatSlot, nextNoShowAt, noShowsOf } from './rules';
import { getSlot } from './items';
import { ledgerStore } from './ledger-store';
import { recordStore } from './record-store';
import { SLOT_NO_SHOW_SHARDS, slotStore } from './slot-store';

/**
 * No-shows: a holder who has not checked in 15 minutes after their slot starts loses the seat to
 * the waitlist. Every read of a slot settles its no-shows first ({@link settleNoShows}), so nobody
 * waits for the sweep; the sweep releases the seats nobody reads.
 */

/**
 * The slot with the seats of holders who have not checked in by their no-show time released, each
 * with `reservation.released` in the slot's outbox, then their record and claim settled. A holder
 * whose visit item names this reservation did arrive (the mark on the slot was lost): they are
 * marked instead. Returns the slot as it is after (as it was when nothing was due).
 */
export async function settleNoShows(slot: SeatSlot, now: Date): Promise<SeatSlot> {
  const due = noShowsOf(slot, now);
  if (due.length === 0) return slot;
  for (const holder of due) {
    const visit = await getVisitItem(holder.userId);
    if (visit?.reservationId === holder.reservationId) {
      await markCheckedIn(slot.stationId, slot.start, holder.userId, holder.reservationId, new Date(visit.since));
      continue;
    }
    const released = await slotStore.leaveSlot(slot, holder.userId, { reservationId: holder.reservationId, status: 'no_show' }, now);
    if (!released) continue;
    await recordStore.setRecordStatus(holder.userId, holder.reservationId, 'no_show', now);
    await ledgerStore.releaseClaim(holder.userId, holder.reservationId);
  }
  return (await getSlot(slot.stationId, slot.start)) ?? slot;
}

/** Marks a holder as arrived, on the slot (so the no-show release passes them by) and on their record. */
export async function markCheckedIn(stationId: string, start: string, userId: string, reservationId: string, at: Date): Promise<void> {
  await slotStore.markArrived(stationId, start, userId, reservationId, at);
  await recordStore.setRecordStatus(userId, reservationId, 'checked_in', at);
}

/**
 * The schedule's part: slots whose no-show time has come (byDue), released even when nobody reads
 * them; then the slot leaves the worklist, or moves to its next no-show time. Returns how many seats
 * were due.
 */
export async function sweepNoShows(now: Date, max = 200): Promise<number> {
  const worklist = await readShards(SLOT_NO_SHOW_SHARDS, max, 100, (shard, limit, cursor) =>
    queryPage({
      index: 'byDue',
      partition: keys.slotNoShows(shard),
      sortUpTo: `${now.toISOString()}~`,
      limit,
      ...(cursor ? { cursor } : {}),
    }),
  );
  let released = 0;
  for (const listed of worklist) {
    const before = slotOf(listed);
    released += noShowsOf(before, now).length;
    const after = await settleNoShows(before, now);
    await slotStore.moveInNoShowWorklist(listed, after, nextNoShowAt(after, now));
  }
  return released;
}
