import type { Role } from '../auth/identity';
import type { Message, Texts } from '../events/notices';

/**
 * What the organisation feature says to people, in Chinese (the default) and English: one catalogue
 * of plain objects, no i18n library. Unit names are the organisation's own, shown as they were set.
 */

/** How a member's role reads in a notice. */
export const roleTexts: Readonly<Record<Role, Texts>> = {
  grid_worker: { zh: '网格员', en: 'grid worker' },
  volunteer: { zh: '微网格员', en: 'micro-grid volunteer' },
  resident: { zh: '居民', en: 'resident' },
  admin: { zh: '管理员', en: 'admin' },
  outdoor_worker: { zh: '户外劳动者', en: 'outdoor worker' },
  station_manager: { zh: '驿站站长', en: 'station manager' },
};

/** What a person added to a unit is told. */
export const organisationTexts = {
  memberAddedTitle: {
    zh: (p: { unit: string }) => `你已加入${p.unit}`,
    en: (p: { unit: string }) => `You have joined ${p.unit}`,
  },
  memberAddedBody: {
    zh: (p: { unit: string; role: Role }) => `你在${p.unit}的身份是${roleTexts[p.role].zh}。可在"我的网格"查看成员与动态。`,
    en: (p: { unit: string; role: Role }) => `You are a ${roleTexts[p.role].en} of ${p.unit}. See its members and news under "My grid".`,
  },
} satisfies Record<string, Message<never>>;
