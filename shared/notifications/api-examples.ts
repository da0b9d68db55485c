// Example data of the notifications feature's words (api-docs.ts, announcement-api-docs.ts), shaped
// as the service makes it: inbox item and push ids start with the event's time in base 36
// (`0mrlgpsg0` is 2026-07-15T02:30:00Z) and go on with a hash; other ids are `newId()` (the same time
// part and 7 random characters); org units are the organisation's readable ids.

/** A resident's inbox item: their request was received. */
export const notification = {
  id: '0mrlgpsg03fa94c0e2b71',
  kind: 'request.received',
  title: '您的诉求已提交（占道经营）',
  body: '网格员将尽快受理，处理进展会通知您。',
  subject: { type: 'request', id: '0mrlgpqwgK4n8ZbQ' },
  createdAt: '2026-07-15T02:30:00.000Z',
};

/** An announcement's inbox item, already read. */
export const announcementItem = {
  id: '0mrldi1s09c1e7a4b2d08',
  kind: 'notifications.announcement',
  title: '防汛值守通知',
  body: '受强降雨影响，今晚 20:00 起各网格安排专人值守，请留意积水点并及时上报。',
  subject: { type: 'announcement', id: '0mrldi1s0Vb7Yc2P' },
  createdAt: '2026-07-15T01:00:00.000Z',
  readAt: '2026-07-15T01:20:41.000Z',
};

/** A one-time subscription count for the kind above. */
export const subscription = { kind: 'request.received', templateId: 'Qf3nX2kL8mP4rT6vW9yZ1aB5cD7eF0gH2jK4mN6pR8s', remaining: 2 };

/** A grid's robot, its key masked. */
export const robot = { unitId: 'gulou-hunan-g1', keyHint: '3f8e…3b2c', updatedAt: '2026-07-14T08:00:00.000Z', updatedBy: '0mkz3f2a0Qw8Lm2x' };

/** A WeCom push that failed all six attempts. */
export const deadPush = {
  id: '0mrlgpsg07d41a9c2e5b8f06',
  channel: 'wecom',
  status: 'dead',
  kind: 'request.submitted',
  title: '新诉求（占道经营）',
  body: '请在 07-15 14:30 前受理。',
  gridId: 'gulou-hunan-g1',
  eventId: '0mrlgpsg0Hq3Zt8M',
  correlationId: 'Ct3x8hq1oAMEbXw=',
  attempts: 6,
  lastError: 'errcode 93000: invalid webhook url',
  createdAt: '2026-07-15T02:30:00.000Z',
  deadAt: '2026-07-15T03:01:12.000Z',
};

const { deadAt: _dead, ...notDead } = deadPush;
/** The push above, given a fresh round of attempts: no longer dead. */
export const pendingAgain = notDead;

/** An announcement to the grid workers of a community, halfway through its delivery. */
export const announcement = {
  id: '0mrldi1s0Vb7Yc2P',
  title: '防汛值守通知',
  body: '受强降雨影响，今晚 20:00 起各网格安排专人值守，请留意积水点并及时上报。',
  scope: 'gulou-hunan',
  audience: 'grid_workers',
  status: 'sending',
  progress: { unitKind: 'grid', unitsDone: 4, recipientsWritten: 5, batches: 1 },
  createdBy: '0mk1t8c40Ha5Ws3e',
  startedAt: '2026-07-15T01:00:00.000Z',
  updatedAt: '2026-07-15T01:00:03.000Z',
};
