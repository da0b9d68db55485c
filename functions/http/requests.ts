import type { Identity } from '../../shared/auth/identity';
import { httpFunction, reply } from '../../shared/http/function';
import { type IfMatch, assertIfMatch, etagOfVersion, parseIfMatch } from '../../shared/http/conditional';
import { fieldProblem, notFound } from '../../shared/http/errors';
import { idempotencyKeyGuard } from '../../shared/http/idempotency-key';
import { createOnce, replayed } from '../../shared/http/creation';
import { nowIso } from '../../shared/ids';
import { assertReaches } from '../../shared/auth/scope';
import { getMember, getOrgUnit } from '../../shared/organisation/repository';
import { announceSubmission, announceTransition } from '../../shared/requests/announcements';
import {
  type RoutedGrid,
  type TransitionInput,
  assertCanSee,
  canSee,
  planCategory,
  planSubmission,
  planTransition,
} from '../../shared/requests/domain';
import type { Request } from '../../shared/requests/model';
import * as requests from '../../shared/requests/repository';
import { findGridAt, onDutyWorkerOf } from '../../shared/requests/routing';
import { requestRoutes } from '../../shared/requests/routes';
import { getUser } from '../../shared/users/repository';


const etagOf = (request: Pick<Request, 'version'>) => etagOfVersion(request.version);
const withEtag = (request: Request, status?: number) =>
  reply(request, { headers: { etag: etagOf(request) }, ...(status ? { status } : {}) });

/**
 * What a transition is conditional on: `If-Match` (RFC 9110, strong comparison; see
 * shared/http/conditional.ts) and the body's `version`, which is the same as `If-Match: "<version>"`.
 * Both must hold when both are sent. A malformed If-Match is a 400 before anything is read.
 */
interface Preconditions {
  ifMatch?: IfMatch;
  version?: number;
}

function preconditionsOf(headers: Record<string, string | undefined>, bodyVersion: number | undefined): Preconditions {
  const ifMatch = parseIfMatch(headers['if-match']);
  return { ...(ifMatch ? { ifMatch } : {}), ...(bodyVersion !== undefined ? { version: bodyVersion } : {}) };
}

/** Where a submission goes: the grid containing its location, else the resident's home grid. */
async function routeSubmission(identity: Identity, location: { lat: number; lng: number } | undefined) {
  if (location) {
    const grid = await findGridAt(location);
    if (!grid) throw fieldProblem('body.location', 'this place is not inside any grid we serve', 'outside_grids');
    return { grid, routedBy: 'location' as const };
  }
  const homeGridId = (await getUser(identity.userId))?.homeGridId;
  const home = homeGridId ? await getOrgUnit(homeGridId) : undefined;
  if (!home) throw fieldProblem('body.location', 'send a location: you have no home grid to send it to', 'required');
  return { grid: { id: home.id, ancestors: home.ancestors } satisfies RoutedGrid, routedBy: 'home-grid' as const };
}

/** Categories change rarely: a warm function keeps one for 30 s (its own changes drop it at once). */
const CATEGORY_CACHE_MS = 30_000;
const categoryCache = new Map<string, { until: number; category: ReturnType<typeof requests.getCategory> }>();
function cachedCategory(categoryId: string) {
  const cached = categoryCache.get(categoryId);
  if (cached && cached.until > Date.now()) return cached.category;
  const category = requests.getCategory(categoryId);
  categoryCache.set(categoryId, { until: Date.now() + CATEGORY_CACHE_MS, category });
  category.then((found) => (found ? undefined : categoryCache.delete(categoryId)), () => categoryCache.delete(categoryId));
  return category;
}

/** Runs a transition: visibility (404), version (412), role (403) and state (409), then one conditional write. */
async function transition(
  identity: Identity,
  requestId: string,
  preconditions: Preconditions,
  inputOf: (current: Request) => Promise<TransitionInput> | TransitionInput,
) {
  const { ifMatch, version } = preconditions;
  const updated = await requests.transitionRequest(
    requestId,
    { ...(version !== undefined ? { expectedVersion: version } : {}), canSee: (request) => canSee(identity, request) },
    async (current) => {
      // On the state each attempt reads: after a lost race, a tag that matched no longer does (412);
      // `*` still does, and the move is decided again on the fresh state.
      assertIfMatch(ifMatch, current.version);
      const change = planTransition(current, await inputOf(current), identity, nowIso());
      return { change, events: announceTransition(current, change, identity) };
    },
  );
  return withEtag(updated);
}

