import {
  facilityDonated,
  facilityFaultReported,
  facilityMoved,
  facilityRepairStarted,
  facilityRestored,
  facilityRetired,
} from '../../events/facilities';
import { consumerFunction, on } from '../../shared/events/consumer';
import { syncStationAmenities } from '../../shared/facilities/amenities';

/**
 * Keeps on each station item the state of the donated facilities behind its amenities
 * (shared/facilities/amenities.ts), so that an amenity whose facilities are all out is shown
 * unavailable and left out of amenity searches. A consumer rather than a second write in the
 * facility's request: the facility's event waits in its outbox until published, so a crash after
 * the facility changed can never leave its station telling the old story. Every reaction is the
 * same: read the facility as it is now and record it where it is (and where it was).
 */
const sync = async (data: { facilityId: string; stationId: string }) => syncStationAmenities(data.facilityId, [data.stationId]);

export const handler = consumerFunction('station-amenities', [
  on(facilityDonated, sync),
  on(facilityFaultReported, sync),
  on(facilityRepairStarted, sync),
  on(facilityRestored, sync),
  on(facilityRetired, sync),
  on(facilityMoved, async (data) => syncStationAmenities(data.facilityId, [data.stationId, data.fromStationId])),
]);
