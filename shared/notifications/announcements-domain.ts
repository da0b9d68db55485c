import type { OrgUnitKind } from '../organisation/model';
import { announcementNotificationIdOf } from './ids';
import type { AnnouncementAudience, AnnouncementStatus, AnnouncementView, Notification } from './model';

/**
 * Announcements, as plain data: what an admin's announcement is, what its inbox item says, and how
 * one batch of its delivery is cut. No AWS (the items: announcements-store.ts; a batch written:
 * announcements-delivery.ts).
 */

/** The notice kind of an announcement's inbox items. */
export const ANNOUNCEMENT_KIND = 'notifications.announcement';

/** The kind of unit each audience's people are found in: grid workers in each grid. */
export const unitKindOf: Record<AnnouncementAudience, OrgUnitKind> = { grid_workers: 'grid' };

/** An announcement as stored: what it says, its scope and audience, and how far its delivery has gone. */
export interface Announcement {
  id: string;
  title: string;
  body: string;
  /** A unit id, or `city`. */
  scope: string;
  /** The scope's kind (`city` for the city): where the walk starts. */
  scopeKind: OrgUnitKind | 'city';
  /** The scope's ancestors, from the district down: who reaches it (shared/auth/scope.ts). */
  scopeAncestors: string[];
  audience: AnnouncementAudience;
  status: AnnouncementStatus;
  /**
   * Which delivery this is: 0, then one more for each delivery started again from the start
   * (`restartDelivery` in announcements-store.ts), which writes only the items still missing.
   */
  run: number;
  /** Batches done in this run; the next batch due is this one (0: the first). */
  step: number;
  /** Where the walk of the scope's units goes on (absent before the first batch and once sent). */
  cursor?: string;
  /** Units walked in this run. */
  unitsDone: number;
  /** Inbox items written, in every run. */
  recipientsWritten: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
}

export interface AnnouncementInput {
  id: string;
  title: string;
  body: string;
  audience: AnnouncementAudience;
  createdBy: string;
}

/** The scope an announcement goes to: a unit (or the city), with what placing it takes. */
export interface AnnouncementScope {
  id: string;
  kind: OrgUnitKind | 'city';
  ancestors: readonly string[];
}

/** A new announcement, before its first batch. */
export function planAnnouncement(input: AnnouncementInput, scope: AnnouncementScope, now: Date): Announcement {
  const at = now.toISOString();
  return {
    ...input,
    scope: scope.id,
    scopeKind: scope.kind,
    scopeAncestors: [...scope.ancestors],
    status: 'sending',
    run: 0,
    step: 0,
    unitsDone: 0,
    recipientsWritten: 0,
    createdAt: at,
    updatedAt: at,
  };
}

/**
 * Whether the audience can be found under the scope: grid workers are found in grids, so the scope
 * is a grid or above it (a micro-grid has no grid under it). The reason when not.
 */
export function scopeProblem(audience: AnnouncementAudience, scopeKind: OrgUnitKind | 'city'): string | undefined {
  const unitKind = unitKindOf[audience];
  const order: readonly (OrgUnitKind | 'city')[] = ['city', 'district', 'subdistrict', 'community', 'grid', 'micro_grid'];
  return order.indexOf(scopeKind) > order.indexOf(unitKind) ? `a ${scopeKind} has no ${unitKind} under it for ${audience}` : undefined;
}

/** An announcement as admins see it. */
export const announcementView = (announcement: Announcement): AnnouncementView => ({
  id: announcement.id,
  title: announcement.title,
  body: announcement.body,
  scope: announcement.scope,
  audience: announcement.audience,
  status: announcement.status,
  progress: {
    unitKind: unitKindOf[announcement.audience],
    unitsDone: announcement.unitsDone,
    recipientsWritten: announcement.recipientsWritten,
    batches: announcement.step,
  },
  createdBy: announcement.createdBy,
  startedAt: announcement.createdAt,
  updatedAt: announcement.updatedAt,
  ...(announcement.finishedAt ? { finishedAt: announcement.finishedAt } : {}),
});

/** The inbox item every recipient gets: the same id for everyone, and in every batch. */
export const announcementNotification = (announcement: Announcement): Notification => ({
  id: announcementNotificationIdOf(announcement.createdAt, announcement.id),
  kind: ANNOUNCEMENT_KIND,
  title: announcement.title,
  body: announcement.body,
  subject: { type: 'announcement', id: announcement.id },
  createdAt: announcement.createdAt,
});

/** One batch: the first units of a walk's page and their people. */
export interface Batch {
  /** How many of the page's units it takes. */
  units: number;
  /** Their people, each once. */
  userIds: string[];
  /** Where the walk goes on after it; absent when the walk is done. */
  next: string | undefined;
}

/**
 * Cuts a batch from a page of units and their people: units in walk order while their people come
 * to at most `maxRecipients` (always the first unit, however many it has), so an invocation's writes
 * are bounded whatever the units hold. It depends only on the page and the people, so a batch run
 * again after a crash takes the same units as before.
 */
export function cutBatch(
  page: { units: readonly { id: string; next: string | undefined }[]; next?: string | undefined },
  peopleOfUnits: readonly (readonly string[])[],
  maxRecipients: number,
): Batch {
  let taken = 0;
  let people = 0;
  while (taken < page.units.length) {
    const count = peopleOfUnits[taken]!.length;
    if (taken > 0 && people + count > maxRecipients) break;
    people += count;
    taken += 1;
  }
  const next = taken === page.units.length ? page.next : page.units[taken - 1]!.next;
  return { units: taken, userIds: [...new Set(peopleOfUnits.slice(0, taken).flat())], next };
}