export const handler = httpFunction(requestRoutes, {
  async listCategories({ identity, query }) {
    const page = await requests.listCategories(query);
    return identity.role === 'admin' ? page : { ...page, items: page.items.filter((category) => category.active) };
  },

  async createCategory({ identity, body }) {
    const { id, ...input } = body;
    const category = planCategory(identity, id, input, nowIso());
    await requests.createCategory(category);
    categoryCache.delete(category.id);
    return category;
  },

  async updateCategory({ identity, params, body }) {
    const category = planCategory(identity, params.categoryId, body, nowIso());
    await requests.replaceCategory(category);
    categoryCache.delete(category.id);
    return category;
  },

  async submitRequest({ identity, body, creation }) {
    if (!body.location && !body.address) throw fieldProblem('body.location', 'send a location or an address', 'required');
    const [category, { grid, routedBy }] = await Promise.all([cachedCategory(body.categoryId), routeSubmission(identity, body.location)]);
    if (!category) throw fieldProblem('body.categoryId', `no category ${body.categoryId}`, 'unknown');
    const request = planSubmission({
      id: creation.id,
      identity,
      input: body,
      category,
      grid,
      routedBy,
      assigneeId: await onDutyWorkerOf(grid.id),
      now: nowIso(),
    });
    const earlier = await createOnce(
      creation,
      request.id,
      () => requests.createRequest(request, announceSubmission(request), creation.fingerprint),
      requests.toRequest,
    );
    const made = earlier ?? request;
    const headers = { etag: etagOf(made), location: `/requests/${made.id}` };
    return earlier ? replayed(earlier, headers) : reply(request, { status: 201, headers });
  },

  async getRequest({ identity, params }) {
    const request = await requests.getRequest(params.requestId);
    assertCanSee(identity, request);
    return withEtag(request as Request);
  },

  async listMyRequests({ identity, query }) {
    return requests.listRequestsOf(identity.userId, query);
  },

  async listMyQueue({ identity, query }) {
    return requests.listQueue(identity.userId, query.status, query);
  },

  async listAreaRequests({ identity, query }) {
    const unit = await getOrgUnit(query.scope);
    if (!unit) throw notFound();
    assertReaches(identity, unit);
    if (unit.kind === 'community') {
      return requests.listAreaRequests({ subdistrictId: unit.parentId!, communityId: unit.id }, query.month, query);
    }
    if (unit.kind === 'subdistrict') return requests.listAreaRequests({ subdistrictId: unit.id }, query.month, query);
    throw fieldProblem('query.scope', 'a community or a subdistrict');
  },

  async acceptRequest({ identity, params, body, headers }) {
    return transition(identity, params.requestId, preconditionsOf(headers, body.version), () => ({ action: 'accept', note: body.note }));
  },

  async startRequest({ identity, params, body, headers }) {
    return transition(identity, params.requestId, preconditionsOf(headers, body.version), () => ({ action: 'start', note: body.note }));
  },

  async resolveRequest({ identity, params, body, headers }) {
    return transition(identity, params.requestId, preconditionsOf(headers, body.version), () => ({ action: 'resolve', note: body.note }));
  },

  async confirmRequest({ identity, params, body, headers }) {
    return transition(identity, params.requestId, preconditionsOf(headers, body.version), () => ({
      action: 'confirm',
      rating: body.rating,
      ...(body.comment ? { comment: body.comment } : {}),
    }));
  },

  async reopenRequest({ identity, params, body, headers }) {
    return transition(identity, params.requestId, preconditionsOf(headers, body.version), () => ({ action: 'reopen', note: body.note }));
  },

  async escalateRequest({ identity, params, body, headers }) {
    return transition(identity, params.requestId, preconditionsOf(headers, body.version), () => ({
      action: 'escalate',
      department: body.department,
      note: body.note,
    }));
  },

  async returnRequest({ identity, params, body, headers }) {
    return transition(identity, params.requestId, preconditionsOf(headers, body.version), () => ({ action: 'return', result: body.result }));
  },

  async rejectRequest({ identity, params, body, headers }) {
    return transition(identity, params.requestId, preconditionsOf(headers, body.version), () => ({ action: 'reject', reason: body.reason }));
  },

  async markDuplicateRequest({ identity, params, body, headers }) {
    return transition(identity, params.requestId, preconditionsOf(headers, body.version), async () => {
      const original = await requests.getRequest(body.of);
      // Someone else's request is not confirmed to exist.
      if (!original || !canSee(identity, original)) throw notFound(`request ${body.of}`);
      return { action: 'mark-duplicate', original, note: body.note };
    });
  },

  async reassignRequest({ identity, params, body, headers }) {
    return transition(identity, params.requestId, preconditionsOf(headers, body.version), async (current) => {
      const gridId = body.gridId ?? current.gridId;
      const grid = await getOrgUnit(gridId);
      if (!grid || grid.kind !== 'grid') throw notFound(`grid ${gridId}`);
      assertReaches(identity, grid);
      const member = await getMember(grid.id, body.assigneeId);
      if (member?.memberRole !== 'grid_worker') {
        throw fieldProblem('body.assigneeId', `${body.assigneeId} is not a grid worker of ${grid.id}`, 'not_a_grid_worker');
      }
      return { action: 'reassign', grid: { id: grid.id, ancestors: grid.ancestors }, assigneeId: body.assigneeId, note: body.note };
    });
  },
}, { idempotencyKeys: idempotencyKeyGuard });

