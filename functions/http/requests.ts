import type { Identity } from '../../shared/auth/identity';
import { type CoordSystem, locatedIn } from '../../shared/geo/coordinates';
import { etagOfVersion } from '../../shared/http/conditional';
import type { Language } from '../../shared/http/errors';
import { httpFunction, reply } from '../../shared/http/function';
import { idempotencyKeyGuard } from '../../shared/http/idempotency-key';
import { replayed } from '../../shared/http/creation';
import { assertCanSee } from '../../shared/requests/access';
import { findNearbyRequests, followRequest } from '../../shared/requests/already-reported';
import { actOnRequest, originalFor, preconditionsOf } from '../../shared/requests/act-on-request';
import { listRequestsInScope } from '../../shared/requests/area-requests';
import { createCategory, listCategories, replaceCategory } from '../../shared/requests/categories/repository';
import { categoryView } from '../../shared/requests/categories/views';
import { isShownTo, planCategory } from '../../shared/requests/categories/rules';
import type { TransitionInput } from '../../shared/requests/lifecycle';
import type { Request } from '../../shared/requests/model';
import { listQueue, listRequestsOf } from '../../shared/requests/repository/lists';
import { getRequest } from '../../shared/requests/repository/request';
import { reassignmentTarget } from '../../shared/requests/routing';
import { requestRoutes } from '../../shared/requests/routes';
import { submitRequest } from '../../shared/requests/submit-request';
import { requestView, summaryViews } from '../../shared/requests/views';
import { photosToAttach } from '../../shared/photos/attach';
import type { PhotoRef } from '../../shared/photos/model';

const etagOf = (request: Pick<Request, 'version'>) => etagOfVersion(request.version);
const withEtag = async (request: Request, language: Language, coordSystem: CoordSystem = 'wgs84') =>
  reply(locatedIn(await requestView(request, new Date(), language), coordSystem), { headers: { etag: etagOf(request) } });

/** One move of the closed loop, answered with the request after it (ETag: its new version). */
const move = async (
  identity: Identity,
  requestId: string,
  request: { headers: Record<string, string | undefined>; version: number | undefined; language: Language },
  inputOf: (current: Request) => Promise<TransitionInput> | TransitionInput,
) => withEtag(await actOnRequest(identity, requestId, preconditionsOf(request.headers, request.version), inputOf), request.language);

/**
 * A move that adds photos (a resolution's "after" pictures, a reopen's): checked before anything
 * is read for the move; the move's write carries their `photos.attached` event.
 */
async function moveWithPhotos(
  identity: Identity,
  requestId: string,
  request: { headers: Record<string, string | undefined>; version: number | undefined; photos: string[] | undefined; language: Language },
  stage: 'resolution' | 'reopen',
  inputOf: (photos: PhotoRef[]) => TransitionInput,
) {
  const attachment = await photosToAttach(identity.userId, request.photos ?? [], `request/${requestId}`, stage, new Date());
  const preconditions = preconditionsOf(request.headers, request.version);
  return withEtag(await actOnRequest(identity, requestId, preconditions, () => inputOf(attachment.photos), attachment.events), request.language);
}

export const handler = httpFunction(requestRoutes, {
  async listCategories({ identity, query, language }) {
    const page = await listCategories(query);
    return { ...page, items: page.items.filter((category) => isShownTo(identity, category)).map((category) => categoryView(category, language)) };
  },

  async createCategory({ identity, body, language }) {
    const { id, ...input } = body;
    const category = planCategory(identity, id, input, new Date());
    await createCategory(category);
    return categoryView(category, language);
  },

  async updateCategory({ identity, params, body, language }) {
    const category = planCategory(identity, params.categoryId, body, new Date());
    await replaceCategory(category);
    return categoryView(category, language);
  },

  async submitRequest({ identity, body, creation, language }) {
    const submitted = await submitRequest(identity, body, creation, new Date());
    const request = await requestView(submitted.request, new Date(), language);
    const headers = { etag: etagOf(request), location: `/requests/${request.id}` };
    return submitted.replayed ? replayed(request, headers) : reply(request, { status: 201, headers });
  },

  async listNearbyRequests({ identity, query }) {
    const centre = { lat: query.lat, lng: query.lng };
    return { items: await findNearbyRequests(identity, { centre, categoryId: query.categoryId, radiusMetres: query.radius, coordSystem: query.coordSystem }) };
  },

  async followRequest({ identity, params }) {
    return followRequest(identity, params.requestId, new Date());
  },

  async getRequest({ identity, params, query, language }) {
    const request = await getRequest(params.requestId);
    assertCanSee(identity, request);
    return withEtag(request as Request, language, query.coordSystem);
  },

  async listMyRequests({ identity, query, language }) {
    return summaryViews(await listRequestsOf(identity.userId, query), language);
  },

  async listMyQueue({ identity, query, language }) {
    return summaryViews(await listQueue(identity.userId, query.status, query), language);
  },

  async listAreaRequests({ identity, query, language }) {
    return summaryViews(await listRequestsInScope(identity, query.scope, query.month, query), language);
  },

  async acceptRequest({ identity, params, body, headers, language }) {
    return move(identity, params.requestId, { headers, version: body.version, language }, () => ({ action: 'accept', note: body.note }));
  },

  async startRequest({ identity, params, body, headers, language }) {
    return move(identity, params.requestId, { headers, version: body.version, language }, () => ({ action: 'start', note: body.note }));
  },

  async resolveRequest({ identity, params, body, headers, language }) {
    return moveWithPhotos(identity, params.requestId, { headers, version: body.version, photos: body.photos, language }, 'resolution', (photos) => ({
      action: 'resolve',
      note: body.note,
      photos,
    }));
  },

  async confirmRequest({ identity, params, body, headers, language }) {
    return move(identity, params.requestId, { headers, version: body.version, language }, () => ({
      action: 'confirm',
      rating: body.rating,
      ...(body.comment ? { comment: body.comment } : {}),
    }));
  },

  async reopenRequest({ identity, params, body, headers, language }) {
    return moveWithPhotos(identity, params.requestId, { headers, version: body.version, photos: body.photos, language }, 'reopen', (photos) => ({
      action: 'reopen',
      note: body.note,
      photos,
    }));
  },

  async escalateRequest({ identity, params, body, headers, language }) {
    return move(identity, params.requestId, { headers, version: body.version, language }, () => ({
      action: 'escalate',
      department: body.department,
      note: body.note,
    }));
  },

  async returnRequest({ identity, params, body, headers, language }) {
    return move(identity, params.requestId, { headers, version: body.version, language }, () => ({ action: 'return', result: body.result }));
  },

  async rejectRequest({ identity, params, body, headers, language }) {
    return move(identity, params.requestId, { headers, version: body.version, language }, () => ({ action: 'reject', reason: body.reason }));
  },

  async markDuplicateRequest({ identity, params, body, headers, language }) {
    return move(identity, params.requestId, { headers, version: body.version, language }, async () => ({
      action: 'mark-duplicate',
      original: await originalFor(identity, body.of),
      note: body.note,
    }));
  },

  async reassignRequest({ identity, params, body, headers, language }) {
    return move(identity, params.requestId, { headers, version: body.version, language }, async (current) => ({
      action: 'reassign',
      grid: await reassignmentTarget(identity, body.gridId ?? current.gridId, body.assigneeId),
      assigneeId: body.assigneeId,
      note: body.note,
    }));
  },
}, { idempotencyKeys: idempotencyKeyGuard });
