import { type ProblemCode, ProblemError } from '../../http/errors';
import { count } from '../../observability/metrics';
import { takeAction } from '../../rate-limit';
import { CREATION_FINGERPRINT } from '../../table/creation';
import type { Reservation, Station } from '../model';
import { type SeatClaim, recordFrom } from './codec';
import { type ReservationView, getMyReservation, reconcileLedger } from './reads';
import { RESERVATION_CHURN_LIMIT, WAITLIST_CAP, assertMovable, planSlot, slotTruthOf } from './rules';
import { earlierAttempt, getSlot } from './items';
import { ledgerStore } from './ledger-store';
import { recordStore } from './record-store';
import { slotStore } from './slot-store';

/**
 * Reserving a seat: the ledger's claim, then the slot, then the record (the order and why in
 * store.ts). Reserving spends the person's churn budget ({@link RESERVATION_CHURN_LIMIT}).
 */

export interface ReserveInput {
  station: Station;
  userId: string;
  reservationId: string;
  start: Date;
  seats: number;
  /** Join the waitlist when the slot is full, instead of a 409. */
  waitlist: boolean;
  now: Date;
  /**
   * Under an Idempotency-Key: the request's fingerprint. The reservation id is then derived from the
   * key, so an earlier attempt of this request may have made some or all of the reservation.
   */
  fingerprint?: string;
  /**
   * A move (move.ts): the reservation this one replaces. It must still be movable, its claim may
   * take the person one over the cap until it is given back, and the seat's write carries
   * `reservation.moved` instead of `reservation.confirmed`.
   */
  replaces?: Reservation;
}

type Placement = { status: 'confirmed' } | { status: 'waitlisted'; position: number };

/**
 * Reserves seats in a slot, or a place on its waitlist. Exactly `reservable` seats are ever
 * confirmed, however many people try at once: the slot's conditional `ADD` serialises them.
 */
export async function reserve(input: ReserveInput): Promise<ReservationView> {
  return (await reserveOnce(input)).reservation;
}

/**
 * {@link reserve}, safe to run again for the same request. With a `fingerprint` the reservation id
 * is the Idempotency-Key's (shared/http/creation.ts), and an attempt that crashed left some of its
 * three writes behind. Every one of them keys on the reservation id — the ledger's `c_<id>` claim,
 * the slot's one entry per person (naming the id), the `RESERVATION#<id>` record — so the retry
 * finds them instead of making a second claim or a second seat:
 * - the record, or a claim the slot knows: the reservation was made; answered as it is now
 *   (`replayed`, the record rebuilt from the slot if the crash came before it);
 * - a claim the slot never got: given back, and the reservation made afresh;
 * - neither: made as new.
 * A record or claim of another request (another fingerprint) with this id is a 422
 * `idempotency_key_reused`. A retry spends no more of the person's churn budget than the first attempt
 * did, unless the first attempt died before its claim.
 *
 * Counts a new reservation in `ReservationsMade` or `ReservationsWaitlisted`, and a refusal for want
 * of room or allowance in `ReservationsRefused`; a replay counts nothing.
 */
export async function reserveOnce(input: ReserveInput): Promise<{ reservation: ReservationView; replayed: boolean }> {
  let outcome: { reservation: ReservationView; replayed: boolean };
  try {
    outcome = await reserveOrReplay(input);
  } catch (error) {
    if (error instanceof ProblemError && REFUSALS.has(error.code)) count('reservationsRefused');
    throw error;
  }
  // A replay answers what an earlier attempt made, and counted; a move makes no new reservation.
  if (!outcome.replayed && !input.replaces) count(outcome.reservation.status === 'waitlisted' ? 'reservationsWaitlisted' : 'reservationsMade');
  return outcome;
}

/**
 * Why a reservation is refused for want of room or of the person's allowance, as `ReservationsRefused`
 * counts them; a malformed or mistimed request (a 400, `booking_window`) is the caller's, not a refusal.
 */
const REFUSALS: ReadonlySet<ProblemCode> = new Set(['slot_full', 'already_reserved', 'reservation_limit_reached', 'too_many_requests']);

