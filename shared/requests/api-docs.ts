import { type FieldDoc, type FieldDocs, type OperationDoc, apiDocsOf } from '../http/api-docs';
import type { ProblemCode } from '../http/errors';
import { attributeDatatypeSchema, attributeValueSchema, categoryAttributeSchema, categoryViewSchema } from './categories/model';
import {
  departmentSchema,
  figuresSchema,
  followSchema,
  gridTableSchema,
  monthlyReportSchema,
  nearbyRequestSchema,
  requestStatusSchema,
  requestSummaryViewSchema,
  requestViewSchema,
  timelineEntrySchema,
} from './model';
import { reportRoutes, requestRoutes } from './routes';

// ── Example data ─────────────────────────────────────────────────────────────────────────────────
// One request followed through its life: a resident near 湖南路 reports garbage piling up, the grid
// worker of the grid handles it. Ids are shaped as shared/ids.ts makes them; org units as the demo's.

const REQUEST_ID = '0mrlgpsg0Xk3pQaZ';
const OTHER_REQUEST_ID = '0mrkz1c8aLw5NbTe';
const RESIDENT_ID = '0mk2x9d41Rq7LmPa';
const WORKER_ID = '0mk2x7b20Hc5VnWe';
const OTHER_WORKER_ID = '0mk2x7f93Gd8SuKc';
const ADMIN_ID = '0mk2x5c13Pz4TbYd';
const REPORT_PHOTO_ID = '0mrlgpsf1Tq8Rw2B';
const AFTER_PHOTO_ID = '0mrmb2k47Vx6YeJh';
const MONTH = '2026-07';

