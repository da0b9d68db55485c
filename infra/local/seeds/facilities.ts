import type { Donor, Facility } from '../../../shared/facilities/model';
import { createDonor, createFacility } from '../../../shared/facilities/repository';
import { seededAt } from './organisation';
import { demoStation } from './stations';

/**
 * The air conditioner, water dispenser, microwave and fridge two local organisations gave the demo
 * station. Written without events, like all demo data.
 */

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

/** Seeds the demo donors and their facilities (after the station they stand in). */
export async function seedFacilities(): Promise<void> {
  for (const donor of demoDonors) await createDonor(donor, []);
  for (const facility of demoFacilities) await createFacility(facility, []);
}
