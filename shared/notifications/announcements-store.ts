import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { announcementContinued, announcementCreated } from '../../events/notifications';
import { documents } from '../aws/clients';
import { config } from '../config';
import { makeEvent, putNewWithEvents, updateWithEvents } from '../events/outbox';
import { writeIf } from '../table/conditions';
import { notificationKeys as keys } from '../table/design';
import { withoutKeys } from '../table/query';
import type { Announcement } from './announcements-domain';

/**
 * Announcement items, `ANNOUNCEMENT#<id>`: what an announcement says and how far its delivery has
 * gone. The item holds the delivery's one invariant — which batch is next and where the walk of the
 * scope stands — and each batch moves it on with one conditional write, which also carries the event
 * that hands the next batch on (the outbox), so the two cannot part.
 */

/** An announcement item read back (bookkeeping dropped). */
export const announcementFromItem = (item: Record<string, unknown>): Announcement => withoutKeys<Announcement & Record<string, unknown>>(item);

/**
 * Creates an announcement with its `announcement-created` event (its first batch is due); a taken id
 * is a `KeyTakenError` (see `createOnce` in shared/http/creation.ts).
 */
export async function createAnnouncement(announcement: Announcement, fingerprint?: string): Promise<void> {
  const event = makeEvent(announcementCreated, {
    announcementId: announcement.id,
    scope: announcement.scope,
    audience: announcement.audience,
    createdBy: announcement.createdBy,
  });
  await putNewWithEvents(keys.announcement(announcement.id), `announcement ${announcement.id}`, { entity: 'announcement', ...announcement }, [event], fingerprint);
}

/** An announcement, read consistently (a batch decides on its cursor). */
export async function getAnnouncement(announcementId: string): Promise<Announcement | undefined> {
  const output = await documents().send(
    new GetCommand({ TableName: config().tableName, Key: keys.announcement(announcementId), ConsistentRead: true }),
  );
  return output.Item ? announcementFromItem(output.Item) : undefined;
}

/** What one batch did: the units it walked, the inbox items it wrote, where the walk goes on. */
export interface BatchDone {
  units: number;
  written: number;
  /** Absent: the walk is done, the announcement is sent. */
  next: string | undefined;
  now: Date;
}

/**
 * Records batch `step` of delivery `run` as done: the cursor moves to `next` and the counts grow, on
 * condition that the announcement is still sending at that very run and step, so of two runners of
 * one batch (a repeated event, a retry racing its first attempt) only one moves it on. With a
 * `next`, the next batch's event rides in the same write; without one, the announcement is sent.
 * False when the condition refused it: another runner moved it on first (and handed on itself).
 */
export async function completeBatch(announcementId: string, run: number, step: number, done: BatchDone): Promise<boolean> {
  const at = done.now.toISOString();
  const events = done.next ? [makeEvent(announcementContinued, { announcementId, run, step: step + 1 })] : [];
  return writeIf(
    updateWithEvents(
      {
        key: keys.announcement(announcementId),
        set: { step: step + 1, updatedAt: at, ...(done.next ? { cursor: done.next } : { status: 'sent', finishedAt: at }) },
        add: { unitsDone: done.units, recipientsWritten: done.written },
        ...(done.next ? {} : { remove: ['cursor'] }),
        condition: '#run = :run AND #step = :step AND #status = :sending',
        names: { '#run': 'run', '#step': 'step', '#status': 'status' },
        values: { ':run': run, ':step': step, ':sending': 'sending' },
      },
      events,
    ),
  );
}

/**
 * Starts an announcement's delivery again from the start, as a new run (its batches mark what they
 * write as theirs): for an operator, after the worker lists of some grids were repaired, or to
 * check that a delivery is complete. It writes only the inbox items still missing — none, when the
 * first delivery finished and nobody joined since — and `recipientsWritten` grows by those alone.
 * Refused (false) while a run is still sending, or when there is no such announcement.
 */
export async function restartDelivery(announcement: Pick<Announcement, 'id' | 'run'>, now: Date): Promise<boolean> {
  const run = announcement.run + 1;
  return writeIf(
    updateWithEvents(
      {
        key: keys.announcement(announcement.id),
        set: { run, step: 0, unitsDone: 0, status: 'sending', updatedAt: now.toISOString() },
        remove: ['cursor', 'finishedAt'],
        condition: '#run = :run AND #status = :sent',
        names: { '#run': 'run', '#status': 'status' },
        values: { ':run': announcement.run, ':sent': 'sent' },
      },
      [makeEvent(announcementContinued, { announcementId: announcement.id, run, step: 0 })],
    ),
  );
}
