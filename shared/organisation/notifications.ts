import { memberAdded } from '../../events/organisation';
import { type Notice, inBoth, notificationRule } from '../events/notices';
import { getOrgUnit } from './repository';
import { organisationTexts, roleTexts } from './texts';

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
    // The group post stays in Chinese: a group has no one reader to choose a language for.
    const role = roleTexts[data.memberRole].zh;
    const subject = { type: 'org-unit', id: unit.id };
    const notices: Notice[] = [];
    if (data.addedBy !== data.userId) {
      notices.push({
        userIds: [data.userId],
        kind: 'organisation.member-added',
        title: inBoth(organisationTexts.memberAddedTitle, { unit: unit.name }),
        body: inBoth(organisationTexts.memberAddedBody, { unit: unit.name, role: data.memberRole }),
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
