import { reservationCancelled, reservationMoved, reservationReleased } from '../../events/stations';
import { consumerFunction, on } from '../../shared/events/consumer';
import { getStationState } from '../../shared/stations/repository';
import { releaseMovedReservation } from '../../shared/stations/reservations/departures';
import { promoteWaitlist } from '../../shared/stations/reservations/waitlist';

/**
 * When seats free up in a slot (a cancellation, a no-show), gives them to the waitlist. Promotion
 * is a conditional write that only succeeds while a seat is free, so a redelivery changes nothing.
 */
async function promote(data: { stationId: string; start: string }): Promise<void> {
  const state = await getStationState(data.stationId);
  if (!state) return;
  await promoteWaitlist(state.station, data.start, new Date());
}

export const handler = consumerFunction('station-waitlist', [
  on(reservationCancelled, async (data) => {
    if (!data.wasWaitlisted) await promote(data);
  }),
  on(reservationReleased, promote),
  // The new seat of a move is held: its old place is given up, if the move did not live to do it.
  // Conditional on the old reservation's own entry, so a redelivery (or a late one) releases nothing
  // else; the seat it frees comes back here as `reservation.cancelled`, for the waitlist.
  on(reservationMoved, async (data) => {
    await releaseMovedReservation(data.userId, data.from, data.reservationId, new Date());
  }),
]);
