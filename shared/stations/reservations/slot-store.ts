import {
  reservationCancelled,
  reservationConfirmed,
  reservationMoved,
  reservationPromoted,
  reservationReleased,
  reservationWaitlisted,
} from '../../../events/stations';
import { makeEvent, updateWithEvents } from '../../events/outbox';
import { writeIf, writeOrUndefined } from '../../table/conditions';
import { indexEntry, stationKeys as keys } from '../../table/design';
import { expiresAfter } from '../../table/expiry';
import { shardOf } from '../../table/shards';
import type { CancelReason, Station } from '../model';
import { CHECKED_IN, type Departure, HOLDER, LEFT, type SeatClaim, WAITER, slotOf } from './codec';
import { ledgerStore } from './ledger-store';
import { recordStore } from './record-store';
import { type Holder, type SeatSlot, WAITLIST_CAP, type Waiter, earliestNoShow, noShowAtOf } from './rules';
import { DUE_KEY, DUE_SORT, eventData, update } from './store';

/**
 * The writes of a **slot** (`STATION#<id>`/`SLOT#<start>`), the second of the three items (store.ts)
 * and the truth: seats held, the waitlist, departures, arrivals, and the slot's place in the no-show
 * worklist.
 */

/**
 * Shards of the no-show worklist. Every write of a slot rewrites its worklist entry, so one
 * partition for the city's slots took every slot write of the noon peak (43 % of a partition's
 * write limit in its busiest second, before the outbox relay's burst was gone).
 */
export const SLOT_NO_SHOW_SHARDS = 8;
/** A slot's place in the no-show worklist (byDue): by the next time a seat of it may be released. */
const noShowWorklistEntry = (slot: { stationId: string; start: string }, noShowAt: string) =>
  indexEntry('byDue', keys.slotNoShows(shardOf(`${slot.stationId}#${slot.start}`, SLOT_NO_SHOW_SHARDS)), `${noShowAt}#${slot.stationId}`);

/**
 * What every booking (re)writes on its slot: rewriting them is harmless, since bookings end before
 * the slot starts (the minimum notice) and the no-show worklist only matters from then on.
 */
const slotAttributes = (claim: SeatClaim) => ({
  entity: 'slot',
  stationId: claim.stationId,
  start: claim.start,
  end: claim.end,
  ...noShowWorklistEntry(claim, noShowAtOf(claim.start)),
  expiresAt: expiresAfter(new Date(claim.end), 30 * 24 * 3600),
});

