import { type LocalDate, addDays, weekdayIndexOf } from '../../time/local';
import type { Recurrence } from '../model';

/**
 * Weekly recurrences, RRULE-like: the days a duty of the responsibility list (and a volunteer's
 * availability) falls on are spelled as RRULE's BYDAY spells them.
 */

/** Days of the week as RRULE spells them (BYDAY), Monday first. */
export const weekdays = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof weekdays)[number];

/** The RRULE day (`MO` … `SU`) a local date falls on. */
export const recurrenceDayOf = (date: LocalDate): Weekday => weekdays[weekdayIndexOf(date)]!;

/** The local dates in [from, to) on which a recurrence falls. */
export function occurrences(recurrence: Recurrence, from: LocalDate, to: LocalDate): LocalDate[] {
  const dates: LocalDate[] = [];
  for (let date = from; date < to; date = addDays(date, 1)) {
    if (recurrence.from && date < recurrence.from) continue;
    if (recurrence.until && date > recurrence.until) continue;
    if (recurrence.days.includes(recurrenceDayOf(date))) dates.push(date);
  }
  return dates;
}
