import { type PendingEvent, updateWithEvents } from '../../events/outbox';
import type { Page } from '../../http/pagination';
import { writeIf } from '../../table/conditions';
import { type IndexEntry, indexAttributes, indexEntry, shiftKeys as keys } from '../../table/design';
import { type PageRequest, queryPage } from '../../table/query';
import { shardOf } from '../../table/shards';
import { type ReminderKind, nextReminder } from '../domain/reminders';
import type { ShiftRecord } from '../domain/shift';

/**
 * The reminders' worklist: a shift item carries its next reminder in the byDue index, under one of
 * {@link REMINDER_SHARDS} partitions, sorted by when it is due. Moving it on is compare-and-set on
 * the sort value the schedule saw.
 */

/** Partitions of the reminders' byDue worklist, so a city's week of shifts never lands on one key. */
export const REMINDER_SHARDS = 8;

const [DUE_KEY, DUE_SORT] = indexAttributes('byDue');

/** The byDue entry for a shift's next reminder, or nothing when none is left. */
export function reminderDue(shift: Pick<ShiftRecord, 'id' | 'start' | 'reminders'>, now: Date): IndexEntry<'byDue'> | undefined {
  const next = nextReminder(shift.start, shift.reminders, now);
  return next ? indexEntry('byDue', keys.shiftReminders(shardOf(shift.id, REMINDER_SHARDS)), `${next.dueAt.toISOString()}#${shift.id}`) : undefined;
}

/** Shifts whose next reminder is due by `now`, one shard at a time. */
export async function dueReminderItems(shard: number, now: Date, page: PageRequest): Promise<Page<{ shiftId: string; dueSort: string }>> {
  const result = await queryPage({
    ...page,
    index: 'byDue',
    partition: keys.shiftReminders(shard),
    // `~` sorts after `#`: everything due at `now` itself, whatever its shift id.
    sortUpTo: `${now.toISOString()}~`,
  });
  return { ...result, items: result.items.map((item) => ({ shiftId: item.id as string, dueSort: item[DUE_SORT] as string })) };
}

/** The update parts that take a shift out of the reminders' worklist (cancelled, or nothing left to send). */
export const outOfReminders = { remove: [DUE_KEY, DUE_SORT] };

/** The update parts that move a shift to its next reminder (`due`), or out of the worklist. */
const moveTo = (due: IndexEntry<'byDue'> | undefined) => (due ? { set: due } : outOfReminders);

/**
 * Marks a reminder sent and moves the shift to its next one, with the reminder's events in the same
 * write. The condition on the observed due sort makes it compare-and-set: of two schedule runs
 * (or a retried one) exactly one sends.
 */
export async function markReminder(
  shift: ShiftRecord,
  observedDueSort: string,
  kind: ReminderKind | undefined,
  now: Date,
  events: readonly PendingEvent[],
): Promise<boolean> {
  const sentAt = now.toISOString();
  const reminders = kind ? { ...shift.reminders, [kind]: sentAt } : shift.reminders;
  const due = shift.status === 'open' ? reminderDue({ ...shift, reminders }, now) : undefined;
  return writeIf(
    updateWithEvents(
      {
        key: keys.shift(shift.id),
        ...moveTo(due),
        ...(kind ? { setPaths: [[['reminders', kind], sentAt]] } : {}),
        condition: `#due = :observed${kind ? ' AND attribute_not_exists(#reminders.#kind)' : ''}`,
        names: { '#due': DUE_SORT, ...(kind ? { '#reminders': 'reminders', '#kind': kind } : {}) },
        values: { ':observed': observedDueSort },
      },
      events,
    ),
  );
}

/** Moves a shift's reminder (the schedule found it early, or nothing is left to send); false when it moved first. */
export async function rescheduleReminder(shiftId: string, observedDueSort: string, due: IndexEntry<'byDue'> | undefined): Promise<boolean> {
  return writeIf(
    updateWithEvents(
      { key: keys.shift(shiftId), ...moveTo(due), condition: '#due = :observed', names: { '#due': DUE_SORT }, values: { ':observed': observedDueSort } },
      [],
    ),
  );
}
