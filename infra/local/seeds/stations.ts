import type { Hours, Station } from '../../../shared/stations/model';
import { defaultStationRules } from '../../../shared/stations/terms';
import { recordStationManagers } from '../../../shared/stations/managers';
import { createStation } from '../../../shared/stations/repository';
import { seededAt } from './organisation';

/**
 * The demo 宁小蜂 station of Lushan community (庐山社区第1网格), run by the demo station manager.
 * Written without events, like all demo data.
 */

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

/** Seeds the demo station (the caller runs it once). */
export async function seedStations(): Promise<void> {
  await createStation(demoStation, []);
  // What the station-managers consumer would have noted, had the station's event been published.
  await recordStationManagers(demoStation.id, demoStation.managers);
}
