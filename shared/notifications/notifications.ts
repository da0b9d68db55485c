import { pushDeadLettered } from '../../events/notifications';
import { getOrgUnit, listGridWorkers } from '../organisation/repository';
import { type Notice, notificationRule } from '../events/notices';

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
    const count = data.jobIds.length > 1 ? `等${data.jobIds.length}条消息` : '';
    return [
      {
        userIds: workers,
        kind: 'notifications.robot-failing',
        title: `${grid?.name ?? data.gridId}的企业微信群机器人推送失败`,
        body: `「${data.title}」${count}尝试${data.attempts}次仍未送达（${data.reason}）。请检查群机器人的 webhook 设置；管理员可在推送死信中重试。`,
        subject: { type: 'org-unit', id: data.gridId },
      },
    ];
  }),
];
