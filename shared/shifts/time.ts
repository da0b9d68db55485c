/**
 * Transitional: the shifts' old string-or-number signatures over the one clock (shared/time/local.ts,
 * Intl with the IANA zone). Shifts callers move to `Date` and the shared module directly.
 */

import * as local from '../time/local';
import { type LocalDate, weekdayIndexOf } from '../time/local';

export { type LocalDate, MINUTE_MS, addDays, clockOf, minuteOfClock, mondayOf, previousMonth } from '../time/local';

export const TIME_ZONE = local.TIME_ZONE;

/** Weekdays as RRULE spells them (BYDAY), Monday first. */
export const weekdays = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof weekdays)[number];

const asDate = (instant: string | number | Date): Date => (instant instanceof Date ? instant : new Date(instant));

export const localDateOf = (instant: string | number | Date): LocalDate => local.localDateOf(asDate(instant));
export const localMinuteOf = (instant: string | number | Date): number => local.localMinuteOf(asDate(instant));
export const localMonthOf = (instant: string | number | Date): string => local.localMonthOf(asDate(instant));
export const instantOf = (date: LocalDate, minuteOfDay: number): string => local.instantAt(date, minuteOfDay).toISOString();
export const weekdayOf = (date: LocalDate): Weekday => weekdays[weekdayIndexOf(date)]!;
export function monthBounds(month: string): { from: string; to: string } {
  const { from, to } = local.monthBounds(month);
  return { from: from.toISOString(), to: to.toISOString() };
}
export const toUtcIso = (instant: string | number | Date): string => asDate(instant).toISOString();
export const plusMinutes = (instant: string, minutes: number): string => local.plusMinutes(new Date(instant), minutes).toISOString();
