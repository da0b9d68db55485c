import { facilityFaultReported } from '../../events/facilities';
import { type Notice, notificationRule } from '../events/notices';
import { listGridWorkers } from '../organisation/repository';
import type { FacilityKind } from './model';

/** How a facility reads in a notice. */
export const facilityNames: Record<FacilityKind, string> = {
  air_conditioner: '空调',
  water_dispenser: '饮水机',
  microwave: '微波炉',
  fridge: '冰箱',
  first_aid_kit: '急救箱',
  power_bank_cabinet: '充电宝柜',
  charging_station: '充电桩',
  wifi_router: '无线路由器',
  fan: '电风扇',
  seating: '座椅',
  other: '设施',
};

/** Who hears about facilities. */
export const facilitiesNotificationRules = [
  /**
   * A fault was reported: the station's managers and the grid's worker(s) are told, and the grid's
   * WeCom group hears which facility of which station (not the reporter's description), so whoever
   * is nearest can look.
   */
  notificationRule(facilityFaultReported, async (data): Promise<Notice[]> => {
    const gridWorkers = await listGridWorkers(data.gridId, 100);
    const userIds = [...new Set([...data.managers, ...gridWorkers])].filter((id) => id !== data.by);
    const title = `${data.stationName}的${facilityNames[data.kind]}报修`;
    const action = '请尽快安排检查维修，修好后在系统中恢复使用。';
    const subject = { type: 'facility', id: data.facilityId };
    return [
      {
        // The staff who fix it read the reporter's description; the group hears which facility, where.
        userIds,
        group: { gridIds: [data.gridId], headline: title, action, reference: subject },
        kind: 'facility.fault-reported',
        title,
        body: `${data.note ?? '有人报告设施故障。'}\n${action}`,
        subject,
      },
    ];
  }),
];
