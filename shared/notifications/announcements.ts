import { CITY_SCOPE, type Identity } from '../auth/identity';
import { assertReaches } from '../auth/scope';
import { createOnce } from '../http/creation';
import { fieldProblem, notFound } from '../http/errors';
import type { Creation } from '../http/function';
import { getOrgUnit } from '../organisation/repository';
import { type Announcement, type AnnouncementScope, planAnnouncement, scopeProblem } from './announcements-domain';
import { announcementFromItem, createAnnouncement, getAnnouncement } from './announcements-store';
import type { AnnouncementAudience } from './model';

/**
 * What admins do with announcements: make one (its delivery then runs in batches,
 * announcements-delivery.ts) and watch its progress. Both only within their scope.
 */

/** The scope an admin names, if they reach it: `city` (city-wide admins only) or a unit. 404 otherwise. */
async function reachedScope(identity: Identity, scope: string): Promise<AnnouncementScope> {
  if (scope === CITY_SCOPE) {
    const city = { id: CITY_SCOPE, kind: 'city' as const, ancestors: [] };
    // Only the city-wide scope reaches `city` itself.
    assertReaches(identity, city);
    return city;
  }
  const unit = await getOrgUnit(scope);
  if (!unit) throw notFound();
  assertReaches(identity, unit);
  return { id: unit.id, kind: unit.kind, ancestors: unit.ancestors };
}

export interface AnnouncementRequest {
  title: string;
  body: string;
  scope: string;
  audience: AnnouncementAudience;
}

/**
 * An admin announces something to an audience of a scope they reach. Under an Idempotency-Key the
 * announcement's id is `creation.id` and an earlier attempt's announcement is returned as it is now
 * (`replayed: true`), so a resend never starts a second delivery.
 */
export async function announce(
  identity: Identity,
  request: AnnouncementRequest,
  creation: Creation,
  now: Date,
): Promise<{ announcement: Announcement; replayed: boolean }> {
  const scope = await reachedScope(identity, request.scope);
  const problem = scopeProblem(request.audience, scope.kind);
  if (problem) throw fieldProblem('body.scope', problem);
  const announcement = planAnnouncement(
    { id: creation.id, title: request.title, body: request.body, audience: request.audience, createdBy: identity.userId },
    scope,
    now,
  );
  const earlier = await createOnce(creation, announcement.id, () => createAnnouncement(announcement, creation.fingerprint), announcementFromItem);
  return earlier ? { announcement: earlier, replayed: true } : { announcement, replayed: false };
}

/** An announcement, for an admin who reaches its scope; 404 for anyone else, as for no such id. */
export async function announcementSeenBy(identity: Identity, announcementId: string): Promise<Announcement> {
  const announcement = await getAnnouncement(announcementId);
  if (!announcement) throw notFound();
  assertReaches(identity, { id: announcement.scope, ancestors: announcement.scopeAncestors });
  return announcement;
}
