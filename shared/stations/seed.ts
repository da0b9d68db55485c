import type { Donor, Facility } from '../facilities/model';
import { createDonor, createFacility } from '../facilities/repository';
import type { Hours, Station } from './model';
import { defaultStationRules } from './model';
import { recordStationManagers } from './managers';
import { createStation } from './repository';

/**
 * The demo 宁小蜂 station of Lushan community (庐山社区第1网格), run by the demo station manager,
 * with facilities two local organisations gave it. Written without events, like all demo data.
 */

const seededAt = '2026-01-01T00:00:00.000Z';

/** The same intervals every day of the week. */
export const dailyHours = (opens: string, closes: string): Hours => ({
  weekly: { mon: [{ opens, closes }], tue: [{ opens, closes }], wed: [{ opens, closes }], thu: [{ opens, closes }], fri: [{ opens, closes }], sat: [{ opens, closes }], sun: [{ opens, closes }] },
  exceptions: [],
});

export const demoStation: Station = {
  id: 'lushan-station',
  name: '庐山社区宁小蜂驿站',
  address: '南京市建邺区南苑街道庐山路社区服务中心一楼',
  location: { lat: 32.003, lng: 118.742 },
  communityId: 'lushan',
  gridId: 'lushan-g1',
  ancestors: ['jianye', 'nanyuan', 'lushan', 'lushan-g1'],
  hours: dailyHours('08:00', '20:00'),
  seats: { total: 12, reservable: 8 },
  amenities: ['air_conditioning', 'drinking_water', 'microwave', 'fridge', 'phone_charging', 'power_bank', 'wifi', 'first_aid', 'toilet'],
  contact: { name: '周站长', phone: '025-00000000' },
  managers: ['demo-station-manager'],
  status: 'active',
  rules: defaultStationRules,
  createdAt: seededAt,
  createdBy: 'seed',
  updatedAt: seededAt,
  version: 1,
};

export const demoDonors: Donor[] = [
  {
    id: 'donor-nanyuan-chamber',
    name: '南苑街道商会',
    kind: 'social_organisation',
    contact: { name: '吴秘书长' },
    note: '辖区商户共同捐赠',
    createdAt: seededAt,
    createdBy: 'seed',
  },
  {
    id: 'donor-lushan-property',
    name: '庐山物业服务有限公司',
    kind: 'enterprise',
    contact: { name: '郑经理' },
    createdAt: seededAt,
    createdBy: 'seed',
  },
];

const gift = (
  id: string,
  donor: Donor,
  kind: Facility['kind'],
  model: string,
  declaredValueYuan: number,
): Facility => ({
  id,
  kind,
  model,
  donorId: donor.id,
  donorName: donor.name,
  stationId: demoStation.id,
  donatedOn: '2025-06-20',
  declaredValueYuan,
  condition: 'good',
  status: 'in_service',
  photoUrls: [],
  log: [{ at: seededAt, action: 'donated', by: 'seed', status: 'in_service', stationId: demoStation.id }],
  createdAt: seededAt,
  updatedAt: seededAt,
  version: 1,
});

export const demoFacilities: Facility[] = [
  gift('lushan-ac-1', demoDonors[0]!, 'air_conditioner', '格力 KFR-72LW 柜式空调', 6999),
  gift('lushan-water-1', demoDonors[0]!, 'water_dispenser', '美的 YR1226S-W 饮水机', 899),
  gift('lushan-microwave-1', demoDonors[1]!, 'microwave', '格兰仕 P70D20TL 微波炉', 459),
  gift('lushan-fridge-1', demoDonors[1]!, 'fridge', '海尔 BC-93TMPF 冰箱', 799),
];

/** Seeds the demo station, donors and facilities (the caller runs it once). */
export async function seedStationData(): Promise<void> {
  await createStation(demoStation, []);
  // What the station-managers consumer would have noted, had the station's event been published.
  await recordStationManagers(demoStation.id, demoStation.managers);
  for (const donor of demoDonors) await createDonor(donor, []);
  for (const facility of demoFacilities) await createFacility(facility, []);
}
