import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  reservationCancelled,
  reservationConfirmed,
  reservationMoved,
  reservationPromoted,
  reservationReleased,
  reservationReminderDue,
  reservationWaitlisted,
} from '../../../events/stations';
import { documents } from '../../aws/clients';
import { config } from '../../config';
import { makeEvent, updateWithEvents } from '../../events/outbox';
import { ProblemError } from '../../http/errors';
import { writeIf, writeOrUndefined } from '../../table/conditions';
import { creationStamp } from '../../table/creation';
import { indexAttributes, indexEntry, stationKeys as keys } from '../../table/design';
import { shardOf } from '../../table/shards';
import { type UpdateSpec, buildUpdate } from '../../table/update';
import type { CancelReason, Cancellation, Reservation, ReservationStatus, Station } from '../model';
import { CHECKED_IN, CLAIM, type Departure, HOLDER, LEFT, type MovedFrom, type SeatClaim, WAITER, slotOf } from './codec';
import {
  CLAIM_GRACE_MS,
  type Holder,
  MAX_ACTIVE_RESERVATIONS,
  type SeatSlot,
  WAITLIST_CAP,
  type Waiter,
  earliestNoShow,
  isOngoing,
  noShowAtOf,
  reminderDueAt,
} from './rules';
import { expiresAfter } from '../../table/expiry';

/**
 * Seat reservations that never overbook and never double book, without transactions.
 *
 * Three items, written in this order, each a conditional write:
 * 1. the person's **ledger** (`USER#<id>`/`RESERVATIONS`): a counter of active reservations bounded
 *    by the cap, and one `c_<reservationId>` claim each — the per-person invariant;
 * 2. the **slot** (`STATION#<id>`/`SLOT#<start>`): `booked` bounded by the reservable seats, one
 *    `h_<userId>` holder or `w_<userId>` waiter per person — the capacity and "one per person"
 *    invariant, in one item, with the event in its outbox;
 * 3. the **record** (`USER#<id>`/`RESERVATION#<id>`), listed in byUser: what "my reservations" shows.
 *
 * A crash between 1 and 2 leaves a claim the slot does not know: released on the next read once it
 * is older than a write could take. A crash between 2 and 3 leaves a seat without its record: the
 * next read of the ledger writes it. Every later change goes slot first, record second, claim last,
 * and the reads repair the same way (reads.ts). The slot is the truth.
 *
 * Nothing on the slot grows with what one person does. A reservation that leaves the slot (cancelled,
 * moved, or released as a no-show) leaves one `l_<userId>` mark, `{ reservationId, status }`, which is what
 * lets the reads repair a record a crash left behind; the person's next departure from the slot
 * replaces it, after settling the one it replaces on the person's own items (its record's status, its
 * claim given back). So the slot holds at most one mark per person who ever left it, and a
 * reservation's history lives on its own record.
 *
 * This module holds every write of those items, one function each, on one object (so tests can put
 * a fault between any two); items.ts reads them. The use cases (reserve.ts, cancel.ts, move.ts,
 * departures.ts, no-shows.ts, waitlist.ts, reminders.ts, reads.ts) only decide which to call.
 */

const table = () => config().tableName;
const update = (spec: UpdateSpec) => documents().send(new UpdateCommand(buildUpdate(table(), spec)));
/** The byDue index's attributes: a slot's place in the no-show worklist, a record's in the reminders'. */
const [DUE_KEY, DUE_SORT] = indexAttributes('byDue');
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
 * Shards of the reminders' worklist: a record sits there from its booking until its reminder goes,
 * and the noon peak's bookings would otherwise all write one partition of the index.
 */
export const RESERVATION_REMINDER_SHARDS = 8;
/**
 * A record's place in the reminders' worklist (byDue), by when its reminder is due; none when it gets
 * no reminder (booked inside the lead, or no longer holding or waiting).
 */
const reminderWorklistEntry = (record: Reservation) => {
  const dueAt = isOngoing(record.status) ? reminderDueAt(record.start, record.createdAt) : undefined;
  return dueAt
    ? indexEntry('byDue', keys.reservationReminders(shardOf(record.id, RESERVATION_REMINDER_SHARDS)), `${dueAt}#${record.userId}#${record.id}`)
    : {};
};

