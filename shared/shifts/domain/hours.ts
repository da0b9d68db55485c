import type { HoursEntry, MemberHours } from '../model';
import type { ShiftRecord } from './shift';

/** The hours log: one line per stint (or no-show), and the monthly sums computed from it on read. */

const hoursOf = (minutes: number) => Math.round((minutes / 60) * 100) / 100;

/** Monthly hours per member of a micro-grid, from the log entries: computed, never counted. */
export function summariseUnitHours(unitId: string, month: string, entries: readonly HoursEntry[]) {
  const byMember = new Map<string, MemberHours>();
  for (const entry of entries) {
    const member = byMember.get(entry.userId) ?? { userId: entry.userId, minutes: 0, hours: 0, shifts: 0, noShows: 0 };
    if (entry.noShow) member.noShows += 1;
    else {
      member.minutes += entry.minutes;
      member.shifts += 1;
    }
    member.hours = hoursOf(member.minutes);
    byMember.set(entry.userId, member);
  }
  const members = [...byMember.values()].sort((a, b) => b.minutes - a.minutes || a.userId.localeCompare(b.userId));
  const totalMinutes = members.reduce((sum, member) => sum + member.minutes, 0);
  return { unitId, month, totalMinutes, totalHours: hoursOf(totalMinutes), members };
}

/** A volunteer's month from their log entries: worked minutes, no-shows apart. */
export function summariseMyHours(userId: string, month: string, entries: readonly HoursEntry[]) {
  const worked = entries.filter((entry) => !entry.noShow);
  const totalMinutes = worked.reduce((sum, entry) => sum + entry.minutes, 0);
  return {
    userId,
    month,
    totalMinutes,
    totalHours: hoursOf(totalMinutes),
    noShows: entries.length - worked.length,
    entries: [...entries].sort((a, b) => a.date.localeCompare(b.date) || a.shiftId.localeCompare(b.shiftId)),
  };
}

/** The hours-log line of a check-out or a no-show: handler and consumer derive the very same item from it. */
export function hoursEntryOf(
  shift: Pick<ShiftRecord, 'id' | 'microGridId' | 'title' | 'date'>,
  userId: string,
  stint: { checkedInAt: string; checkedOutAt: string; minutes: number } | { noShowAt: string; comment?: string },
): HoursEntry {
  const base = { shiftId: shift.id, microGridId: shift.microGridId, userId, title: shift.title, date: shift.date, month: shift.date.slice(0, 7) };
  if ('noShowAt' in stint) {
    return { ...base, minutes: 0, noShow: true, ...(stint.comment ? { comment: stint.comment } : {}), recordedAt: stint.noShowAt };
  }
  return { ...base, minutes: stint.minutes, noShow: false, checkedInAt: stint.checkedInAt, checkedOutAt: stint.checkedOutAt, recordedAt: stint.checkedOutAt };
}
