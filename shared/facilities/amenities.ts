import type { AmenityProvider, ProviderState } from '../stations/amenities';
import { recordAmenityProviders } from '../stations/amenity-store';
import type { Amenity } from '../stations/model';
import type { FacilityKind, FacilityStatus } from './model';
import { facilityKinds } from './terms';
import { type FacilityState, facilityStatesAt, getFacility } from './repository';

/**
 * What donated facilities give the stations they stand in: the amenity each kind provides, and the
 * use case that keeps each station's record of them (shared/stations/amenities.ts has the rule a
 * station's amenities are shown and searched by). Here, on the facilities' side, because facilities
 * know stations and never the other way round.
 */

/**
 * The amenity each kind of facility gives a station, declared once: a station declaring that
 * amenity cannot give it while every facility of these kinds it holds is out of service. None: a
 * kind no declared amenity rests on (a fan is not air conditioning; seating is counted in `seats`).
 * A new kind must be given its line here (the type asks for every kind).
 */
export const amenityOfKind: Readonly<Record<FacilityKind, Amenity | undefined>> = {
  air_conditioner: 'air_conditioning',
  water_dispenser: 'drinking_water',
  microwave: 'microwave',
  fridge: 'fridge',
  first_aid_kit: 'first_aid',
  power_bank_cabinet: 'power_bank',
  charging_station: 'phone_charging',
  wifi_router: 'wifi',
  fan: undefined,
  seating: undefined,
  other: undefined,
};

/** The kinds that give an amenity. */
export const kindsGiving = (amenity: Amenity): FacilityKind[] => facilityKinds.filter((kind) => amenityOfKind[kind] === amenity);

const stateOfStatus: Readonly<Record<FacilityStatus, ProviderState>> = {
  in_service: 'working',
  fault_reported: 'fault_reported',
  under_repair: 'under_repair',
  retired: 'retired',
};

/**
 * What a facility is to the amenities of a station: its state there if it stands there, `gone` if
 * it does not (it was moved away), at the facility's version; undefined for a kind that gives none.
 */
export function providerAt(facility: Omit<FacilityState, 'id'>, stationId: string): AmenityProvider | undefined {
  const amenity = amenityOfKind[facility.kind];
  if (!amenity) return undefined;
  return { amenity, state: facility.stationId === stationId ? stateOfStatus[facility.status] : 'gone', version: facility.version };
}

/**
 * Brings the amenity record of the stations a facility's event names (where it is, where it was
 * moved from) in line with the facility as it is now — the `station-amenities` consumer's reaction
 * to every facility event. It works from state, never from the event's change: the facility is
 * read again (strongly consistent), and so an event delivered twice, late or out of order records
 * the present, and a record keeps each facility's highest version only (shared/stations/amenities.ts).
 *
 * Where the facility stands, the other facilities there giving the same amenity are recorded too,
 * as the station's inventory lists them: one registered before this record existed (or seeded
 * without events) is then known to work, and a second water dispenser keeps drinking water
 * available while the first is repaired. The inventory may be a moment behind; a state it gives is
 * taken only if newer than the one recorded, and each facility's own events record it exactly.
 */
export async function syncStationAmenities(facilityId: string, namedStations: readonly string[]): Promise<void> {
  const facility = await getFacility(facilityId);
  const amenity = facility && amenityOfKind[facility.kind];
  if (!facility || !amenity) return;
  for (const stationId of new Set([facility.stationId, ...namedStations])) {
    const reports: Record<string, AmenityProvider> = {};
    if (stationId === facility.stationId) {
      for (const other of await facilityStatesAt(stationId, kindsGiving(amenity))) reports[other.id] = providerAt(other, stationId)!;
    }
    reports[facility.id] = providerAt(facility, stationId)!;
    await recordAmenityProviders(stationId, reports);
  }
}
