import { reservationCancelled, reservationReleased } from '../../events/stations';
import { consumerFunction, on } from '../../shared/events/consumer';
import { getStationState } from '../../shared/stations/repository';
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
]);