export const slotStore = {
  /**
   * 2a. Takes seats: `booked + seats ≤ reservable`, and the person holds or waits for none yet. The
   * first booking of a slot makes its item (an absent `booked` counts as nothing booked).
   */
  async holdSeat(claim: SeatClaim, userId: string, reservable: number, now: Date): Promise<boolean> {
    const holder: Omit<Holder, 'userId'> = {
      reservationId: claim.reservationId,
      seats: claim.seats,
      at: now.toISOString(),
      noShowAt: noShowAtOf(claim.start),
    };
    return writeIf(
      updateWithEvents(
        {
          key: keys.stationSlot(claim.stationId, claim.start),
          add: { booked: claim.seats },
          set: { [HOLDER + userId]: holder, ...slotAttributes(claim) },
          condition: '(attribute_not_exists(booked) OR booked <= :maxBefore) AND attribute_not_exists(#holder) AND attribute_not_exists(#waiter)',
          names: { '#holder': HOLDER + userId, '#waiter': WAITER + userId },
          values: { ':maxBefore': reservable - claim.seats },
        },
        // A move's new seat carries the order to release the old one: written with the seat, so the
        // old place is given up even if the move dies right after this write (move.ts).
        [
          claim.movedFrom
            ? makeEvent(reservationMoved, { ...eventData(claim, userId), from: claim.movedFrom })
            : makeEvent(reservationConfirmed, eventData(claim, userId)),
        ],
      ),
    );
  },

  /**
   * 2b. Joins the waitlist, only while the slot is still full and the waitlist is not. Returns the
   * place in the queue (1 = next), or 0 when refused.
   */
  async joinWaitlist(claim: SeatClaim, userId: string, reservable: number, now: Date): Promise<number> {
    const waiter: Omit<Waiter, 'userId'> = { reservationId: claim.reservationId, seats: claim.seats, queuedAt: now.toISOString() };
    const item = await writeOrUndefined(
      updateWithEvents(
        {
          key: keys.stationSlot(claim.stationId, claim.start),
          add: { waitlisted: 1 },
          set: { [WAITER + userId]: waiter },
          condition:
            'booked > :maxBefore AND (attribute_not_exists(waitlisted) OR waitlisted < :cap) AND attribute_not_exists(#holder) AND attribute_not_exists(#waiter)',
          names: { '#holder': HOLDER + userId, '#waiter': WAITER + userId },
          values: { ':maxBefore': reservable - claim.seats, ':cap': WAITLIST_CAP },
          returnValues: 'ALL_NEW',
        },
        [makeEvent(reservationWaitlisted, eventData(claim, userId))],
      ),
    );
    return item ? slotOf(item).waitlist.findIndex((w) => w.reservationId === claim.reservationId) + 1 : 0;
  },

  /**
   * Takes a person's seat or place in the queue off the slot, leaving their departure mark, with
   * `reservation.cancelled` (a cancellation or a move, which free the seat alike) or
   * `reservation.released` in the slot's outbox. A no-show is released
   * only while its holder has not checked in. False when the slot no longer holds that reservation
   * as it did (promoted, checked in meanwhile) or the person's mark moved on: read the slot again.
   */
  async leaveSlot(slot: SeatSlot, userId: string, departure: Departure, now: Date, reason?: CancelReason): Promise<boolean> {
    const { reservationId } = departure;
    const holder = slot.holders.find((candidate) => candidate.reservationId === reservationId);
    const entry = holder ?? slot.waitlist.find((candidate) => candidate.reservationId === reservationId);
    if (!entry) return false;
    const entryName = holder ? HOLDER + userId : WAITER + userId;
    const noShow = departure.status === 'no_show';
    const lastMark = await settleLastDeparture(slot, userId, now);
    const data = eventData({ ...slot, reservationId, seats: entry.seats }, userId);
    return writeIf(
      updateWithEvents(
        {
          key: keys.stationSlot(slot.stationId, slot.start),
          add: holder ? { booked: -holder.seats } : { waitlisted: -1 },
          remove: [entryName],
          set: { [LEFT + userId]: departure },
          condition: ['#entry.reservationId = :reservationId', ...(noShow ? ['attribute_not_exists(#checkedIn)'] : []), lastMark.condition].join(' AND '),
          names: { '#entry': entryName, '#left': LEFT + userId, ...(noShow ? { '#checkedIn': CHECKED_IN + reservationId } : {}) },
          values: { ':reservationId': reservationId, ...lastMark.values },
        },
        [
          noShow
            ? makeEvent(reservationReleased, { ...data, reason: 'no_show' })
            : makeEvent(reservationCancelled, {
                ...data,
                wasWaitlisted: !holder,
                ...(reason ? { reason } : {}),
                ...(departure.movedTo ? { movedTo: departure.movedTo } : {}),
              }),
        ],
      ),
    );
  },

  /**
   * Gives a waiter a seat, while it is still free and they still wait, with `reservation.promoted`
   * in the slot's outbox; the slot's place in the no-show worklist moves up to the new holder's
   * no-show time if that comes first. False when the condition refused it.
   */
  async promote(station: Station, slot: SeatSlot, waiter: Waiter, now: Date): Promise<boolean> {
    const noShowAt = noShowAtOf(slot.start, now);
    const holder: Omit<Holder, 'userId'> = { reservationId: waiter.reservationId, seats: waiter.seats, at: now.toISOString(), noShowAt };
    return writeIf(
      updateWithEvents(
        {
          key: keys.stationSlot(station.id, slot.start),
          add: { booked: waiter.seats, waitlisted: -1 },
          remove: [WAITER + waiter.userId],
          set: {
            [HOLDER + waiter.userId]: holder,
            ...noShowWorklistEntry(slot, earliestNoShow(slot, noShowAt)),
          },
          condition: 'booked <= :maxBefore AND #waiter.reservationId = :reservationId AND attribute_not_exists(#holder)',
          names: { '#waiter': WAITER + waiter.userId, '#holder': HOLDER + waiter.userId },
          values: { ':maxBefore': station.seats.reservable - waiter.seats, ':reservationId': waiter.reservationId },
        },
        [makeEvent(reservationPromoted, { ...eventData({ ...slot, ...waiter }, waiter.userId), stationName: station.name })],
      ),
    );
  },

  /** Marks a holder as arrived on the slot, so the no-show release passes them by; nothing when the slot no longer holds that reservation. */
  async markArrived(stationId: string, start: string, userId: string, reservationId: string, at: Date): Promise<void> {
    await writeIf(
      update({
        key: keys.stationSlot(stationId, start),
        set: { [CHECKED_IN + reservationId]: at.toISOString() },
        condition: '#holder.reservationId = :reservationId',
        names: { '#holder': HOLDER + userId },
        values: { ':reservationId': reservationId },
      }),
    );
  },

  /**
   * Moves a slot in the no-show worklist to its next no-show time, or takes it out when none is left,
   * unless its place changed since `listed` was read from the worklist (a promotion moved it: the
   * next sweep looks again).
   */
  async moveInNoShowWorklist(listed: Record<string, unknown>, slot: SeatSlot, nextNoShowAt: string | undefined): Promise<void> {
    await writeIf(
      update({
        key: keys.stationSlot(slot.stationId, slot.start),
        ...(nextNoShowAt
          ? { set: noShowWorklistEntry(slot, nextNoShowAt) }
          : { remove: [DUE_KEY, DUE_SORT] }),
        condition: '#sort = :seen',
        names: { '#sort': DUE_SORT },
        values: { ':seen': listed[DUE_SORT] },
      }),
    );
  },
};

/**
 * Before a person's new departure mark (`l_<userId>`) replaces their last one on the slot, settles
 * the last one on the person's own items: its record says what the slot said, its claim is given
 * back. Its own flow did both already unless a crash cut it short, and both are idempotent, so
 * nothing the reads need is lost with the mark. Returns the condition (on `#left`) the slot's write
 * adds, which holds only while the mark is still the one settled.
 */
async function settleLastDeparture(slot: SeatSlot, userId: string, now: Date) {
  const previous = slot.lastReleasedOf[userId];
  const previousStatus = previous ? slot.released[previous] : undefined;
  if (previous && previousStatus) {
    await recordStore.setRecordStatus(userId, previous, previousStatus, now);
    await ledgerStore.releaseClaim(userId, previous);
  }
  return {
    condition: previous ? '#left.reservationId = :previous' : 'attribute_not_exists(#left)',
    values: previous ? { ':previous': previous } : {},
  };
}
