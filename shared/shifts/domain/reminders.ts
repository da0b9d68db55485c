import { MINUTE_MS } from '../../time/local';

/**
 * The reminders of a shift: a day before (which also checks the headcount) and an hour before.
 * Sending them is `shared/shifts/reminders.ts`.
 */

/** The reminders a shift has, in the order they go. */
export const reminderKinds = ['day', 'hour'] as const;
export type ReminderKind = (typeof reminderKinds)[number];
/** Minutes before the start each reminder is due. The day reminder also checks the headcount. */
export const reminderLeadMinutes: Record<ReminderKind, number> = { day: 24 * 60, hour: 60 };

/**
 * The next reminder of a shift still worth sending: the first kind not yet sent whose moment has
 * not been overtaken (a day reminder an hour before the start is pointless: the hour one goes).
 * Its `dueAt` may be in the past (the schedule was late, or the shift was created within a day).
 */
export function nextReminder(
  start: string,
  sent: Partial<Record<ReminderKind, string>>,
  now: Date,
): { kind: ReminderKind; dueAt: Date } | undefined {
  const startMs = Date.parse(start);
  for (const [index, kind] of reminderKinds.entries()) {
    if (sent[kind]) continue;
    const next = reminderKinds[index + 1];
    const windowEnd = next ? startMs - reminderLeadMinutes[next] * MINUTE_MS : startMs;
    if (now.getTime() >= windowEnd) continue;
    return { kind, dueAt: new Date(startMs - reminderLeadMinutes[kind] * MINUTE_MS) };
  }
  return undefined;
}
