/**
 * The example data of the requests and reports words (./api-docs.ts): one consistent story, so that the examples
 * of the OpenAPI document agree with each other. Plain data, imported only by the words (so only by
 * the tools and the bundle-time document, never by a function that serves a route).
 */

// ── Example data ─────────────────────────────────────────────────────────────────────────────────
// One request followed through its life: a resident near 湖南路 reports garbage piling up, the grid
// worker of the grid handles it. Ids are shaped as shared/ids.ts makes them; org units as the demo's.

export const REQUEST_ID = '0mrlgpsg0Xk3pQaZ';
export const OTHER_REQUEST_ID = '0mrkz1c8aLw5NbTe';
export const RESIDENT_ID = '0mk2x9d41Rq7LmPa';
export const WORKER_ID = '0mk2x7b20Hc5VnWe';
export const OTHER_WORKER_ID = '0mk2x7f93Gd8SuKc';
export const ADMIN_ID = '0mk2x5c13Pz4TbYd';
export const REPORT_PHOTO_ID = '0mrlgpsf1Tq8Rw2B';
export const AFTER_PHOTO_ID = '0mrmb2k47Vx6YeJh';
export const MONTH = '2026-07';

export const signed = (photoId: string, variant: 'display' | 'thumb') =>
  `https://grid-service-photos.s3.cn-north-1.amazonaws.com.cn/photos/${photoId}/${variant}.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=900&X-Amz-Signature=3f1c9a`;

const reportPhotoRef = { id: REPORT_PHOTO_ID, stage: 'report', by: RESIDENT_ID, at: '2026-07-15T02:30:00.000Z', width: 1280, height: 960 };
const afterPhotoRef = { id: AFTER_PHOTO_ID, stage: 'resolution', by: WORKER_ID, at: '2026-07-15T07:40:00.000Z', width: 960, height: 1280 };
/** A photo as a request's answer shows it, its URLs signed for 15 minutes from `answeredAt`. */
const photoOf = (ref: typeof reportPhotoRef, answeredAt: string) => ({
  ...ref,
  url: signed(ref.id, 'display'),
  thumbnailUrl: signed(ref.id, 'thumb'),
  urlsExpireAt: new Date(Date.parse(answeredAt) + 15 * 60_000).toISOString(),
});

const submitStep = {
  version: 1,
  at: '2026-07-15T02:30:00.000Z',
  actorId: RESIDENT_ID,
  actorRole: 'resident',
  action: 'submit',
  to: 'submitted',
  note: `分派至网格 gulou-hunan-g1，网格员 ${WORKER_ID}`,
  noteCode: 'routed',
  noteParams: { gridId: 'gulou-hunan-g1', assigneeId: WORKER_ID },
};
export const acceptStep = {
  version: 2,
  at: '2026-07-15T02:52:00.000Z',
  actorId: WORKER_ID,
  actorRole: 'grid_worker',
  action: 'accept',
  from: 'submitted',
  to: 'accepted',
  note: '已联系小区物业，今天下午清运',
};
const startStep = { version: 3, at: '2026-07-15T05:10:00.000Z', actorId: WORKER_ID, actorRole: 'grid_worker', action: 'start', from: 'accepted', to: 'in_progress' };
export const resolveStep = {
  version: 4,
  at: '2026-07-15T07:40:00.000Z',
  actorId: WORKER_ID,
  actorRole: 'grid_worker',
  action: 'resolve',
  from: 'in_progress',
  to: 'resolved',
  note: '垃圾已全部清运，已请物业每天早晚各清一次',
};