/** What a reservation's events say about it. */
const eventData = (reservation: Pick<SeatClaim, 'reservationId' | 'stationId' | 'start' | 'end' | 'seats'>, userId: string) => ({
  reservationId: reservation.reservationId,
  userId,
  stationId: reservation.stationId,
  start: reservation.start,
  end: reservation.end,
  seats: reservation.seats,
});

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

export const reservationStore = {
  /** 1. Counts a reservation against the person's cap; 409 when the cap is reached (a move: {@link claimMove}). */
  async claim(userId: string, claim: SeatClaim): Promise<void> {
    if (claim.movedFrom) return claimMove(userId, claim, claim.movedFrom);
    const { reservationId, ...value } = claim;
    const claimed = await writeIf(
      update({
        key: keys.reservationLedger(userId),
        add: { active: 1 },
        set: { entity: 'reservation-ledger', [CLAIM + reservationId]: value },
        condition: '(attribute_not_exists(active) OR active < :cap) AND attribute_not_exists(#claim)',
        names: { '#claim': CLAIM + reservationId },
        values: { ':cap': MAX_ACTIVE_RESERVATIONS },
      }),
    );
    if (!claimed) throw new ProblemError('reservation_limit_reached', `at most ${MAX_ACTIVE_RESERVATIONS} active reservations`);
  },

  /** Gives a claim back (the reservation ended, was refused, cancelled or released); once only. */
  async releaseClaim(userId: string, reservationId: string): Promise<void> {
    await writeIf(
      update({
        key: keys.reservationLedger(userId),
        add: { active: -1 },
        remove: [CLAIM + reservationId],
        condition: 'attribute_exists(#claim)',
        names: { '#claim': CLAIM + reservationId },
      }),
    );
  },

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

  /** 3. The record "my reservations" lists (with the claim's fingerprint, if it has one). */
  async putRecord(reservation: Reservation, fingerprint?: string): Promise<void> {
    await documents().send(
      new PutCommand({
        TableName: table(),
        Item: {
          ...keys.reservation(reservation.userId, reservation.id),
          entity: 'reservation',
          ...reservation,
          ...creationStamp(fingerprint),
          ...indexEntry('byUser', keys.reservationsOf(reservation.userId), `${reservation.start}#${reservation.id}`),
          ...reminderWorklistEntry(reservation),
          expiresAt: expiresAfter(new Date(reservation.end), 400 * 24 * 3600),
        },
      }),
    );
  },

  /**
   * A record's new status, unless it says so already (absent records are left to the read path,
   * which rebuilds them). Idempotent: settling a departure twice changes nothing.
   */
  async setRecordStatus(userId: string, reservationId: string, status: ReservationStatus, now: Date): Promise<void> {
    await writeIf(
      update({
        key: keys.reservation(userId, reservationId),
        set: { status, updatedAt: now.toISOString() },
        condition: 'attribute_exists(pk) AND #status <> :status',
        names: { '#status': 'status' },
        values: { ':status': status },
      }),
    );
  },

  /**
   * A cancelled record: its status, what the holder said (if anything), and out of the reminders'
   * worklist, unless it says `cancelled` already (settled before, or repaired by a read).
   */
  async cancelRecord(userId: string, reservationId: string, cancellation: Cancellation | undefined, now: Date): Promise<void> {
    await writeIf(
      update({
        key: keys.reservation(userId, reservationId),
        set: { status: 'cancelled', updatedAt: now.toISOString(), ...(cancellation ? { cancellation } : {}) },
        remove: [DUE_KEY, DUE_SORT],
        condition: 'attribute_exists(pk) AND #status <> :status',
        names: { '#status': 'status' },
        values: { ':status': 'cancelled' },
      }),
    );
  },

  /**
   * A moved record: `moved`, naming the reservation that took its place, and out of the reminders'
   * worklist (the new record has its own entry, for its own slot), unless it says so already.
   */
  async markMoved(userId: string, reservationId: string, movedTo: string, now: Date): Promise<void> {
    await writeIf(
      update({
        key: keys.reservation(userId, reservationId),
        set: { status: 'moved', movedTo, updatedAt: now.toISOString() },
        remove: [DUE_KEY, DUE_SORT],
        condition: 'attribute_exists(pk) AND (#status <> :status OR attribute_not_exists(movedTo))',
        names: { '#status': 'status' },
        values: { ':status': 'moved' },
      }),
    );
  },

  /**
   * Takes a refused move's mark off the claim it meant to replace (see {@link claimMove}), so the
   * holder may try another slot at once; nothing when the mark is another move's, or the claim is gone.
   */
  async clearMoving(userId: string, from: string, movedTo: string): Promise<void> {
    await writeIf(
      update({
        key: keys.reservationLedger(userId),
        removePaths: [[CLAIM + from, MOVING]],
        condition: '#from.#moving.#to = :to',
        names: { '#from': CLAIM + from, '#moving': MOVING, '#to': 'to' },
        values: { ':to': movedTo },
      }),
    );
  },

  /**
   * Marks a record's reminder sent and takes it out of the worklist, with `reservation.reminder-due`
   * in its outbox: compare-and-set on the worklist entry the sweep saw, and never a second time, so of
   * two sweeps at once (or a retried one) exactly one reminds. False when refused.
   */
  async markReminded(listed: Record<string, unknown>, record: Reservation, now: Date): Promise<boolean> {
    return writeIf(
      updateWithEvents(
        {
          key: keys.reservation(record.userId, record.id),
          set: { remindedAt: now.toISOString() },
          remove: [DUE_KEY, DUE_SORT],
          condition: '#sort = :seen AND attribute_not_exists(remindedAt)',
          names: { '#sort': DUE_SORT },
          values: { ':seen': listed[DUE_SORT] },
        },
        [makeEvent(reservationReminderDue, { ...eventData({ ...record, reservationId: record.id }, record.userId), stationName: record.stationName })],
      ),
    );
  },

  /** Takes a record out of the reminders' worklist without reminding, unless its entry changed since the sweep saw it. */
  async dropReminder(listed: Record<string, unknown>, record: Reservation): Promise<void> {
    await writeIf(
      update({
        key: keys.reservation(record.userId, record.id),
        remove: [DUE_KEY, DUE_SORT],
        condition: '#sort = :seen',
        names: { '#sort': DUE_SORT },
        values: { ':seen': listed[DUE_SORT] },
      }),
    );
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

/** On a claim a move is replacing: `{ to, at }`, the new reservation and when the move began. */
const MOVING = 'moving';

/**
 * 1, for a move: the new reservation's claim, counted like any other, beside the one it replaces,
 * which it marks as being moved. The person may go one over the cap while the two claims overlap
 * (the old one is given back as soon as the new seat is held), so a person at the cap can still
 * move. The mark makes moves of one reservation one at a time, however many are sent at once: two
 * moves of it could otherwise both hold a seat and leave the person two for one. A mark older than
 * a move could take ({@link CLAIM_GRACE_MS}: the move died before its seat), or this very move's (a
 * retry of its request), does not stand in the way.
 * 409 `conflict` when another move of the reservation is under way, or it has no claim any more.
 */
async function claimMove(userId: string, claim: SeatClaim, from: MovedFrom): Promise<void> {
  const { reservationId, ...value } = claim;
  const at = Date.parse(claim.at);
  const claimed = await writeIf(
    update({
      key: keys.reservationLedger(userId),
      add: { active: 1 },
      set: { [CLAIM + reservationId]: value },
      setPaths: [[[CLAIM + from.reservationId, MOVING], { to: reservationId, at: claim.at }]],
      condition:
        'active <= :cap AND attribute_not_exists(#claim) AND attribute_exists(#from) AND ' +
        '(attribute_not_exists(#from.#moving) OR #from.#moving.#to = :self OR #from.#moving.#at < :stale)',
      names: { '#claim': CLAIM + reservationId, '#from': CLAIM + from.reservationId, '#moving': MOVING, '#to': 'to', '#at': 'at' },
      values: { ':cap': MAX_ACTIVE_RESERVATIONS, ':self': reservationId, ':stale': new Date(at - CLAIM_GRACE_MS).toISOString() },
    }),
  );
  if (!claimed) throw new ProblemError('conflict', 'this reservation is being moved already, or no longer holds a place');
}

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
    await reservationStore.setRecordStatus(userId, previous, previousStatus, now);
    await reservationStore.releaseClaim(userId, previous);
  }
  return {
    condition: previous ? '#left.reservationId = :previous' : 'attribute_not_exists(#left)',
    values: previous ? { ':previous': previous } : {},
  };
}
