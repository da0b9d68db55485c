import { mapLimit } from '../concurrency';
import { logger } from '../logger';
import type { OrgUnitKind } from '../organisation/model';
import { listGridWorkers } from '../organisation/repository';
import { unitsUnder } from '../organisation/unit-walk';
import { type Announcement, announcementNotification, cutBatch, unitKindOf } from './announcements-domain';
import { completeBatch, getAnnouncement } from './announcements-store';
import { batchOfNotification, putNotification } from './inbox';
import type { AnnouncementAudience, Notification } from './model';

/**
 * One batch of an announcement's delivery: the next units of its scope (grids, for grid workers),
 * their people, one inbox item each, then the announcement's cursor moved on — with the event that
 * hands the next batch on, in the same conditional write (announcements-store.ts `completeBatch`).
 *
 * Run by the `announcement-delivery` consumer, one batch per event: the created event runs batch 0,
 * each batch's `announcement-continued` event the next. Why a consumer and not a schedule: the first
 * batch starts as soon as the announcement is made, each batch is an invocation of its own (bounded
 * by `limits`, far inside the 60 s timeout), and a batch that fails is retried by the bus with backoff
 * and, after the last retry, kept as a dead letter to redrive — from the cursor, which only a
 * completed batch moves. A schedule would add up to a minute before the first batch and a sweep of
 * unfinished announcements every minute for something that happens a few times a month.
 *
 * At-least-once, with no duplicate: a batch run twice (the bus's retry after a crash midway, a
 * repeated event, a stale one) writes the same inbox items, whose ids are derived from the
 * announcement (the person is the partition), through the inbox's conditional put, so a second write
 * changes nothing; a person in several units gets one item. Only the runner that finds the
 * announcement still at its batch moves it on; any other stops.
 *
 * Pushes: the inbox only. A WeCom robot post to each of 10,198 grid groups or a WeChat subscribe
 * message to each of 11,220 people would spam the city's staff, spend everyone's one-time
 * subscriptions and run into WeCom's 20-a-minute limit per robot; the inbox badge says it is there.
 */

/** What bounds one invocation. */
export interface BatchLimits {
  /** Units (grids) a batch walks at most. */
  units: number;
  /** People a batch writes at most (beyond the first unit's): units are cut before this is passed. */
  recipients: number;
  /** Queries the walk makes at most in one batch (empty branches cost reads and find nothing). */
  walkReads: number;
}

/**
 * A city-wide announcement to Nanjing's 11,220 grid workers is 51 batches of ~220 people: a batch
 * is at most 200 grid-worker Queries, ~200 walk Queries and 1,000 conditional puts, 16 at a time.
 */
export const BATCH_LIMITS: BatchLimits = { units: 200, recipients: 1_000, walkReads: 200 };

/** Calls in flight at once within a batch. */
const CONCURRENCY = 16;

/** A grid has one or two grid workers; more than this many is no real grid (and is not read). */
const MAX_PEOPLE_PER_UNIT = 100;

/** Each audience: where its people are and how to read them. */
const audiences: Record<AnnouncementAudience, { unitKind: OrgUnitKind; peopleOf: (unitId: string) => Promise<string[]> }> = {
  grid_workers: { unitKind: unitKindOf.grid_workers, peopleOf: (gridId) => listGridWorkers(gridId, MAX_PEOPLE_PER_UNIT) },
};

export interface BatchOutcome {
  /**
   * `advanced`: written and the cursor moved on (the next batch handed on); `sent`: the last batch;
   * `skipped`: nothing to do (no such announcement, already sent, or this batch done already);
   * `overtaken`: written, but another runner of the same batch moved the cursor on first.
   */
  outcome: 'advanced' | 'sent' | 'skipped' | 'overtaken';
  units: number;
  /** Inbox items this batch wrote (an item an earlier attempt of this same batch wrote counts too). */
  written: number;
}

/**
 * Writes the inbox item of one person for batch `batch`. True when this batch wrote it, now or in
 * an earlier attempt; false when an earlier batch did (a person in units of two batches).
 */
async function writeFor(userId: string, notification: Notification, batch: string): Promise<boolean> {
  if (await putNotification(userId, notification, { batch })) return true;
  return (await batchOfNotification(userId, notification.id)) === batch;
}

/** Which batch: of which delivery of the announcement (`run`), and which of its batches (`step`). */
export interface BatchDue {
  run: number;
  step: number;
}

/** Runs a batch of an announcement, if that batch is the one due; throws on any failure (the bus retries). */
export async function deliverAnnouncementBatch(
  announcementId: string,
  due: BatchDue,
  now: Date,
  limits: BatchLimits = BATCH_LIMITS,
): Promise<BatchOutcome> {
  const { run, step } = due;
  const announcement = await getAnnouncement(announcementId);
  if (!announcement || announcement.status !== 'sending' || announcement.run !== run || announcement.step !== step) {
    return { outcome: 'skipped', units: 0, written: 0 };
  }
  const audience = audiences[announcement.audience];
  const page = await unitsUnder(rootOf(announcement), audience.unitKind, {
    limit: limits.units,
    maxReads: limits.walkReads,
    cursor: announcement.cursor,
  });
  const people = await mapLimit(page.units, CONCURRENCY, (unit) => audience.peopleOf(unit.id));
  const batch = cutBatch(page, people, limits.recipients);
  const notification = announcementNotification(announcement);
  // The batch's mark names its run and step (the item's id names the announcement already).
  const wrote = await mapLimit(batch.userIds, CONCURRENCY, (userId) => writeFor(userId, notification, `${run}.${step}`));
  const written = wrote.filter(Boolean).length;
  const moved = await completeBatch(announcementId, run, step, { units: batch.units, written, next: batch.next, now });
  if (!moved) logger.info('announcement batch overtaken by another runner', { announcementId, run, step });
  return { outcome: !moved ? 'overtaken' : batch.next ? 'advanced' : 'sent', units: batch.units, written };
}

const rootOf = (announcement: Announcement) => ({ id: announcement.scope, kind: announcement.scopeKind });
