import * as z from 'zod/mini';
import { roles } from '../auth/identity';
import { coordSystemQuery, pointInWgs84, searchCentreQuery, sentLocationSchema } from '../geo/coordinates';
import { inServiceArea } from '../geo/service-area';
import { idSchema, queryInt, text } from '../http/common';
import { ifMatchHeader } from '../http/conditional';
import { pageOf, pageQuery } from '../http/pagination';
import { type RouteDefinition, defineRoute } from '../http/route';
import { SUBMITTER_ROLES } from './access';
import { categoryRoutes } from './categories/routes';
import { attributeValueSchema } from './categories/model';
import { followSchema, nearbyRequestSchema, requestSummaryViewSchema, requestViewSchema } from './model';
import { photoIdsSchema } from '../photos/model';
import { NEARBY_RADIUS_METRES } from './nearby';
import { monthSchema } from './report-routes';
import { departmentSchema, PHOTOS_PER_STEP, requestStatusSchema } from './terms';

const everyone = roles;
const staff = ['grid_worker', 'admin'] as const;
const requestParams = z.strictObject({ requestId: idSchema });

/** Every transition reads If-Match through shared/http/conditional.ts (RFC 9110, strong comparison). */
const ifMatch = [ifMatchHeader] as const;

/** Optional in every transition body: the version you saw, like If-Match. */
const version = z.optional(z.number().check(z.int(), z.minimum(1)));
const note = (max = 500) => z.optional(text(max));
/** Photos with a step: uploads of mine (`POST /uploads`), processed, at most nine. */
const stepPhotos = z.optional(photoIdsSchema(PHOTOS_PER_STEP));

/** One `POST /requests/{requestId}/<action>` of the closed loop. */
function transitionRoute<Body extends z.ZodMiniType>(
  action: string,
  summary: string,
  access: RouteDefinition['access'],
  body: Body,
) {
  return defineRoute({
    method: 'POST',
    path: `/requests/{requestId}/${action}`,
    function: 'requests',
    tag: 'requests',
    summary,
    access,
    params: requestParams,
    body,
    headers: ifMatch,
    success: { status: 200, description: 'The request after the change (ETag: its new version)', schema: requestViewSchema },
    errors: [403, 404, 409, 412],
  });
}

