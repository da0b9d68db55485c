import { PROVIDERS_ATTRIBUTE, providersOf } from './amenities';
import type { StationState } from './domain';
import type { Station, Visit } from './model';
import { stationFields } from './terms';

/**
 * How a station is kept in its one item, both ways: what `stateOf` reads and `stored` writes. Its
 * own module so that readers of station items elsewhere (who runs a station, a donor's stations)
 * make sense of them without carrying the repository. The facilities behind the station's
 * amenities (`amenityProviders`, amenities.ts) are read here too, but written only by
 * amenity-store.ts, never with the station: a patch of the station never races them.
 */

/** A visit in the station is the attribute `v_<userId>` on the station item. */
export const VISIT_PREFIX = 'v_';

/** The station, its visits and the facilities behind its amenities (amenities.ts), from a station item. */
export function stateOf(item: Record<string, unknown>): StationState & { full: boolean; counters: { occupied: number; walkIns: number } } {
  const fields = { ...(typeof item.profile === 'string' ? (JSON.parse(item.profile) as Partial<Station>) : {}), ...item };
  const station = Object.fromEntries(stationFields.filter((field) => fields[field] !== undefined).map((field) => [field, fields[field]])) as Station;
  const visits = Object.entries(item)
    .filter(([name]) => name.startsWith(VISIT_PREFIX))
    .map(([name, value]) => ({ ...(value as Omit<Visit, 'userId' | 'stationId'>), userId: name.slice(VISIT_PREFIX.length), stationId: station.id }));
  return {
    station,
    visits,
    amenityProviders: providersOf(item[PROVIDERS_ATTRIBUTE]),
    full: item.full === true,
    counters: { occupied: Number(item.occupied ?? 0), walkIns: Number(item.walkIns ?? 0) },
  };
}

/**
 * What a station item keeps as plain attributes: what conditions, the index and a search's first
 * look use. The rest (address, hours, contact, managers, rules, …) is read and written whole and
 * never queried, so it is kept as one JSON string, `profile`: a nearby search reads every station
 * near the circle, and the embedded engine's cost per item read grows with its attributes (nested
 * hours alone were a third of the item).
 */
const NATIVE_FIELDS = ['id', 'name', 'location', 'amenities', 'status', 'seats', 'version'] as const;

export function stored(fields: Partial<Station>): Record<string, unknown> {
  const native = Object.fromEntries(NATIVE_FIELDS.filter((field) => fields[field] !== undefined).map((field) => [field, fields[field]]));
  const profile = Object.fromEntries(Object.entries(fields).filter(([field]) => !(NATIVE_FIELDS as readonly string[]).includes(field)));
  return { ...native, profile: JSON.stringify(profile) };
}
