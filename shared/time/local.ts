/**
 * Local time where the city is: the one clock. Opening hours ("08:00–20:00"), recurrences ("Mondays
 * 9 to 11"), deadlines' days and report months are all local; the table stores instants as UTC ISO
 * strings (which sort chronologically). Conversions go through Intl with the IANA zone, so the code
 * states the zone, not an offset: China keeps UTC+8 all year, but nothing here depends on it.
 *
 * Functions take and return `Date`s for instants; ISO strings belong only to stored items and the API.
 */

import { type LocalDate, MINUTE_MS, addDays, weekdayIndexOf } from './calendar';

export { type LocalDate, DAY_MS, MINUTE_MS, addDays, clockOf, minuteOfClock, weekdayIndexOf } from './calendar';

/** The zone every local date, clock time and month of the service is in. */
export const TIME_ZONE = 'Asia/Shanghai';

/** Days of the week as opening hours are written, Monday first. */
export const weekdayNames = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekdayName = (typeof weekdayNames)[number];

/** A local instant broken down: its date, weekday and minute of the day. */
export interface LocalTime {
  date: LocalDate;
  weekday: WeekdayName;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock fields of an instant in a zone, as if they were UTC (milliseconds dropped). */
function wallClockAsUtc(instantMs: number, timeZone: string): number {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(new Date(instantMs)).map((p) => [p.type, p.value]));
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
}

/**
 * Remembers recent answers: a search computes the hours of every station near a point at the same
 * instant, and stations share the same few opening times, so Intl is asked a handful of times, not
 * thousands. Bounded, so a long-lived process does not grow.
 */
function memo<T>(limit: number, compute: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      if (cache.size >= limit) cache.clear();
      value = compute(key);
      cache.set(key, value);
    }
    return value;
  };
}

const localTimeMemo = memo(1000, (key) => {
  const [ms, timeZone] = key.split('|') as [string, string];
  const wall = new Date(wallClockAsUtc(Number(ms), timeZone));
  const date = wall.toISOString().slice(0, 10);
  return { date, weekday: weekdayOf(date), minute: wall.getUTCHours() * 60 + wall.getUTCMinutes() };
});

/** The local date, weekday and minute of the day of an instant. */
export function localTimeOf(instant: Date | number, timeZone = TIME_ZONE): LocalTime {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  // Minute precision is all the hours need; seconds only make the cache miss.
  return localTimeMemo(`${ms - (((ms % MINUTE_MS) + MINUTE_MS) % MINUTE_MS)}|${timeZone}`);
}

/**
 * The instant of a local date and minute of the day (1440 is the next midnight). The zone's offset
 * is read at a first guess and read again at the result, which settles even across an offset change.
 */
export function instantAt(date: LocalDate, minute: number, timeZone = TIME_ZONE): Date {
  return new Date(instantMemo(`${date}|${minute}|${timeZone}`));
}

const instantMemo = memo(5000, (key) => {
  const [date, minute, timeZone] = key.split('|') as [string, string, string];
  const wall = Date.parse(`${date}T00:00:00.000Z`) + Number(minute) * MINUTE_MS;
  let guess = wall - (wallClockAsUtc(wall, timeZone) - wall);
  guess = wall - (wallClockAsUtc(guess, timeZone) - guess);
  return guess;
});

/** The weekday of a local date. */
export const weekdayOf = (date: LocalDate): WeekdayName => weekdayNames[weekdayIndexOf(date)]!;


/** The local date of an instant. */
export const localDateOf = (instant: Date): LocalDate => localTimeOf(instant).date;

/** Minutes since local midnight of an instant. */
export const localMinuteOf = (instant: Date): number => localTimeOf(instant).minute;

/** The local month `YYYY-MM` of an instant. */
export const localMonthOf = (instant: Date): string => localDateOf(instant).slice(0, 7);

/** The Monday of the week a local date falls in. */
export const mondayOf = (date: LocalDate): LocalDate => addDays(date, -weekdayIndexOf(date));

/** The month after a local month `YYYY-MM`. */
export function nextMonth(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return monthNumber === 12 ? `${year + 1}-01` : `${year}-${String(monthNumber + 1).padStart(2, '0')}`;
}

/** The month before a local month `YYYY-MM`. */
export function previousMonth(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return monthNumber === 1 ? `${year - 1}-12` : `${year}-${String(monthNumber - 1).padStart(2, '0')}`;
}

/** The first instant of a local month and the first instant of the next one. */
export const monthBounds = (month: string): { from: Date; to: Date } => ({
  from: instantAt(`${month}-01`, 0),
  to: instantAt(`${nextMonth(month)}-01`, 0),
});

/** An instant plus some minutes. */
export const plusMinutes = (instant: Date, minutes: number): Date => new Date(instant.getTime() + minutes * MINUTE_MS);
