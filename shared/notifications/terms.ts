/**
 * The notifications feature's plain values: where a push goes, the states of a push and of an
 * announcement, who an announcement is for. Their own module, with no schema: what needs only
 * these (the events) does not build model.ts's schemas when its Lambda loads.
 */

/** Where a push goes: a grid's WeCom (企业微信) group robot, or a person's WeChat subscribe message. */
export const pushChannels = ['wecom', 'wechat'] as const;

/** pending: waiting for its (next) attempt; sent: delivered; dead: every attempt failed (an admin may retry). */
export const pushStatuses = ['pending', 'sent', 'dead'] as const;

/**
 * Who an announcement is for. Each audience is the people of one kind of unit, found by walking
 * the units of that kind under the announcement's scope (shared/notifications/announcements-delivery.ts):
 * grid workers are the grid workers of each grid. Volunteers (of each micro-grid) or station
 * managers could follow as audiences of their own.
 */
export const announcementAudiences = ['grid_workers'] as const;

/** sending: batches are being written; sent: every unit of the scope was walked and its people written. */
export const announcementStatuses = ['sending', 'sent'] as const;
