import { type FieldDocs } from '../http/api-docs';

/**
 * The example data of the shifts words (./api-docs.ts): one consistent story, so that the examples
 * of the OpenAPI document agree with each other. Plain data, imported only by the words (so only by
 * the tools and the bundle-time document, never by a function that serves a route).
 */

// ─── Example data: one micro-grid of Gulou's Hunan Road community, one week of July 2026 ──────────
// Ids are shaped as the service makes them (shared/ids.ts newId: 16 url-safe characters; a generated
// shift's id is its duty's id and the date), org units and stations as the demo data names them.

export const microGridId = 'gulou-hunan-g1-m1';
export const stationId = 'hunan-road-station';
export const gridWorker = '0mqz3k1a0GwLi5Rb';
export const zhang = '0mr1fha80ZhXq2Lk';
export const wang = '0mr1fhb21WaN8sWc';
export const chen = '0mr2c4d70ChS9pTe';
export const patrolDuty = '0mr0x7c2kP4nD8wQ';
export const stationDuty = '0mr0x9d4mS7tQ2vH';
export const patrolShift = `${patrolDuty}-20260715`;
export const stationShift = `${stationDuty}-20260715`;
export const swapId = '0mrm2a9d1Sw4pZ8e';
export const feedToken = 'gdBbvidAeWujaLM_PL57yQz-UJbIp-1DC_YkGx7Tyos';
const cursor = 'eyJwayI6Ik1JQ1JPR1JJRCNndWxvdS1odW5hbi1nMS1tMSJ9';

export const recurrenceExample = { frequency: 'weekly', days: ['MO', 'WE', 'FR'], start: '09:00', end: '11:00', from: '2026-07-01' };

export const dutyExample = {
  id: patrolDuty,
  microGridId,
  title: '楼栋安全巡查',
  kind: 'patrol',
  description: '检查楼道消防通道是否畅通、有无电动车违规充电，发现隐患拍照上报。',
  location: '湖南路 10 号小区 1-6 号楼',
  assigneeId: zhang,
  recurrence: recurrenceExample,
  headcount: 2,
  createdAt: '2026-06-28T01:15:00.000Z',
  createdBy: gridWorker,
};

/** The patrol of Wednesday 15 July 2026, 09:00–11:00 in Nanjing: 张阿姨 (the duty's assignee) and 王大伯 seated, 陈先生 waiting. */
export const shiftExample = {
  id: patrolShift,
  microGridId,
  dutyId: patrolDuty,
  kind: 'patrol',
  title: '楼栋安全巡查',
  location: '湖南路 10 号小区 1-6 号楼',
  start: '2026-07-15T01:00:00.000Z',
  end: '2026-07-15T03:00:00.000Z',
  date: '2026-07-15',
  headcount: 2,
  status: 'open',
  signedUp: [
    { userId: zhang, via: 'assigned', at: '2026-07-06T02:00:00.000Z' },
    { userId: wang, via: 'sign_up', at: '2026-07-08T11:20:00.000Z' },
  ],
  waitlist: [chen],
  openSeats: 0,
  createdAt: '2026-07-06T02:00:00.000Z',
  createdBy: gridWorker,
};

/** The patrol shift with the first seat changed (a check-in, a check-out, a no-show). */
export const withFirstSeat = (seat: Record<string, unknown>) => ({
  ...shiftExample,
  signedUp: [{ ...shiftExample.signedUp[0], ...seat }, shiftExample.signedUp[1]],
});

/** Staffing the rest station the same afternoon, 14:00–17:00 in Nanjing: 陈先生 checked in, one seat free. */
export const stationShiftExample = {
  id: stationShift,
  microGridId,
  dutyId: stationDuty,
  kind: 'station_duty',
  title: '宁小蜂驿站值守',
  stationId,
  start: '2026-07-15T06:00:00.000Z',
  end: '2026-07-15T09:00:00.000Z',
  date: '2026-07-15',
  headcount: 2,
  status: 'open',
  signedUp: [{ userId: chen, via: 'sign_up', at: '2026-07-09T12:05:00.000Z', checkedInAt: '2026-07-15T05:48:00.000Z' }],
  waitlist: [],
  openSeats: 1,
  createdAt: '2026-07-06T02:00:00.000Z',
  createdBy: gridWorker,
};

/** The two shifts as the roster and a station's duty show them: with the seat holders' names. */
export const namedShiftExample = {
  ...shiftExample,
  signedUp: [
    { ...shiftExample.signedUp[0], displayName: '张阿姨' },
    { ...shiftExample.signedUp[1], displayName: '王大伯' },
  ],
};
export const namedStationShiftExample = { ...stationShiftExample, signedUp: [{ ...stationShiftExample.signedUp[0], displayName: '陈先生' }] };

export const eligibilityExample = { shiftId: stationShift, outcome: 'sign_up', reason: 'free', warnings: [], availability: 'fits' };

export const availabilityExample = {
  userId: zhang,
  timeZone: 'Asia/Shanghai',
  weekly: [
    { day: 'MO', start: '08:30', end: '11:30' },
    { day: 'WE', start: '08:30', end: '11:30' },
    { day: 'SA', start: '14:00', end: '17:00' },
  ],
  exceptions: [
    { date: '2026-07-20', available: false },
    { date: '2026-07-22', available: true, start: '14:00', end: '17:00' },
  ],
  updatedAt: '2026-07-05T13:40:00.000Z',
};

export const swapExample = {
  id: swapId,
  microGridId,
  shiftId: patrolShift,
  fromUserId: wang,
  toUserId: chen,
  note: '那天要带孙子去医院复查，麻烦您替我一下，谢谢！',
  status: 'accepted',
  createdAt: '2026-07-12T10:02:00.000Z',
  acceptedAt: '2026-07-12T11:30:00.000Z',
};

export const hoursEntryExample = {
  shiftId: patrolShift,
  microGridId,
  userId: zhang,
  title: '楼栋安全巡查',
  date: '2026-07-15',
  month: '2026-07',
  minutes: 125,
  noShow: false,
  checkedInAt: '2026-07-15T00:52:00.000Z',
  checkedOutAt: '2026-07-15T02:57:00.000Z',
  recordedAt: '2026-07-15T02:57:00.000Z',
};

export const invitationExample = {
  code: 'K7MRX2QH',
  microGridId,
  createdBy: gridWorker,
  createdAt: '2026-07-01T01:30:00.000Z',
  validUntil: '2026-07-08T01:30:00.000Z',
};

/** A shift made by hand has no duty. */
const { dutyId: _duty, ...stationShiftWithoutDuty } = namedStationShiftExample;
const { acceptedAt: _accepted, ...swapNotYetAccepted } = { ...swapExample, status: 'proposed' };
export const handMadeStationShift = stationShiftWithoutDuty;
export const proposedSwapExample = swapNotYetAccepted;

export const page = (item: unknown) => ({ items: [item], nextCursor: cursor });

/**
 * A page's words. Every operation answering a page of the same item must give the same ones: the
 * builder names a page `DutyPage` only when its fields equal the first such page's, and that one
 * got its default words before the comparison (see the report on shared/http/openapi.ts).
 */
export const pageWords = (items: string): FieldDocs => ({ items, nextCursor: 'Send as `cursor` to get the next page; absent on the last page.' });
export const dutyPage = { fields: pageWords('This page’s duties.'), example: page(dutyExample) };
