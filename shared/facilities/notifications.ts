import { facilityFaultReported } from '../../events/facilities';
import { type Notice, notificationRule } from '../notifications/rules';
import { listMembers } from '../organisation/repository';
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
   * WeCom group hears it too, so whoever is nearest can look.
   */
  notificationRule(facilityFaultReported, async (data): Promise<Notice[]> => {
    const members = await listMembers(data.gridId, { limit: 100 });
    const gridWorkers = members.items.filter((member) => member.memberRole === 'grid_worker').map((member) => member.userId);
    const userIds = [...new Set([...data.managers, ...gridWorkers])].filter((id) => id !== data.by);
    return [
      {
        userIds,
        gridIds: [data.gridId],
        kind: 'facility.fault-reported',
        title: `${data.stationName}的${facilityNames[data.kind]}报修`,
        body: `${data.note ?? '有人报告设施故障。'}\n请尽快安排检查维修，修好后在系统中恢复使用。`,
        subject: { type: 'facility', id: data.facilityId },
      },
    ];
  }),
];
