/**
 * Local time for scheduling. Volunteers think in Asia/Shanghai wall-clock time ("Mondays 9 to 11");
 * the table stores instants as UTC ISO strings (which sort chronologically). China has kept UTC+8
 * all year since 1991, so converting is a fixed offset: no time-zone database, nothing that
 * changes under a test.
 */

import { DAY_MS, type LocalDate, MINUTE_MS, addDays, weekdayIndexOf } from '../time/calendar';

export { type LocalDate, MINUTE_MS, addDays, clockOf, minuteOfClock } from '../time/calendar';

export const TIME_ZONE = 'Asia/Shanghai';
const OFFSET_MS = 8 * 3600_000;

/** Weekdays as RRULE spells them (BYDAY), Monday first. */
export const weekdays = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof weekdays)[number];

const ms = (instant: string | number | Date): number =>
  typeof instant === 'number' ? instant : typeof instant === 'string' ? Date.parse(instant) : instant.getTime();

/** The local (Asia/Shanghai) date of an instant. */
export const localDateOf = (instant: string | number | Date): LocalDate =>
  new Date(ms(instant) + OFFSET_MS).toISOString().slice(0, 10);

/** Minutes since local midnight of an instant. */
export const localMinuteOf = (instant: string | number | Date): number =>
  Math.floor((((ms(instant) + OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS / MINUTE_MS);

/** The local month `YYYY-MM` of an instant. */
export const localMonthOf = (instant: string | number | Date): string => localDateOf(instant).slice(0, 7);

/** The instant (UTC ISO) of a local date and minute of day (1440 is the next midnight). */
export function instantOf(date: LocalDate, minuteOfDay: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day) + minuteOfDay * MINUTE_MS - OFFSET_MS).toISOString();
}

/** The weekday of a local date. */
export const weekdayOf = (date: LocalDate): Weekday => weekdays[weekdayIndexOf(date)]!;

/** The Monday of the week a local date falls in. */
export const mondayOf = (date: LocalDate): LocalDate => addDays(date, -weekdays.indexOf(weekdayOf(date)));

/** The first instant of a local month and the first instant of the next one. */
export function monthBounds(month: string): { from: string; to: string } {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const next = monthNumber === 12 ? `${year + 1}-01` : `${year}-${String(monthNumber + 1).padStart(2, '0')}`;
  return { from: instantOf(`${month}-01`, 0), to: instantOf(`${next}-01`, 0) };
}

/** The previous local month `YYYY-MM`. */
export function previousMonth(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return monthNumber === 1 ? `${year - 1}-12` : `${year}-${String(monthNumber - 1).padStart(2, '0')}`;
}

/** Normalises any ISO instant (with an offset) to the UTC form the table sorts by. */
export const toUtcIso = (instant: string | number | Date): string => new Date(ms(instant)).toISOString();

/** Adds minutes to an instant. */
export const plusMinutes = (instant: string, minutes: number): string => new Date(ms(instant) + minutes * MINUTE_MS).toISOString();
