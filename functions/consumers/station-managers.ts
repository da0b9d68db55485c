import { stationCreated, stationUpdated } from '../../events/stations';
import { consumerFunction, on } from '../../shared/events/consumer';
import { recordStationManagers } from '../../shared/stations/managers';

/**
 * Keeps the hint, under each station manager, that they run a station (shared/stations/managers.ts):
 * how an admin's scope reaches a person placed only by the stations they run. A consumer rather than
 * a second write in the request: the station's event waits in its outbox until published, so a
 * crash after changing the managers can never leave the hints behind.
 */
export const handler = consumerFunction('station-managers', [
  on(stationCreated, async (data) => {
    await recordStationManagers(data.stationId, data.managers);
  }),
  on(stationUpdated, async (data) => {
    if (data.managers) await recordStationManagers(data.stationId, data.managers, data.previousManagers ?? []);
  }),
]);