/** The request as submitted (version 1): routed by its location to the grid's on-duty grid worker. */
export const submitted = {
  id: REQUEST_ID,
  categoryId: 'sanitation',
  categoryName: '环境卫生',
  categoryNameEn: 'Environmental sanitation',
  categoryLabel: '环境卫生',
  description: '湖南路 10 号小区门口的垃圾桶满了两天没人清运，垃圾堆到人行道上，气味很大。',
  location: { lat: 32.0668, lng: 118.7832, coordSystem: 'wgs84' },
  address: '鼓楼区湖南路 10 号',
  photos: [photoOf(reportPhotoRef, '2026-07-15T02:30:00.000Z')],
  attributes: { kind: 'garbage' },
  residentId: RESIDENT_ID,
  gridId: 'gulou-hunan-g1',
  communityId: 'gulou-hunan',
  subdistrictId: 'gulou-hunanlu',
  districtId: 'gulou',
  routedBy: 'location',
  assigneeId: WORKER_ID,
  status: 'submitted',
  version: 1,
  createdAt: '2026-07-15T02:30:00.000Z',
  updatedAt: '2026-07-15T02:30:00.000Z',
  acceptDueAt: '2026-07-15T04:30:00.000Z',
  reopenCount: 0,
  duplicateIds: [],
  acceptOverdueLevel: 0,
  resolveOverdueLevel: 0,
  overdue: false,
  deadlineHours: { accept: 2, resolve: 24 },
  followers: 0,
  timeline: [submitStep],
};

/** …accepted (version 2): the resolve deadline now runs. */
export const accepted = {
  ...submitted,
  status: 'accepted',
  version: 2,
  updatedAt: acceptStep.at,
  acceptedAt: acceptStep.at,
  resolveDueAt: '2026-07-16T02:52:00.000Z',
  followers: 2,
  photos: [photoOf(reportPhotoRef, acceptStep.at)],
  timeline: [submitStep, acceptStep],
};

/** …being handled (version 3). */
export const inProgress = {
  ...accepted,
  status: 'in_progress',
  version: 3,
  updatedAt: startStep.at,
  startedAt: startStep.at,
  photos: [photoOf(reportPhotoRef, startStep.at)],
  timeline: [submitStep, acceptStep, startStep],
};

/** …resolved with an "after" photo (version 4): the resident has a week to confirm or reopen. */
export const resolved = {
  ...inProgress,
  status: 'resolved',
  version: 4,
  updatedAt: resolveStep.at,
  resolvedAt: resolveStep.at,
  confirmDueAt: '2026-07-22T07:40:00.000Z',
  photos: [photoOf(reportPhotoRef, resolveStep.at), photoOf(afterPhotoRef, resolveStep.at)],
  timeline: [submitStep, acceptStep, startStep, resolveStep],
};

/** A later step of the request, made at `at` by `actor`. */
export const step = (version: number, at: string, actor: [string, string], action: string, from: string, to: string, said: Record<string, unknown> = {}) => ({
  version,
  at,
  actorId: actor[0],
  actorRole: actor[1],
  action,
  from,
  to,
  ...said,
});
export const worker: [string, string] = [WORKER_ID, 'grid_worker'];
export const resident: [string, string] = [RESIDENT_ID, 'resident'];

const confirmStep = step(5, '2026-07-15T10:05:00.000Z', resident, 'confirm', 'resolved', 'closed', {
  note: '评价 5 星：清理得很干净，谢谢！',
  noteCode: 'rated',
  noteParams: { rating: '5' },
});
export const confirmed = {
  ...resolved,
  status: 'closed',
  version: 5,
  updatedAt: confirmStep.at,
  closedAt: confirmStep.at,
  rating: 5,
  ratingComment: '清理得很干净，谢谢！',
  photos: [photoOf(reportPhotoRef, confirmStep.at), photoOf(afterPhotoRef, confirmStep.at)],
  timeline: [...resolved.timeline, confirmStep],
};

export const reopenPhotoRef = { id: '0mrmf9q02Cz3HaLw', stage: 'reopen', by: RESIDENT_ID, at: '2026-07-16T00:20:00.000Z', width: 1280, height: 960 };
export const REOPEN_NOTE = '今天早上垃圾又堆满了，问题没有解决';
const reopenStep = step(5, reopenPhotoRef.at, resident, 'reopen', 'resolved', 'in_progress', { note: REOPEN_NOTE });
const { confirmDueAt: _removedOnReopen, ...resolvedWithoutWindow } = resolved;
export const reopened = {
  ...resolvedWithoutWindow,
  status: 'in_progress',
  version: 5,
  updatedAt: reopenStep.at,
  reopenCount: 1,
  photos: [reportPhotoRef, afterPhotoRef, reopenPhotoRef].map((ref) => photoOf(ref, reopenStep.at)),
  timeline: [...resolved.timeline, reopenStep],
};