export const requestRoutes = {
  ...categoryRoutes,
  submitRequest: defineRoute({
    method: 'POST',
    path: '/requests',
    function: 'requests',
    tag: 'requests',
    summary:
      "Submit a request: routed to the grid whose boundary contains the location (else my home grid) and assigned to its on-duty grid worker",
    access: SUBMITTER_ROLES,
    idempotencyKey: 'optional',
    body: z.strictObject({
      categoryId: idSchema,
      description: text(1000),
      /**
       * Inside the service area (400 `outside_service_area` otherwise); `coordSystem: 'gcj02'` inside
       * it for a point from a mini-program. Converted to WGS-84 before routing and storage.
       */
      location: z.optional(sentLocationSchema.check(inServiceArea())),
      address: z.optional(text(200)),
      /** Uploads of mine (`POST /uploads`), processed, at most nine. */
      photos: z._default(photoIdsSchema(PHOTOS_PER_STEP), []),
      attributes: z._default(
        z
          .record(z.string().check(z.maxLength(40)), attributeValueSchema)
          .check(z.refine((values) => Object.keys(values).length <= 30, 'at most 30 fields')),
        {},
      ),
    }),
    success: { status: 201, description: 'The new request (ETag: its version)', schema: requestViewSchema },
    errors: [],
  }),
  listNearbyRequests: defineRoute({
    method: 'GET',
    path: '/requests/nearby',
    function: 'requests',
    tag: 'requests',
    summary:
      'Already reported? Open requests of a category near a point, nearest first, to follow instead of reporting again: category, status, when, a rounded location, the distance and the follower count; never who filed it, what they wrote or their photos',
    access: SUBMITTER_ROLES,
    // The point is converted to WGS-84 before the service-area check and the search; `coordSystem`
    // stays, as the system the answer's locations are shown in (as `GET /stations` does).
    query: z
      .pipe(
        z.strictObject({
          ...searchCentreQuery('the locations'),
          categoryId: idSchema,
          /** Metres, at most 1 km. */
          radius: z._default(queryInt({ min: 50, max: 1000 }), NEARBY_RADIUS_METRES),
        }),
        z.transform(pointInWgs84),
      )
      .check(inServiceArea()),
    success: { status: 200, description: 'The open requests found', schema: z.object({ items: z.array(nearbyRequestSchema) }) },
  }),
  followRequest: defineRoute({
    method: 'POST',
    path: '/requests/{requestId}/followers',
    function: 'requests',
    tag: 'requests',
    summary:
      'Me too: follow an open request found nearby instead of reporting it again (once, however often sent); told when it is resolved. Not one\'s own, nor a closed, rejected or duplicate one (409)',
    access: SUBMITTER_ROLES,
    params: requestParams,
    success: { status: 200, description: 'Following it, with its follower count', schema: followSchema },
    errors: [404, 409],
  }),
  getRequest: defineRoute({
    method: 'GET',
    path: '/requests/{requestId}',
    function: 'requests',
    tag: 'requests',
    summary: 'One request with its timeline (its resident, its grid workers, admins of its scope)',
    access: everyone,
    params: requestParams,
    query: z.strictObject({ coordSystem: coordSystemQuery() }),
    success: { status: 200, description: 'The request (ETag: its version)', schema: requestViewSchema },
    errors: [404],
  }),
  listMyRequests: defineRoute({
    method: 'GET',
    path: '/me/requests',
    function: 'requests',
    tag: 'requests',
    summary: 'The requests I submitted, newest first',
    access: SUBMITTER_ROLES,
    query: z.strictObject(pageQuery),
    success: { status: 200, description: 'A page of requests', schema: pageOf(requestSummaryViewSchema) },
  }),
  listMyQueue: defineRoute({
    method: 'GET',
    path: '/me/queue',
    function: 'requests',
    tag: 'requests',
    summary: 'My queue as a grid worker, across my grids: requests assigned to me in one status, soonest due first',
    access: ['grid_worker'],
    query: z.strictObject({ ...pageQuery, status: z._default(requestStatusSchema, 'submitted') }),
    success: { status: 200, description: 'A page of requests', schema: pageOf(requestSummaryViewSchema) },
  }),
  listAreaRequests: defineRoute({
    method: 'GET',
    path: '/requests',
    function: 'requests',
    tag: 'requests',
    summary:
      "A community's or subdistrict's requests submitted in a month (admins, within scope); a community's newest first, a subdistrict's by community",
    access: ['admin'],
    query: z.strictObject({ ...pageQuery, scope: idSchema, month: monthSchema }),
    success: { status: 200, description: 'A page of requests', schema: pageOf(requestSummaryViewSchema) },
    errors: [404],
  }),
  acceptRequest: transitionRoute('accept', 'Accept a request (its grid workers, admins in scope)', staff, z.strictObject({ note: note(), version })),
  startRequest: transitionRoute('start', 'Start handling an accepted request', staff, z.strictObject({ note: note(), version })),
  resolveRequest: transitionRoute(
    'resolve',
    'Mark a request resolved, saying what was done, with "after" photos if any; the resident then confirms or reopens',
    staff,
    z.strictObject({ note: text(500), photos: stepPhotos, version }),
  ),
  confirmRequest: transitionRoute(
    'confirm',
    'Confirm a resolved request and rate it 1–5 (its resident): closes it',
    SUBMITTER_ROLES,
    z.strictObject({ rating: z.number().check(z.int(), z.minimum(1), z.maximum(5)), comment: note(), version }),
  ),
  reopenRequest: transitionRoute(
    'reopen',
    'Say a resolved request is not fixed (its resident), with photos if any: back to its grid worker, in progress',
    SUBMITTER_ROLES,
    z.strictObject({ note: text(500), photos: stepPhotos, version }),
  ),
  escalateRequest: transitionRoute(
    'escalate',
    'Escalate a request to a department (police, justice, emergency management, urban management, market regulation, housing)',
    staff,
    z.strictObject({ department: departmentSchema, note: note(), version }),
  ),
  returnRequest: transitionRoute(
    'return',
    "Record the department's result of an escalated request: back in progress",
    staff,
    z.strictObject({ result: text(1000), version }),
  ),
  rejectRequest: transitionRoute('reject', 'Reject a request with a reason', staff, z.strictObject({ reason: text(500), version })),
  markDuplicateRequest: transitionRoute(
    'mark-duplicate',
    'Mark a request a duplicate of another (linked; the resident is told)',
    staff,
    z.strictObject({ of: idSchema, note: note(), version }),
  ),
  reassignRequest: transitionRoute(
    'reassign',
    "Reassign a request to a grid worker of its grid or of another grid (admins, within scope)",
    ['admin'],
    z.strictObject({ assigneeId: idSchema, gridId: z.optional(idSchema), note: note(), version }),
  ),
};
