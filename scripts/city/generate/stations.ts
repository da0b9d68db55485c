import type { FacilityKind } from '../../../shared/facilities/model';
import type { Amenity, Hours, Seats } from '../../../shared/stations/model';
import type { CityDonor, CityFacility } from '../model';
import { type DonorKind, donorName, personName } from './names';
import type { Random } from './random';

/** What a 宁小蜂 station offers and what was given to it: hours, seats, amenities, donors, facilities. */

const every = (intervals: Hours['weekly']['mon']): Hours['weekly'] => ({ mon: intervals, tue: intervals, wed: intervals, thu: intervals, fri: intervals, sat: intervals, sun: intervals });

/** The ways stations keep hours: most all day every day, some round the clock, some office hours. */
const hoursKinds: readonly Hours[] = [
  { weekly: every([{ opens: '08:00', closes: '20:00' }]), exceptions: [] },
  { weekly: every([{ opens: '07:00', closes: '21:00' }]), exceptions: [] },
  { weekly: every([{ opens: '00:00', closes: '24:00' }]), exceptions: [] },
  {
    weekly: { ...every([{ opens: '07:30', closes: '19:30' }]), sat: [{ opens: '09:00', closes: '17:00' }], sun: [{ opens: '09:00', closes: '17:00' }] },
    exceptions: [],
  },
  {
    weekly: { ...every([{ opens: '08:30', closes: '12:00' }, { opens: '13:30', closes: '18:00' }]), sun: [] },
    exceptions: [{ from: '2027-02-05', to: '2027-02-11', intervals: [], note: '春节闭站' }],
  },
];

export function stationHours(random: Random): Hours {
  return structuredClone(random.pick([hoursKinds[0]!, hoursKinds[0]!, hoursKinds[1]!, hoursKinds[2]!, hoursKinds[3]!, hoursKinds[4]!]));
}

export function stationSeats(random: Random): Seats {
  const total = random.pick([6, 8, 10, 12, 12, 16, 20, 24, 30]);
  return { total, reservable: Math.floor(total * random.between(0.25, 0.5)) };
}

/** Every station cools, waters and charges (what outdoor workers come for); the rest vary. */
const alwaysOffered: readonly Amenity[] = ['air_conditioning', 'drinking_water', 'phone_charging'];
const sometimesOffered: readonly [Amenity, number][] = [
  ['microwave', 0.7],
  ['wifi', 0.7],
  ['first_aid', 0.6],
  ['toilet', 0.5],
  ['fridge', 0.4],
  ['power_bank', 0.3],
];

export function stationAmenities(random: Random): Amenity[] {
  return [...alwaysOffered, ...sometimesOffered.filter(([, probability]) => random.chance(probability)).map(([amenity]) => amenity)];
}

const donorKinds: readonly DonorKind[] = [...Array<DonorKind>(11).fill('enterprise'), ...Array<DonorKind>(4).fill('social_organisation'), 'public_institution', 'public_institution', 'individual', 'individual', 'other'];

/** `count` donors with distinct names, mostly enterprises, spread over the city's districts. */
export function makeDonors(count: number, districts: readonly string[], random: Random, phone: () => string): CityDonor[] {
  const named = new Set<string>();
  return Array.from({ length: count }, (_, index) => {
    const kind = random.pick(donorKinds);
    let name = donorName(kind, random.pick(districts), random);
    for (let attempt = 0; named.has(name) && attempt < 20; attempt += 1) name = donorName(kind, random.pick(districts), random);
    // Names run out before draws do once most combinations are taken: a branch number keeps it distinct.
    const drawn = name;
    for (let branch = 2; named.has(name); branch += 1) name = `${drawn}（${branch}）`;
    named.add(name);
    return {
      id: `nj-donor-${String(index + 1).padStart(3, '0')}`,
      name,
      kind,
      ...(kind === 'individual' ? {} : { contactName: personName(random) }),
      contactPhone: phone(),
      ...(random.chance(0.2) ? { note: kind === 'enterprise' ? '长期捐赠单位' : '定向捐赠宁小蜂驿站' } : {}),
    };
  });
}

/** The facility behind each amenity, and what such things are declared worth (yuan). */
const facilityOf: Partial<Record<Amenity, FacilityKind>> = {
  air_conditioning: 'air_conditioner',
  drinking_water: 'water_dispenser',
  microwave: 'microwave',
  fridge: 'fridge',
  power_bank: 'power_bank_cabinet',
  phone_charging: 'charging_station',
  first_aid: 'first_aid_kit',
  wifi: 'wifi_router',
};
const facilityDetails: Record<FacilityKind, { models: string[]; value: [number, number] }> = {
  air_conditioner: { models: ['KFR-35GW 壁挂式 1.5匹', 'KFR-72LW 立柜式 3匹'], value: [2500, 7000] },
  water_dispenser: { models: ['立式冷热饮水机', '商用开水器 30L'], value: [400, 2500] },
  microwave: { models: ['20L 转盘微波炉', '23L 平板微波炉'], value: [300, 900] },
  fridge: { models: ['118L 双门冰箱', '220L 三门冰箱'], value: [900, 2500] },
  first_aid_kit: { models: ['壁挂急救箱'], value: [150, 600] },
  power_bank_cabinet: { models: ['12 口共享充电宝柜'], value: [1500, 3500] },
  charging_station: { models: ['8 口手机充电站', '电动车充电桩 10 路'], value: [300, 3000] },
  wifi_router: { models: ['双频无线路由器'], value: [150, 600] },
  fan: { models: ['落地扇', '壁挂扇'], value: [100, 400] },
  seating: { models: ['休息椅 4 座', '折叠桌椅一套'], value: [300, 1500] },
  other: { models: ['雨具架'], value: [100, 500] },
};

const conditions: readonly CityFacility['condition'][] = ['new', 'good', 'good', 'good', 'fair', 'fair', 'poor'];

/** A day from 2024-01-01 to 2026-06-30, as the facilities' dates are local dates. */
function donationDay(random: Random): string {
  const day = new Date(Date.UTC(2024, 0, 1) + random.int(0, 911) * 86_400_000);
  return day.toISOString().slice(0, 10);
}

/**
 * Two to five things given to a station, each matching something it offers (a station with WiFi
 * got a router) or furniture any station has, from donors picked at random.
 */
export function facilitiesOf(stationId: string, amenities: readonly Amenity[], donors: readonly CityDonor[], random: Random, nextId: () => string): CityFacility[] {
  const kinds = random.shuffled([...amenities.flatMap((amenity) => facilityOf[amenity] ?? []), 'seating', 'fan'] as FacilityKind[]);
  return kinds.slice(0, random.int(2, 5)).map((kind) => {
    const { models, value } = facilityDetails[kind];
    const roll = random.next();
    return {
      id: nextId(),
      kind,
      model: random.pick(models),
      donorId: random.pick(donors).id,
      stationId,
      donatedOn: donationDay(random),
      declaredValueYuan: Math.round(random.between(value[0], value[1]) / 10) * 10,
      condition: random.pick(conditions),
      status: roll < 0.92 ? 'in_service' : roll < 0.96 ? 'fault_reported' : roll < 0.98 ? 'under_repair' : 'retired',
    };
  });
}