const escalateStep = step(3, '2026-07-15T03:30:00.000Z', worker, 'escalate', 'accepted', 'escalated', {
  note: '转交城管：垃圾来自路边摊贩，需城管执法',
  noteCode: 'escalated',
  noteParams: { department: 'urban_management' },
});
export const escalated = {
  ...accepted,
  status: 'escalated',
  version: 3,
  updatedAt: escalateStep.at,
  department: 'urban_management',
  escalatedAt: escalateStep.at,
  photos: [photoOf(reportPhotoRef, escalateStep.at)],
  timeline: [submitStep, acceptStep, escalateStep],
};

const returnStep = step(4, '2026-07-15T06:15:00.000Z', worker, 'return', 'escalated', 'in_progress', {
  note: '城管反馈：已劝离占道摊贩并责令清理',
  noteCode: 'returned',
  noteParams: { department: 'urban_management' },
});
export const returned = {
  ...escalated,
  status: 'in_progress',
  version: 4,
  updatedAt: returnStep.at,
  departmentResult: '已劝离占道摊贩并责令清理',
  returnedAt: returnStep.at,
  photos: [photoOf(reportPhotoRef, returnStep.at)],
  timeline: [...escalated.timeline, returnStep],
};

const rejectStep = step(2, '2026-07-15T02:50:00.000Z', worker, 'reject', 'submitted', 'rejected', { note: '该处为私人院落内部，不属于公共区域，请联系小区物业' });
export const rejected = {
  ...submitted,
  status: 'rejected',
  version: 2,
  updatedAt: rejectStep.at,
  closedAt: rejectStep.at,
  rejectReason: '该处为私人院落内部，不属于公共区域，请联系小区物业',
  photos: [photoOf(reportPhotoRef, rejectStep.at)],
  timeline: [submitStep, rejectStep],
};

const duplicateStep = step(2, '2026-07-15T02:48:00.000Z', worker, 'mark-duplicate', 'submitted', 'duplicate', {
  note: `与诉求 ${OTHER_REQUEST_ID} 重复：同一处垃圾堆放，已在处理`,
  noteCode: 'duplicate',
  noteParams: { of: OTHER_REQUEST_ID },
});
export const duplicate = {
  ...submitted,
  status: 'duplicate',
  version: 2,
  updatedAt: duplicateStep.at,
  closedAt: duplicateStep.at,
  duplicateOf: OTHER_REQUEST_ID,
  photos: [photoOf(reportPhotoRef, duplicateStep.at)],
  timeline: [submitStep, duplicateStep],
};

const reassignStep = step(2, '2026-07-15T03:05:00.000Z', [ADMIN_ID, 'admin'], 'reassign', 'submitted', 'submitted', {
  note: `改派至网格 gulou-hunan-g2，网格员 ${OTHER_WORKER_ID}：该处属第 2 网格`,
  noteCode: 'reassigned',
  noteParams: { gridId: 'gulou-hunan-g2', assigneeId: OTHER_WORKER_ID },
});
export const reassigned = {
  ...submitted,
  gridId: 'gulou-hunan-g2',
  assigneeId: OTHER_WORKER_ID,
  routedBy: 'admin',
  version: 2,
  updatedAt: reassignStep.at,
  photos: [photoOf(reportPhotoRef, reassignStep.at)],
  timeline: [submitStep, reassignStep],
};

/** The request as a list row: photo references, its first thumbnail, no timeline. */
const { timeline: _timeline, photos: _photos, ...acceptedRow } = accepted;
export const summary = { ...acceptedRow, photos: [reportPhotoRef], thumbnailUrl: signed(REPORT_PHOTO_ID, 'thumb') };
/** A new request as its grid worker's queue lists it. */
const { timeline: _steps, photos: _refs, ...submittedRow } = submitted;
export const queueRow = { ...submittedRow, photos: [reportPhotoRef], thumbnailUrl: signed(REPORT_PHOTO_ID, 'thumb') };
