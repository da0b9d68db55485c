import { memberAdded } from '../../events/organisation';
import type { Role } from '../auth/identity';
import { type Notice, notificationRule } from '../events/notices';
import { getOrgUnit } from './repository';

/** How a member's role reads in a notice. */
const roleNames: Record<Role, string> = {
  grid_worker: '网格员',
  volunteer: '微网格员',
  resident: '居民',
  admin: '管理员',
  outdoor_worker: '户外劳动者',
  station_manager: '驿站站长',
};

/** Who hears about changes to the organisation. */
export const organisationNotificationRules = [
  /**
   * Someone joined a grid or micro-grid: they are told where and as what (unless they added
   * themselves); when they join as a grid worker or micro-grid member, the grid's WeCom group hears
   * that the unit has a new helper (role and unit; not their name, which they typed themselves).
   * Residents joining are not announced to the group.
   */
  notificationRule(memberAdded, async (data): Promise<Notice[]> => {
    const unit = await getOrgUnit(data.unitId);
    if (!unit) return [];
    const role = roleNames[data.memberRole];
    const subject = { type: 'org-unit', id: unit.id };
    const notices: Notice[] = [];
    if (data.addedBy !== data.userId) {
      notices.push({
        userIds: [data.userId],
        kind: 'organisation.member-added',
        title: `你已加入${unit.name}`,
        body: `你在${unit.name}的身份是${role}。可在"我的网格"查看成员与动态。`,
        subject,
      });
    }
    const gridId = unit.kind === 'grid' ? unit.id : unit.kind === 'micro_grid' ? unit.parentId : null;
    if (gridId && (data.memberRole === 'grid_worker' || data.memberRole === 'volunteer')) {
      // The group hears the role and the unit, not the name: a display name is what the person typed.
      const headline = `${unit.name}新${role}加入`;
      const action = `欢迎新${role}加入${unit.name}，成员名单可在“我的网格”查看。`;
      notices.push({
        userIds: [],
        group: { gridIds: [gridId], headline, action, reference: subject },
        kind: 'organisation.staff-joined',
        title: headline,
        body: action,
        subject,
      });
    }
    return notices;
  }),
];
