import type { Amenity, AmenityOutage, UnavailableAmenity } from './model';
import { amenityOutages } from './terms';

/**
 * Which of a station's amenities work now. A station declares what it offers (`amenities`, set by
 * its managers); some of that rests on donated facilities — air conditioning on an air conditioner,
 * drinking water on a water dispenser — and a facility breaks, goes under repair, is retired or is
 * moved to another station. The station then must not advertise what it cannot give: an outdoor
 * worker filtering the nearby search for air conditioning is not to be sent to a station whose only
 * air conditioner is reported broken.
 *
 * The rule: a declared amenity is unavailable while every facility behind it at the station is out
 * of service; one working facility behind it is enough, and an amenity with no facility behind it
 * (declared by hand: a toilet, a first-aid box nobody registered) stays as declared. Which facility
 * kind gives which amenity is declared once, on the facilities' side (shared/facilities/amenities.ts):
 * stations know facilities only as the providers recorded here, never the facilities feature.
 *
 * What the rule reads is kept on the station item itself (one attribute, `amenityProviders`,
 * codec.ts), so every read of a station — one station, a search, a community's list — decides with
 * no extra table call. It holds, per facility that gives an amenity and was ever at the station,
 * its state there and the facility's version. It is kept by the `station-amenities` consumer from
 * the facilities' events (shared/facilities/amenities.ts): each entry is replaced only by a higher
 * version of the same facility, so events arriving twice or out of order change nothing, and a
 * facility that left keeps a `gone` entry that an older, late report cannot bring back. So the
 * record holds one entry (about 40 bytes) per facility giving an amenity that ever stood at the
 * station: it grows with the station's donations, never with faults, repairs or searches.
 */

/** A facility's state at a station, as far as the amenity it gives goes. */
export const providerStates = ['working', ...amenityOutages, 'gone'] as const;
export type ProviderState = (typeof providerStates)[number];

/** One facility behind an amenity at a station. */
export interface AmenityProvider {
  amenity: Amenity;
  /** `gone`: it was here and was moved to another station. */
  state: ProviderState;
  /** The facility's version this state was read at: a lower one never replaces it. */
  version: number;
}

/** The providers recorded at a station, by facility id. */
export type AmenityProviders = Readonly<Record<string, AmenityProvider>>;

/**
 * When every provider of an amenity is out, why: the reason nearest to coming back (one being
 * repaired rather than one retired).
 */
const REASON_ORDER: readonly AmenityOutage[] = ['under_repair', 'fault_reported', 'retired'];

/**
 * The declared amenities that are out now, each with why, in the order declared. Available are the
 * others: those with a working provider here, and those with no provider here at all.
 */
export function unavailableAmenities(declared: readonly Amenity[], providers: AmenityProviders | undefined): UnavailableAmenity[] {
  if (!providers) return [];
  const states = new Map<Amenity, ProviderState[]>();
  for (const provider of Object.values(providers)) {
    if (provider.state === 'gone') continue;
    states.set(provider.amenity, [...(states.get(provider.amenity) ?? []), provider.state]);
  }
  return declared.flatMap((amenity) => {
    const here = states.get(amenity);
    if (!here || here.includes('working')) return [];
    const reason = REASON_ORDER.find((outage) => here.includes(outage))!;
    return [{ amenity, reason }];
  });
}

/** Whether a station gives `amenity` now: declared, and not out (see {@link unavailableAmenities}). */
export const offersNow = (declared: readonly Amenity[], providers: AmenityProviders | undefined, amenity: Amenity): boolean =>
  declared.includes(amenity) && !unavailableAmenities([amenity], providers).length;

/**
 * The providers with these reports taken in: each replaces the entry of its facility only if it is
 * of a higher version (a report read earlier, delivered late or twice, changes nothing). Undefined
 * when nothing changes: nothing to write.
 */
export function withReports(current: AmenityProviders, reports: AmenityProviders): AmenityProviders | undefined {
  const newer = Object.entries(reports).filter(([facilityId, report]) => report.version > (current[facilityId]?.version ?? 0));
  return newer.length ? { ...current, ...Object.fromEntries(newer) } : undefined;
}

// ————— as the station item keeps it —————

/** The attribute of the station item that holds them (codec.ts reads it; amenity-store.ts writes it). */
export const PROVIDERS_ATTRIBUTE = 'amenityProviders';

/**
 * Kept as one short JSON string, `{"<facility id>":["<amenity>","<state>",<version>]}`: a search
 * reads every candidate station's item, and the embedded engine's cost per item read grows with its
 * attributes (codec.ts), so tens of facilities must not become tens of nested attributes.
 */
export function providersText(providers: AmenityProviders): string {
  return JSON.stringify(Object.fromEntries(Object.entries(providers).map(([id, provider]) => [id, [provider.amenity, provider.state, provider.version]])));
}

/**
 * The providers an attribute holds; none when it is absent. One that cannot be read counts as none:
 * the station then shows what it declares rather than failing every read of it.
 */
export function providersOf(text: unknown): AmenityProviders {
  if (typeof text !== 'string') return {};
  try {
    const parsed = JSON.parse(text) as Record<string, [Amenity, ProviderState, number]>;
    return Object.fromEntries(Object.entries(parsed).map(([id, [amenity, state, version]]) => [id, { amenity, state, version }]));
  } catch {
    return {};
  }
}