const signed = (photoId: string, variant: 'display' | 'thumb') =>
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
const acceptStep = {
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
const resolveStep = {
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
const submitted = {
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
const accepted = {
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
const inProgress = {
  ...accepted,
  status: 'in_progress',
  version: 3,
  updatedAt: startStep.at,
  startedAt: startStep.at,
  photos: [photoOf(reportPhotoRef, startStep.at)],
  timeline: [submitStep, acceptStep, startStep],
};

/** …resolved with an "after" photo (version 4): the resident has a week to confirm or reopen. */
const resolved = {
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
const step = (version: number, at: string, actor: [string, string], action: string, from: string, to: string, said: Record<string, unknown> = {}) => ({
  version,
  at,
  actorId: actor[0],
  actorRole: actor[1],
  action,
  from,
  to,
  ...said,
});
const worker: [string, string] = [WORKER_ID, 'grid_worker'];
const resident: [string, string] = [RESIDENT_ID, 'resident'];

const confirmStep = step(5, '2026-07-15T10:05:00.000Z', resident, 'confirm', 'resolved', 'closed', {
  note: '评价 5 星：清理得很干净，谢谢！',
  noteCode: 'rated',
  noteParams: { rating: '5' },
});
const confirmed = {
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

const reopenPhotoRef = { id: '0mrmf9q02Cz3HaLw', stage: 'reopen', by: RESIDENT_ID, at: '2026-07-16T00:20:00.000Z', width: 1280, height: 960 };
const REOPEN_NOTE = '今天早上垃圾又堆满了，问题没有解决';
const reopenStep = step(5, reopenPhotoRef.at, resident, 'reopen', 'resolved', 'in_progress', { note: REOPEN_NOTE });
const { confirmDueAt: _removedOnReopen, ...resolvedWithoutWindow } = resolved;
const reopened = {
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
const escalated = {
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
const returned = {
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
const rejected = {
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
const duplicate = {
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
const reassigned = {
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
const summary = { ...acceptedRow, photos: [reportPhotoRef], thumbnailUrl: signed(REPORT_PHOTO_ID, 'thumb') };
/** A new request as its grid worker's queue lists it. */
const { timeline: _steps, photos: _refs, ...submittedRow } = submitted;
const queueRow = { ...submittedRow, photos: [reportPhotoRef], thumbnailUrl: signed(REPORT_PHOTO_ID, 'thumb') };

// ── Words ────────────────────────────────────────────────────────────────────────────────────────

const iso = (what: string, absent?: string): string => `${what} (ISO 8601, UTC)${absent ? `; ${absent}` : ''}.`;

/** The fields a request and its list row share. */
const requestFieldDocs: FieldDocs = {
  id: { description: 'The request’s id: `GET /requests/{requestId}` and every action on it take it.', example: REQUEST_ID },
  categoryId: { description: 'The category it was filed under (`GET /categories`).', example: 'sanitation' },
  categoryName: { description: 'The category’s Chinese name when the request was submitted: kept as it was, whatever the catalogue says now.', example: '环境卫生' },
  categoryNameEn: { description: 'The category’s English name when the request was submitted; absent when it had none.', example: 'Environmental sanitation' },
  categoryLabel: {
    description:
      'The category’s name in the reader’s language (`Accept-Language`, else their profile’s): `categoryNameEn` in English when there is one, else `categoryName`. The one to show.',
    example: '环境卫生',
  },
  description: { description: 'What the resident wrote about the problem (at most 1,000 characters), shown as written.', example: submitted.description },
  location: 'Where the problem is, in the `coordSystem` the route was asked for (WGS-84 unless asked otherwise); absent when the resident gave only an address.',
  address: { description: 'The address the resident typed, as written; absent when they gave none.', example: '鼓楼区湖南路 10 号' },
  attributes: {
    description:
      'The category’s extra fields as the resident filled them, by the attribute’s `code` (see the category’s `attributes`): text, a number, true or false, or the chosen option keys. Empty when none.',
    example: { kind: 'garbage' },
  },
  residentId: { description: 'The user id of the resident who submitted it.', example: RESIDENT_ID },
  gridId: { description: 'The grid (网格) that handles it: the one its location lies in, else the resident’s home grid, or the one an admin reassigned it to.', example: 'gulou-hunan-g1' },
  communityId: { description: 'The community (社区) of its grid: an org unit id.', example: 'gulou-hunan' },
  subdistrictId: { description: 'The subdistrict (街道) of its grid: an org unit id.', example: 'gulou-hunanlu' },
  districtId: { description: 'The district (区) of its grid: an org unit id.', example: 'gulou' },
  routedBy: {
    description:
      'How its grid was found: `location` (the grid whose boundary contains its location), `home-grid` (sent without a location: the resident’s home grid), `admin` (an admin reassigned it to another grid).',
    example: 'location',
  },
  assigneeId: { description: 'The user id of the grid worker handling it; null while its grid has no grid worker (an admin then reassigns it).', example: WORKER_ID },
  status: 'Where it is in the closed loop now.',
  version: {
    description:
      'Its version, bumped by every change (the ETag says it as `"3"`). Send it back as `If-Match`, or as `version` in an action’s body, to have a change made on a stale copy refused (412) instead of applied.',
    example: 3,
  },
  createdAt: { description: iso('When it was submitted'), example: '2026-07-15T02:30:00.000Z' },
  updatedAt: { description: iso('When it last changed, by anyone or by the deadline schedule'), example: '2026-07-15T05:10:00.000Z' },
  acceptDueAt: { description: iso('Its deadline to be accepted: submission plus `deadlineHours.accept`'), example: '2026-07-15T04:30:00.000Z' },
  resolveDueAt: { description: iso('Its deadline to be resolved: acceptance plus `deadlineHours.resolve`', 'absent until accepted'), example: '2026-07-16T02:52:00.000Z' },
  acceptedAt: { description: iso('When a grid worker accepted it', 'absent until then'), example: '2026-07-15T02:52:00.000Z' },
  startedAt: { description: iso('When its grid worker started handling it', 'absent until then'), example: '2026-07-15T05:10:00.000Z' },
  resolvedAt: { description: iso('When it was last marked resolved', 'kept after a reopen, replaced by the next resolution; absent until the first'), example: '2026-07-15T07:40:00.000Z' },
  confirmDueAt: {
    description: iso(
      'While `resolved`: until when its resident may confirm (rate) or reopen it, a week after the resolution',
      'after it the request is closed automatically, unrated. Absent when not waiting for the resident',
    ),
    example: '2026-07-22T07:40:00.000Z',
  },
  closedAt: { description: iso('When it was closed, rejected or marked a duplicate', 'absent while it is open'), example: '2026-07-15T10:05:00.000Z' },
  closedAutomatically: { description: 'True when the service closed it because its resident neither confirmed nor reopened it by `confirmDueAt`; absent otherwise.', example: true },
  rating: { description: 'The resident’s rating when confirming, 1 to 5 stars; absent until confirmed, and on a request closed automatically.', example: 5 },
  ratingComment: { description: 'What the resident wrote with the rating, as written; absent when they wrote nothing.', example: '清理得很干净，谢谢！' },
  reopenCount: { description: 'How many times its resident said a resolution did not fix the problem.', example: 0 },
  department: 'The department (部门) it was last escalated to; absent if it never was.',
  escalatedAt: { description: iso('When it was last escalated to a department', 'absent if it never was'), example: '2026-07-15T03:30:00.000Z' },
  departmentResult: { description: 'The department’s result, as its grid worker recorded it on returning the request; absent until then, and again after the next escalation.', example: '已劝离占道摊贩并责令清理' },
  returnedAt: { description: iso('When the department’s result was recorded', 'absent until then'), example: '2026-07-15T06:15:00.000Z' },
  rejectReason: { description: 'Why it was rejected, as the grid worker or admin wrote it; only on a `rejected` request.', example: '该处为私人院落内部，不属于公共区域，请联系小区物业' },
  duplicateOf: { description: 'On a `duplicate` request: the id of the request it duplicates (follow that one).', example: OTHER_REQUEST_ID },
  duplicateIds: { description: 'The ids of requests marked as duplicates of this one; empty when none.', example: [] },
  acceptOverdueLevel: {
    description:
      'How far missing its accept deadline escalated it: 0 on time; 1 past `acceptDueAt`, reported to the community (社区); 2 one more accept window later, reported to the subdistrict (街道).',
    example: 0,
  },
  resolveOverdueLevel: {
    description: 'How far missing its resolve deadline escalated it: 0 on time; 1 past `resolveDueAt`, reported to the community (社区); 2 one more resolve window later, reported to the subdistrict (街道).',
    example: 0,
  },
  overdue: {
    description: 'Whether it is late now on the deadline it works against: to be accepted while `submitted`, to be resolved while accepted, in progress or escalated. False once resolved or done.',
    example: false,
  },
  deadlineHours: 'Its category’s deadlines when it was submitted, in hours; a later change to the catalogue does not move them.',
  'deadlineHours.accept': { description: 'Hours from submission within which a grid worker must accept it.', example: 2 },
  'deadlineHours.resolve': { description: 'Hours from acceptance within which it must be resolved.', example: 24 },
  followers: {
    description: 'How many people follow it (“me too”: they found it nearby instead of reporting it again); they are told when it is resolved.',
    example: 2,
  },
};

/** The words of a request action's body: what the person writes, and the version they saw. */
const versionDoc: FieldDoc = {
  description:
    'The request’s `version` as you last read it, as `If-Match` would say it: if it has changed since, nothing is done (412); read it again. Leave out to act on the request as it is.',
  example: 3,
};

/** The path parameter of every operation on one request. */
const requestIdParameter = { requestId: { description: 'The request’s id (its `id`). A request you may not see answers 404, as one that does not exist.', example: REQUEST_ID } };

/** What every action on a request may answer beyond the generic problems. */
const actionErrors: readonly ProblemCode[] = ['invalid_transition', 'conflict'];
/** …and an action that attaches photos: the checks of each upload, and the request’s limit of 30. */
const photoErrors: readonly ProblemCode[] = ['upload_not_found', 'upload_not_ready', 'upload_already_attached', 'upload_expired', 'upload_rejected', 'photo_limit_reached'];

/** An action's words: its path parameter, its body's fields and example, the request after it, its problems. */
const action = (fields: FieldDocs, example: unknown, after: unknown, errors: readonly ProblemCode[] = actionErrors): OperationDoc => ({
  parameters: requestIdParameter,
  request: { fields: { version: versionDoc, ...fields }, example },
  response: { example: after },
  errors,
});

/**
 * The words of a page of requests, the same in every list. The builder names a page
 * `RequestSummaryPage` only while its fields are described exactly as the first page's, but it
 * describes the first page's `items` and `nextCursor` only after that comparison
 * (shared/http/openapi.ts `pageName`, `named`): undescribed, the second and third lists would be
 * `ListMyQueueResponse` and `ListAreaRequestsResponse`. `nextCursor` says what the builder says.
 */
const pageItems: FieldDocs = {
  items: 'This page’s requests, in the order the operation says.',
  nextCursor: 'Send as `cursor` to get the next page; absent on the last page.',
};

/** A month of the reports and of the area lists. */
const monthParameter: FieldDoc = { description: 'The month, Beijing time (Asia/Shanghai), `YYYY-MM`: requests belong to the month they were submitted in.', example: MONTH };
const reportScopeParameter: FieldDoc = {
  description:
    'Whose figures: a grid, community, subdistrict or district within your scope (an org unit id), or `city` for the whole city (city-wide admins only). A unit beyond your scope answers 404; a micro-grid 400.',
  example: 'gulou-hunan',
};

/** A rate's fields under `path`: what it counts, of how many. */
const rateDocs = (path: string, what: string, count: string, of: string): FieldDocs => ({
  [path]: what,
  [`${path}.count`]: { description: count, example: 38 },
  [`${path}.of`]: { description: of, example: 40 },
  [`${path}.rate`]: { description: '`count` / `of`, from 0 to 1, to 4 decimals; null when `of` is 0.', example: 0.95 },
});

/** The unit a report is about. */
const reportScopeDocs = (holder: string): FieldDocs => ({
  scope: `The unit the ${holder} is about.`,
  'scope.id': { description: 'Its org unit id, or `city` for the whole city.', example: 'gulou-hunan' },
  'scope.kind': { description: 'What kind of unit it is: `grid`, `community`, `subdistrict`, `district`, or `city`.', example: 'community' },
  'scope.name': { description: 'Its name, in Chinese as the city names it.', example: '湖南路社区' },
});

const overallFigures = {
  total: 42,
  byStatus: { accepted: 1, in_progress: 3, resolved: 4, closed: 31, rejected: 2, duplicate: 1 },
  acceptedOnTime: { count: 38, of: 40, rate: 0.95 },
  resolvedOnTime: { count: 33, of: 37, rate: 0.8919 },
  reopened: { count: 3, of: 35, rate: 0.0857 },
  satisfied: { count: 24, of: 27, rate: 0.8889 },
  averageRating: 4.48,
  medianHoursToResolve: 24,
  medianHoursToResolveBucket: { from: 12, to: 24 },
};

/** The catalogue's ten categories, in its order: the columns of a grid table. */
const tableCategories = [
  { id: 'property', name: '物业服务' },
  { id: 'sanitation', name: '环境卫生' },
  { id: 'street-order', name: '市容秩序' },
  { id: 'public-security', name: '治安防控' },
  { id: 'disputes', name: '矛盾纠纷' },
  { id: 'food-safety', name: '食品安全' },
  { id: 'illegal-construction', name: '违章建筑' },
  { id: 'facility-repair', name: '设施维修' },
  { id: 'livelihood', name: '民生服务' },
  { id: 'safety-hazard', name: '安全隐患' },
];

const sanitationCategory = {
  id: 'sanitation',
  name: '环境卫生',
  nameEn: 'Environmental sanitation',
  label: '环境卫生',
  acceptWithinHours: 2,
  resolveWithinHours: 24,
  attributes: [
    {
      code: 'kind',
      label: '问题类型',
      datatype: 'singlevaluelist',
      required: false,
      order: 1,
      options: [
        { key: 'garbage', name: '垃圾堆放' },
        { key: 'sewage', name: '污水外溢' },
        { key: 'pests', name: '病媒生物' },
        { key: 'littering', name: '乱扔乱倒' },
        { key: 'other', name: '其他' },
      ],
    },
  ],
  active: true,
  order: 20,
  updatedAt: '2026-01-01T00:00:00.000Z',
  updatedBy: 'seed',
};

const categoryBodyFields: FieldDocs = {
  name: { description: 'Its name in Chinese (at most 30 characters), as residents see it.', example: '噪音扰民' },
  nameEn: { description: 'Its name in English (at most 80 characters), shown to people who read English; leave out for none.', example: 'Noise nuisance' },
  description: { description: 'A hint shown with it when choosing (at most 200 characters); leave out for none.', example: '夜间施工、广场舞等噪音问题' },
  acceptWithinHours: { description: 'Hours from submission within which a grid worker must accept a request (more than 0, at most 720; fractions allowed).', example: 2 },
  resolveWithinHours: { description: 'Hours from acceptance within which a request must be resolved (more than 0, at most 2,160; fractions allowed).', example: 48 },
  attributes: 'The extra fields a resident fills in for it, at most 20; none when left out. Codes must be unique within the category.',
  active: { description: 'Whether it takes new requests; true when left out. An inactive category stays for old requests and reports.', example: true },
  order: { description: 'Where it comes in the list, lower first (0 to 100,000; 100 when left out).', example: 110 },
};

const noiseCategory = {
  name: '噪音扰民',
  nameEn: 'Noise nuisance',
  description: '夜间施工、广场舞等噪音问题',
  acceptWithinHours: 2,
  resolveWithinHours: 48,
  attributes: [
    { code: 'source', label: '噪音来源', datatype: 'singlevaluelist', required: true, order: 1, options: [{ key: 'construction', name: '施工' }, { key: 'square_dance', name: '广场舞' }, { key: 'other', name: '其他' }] },
    { code: 'night', label: '是否夜间（22 点后）', datatype: 'boolean', required: false, order: 2 },
  ],
  active: true,
  order: 110,
};

// ── Docs ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * The words of the requests feature (shared/http/api-docs.ts): residents' requests (群众诉求) in
 * their closed loop, the timeline, "already reported?" and following, and the category catalogue
 * (its routes are part of `requestRoutes`).
 */
export const requestDocs = apiDocsOf(requestRoutes, {
  schemas: [
    [
      requestStatusSchema,
      {
        name: 'RequestStatus',
        description:
          'Where a request is in the closed loop. Open: `submitted` (waiting to be accepted), `accepted`, `in_progress`, `escalated` (with a department), `resolved` (waiting for its resident to confirm or reopen). Done: `closed` (confirmed and rated, or closed automatically unrated), `rejected`, `duplicate` (of another request).',
        example: 'in_progress',
      },
    ],
    [
      departmentSchema,
      {
        name: 'Department',
        description:
          'A department (部门) a request can be escalated to: `police` (公安), `justice` (司法), `emergency_management` (应急管理), `urban_management` (城管), `market_regulation` (市场监管), `housing_construction` (住建).',
        example: 'urban_management',
      },
    ],
    [
      timelineEntrySchema,
      {
        name: 'TimelineEntry',
        description: 'One step of a request’s life: who did what when, the status it went from and to, and its note.',
        fields: {
          version: { description: 'The request’s version this step made: 1 for the submission, one more for each step after.', example: 2 },
          at: { description: iso('When the step was made'), example: '2026-07-15T02:52:00.000Z' },
          actorId: { description: 'Who made it: a user id, or `system` for the steps the deadline schedule makes (`overdue`, `auto-close`).', example: WORKER_ID },
          actorRole: { description: 'Their role when they made it (`resident`, `grid_worker`, `admin`…), or `system`.', example: 'grid_worker' },
          action: {
            description:
              'What was done: `submit`, `accept`, `start`, `resolve`, `confirm`, `reopen`, `escalate`, `return`, `reject`, `mark-duplicate`, `reassign`, or the schedule’s `overdue` (a deadline missed) and `auto-close` (nobody confirmed in time).',
            example: 'accept',
          },
          from: 'The status before the step; absent on the submission.',
          to: 'The status after it (the same as `from` for a reassignment or a missed deadline).',
          note: {
            description:
              'The step’s note in the reader’s language (`Accept-Language`, else their profile’s): the words the service wrote (from `noteCode`), then what a person wrote, as written. Absent when there is neither.',
            example: '已联系小区物业，今天下午清运',
          },
          noteCode: {
            description:
              'When the service wrote words on this step, their code (already said in `note`): `routed`, `rated`, `escalated`, `returned`, `duplicate`, `reassigned`, `overdue`, `auto-closed`. Absent otherwise; new codes may appear.',
            example: 'routed',
          },
          noteParams: {
            description: 'The parameters of `noteCode` by name, all strings: ids (`gridId`, `assigneeId`, `of`), a `department`, a `rating`, a deadline as an ISO 8601 instant. Absent when it has none.',
            example: { gridId: 'gulou-hunan-g1', assigneeId: WORKER_ID },
          },
          links: {
            description:
              'Links the step came with, to show as links: the photos of its result a department sent by URL with its `resolve` (https, at most 4). The service never fetches them. Absent when there are none.',
            example: ['https://cg.nanjing.example.cn/photos/123.jpg'],
          },
        },
        example: acceptStep,
      },
    ],
    [
      requestViewSchema,
      {
        name: 'Request',
        description:
          'A resident’s request (群众诉求) with its photos and timeline. Seen by its resident, the grid workers of its grid and admins whose scope reaches it; anyone else is answered 404. The ETag header carries its `version`.',
        fields: {
          ...requestFieldDocs,
          photos: 'Its photos, oldest first, with URLs signed for 15 minutes: those of the report, each resolution’s “after” pictures and each reopen’s; at most 30.',
          timeline: 'Every step of its life, oldest first. A very long timeline keeps its first and latest steps and drops some between (`timelineDropped`).',
          timelineDropped: { description: 'How many steps were dropped from the middle of a very long timeline; absent when none were.', example: 4 },
        },
        example: inProgress,
      },
    ],
    [
      requestSummaryViewSchema,
      {
        name: 'RequestSummary',
        description: 'A request as a list shows it: everything but the timeline, photo references without URLs, and one signed thumbnail.',
        fields: {
          ...requestFieldDocs,
          photos: 'Its photos as references, oldest first (no URLs in a list: open the request for them); at most 30.',
          thumbnailUrl: {
            description: 'A signed URL of its first photo’s thumbnail (at most 320 px), working for 15 minutes; absent when it has no photos.',
            example: signed(REPORT_PHOTO_ID, 'thumb'),
          },
        },
        example: summary,
      },
    ],
    [
      nearbyRequestSchema,
      {
        name: 'NearbyRequest',
        description:
          'An open request near the point asked about, as anyone about to report may see it: what it is about, how far along, roughly where and how many follow it; never who filed it, what they wrote or their photos.',
        fields: {
          id: { description: 'The request’s id: follow it with `POST /requests/{requestId}/followers`.', example: OTHER_REQUEST_ID },
          categoryId: { description: 'Its category: the one asked about.', example: 'sanitation' },
          categoryName: { description: 'Its category’s Chinese name when it was submitted.', example: '环境卫生' },
          status: 'Where it is in the closed loop: always an open status.',
          submittedAt: { description: iso('When it was submitted'), example: '2026-07-14T23:40:00.000Z' },
          location: 'Roughly where it is: rounded to 3 decimals (about 100 m), in the `coordSystem` asked for.',
          distanceMetres: { description: 'How far it is from the point asked about, in metres, measured from its exact location and rounded to 10 m.', example: 60 },
          followers: { description: 'How many people follow it already.', example: 3 },
          following: { description: 'Whether you follow it already.', example: false },
          mine: { description: 'Whether you filed it: then it cannot be followed (you are told of every step anyway).', example: false },
        },
        example: {
          id: OTHER_REQUEST_ID,
          categoryId: 'sanitation',
          categoryName: '环境卫生',
          status: 'accepted',
          submittedAt: '2026-07-14T23:40:00.000Z',
          location: { lat: 32.065, lng: 118.789, coordSystem: 'gcj02' },
          distanceMetres: 60,
          followers: 3,
          following: false,
          mine: false,
        },
      },
    ],
    [
      followSchema,
      {
        name: 'Follow',
        description: 'You follow a request (“me too”): you are told when it is resolved.',
        fields: {
          requestId: { description: 'The request you follow.', example: OTHER_REQUEST_ID },
          followers: { description: 'How many people follow it now, you included.', example: 4 },
          following: { description: 'Always true: you follow it (also when you did already).', example: true },
        },
        example: { requestId: OTHER_REQUEST_ID, followers: 4, following: true },
      },
    ],
    [
      attributeDatatypeSchema,
      {
        name: 'AttributeDatatype',
        description:
          'What kind of value an extra field takes (Open311 datatypes): `string` (a line of text), `text` (several lines), `number`, `boolean`, `datetime` (an ISO 8601 instant, as text), `singlevaluelist` (one option’s key), `multivaluelist` (a list of option keys).',
        example: 'singlevaluelist',
      },
    ],
    [
      attributeValueSchema,
      {
        name: 'AttributeValue',
        description:
          'An extra field’s value, as its datatype says: text (at most 500 characters; an ISO 8601 instant for `datetime`), a number, true or false, or a list of option keys (at most 50, each at most 60 characters) for `multivaluelist`; a `singlevaluelist` takes one key as text.',
        example: 'garbage',
      },
    ],
    [
      categoryAttributeSchema,
      {
        name: 'CategoryAttribute',
        description: 'An extra field a category asks residents to fill in when reporting (Open311 `attributes`).',
        fields: {
          code: { description: 'Its key in a request’s `attributes`: lower-case letters, digits and `_`, starting with a letter (at most 40).', example: 'kind' },
          label: { description: 'What the form shows beside it (at most 60 characters), as the admin wrote it: there is no English label.', example: '问题类型' },
          datatype: 'What kind of value it takes.',
          required: { description: 'Whether a request of this category must fill it in (false when left out).', example: false },
          order: { description: 'Where it comes in the form, lower first (0 to 1,000; 0 when left out).', example: 1 },
          options: 'The choices of a `singlevaluelist` or `multivaluelist` (1 to 50, keys unique); absent for other datatypes.',
          'options.key': { description: 'The value a request sends for this choice: lower-case letters, digits and `_`, starting with a letter (at most 40).', example: 'garbage' },
          'options.name': { description: 'What the form shows for it (at most 60 characters), in Chinese.', example: '垃圾堆放' },
        },
        example: sanitationCategory.attributes[0],
      },
    ],
    [
      categoryViewSchema,
      {
        name: 'Category',
        description:
          'A request category (an Open311 service): what residents choose when reporting, with its deadlines and the extra fields it asks for. City-wide admins change the catalogue; inactive categories are listed to admins only.',
        fields: {
          id: { description: 'The category’s id: what a request sends as `categoryId`.', example: 'sanitation' },
          name: { description: 'Its name in Chinese, the service’s default language.', example: '环境卫生' },
          nameEn: { description: 'Its name in English; absent when it has none.', example: 'Environmental sanitation' },
          label: {
            description: 'Its name in the reader’s language (`Accept-Language`, else their profile’s): `nameEn` in English when there is one, else `name`. The one to show.',
            example: '环境卫生',
          },
          description: { description: 'A hint to show with it when choosing; absent when it has none.', example: '紧急情况请直接拨打 110' },
          acceptWithinHours: { description: 'Hours from submission within which a grid worker must accept a request of it.', example: 2 },
          resolveWithinHours: { description: 'Hours from acceptance within which such a request must be resolved.', example: 24 },
          attributes: 'The extra fields a request of it takes, in form order; empty when none.',
          active: { description: 'Whether it takes new requests. An inactive one is kept for old requests and reports.', example: true },
          order: { description: 'Where it comes in the list, lower first.', example: 20 },
          updatedAt: { description: iso('When it was created or last replaced'), example: '2026-01-01T00:00:00.000Z' },
          updatedBy: { description: 'The user id of the admin who did so (`seed` for the default catalogue).', example: 'seed' },
        },
        example: sanitationCategory,
      },
    ],
  ],
  operations: {
    listCategories: {
      response: {
        example: {
          items: [
            sanitationCategory,
            {
              id: 'public-security',
              name: '治安防控',
              nameEn: 'Public security',
              label: '治安防控',
              description: '紧急情况请直接拨打 110',
              acceptWithinHours: 1,
              resolveWithinHours: 24,
              attributes: [{ code: 'ongoing', label: '是否正在发生', datatype: 'boolean', required: false, order: 1 }],
              active: true,
              order: 40,
              updatedAt: '2026-01-01T00:00:00.000Z',
              updatedBy: 'seed',
            },
          ],
          nextCursor: 'eyJwayI6IkNBVEVHT1JZI3B1YmxpYy1zZWN1cml0eSJ9',
        },
      },
    },
    createCategory: {
      request: {
        description: 'A new request category: its id, names, deadlines and extra fields.',
        fields: { id: { description: 'Its id, for good (letters, digits, `_` and `-`; at most 64): what requests send as `categoryId`.', example: 'noise' }, ...categoryBodyFields },
        example: { id: 'noise', ...noiseCategory },
      },
      response: { example: { id: 'noise', ...noiseCategory, label: '噪音扰民', updatedAt: '2026-07-15T02:30:00.000Z', updatedBy: ADMIN_ID } },
      errors: ['conflict'],
    },
    updateCategory: {
      parameters: { categoryId: { description: 'The id of the category to replace.', example: 'noise' } },
      request: {
        description: 'The category as it is to be, whole: a field left out takes its default, not its old value.',
        fields: categoryBodyFields,
        example: { ...noiseCategory, resolveWithinHours: 24 },
      },
      response: { example: { id: 'noise', ...noiseCategory, resolveWithinHours: 24, label: '噪音扰民', updatedAt: '2026-07-20T01:00:00.000Z', updatedBy: ADMIN_ID } },
    },
    submitRequest: {
      request: {
        description: 'A new request: its category, what and where, photos already uploaded, and the category’s extra fields.',
        fields: {
          categoryId: { description: 'The category it is about (`GET /categories`): an active one (400 otherwise).', example: 'sanitation' },
          description: { description: 'What the problem is, in the resident’s words (at most 1,000 characters).', example: submitted.description },
          location: 'Where the problem is: routes it to the grid containing it. Inside the service area (400 `outside_service_area`) and inside a grid (400 otherwise). Without it, `address` is required and the request goes to your home grid (400 if you have none).',
          address: { description: 'The address in words (at most 200 characters); required when there is no `location`.', example: '鼓楼区湖南路 10 号' },
          photos: { description: 'Ids of your uploads (`POST /uploads`), each `ready`, unattached and less than a day old: at most 9, each once. None when left out.', example: [REPORT_PHOTO_ID] },
          attributes: {
            description: 'The category’s extra fields by their `code` (at most 30): values as each field’s datatype says. None when left out.',
            example: { kind: 'garbage' },
          },
        },
        example: {
          categoryId: 'sanitation',
          description: submitted.description,
          location: { lat: 32.064741, lng: 118.788405, coordSystem: 'gcj02' },
          address: '鼓楼区湖南路 10 号',
          photos: [REPORT_PHOTO_ID],
          attributes: { kind: 'garbage' },
        },
      },
      response: { example: submitted },
      errors: ['outside_service_area', 'idempotency_in_progress', ...photoErrors.filter((code) => code !== 'photo_limit_reached')],
    },
    listNearbyRequests: {
      parameters: {
        lat: { description: 'Where you are about to report: latitude in degrees, in `coordSystem`; inside the service area (400 `outside_service_area` otherwise).', example: 32.064741 },
        lng: { description: 'Its longitude in degrees, in `coordSystem`.', example: 118.788405 },
        coordSystem: {
          description: 'The coordinate system of `lat` and `lng`, and of the locations in the answer: `gcj02` for a point from `wx.getLocation({ type: \'gcj02\' })` or `wx.chooseLocation`; `wgs84` (GPS) by default.',
          example: 'gcj02',
        },
        categoryId: { description: 'The category you are about to report in: only requests of it are shown.', example: 'sanitation' },
        radius: { description: 'How far around the point to look, in metres: 50 to 1,000, 300 by default.', example: 300 },
      },
      response: {
        description: 'The open requests of the category near the point, nearest first; empty when there are none.',
        fields: { items: 'The requests found, nearest first: from the three grids nearest the point at most, the newest 50 open ones of each. A request given only an address cannot be placed and is not shown.' },
        example: {
          items: [
            {
              id: OTHER_REQUEST_ID,
              categoryId: 'sanitation',
              categoryName: '环境卫生',
              status: 'accepted',
              submittedAt: '2026-07-14T23:40:00.000Z',
              location: { lat: 32.065, lng: 118.789, coordSystem: 'gcj02' },
              distanceMetres: 60,
              followers: 3,
              following: false,
              mine: false,
            },
          ],
        },
      },
      errors: ['outside_service_area'],
    },
    followRequest: {
      parameters: { requestId: { description: 'The id of the open request to follow, as `GET /requests/nearby` found it.', example: OTHER_REQUEST_ID } },
      errors: ['conflict'],
    },
    getRequest: {
      parameters: {
        ...requestIdParameter,
        coordSystem: { description: 'The coordinate system to show its location in: `gcj02` for the mini-program’s map; `wgs84` (GPS) by default.', example: 'gcj02' },
      },
      response: { example: inProgress },
    },
    listMyRequests: {
      response: { fields: pageItems, example: { items: [summary], nextCursor: 'eyJwayI6IlJFUVVFU1QjMG1ybGdwc2cwWGszcFFhWiJ9' } },
    },
    listMyQueue: {
      parameters: { status: { description: 'Which of my requests to list: those in this status; `submitted` (new, waiting to be accepted) by default.', example: 'submitted' } },
      response: { fields: pageItems, example: { items: [queueRow] } },
    },
    listAreaRequests: {
      parameters: {
        scope: {
          description: 'The community (社区) or subdistrict (街道) whose requests to list: an org unit id within your scope (404 beyond it; 400 for another kind of unit).',
          example: 'gulou-hunan',
        },
        month: monthParameter,
      },
      response: { fields: pageItems, example: { items: [summary], nextCursor: 'eyJwayI6IlJFUVVFU1QjMG1ybGdwc2cwWGszcFFhWiJ9' } },
    },
    acceptRequest: action({ note: { description: 'A note for the resident and the timeline (at most 500 characters); none when left out.', example: '已联系小区物业，今天下午清运' } }, { note: '已联系小区物业，今天下午清运', version: 1 }, accepted),
    startRequest: action({ note: { description: 'A note for the timeline (at most 500 characters); none when left out.', example: '已到现场' } }, { version: 2 }, inProgress),
    resolveRequest: action(
      {
        note: { description: 'What was done (at most 500 characters): the resident reads it before confirming.', example: resolveStep.note },
        photos: { description: 'Ids of your uploads showing the result (“after” pictures): each `ready`, unattached and less than a day old; at most 9, each once, 30 on a request in all.', example: [AFTER_PHOTO_ID] },
      },
      { note: resolveStep.note, photos: [AFTER_PHOTO_ID], version: 3 },
      resolved,
      [...actionErrors, ...photoErrors],
    ),
    confirmRequest: action(
      {
        rating: { description: 'How satisfied you are, 1 to 5 stars (4 and 5 count as satisfied in the reports).', example: 5 },
        comment: { description: 'A comment with the rating (at most 500 characters); none when left out.', example: '清理得很干净，谢谢！' },
      },
      { rating: 5, comment: '清理得很干净，谢谢！', version: 4 },
      confirmed,
    ),
    reopenRequest: action(
      {
        note: { description: 'Why it is not fixed (at most 500 characters): goes back to its grid worker.', example: REOPEN_NOTE },
        photos: { description: 'Ids of your uploads showing it is not fixed: each `ready`, unattached and less than a day old; at most 9, each once, 30 on a request in all.', example: [reopenPhotoRef.id] },
      },
      { note: REOPEN_NOTE, photos: [reopenPhotoRef.id], version: 4 },
      reopened,
      [...actionErrors, ...photoErrors],
    ),
    escalateRequest: action(
      {
        department: 'The department to pass it to.',
        note: { description: 'What the department should know (at most 500 characters); none when left out.', example: '垃圾来自路边摊贩，需城管执法' },
      },
      { department: 'urban_management', note: '垃圾来自路边摊贩，需城管执法', version: 2 },
      escalated,
    ),
    returnRequest: action(
      { result: { description: 'What the department did or found (at most 1,000 characters): recorded as `departmentResult`.', example: '已劝离占道摊贩并责令清理' } },
      { result: '已劝离占道摊贩并责令清理', version: 3 },
      returned,
    ),
    rejectRequest: action(
      { reason: { description: 'Why it is rejected (at most 500 characters): the resident is told.', example: rejected.rejectReason } },
      { reason: rejected.rejectReason, version: 1 },
      rejected,
    ),
    markDuplicateRequest: action(
      {
        of: { description: 'The id of the request this one duplicates: one you may see (404 otherwise); not this one, and neither rejected nor a duplicate itself (400 otherwise).', example: OTHER_REQUEST_ID },
        note: { description: 'A note for the resident and the timeline (at most 500 characters); none when left out.', example: '同一处垃圾堆放，已在处理' },
      },
      { of: OTHER_REQUEST_ID, note: '同一处垃圾堆放，已在处理', version: 1 },
      duplicate,
    ),
    reassignRequest: action(
      {
        assigneeId: { description: 'The user id of the grid worker to hand it to: a grid worker of the target grid (400 otherwise).', example: OTHER_WORKER_ID },
        gridId: { description: 'The grid (网格) to move it to, within your scope (404 otherwise); its own grid when left out.', example: 'gulou-hunan-g2' },
        note: { description: 'A note for the timeline (at most 500 characters); none when left out.', example: '该处属第 2 网格' },
      },
      { assigneeId: OTHER_WORKER_ID, gridId: 'gulou-hunan-g2', note: '该处属第 2 网格', version: 1 },
      reassigned,
    ),
  },
});

/** The words of the monthly reports of requests: the figures and the table per grid. */
export const reportDocs = apiDocsOf(reportRoutes, {
  schemas: [
    [
      figuresSchema,
      {
        name: 'RequestFigures',
        description: 'Figures of the requests submitted in a month: how many, where they stand, how promptly and how well they were handled.',
        fields: {
          total: { description: 'How many requests were submitted.', example: 42 },
          byStatus: { description: 'How many of them are in each status now, by status; a status with none is left out.', example: overallFigures.byStatus },
          ...rateDocs(
            'acceptedOnTime',
            'Accepted by the accept deadline, among those accepted or still waiting past it.',
            'Requests accepted by their accept deadline.',
            'Requests accepted, or still waiting past their accept deadline.',
          ),
          ...rateDocs(
            'resolvedOnTime',
            'Resolved by the resolve deadline (and not reopened since), among those resolved or still open past it; rejected and duplicate requests count for neither.',
            'Requests resolved by their resolve deadline.',
            'Requests resolved, or still open past their resolve deadline.',
          ),
          ...rateDocs('reopened', 'Reopened at least once, among those ever resolved.', 'Requests reopened at least once.', 'Requests ever resolved.'),
          ...rateDocs(
            'satisfied',
            'Rated 4 or 5 stars, among those rated (a request closed automatically is unrated and not counted).',
            'Requests rated 4 or 5.',
            'Requests rated.',
          ),
          averageRating: { description: 'The average rating, 1 to 5, to 2 decimals; null when none was rated.', example: 4.48 },
          medianHoursToResolve: {
            description:
              'The median time from submission to the latest resolution, in hours, among those resolved or closed: the upper edge of the bucket holding it (at least half were resolved within it), 720 for the open last bucket; null when none was resolved.',
            example: 24,
          },
          medianHoursToResolveBucket: {
            description:
              'The bucket of hours holding that median (edges at 1, 2, 4, 8, 12, 24, 48, 72, 120, 168, 336 and 720 hours); null when none was resolved.',
            example: { from: 12, to: 24 },
          },
          'medianHoursToResolveBucket.from': { description: 'Its lower edge in hours, inclusive.', example: 12 },
          'medianHoursToResolveBucket.to': { description: 'Its upper edge in hours, exclusive; null for the last bucket (720 hours or more).', example: 24 },
        },
        example: overallFigures,
      },
    ],
    [
      monthlyReportSchema,
      {
        name: 'MonthlyReport',
        description:
          'The monthly figures of a grid, community, subdistrict, district or the whole city: overall and by category, counted from rollups the service updates after every change to a request (so a change shows shortly after it is made, not at once).',
        fields: {
          ...reportScopeDocs('report'),
          month: { description: 'The month, `YYYY-MM`, Beijing time: the requests submitted in it.', example: MONTH },
          timeZone: 'The time zone months are counted in: always `Asia/Shanghai` (Beijing time).',
          overall: 'The figures of every request submitted in the month in the scope.',
          byCategory: 'The figures per category, the busiest first (then by id); a category without requests that month is left out.',
          'byCategory.categoryId': { description: 'The category.', example: 'sanitation' },
          'byCategory.categoryName': { description: 'Its Chinese name in the catalogue now (its id when it is no longer there).', example: '环境卫生' },
          'byCategory.figures': 'The figures of its requests.',
          generatedAt: { description: iso('When the report was put together'), example: '2026-08-01T01:00:00.000Z' },
        },
        example: {
          scope: { id: 'gulou-hunan', kind: 'community', name: '湖南路社区' },
          month: MONTH,
          timeZone: 'Asia/Shanghai',
          overall: overallFigures,
          byCategory: [
            {
              categoryId: 'sanitation',
              categoryName: '环境卫生',
              figures: {
                total: 17,
                byStatus: { in_progress: 1, resolved: 2, closed: 14 },
                acceptedOnTime: { count: 16, of: 17, rate: 0.9412 },
                resolvedOnTime: { count: 14, of: 16, rate: 0.875 },
                reopened: { count: 1, of: 16, rate: 0.0625 },
                satisfied: { count: 11, of: 12, rate: 0.9167 },
                averageRating: 4.58,
                medianHoursToResolve: 12,
                medianHoursToResolveBucket: { from: 8, to: 12 },
              },
            },
          ],
          generatedAt: '2026-08-01T01:00:00.000Z',
        },
      },
    ],
    [
      gridTableSchema,
      {
        name: 'GridTable',
        description:
          'The ten-category table per grid of a month (the 小栖 monthly database): a row per grid that had requests submitted that month, ordered by community then grid; a column per category of the catalogue, in its order (a category no longer in it comes last).',
        fields: {
          ...reportScopeDocs('table'),
          month: { description: 'The month, `YYYY-MM`, Beijing time: the requests submitted in it.', example: MONTH },
          timeZone: 'The time zone months are counted in: always `Asia/Shanghai` (Beijing time).',
          categories: 'The columns: the categories, in the catalogue’s order.',
          'categories.id': { description: 'The category’s id.', example: 'sanitation' },
          'categories.name': { description: 'Its Chinese name (its id when it is no longer in the catalogue).', example: '环境卫生' },
          rows: 'A row per grid with requests that month; empty when there were none.',
          'rows.gridId': { description: 'The grid (网格).', example: 'gulou-hunan-g1' },
          'rows.gridName': { description: 'Its name.', example: '湖南路社区第1网格' },
          'rows.communityId': { description: 'Its community (社区).', example: 'gulou-hunan' },
          'rows.communityName': { description: 'Its community’s name.', example: '湖南路社区' },
          'rows.counts': { description: 'Requests per category, in the order of `categories`.', example: [2, 9, 3, 0, 1, 0, 0, 2, 1, 0] },
          'rows.total': { description: 'The grid’s requests in all.', example: 18 },
          totals: { description: 'Requests per category over every row, in the order of `categories`.', example: [5, 17, 6, 1, 4, 1, 0, 4, 3, 1] },
          total: { description: 'Requests in all.', example: 42 },
          generatedAt: { description: iso('When the table was put together'), example: '2026-08-01T01:00:00.000Z' },
        },
        example: {
          scope: { id: 'gulou-hunan', kind: 'community', name: '湖南路社区' },
          month: MONTH,
          timeZone: 'Asia/Shanghai',
          categories: tableCategories,
          rows: [
            { gridId: 'gulou-hunan-g1', gridName: '湖南路社区第1网格', communityId: 'gulou-hunan', communityName: '湖南路社区', counts: [2, 9, 3, 0, 1, 0, 0, 2, 1, 0], total: 18 },
            { gridId: 'gulou-hunan-g2', gridName: '湖南路社区第2网格', communityId: 'gulou-hunan', communityName: '湖南路社区', counts: [3, 8, 3, 1, 3, 1, 0, 2, 2, 1], total: 24 },
          ],
          totals: [5, 17, 6, 1, 4, 1, 0, 4, 3, 1],
          total: 42,
          generatedAt: '2026-08-01T01:00:00.000Z',
        },
      },
    ],
  ],
  operations: {
    monthlyReport: { parameters: { scope: reportScopeParameter, month: monthParameter } },
    monthlyGridTable: {
      parameters: {
        scope: reportScopeParameter,
        month: monthParameter,
        format: {
          description: '`json` (the default) or `csv`: the same table as a CSV download for Excel (UTF-8 with a byte-order mark, a header row in Chinese, a total row).',
          example: 'csv',
        },
      },
      errors: ['search_too_broad'],
    },
  },
});
