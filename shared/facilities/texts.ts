import type { Message, Texts } from '../events/notices';
import type { FacilityKind } from './model';

/**
 * What the facilities feature says to people, in Chinese (the default) and English: one catalogue of
 * plain objects, no i18n library. Station names are the stations' own, shown as they were set.
 */

/** How a facility reads in a notice. */
export const facilityTexts: Readonly<Record<FacilityKind, Texts>> = {
  air_conditioner: { zh: '空调', en: 'air conditioner' },
  water_dispenser: { zh: '饮水机', en: 'water dispenser' },
  microwave: { zh: '微波炉', en: 'microwave' },
  fridge: { zh: '冰箱', en: 'fridge' },
  first_aid_kit: { zh: '急救箱', en: 'first-aid kit' },
  power_bank_cabinet: { zh: '充电宝柜', en: 'power-bank cabinet' },
  charging_station: { zh: '充电桩', en: 'charging station' },
  wifi_router: { zh: '无线路由器', en: 'Wi-Fi router' },
  fan: { zh: '电风扇', en: 'fan' },
  seating: { zh: '座椅', en: 'seating' },
  other: { zh: '设施', en: 'facility' },
};

/** What to do about a fault: the end of the staff's notice, and the grid group's post (in Chinese). */
export const faultAction: Texts = {
  zh: '请尽快安排检查维修，修好后在系统中恢复使用。',
  en: 'Please have it checked and repaired soon, then put it back in service in the app.',
};

/** What the staff who fix a facility are told of a fault. */
export const facilityNoticeTexts = {
  faultTitle: {
    zh: (p: { station: string; kind: FacilityKind }) => `${p.station}的${facilityTexts[p.kind].zh}报修`,
    en: (p: { station: string; kind: FacilityKind }) => `Fault reported: ${facilityTexts[p.kind].en} at ${p.station}`,
  },
  faultBody: {
    zh: (p: { note?: string }) => `${p.note ?? '有人报告设施故障。'}\n${faultAction.zh}`,
    en: (p: { note?: string }) => `${p.note ?? 'Someone reported a fault.'}\n${faultAction.en}`,
  },
} satisfies Record<string, Message<never>>;
