import { type ApiDocs, type FieldDocs } from '../http/api-docs';
import { attributeDatatypeSchema, attributeValueSchema, categoryAttributeSchema, categoryViewSchema } from './categories/model';
import { followSchema, nearbyRequestSchema, requestSummaryViewSchema, requestViewSchema, timelineEntrySchema } from './model';
import { departmentSchema, requestStatusSchema } from './terms';
import {
  acceptStep,
  inProgress,
  OTHER_REQUEST_ID,
  REPORT_PHOTO_ID,
  REQUEST_ID,
  RESIDENT_ID,
  signed,
  submitted,
  summary,
  WORKER_ID,
} from './api-examples';

// ── Words ────────────────────────────────────────────────────────────────────────────────────────

export const iso = (what: string, absent?: string): string => `${what} (ISO 8601, UTC)${absent ? `; ${absent}` : ''}.`;

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

export const sanitationCategory = {
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

/** The named schemas of the requests feature and the words of their fields; the operations' words are in ./api-docs.ts. */
export const requestSchemaDocs: NonNullable<ApiDocs['schemas']> = [
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
];
