import * as z from 'zod/mini';
import type { AllListed } from '../table/fields';
import type { Donor, Facility } from './model';

/**
 * The facilities feature's plain values: its kinds, conditions, statuses and limits, and the enums
 * of them the events share with the routes. Their own module: what needs only these (the amenity
 * rule the stations' consumer applies, the events, the repository's
 * reading of items) does not build model.ts's schemas when its Lambda loads (an enum is built only
 * where it is used).
 */

export const donorKinds = ['enterprise', 'public_institution', 'social_organisation', 'individual', 'other'] as const;

export const facilityKinds = [
  'air_conditioner',
  'water_dispenser',
  'microwave',
  'fridge',
  'first_aid_kit',
  'power_bank_cabinet',
  'charging_station',
  'wifi_router',
  'fan',
  'seating',
  'other',
] as const;
export const facilityKindSchema = z.enum(facilityKinds);

/** Physical condition, as last assessed. */
export const facilityConditions = ['new', 'good', 'fair', 'poor'] as const;
export const facilityConditionSchema = z.enum(facilityConditions);

/** in service → fault reported → under repair → in service; or retired, for good. */
export const facilityStatuses = ['in_service', 'fault_reported', 'under_repair', 'retired'] as const;
export const facilityStatusSchema = z.enum(facilityStatuses);

export const facilityActions = ['donated', 'fault_reported', 'repair_started', 'restored', 'retired', 'moved'] as const;

/** At most this many photos with one step (a fault report, a repair, gallery pictures added at once): what `wx.chooseMedia` picks at once. */
export const FACILITY_PHOTOS_PER_STEP = 9;
/** At most this many pictures of the facility itself (its gallery); the next is refused (409 `photo_limit_reached`). */
export const FACILITY_GALLERY_MAX = 10;
/**
 * At most this many fault and repair photos in the log: the latest rounds of faults and repairs.
 * Older lines give theirs up rather than a new fault being refused its photos (a facility breaks
 * again and again over the years; the item must stay small).
 */
export const FACILITY_LOG_PHOTOS_MAX = 30;

/**
 * A donor's and a facility's fields, in the order of their schemas (model.ts): what the repository
 * reads back from an item. `satisfies` refuses a name that is not a field; the types below, a field
 * left out.
 */
export const donorFields = ['id', 'name', 'kind', 'contact', 'note', 'createdAt', 'createdBy'] as const satisfies readonly (keyof Donor)[];
export type EveryDonorField = AllListed<Exclude<keyof Donor, (typeof donorFields)[number]>>;
export const facilityFields = [
  'id',
  'kind',
  'model',
  'donorId',
  'donorName',
  'stationId',
  'donatedOn',
  'declaredValueYuan',
  'condition',
  'status',
  'photoUrls',
  'photos',
  'log',
  'createdAt',
  'updatedAt',
  'version',
] as const satisfies readonly (keyof Facility)[];
export type EveryFacilityField = AllListed<Exclude<keyof Facility, (typeof facilityFields)[number]>>;
