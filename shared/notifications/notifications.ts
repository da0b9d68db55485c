import { pushDeadLettered } from '../../events/notifications';
import { getOrgUnit, listGridWorkers } from '../organisation/repository';
import { type Notice, inBoth, notificationRule } from '../events/notices';
import { notificationTexts } from './texts';

/** Who hears about the notifications feature's own trouble. */
export const notificationsNotificationRules = [
  /**
   * A grid's robot message was dead-lettered: the grid's workers are told (inbox only: the robot is
   * what failed) so they can check the robot; admins see and retry it in the dead letters. A
   * subscribe message that failed needs no notice: its person has the inbox item already.
   */
  notificationRule(pushDeadLettered, async (data): Promise<Notice[]> => {
    if (data.channel !== 'wecom' || !data.gridId) return [];
    const [grid, workers] = await Promise.all([getOrgUnit(data.gridId), listGridWorkers(data.gridId, 100)]);
    if (workers.length === 0) return [];
    return [
      {
        userIds: workers,
        kind: 'notifications.robot-failing',
        title: inBoth(notificationTexts.robotFailingTitle, { grid: grid?.name ?? data.gridId }),
        body: inBoth(notificationTexts.robotFailingBody, { title: data.title, messages: data.jobIds.length, attempts: data.attempts, reason: data.reason }),
        subject: { type: 'org-unit', id: data.gridId },
      },
    ];
  }),
];