/** {@link reserveOnce} without its metrics. */
async function reserveOrReplay(input: ReserveInput): Promise<{ reservation: ReservationView; replayed: boolean }> {
  const { station, userId, now, fingerprint } = input;
  let spent = false;
  if (fingerprint) {
    const earlier = await earlierAttempt(userId, input.reservationId);
    const stamp = earlier.record ? earlier.record[CREATION_FINGERPRINT] : earlier.claim?.fingerprint;
    if ((earlier.record || earlier.claim) && stamp !== fingerprint) throw new ProblemError('idempotency_key_reused');
    if (earlier.record) return { reservation: await getMyReservation(userId, input.reservationId, now), replayed: true };
    if (earlier.claim) {
      const slot = await getSlot(earlier.claim.stationId, earlier.claim.start);
      if (slot && slotTruthOf(slot, input.reservationId, now)) {
        // The record is missing (the crash came before it): the read writes it from the slot.
        return { reservation: await getMyReservation(userId, input.reservationId, now), replayed: true };
      }
      await ledgerStore.releaseClaim(userId, input.reservationId);
      spent = true;
    }
  }
  const { replaces } = input;
  if (replaces) assertMovable(replaces, { stationId: station.id, start: input.start }, now);
  const { start, end } = planSlot(station, input.start, input.seats, now);
  if (!spent) await takeAction(userId, RESERVATION_CHURN_LIMIT, now);
  const claim: SeatClaim = {
    reservationId: input.reservationId,
    stationId: station.id,
    stationName: station.name,
    start,
    end,
    seats: input.seats,
    at: now.toISOString(),
    ...(fingerprint ? { fingerprint } : {}),
    ...(replaces ? { movedFrom: { reservationId: replaces.id, stationId: replaces.stationId, start: replaces.start } } : {}),
  };
  try {
    await ledgerStore.claim(userId, claim);
  } catch (error) {
    // At the cap: perhaps some claims have ended or were released; tidy the ledger and try once more.
    if (!(error instanceof ProblemError)) throw error;
    await reconcileLedger(userId, now);
    await ledgerStore.claim(userId, claim);
  }
  let placement: Placement;
  try {
    placement = await placeInSlot(claim, userId, station.seats.reservable, input.waitlist, now);
  } catch (error) {
    await ledgerStore.releaseClaim(userId, claim.reservationId);
    // A refused move leaves the reservation it meant to replace as it was, free to move elsewhere.
    if (replaces) await ledgerStore.clearMoving(userId, replaces.id, claim.reservationId);
    throw error;
  }
  const record = recordFrom(claim, userId, placement.status, now);
  await recordStore.putRecord(record, fingerprint);
  return { reservation: placement.status === 'waitlisted' ? { ...record, waitlistPosition: placement.position } : record, replayed: false };
}

/**
 * Seat first; when that is refused and the person wants to wait, the waitlist (its own condition
 * says the slot is still full). Only when both are refused is the slot read, to say why.
 */
async function placeInSlot(claim: SeatClaim, userId: string, reservable: number, waitlist: boolean, now: Date): Promise<Placement> {
  for (let attempt = 0; attempt < 4; attempt += 1) {
    if (await slotStore.holdSeat(claim, userId, reservable, now)) return { status: 'confirmed' };
    if (waitlist) {
      const position = await slotStore.joinWaitlist(claim, userId, reservable, now);
      if (position) return { status: 'waitlisted', position };
    }
    const slot = await getSlot(claim.stationId, claim.start);
    if (!slot) continue;
    if (slot.holders.some((h) => h.userId === userId) || slot.waitlist.some((w) => w.userId === userId)) {
      throw new ProblemError('already_reserved');
    }
    // A seat freed between the attempt and the read: try again.
    if (slot.booked + claim.seats <= reservable) continue;
    if (!waitlist) throw new ProblemError('slot_full');
    if (slot.waitlist.length >= WAITLIST_CAP) throw new ProblemError('slot_full', 'the waitlist is full too');
  }
  throw new ProblemError('slot_full');
}
