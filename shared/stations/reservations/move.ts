import { logger } from '../../logger';
import { requireStationState } from '../repository';
import { releaseMovedReservation } from './departures';
import { type ReservationView, getMyReservation } from './reads';
import { reserveOnce } from './reserve';

/**
 * Moving a reservation to another slot (of its station or another) without ever holding none: the
 * new seat first, then the old place given up. No transaction spans the two slots, so:
 * 1. the move is a new reservation, made as any other (ledger claim, slot, record: reserve.ts) under
 *    the same rules — notice, horizon, hours, seats — and refused as any other when the slot is full
 *    (409 `slot_full`, no waitlist: a move holds on to what it has), the old one then untouched;
 * 2. its seat's conditional write carries `reservation.moved` in the slot's outbox, naming the
 *    reservation it replaces;
 * 3. the old place is given up at once (departures.ts), so the answer shows it gone; if the move dies
 *    before, the `station-waitlist` consumer does it from the event, and the person's next read from
 *    the ledger (reads.ts) as well. Every one of these gives up only that reservation's place.
 * Moves of one reservation go one at a time (ledger-store.ts `claimMove`), so two sent at once cannot both
 * take a seat for it.
 */

export interface MoveInput {
  userId: string;
  /** The reservation to move: one of the caller's (another person's id is a 404). */
  reservationId: string;
  /** The new reservation's id (`creation.id`: derived from an Idempotency-Key, if any). */
  newReservationId: string;
  /** The new slot's station, when not the reservation's own. */
  stationId?: string;
  start: Date;
  now: Date;
  /** Under an Idempotency-Key: the request's fingerprint (see reserve.ts). */
  fingerprint?: string;
}

/**
 * Moves one of a person's reservations to another slot: returns the new reservation, which holds as
 * many seats as the old one did, and whether it answers an earlier attempt of the same request.
 */
export async function moveReservation(input: MoveInput): Promise<{ reservation: ReservationView; replayed: boolean }> {
  const { userId, now } = input;
  const from = await getMyReservation(userId, input.reservationId, now);
  const { station } = await requireStationState(input.stationId ?? from.stationId);
  const outcome = await reserveOnce({
    station,
    userId,
    reservationId: input.newReservationId,
    start: input.start,
    seats: from.seats,
    waitlist: false,
    now,
    replaces: from,
    ...(input.fingerprint ? { fingerprint: input.fingerprint } : {}),
  });
  try {
    await releaseMovedReservation(userId, { reservationId: from.id, stationId: from.stationId, start: from.start }, outcome.reservation.id, now);
  } catch (error) {
    // The new seat is held and the move made: its event finishes the release (the consumer retries
    // until it goes), so the answer is the move's, not a fault that would have the client move again.
    logger.warn('a moved reservation is left for the consumer to release', { reservationId: from.id, movedTo: outcome.reservation.id, error });
  }
  return outcome;
}
