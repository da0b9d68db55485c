import type { Station, StationRules } from './model';
import type { AllListed } from '../table/fields';

/**
 * The stations feature's plain values: its fixed lists, limits and defaults, and the names of a
 * station's fields. Their own module, with no schema: what needs only these (the events, the
 * codec, the rules) does not build model.ts's schemas when its Lambda loads. model.ts builds its
 * enums from these lists.
 */

/** What a station may offer; the search filters on these. */
export const amenities = [
  'air_conditioning',
  'drinking_water',
  'microwave',
  'fridge',
  'phone_charging',
  'power_bank',
  'toilet',
  'first_aid',
  'wifi',
] as const;

/**
 * Why a declared amenity is out now: every facility behind it at the station is `fault_reported`
 * (someone reported it broken), `under_repair`, or `retired` (taken out of service for good, none
 * replacing it yet). The rule is in amenities.ts.
 */
export const amenityOutages = ['fault_reported', 'under_repair', 'retired'] as const;

export const defaultStationRules: StationRules = { maxStayMinutes: 120, slotMinutes: 60, minNoticeMinutes: 30, horizonDays: 7 };

export const stationStatuses = ['active', 'suspended', 'closed'] as const;

/**
 * A station's fields, in the order of its schema (model.ts): what the codec reads back from an
 * item. `satisfies` refuses a name that is not a field; `EveryStationField` below, a field left out.
 */
export const stationFields = [
  'id',
  'name',
  'address',
  'location',
  'communityId',
  'gridId',
  'ancestors',
  'hours',
  'seats',
  'amenities',
  'contact',
  'managers',
  'status',
  'rules',
  'photos',
  'createdAt',
  'createdBy',
  'updatedAt',
  'version',
] as const satisfies readonly (keyof Station)[];
/** Compiles only while `stationFields` names every field of `Station` (an error names the one missing). */
export type EveryStationField = AllListed<Exclude<keyof Station, (typeof stationFields)[number]>>;

/** At most this many pictures of a station; the next is refused (409 `photo_limit_reached`). */
export const STATION_GALLERY_MAX = 10;
/** At most this many pictures added at once: what `wx.chooseMedia` picks at once. */
export const STATION_PHOTOS_PER_CALL = 9;

export const reservationStatuses = ['confirmed', 'waitlisted', 'checked_in', 'cancelled', 'no_show', 'lapsed', 'moved'] as const;

/**
 * Why a holder cancelled, when they say: a short fixed list, so the figures can count them (free text
 * cannot be counted), with `other` and an optional note for the rest.
 */
export const cancelReasons = ['plans_changed', 'found_elsewhere', 'weather', 'other'] as const;
/** A cancellation's note is a few words, not a letter: it rides in the URL's query. */
export const CANCEL_NOTE_MAX = 100;
