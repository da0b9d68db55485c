import { type FieldDoc, type FieldDocs, type OperationDoc, apiDocsOf } from '../http/api-docs';
import type { ProblemCode } from '../http/errors';
import { requestRoutes } from './routes';
import {
  accepted,
  ADMIN_ID,
  AFTER_PHOTO_ID,
  confirmed,
  duplicate,
  escalated,
  inProgress,
  MONTH,
  OTHER_REQUEST_ID,
  OTHER_WORKER_ID,
  queueRow,
  reassigned,
  rejected,
  REOPEN_NOTE,
  reopened,
  reopenPhotoRef,
  REPORT_PHOTO_ID,
  REQUEST_ID,
  resolved,
  resolveStep,
  returned,
  submitted,
  summary,
} from './api-examples';
import { requestSchemaDocs, sanitationCategory } from './schema-docs';

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
export const monthParameter: FieldDoc = { description: 'The month, Beijing time (Asia/Shanghai), `YYYY-MM`: requests belong to the month they were submitted in.', example: MONTH };
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
  schemas: requestSchemaDocs,
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
