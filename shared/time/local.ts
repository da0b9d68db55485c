/**
 * Local time where the city is: the one clock. Opening hours ("08:00–20:00"), recurrences ("Mondays
 * 9 to 11"), deadlines' days and report months are all local; the table stores instants as UTC ISO
 * strings (which sort chronologically). The code states the zone by its IANA name, not an offset:
 * China keeps UTC+8 all year now, but it kept daylight saving from 1986 to 1991, and nothing here
 * depends on either.
 *
 * Functions take and return `Date`s for instants; ISO strings belong only to stored items and the API.
 *
 * Two ways to read the zone, with one answer (test/unit/time/local.test.ts compares them hour by hour
 * over years, daylight saving included):
 * - **Intl** (`Intl.DateTimeFormat` with the zone's name) is right in any process. But the first Intl
 *   formatter a process makes costs 12–20 ms (ICU's locale set-up, whatever the zone or locale; later
 *   ones about 0.2 ms): about a fifth of the cold-start floor (~58 ms, bench/COLD-START.md), paid by
 *   the first call of every function that touches local time (report months, opening hours, shifts,
 *   deadlines).
 * - **The process's own zone**: V8's `Date` local-time fields answer from the same ICU time-zone data
 *   in 0.1–0.3 ms at a cold start, but in the zone of the process, so they are used only where that
 *   zone is the service zone. Every deployed function is given `TZ=Asia/Shanghai` for this
 *   (`baseEnvironment` in infra/functions.ts); elsewhere (tests, the local runtime, whose bundle-mode
 *   workers are given TZ but keep the process's zone) Intl answers.
 */

import { type LocalDate, MINUTE_MS, addDays, weekdayIndexOf } from './calendar';

export { type LocalDate, DAY_MS, MINUTE_MS, addDays, clockOf, minuteOfClock, weekdayIndexOf } from './calendar';

/** The zone every local date, clock time and month of the service is in. */
export const TIME_ZONE = 'Asia/Shanghai';

/** Days of the week as opening hours are written, Monday first. */
export const weekdayNames = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekdayName = (typeof weekdayNames)[number];

/** The weekday of a local date. */
export const weekdayOf = (date: LocalDate): WeekdayName => weekdayNames[weekdayIndexOf(date)]!;

/** A local instant broken down: its date, weekday and minute of the day. */
export interface LocalTime {
  date: LocalDate;
  weekday: WeekdayName;
  minute: number;
}

/** One way of reading a zone: both conversions between instants and local time, not remembered. */
export interface ZoneClock {
  /** The local date, weekday and minute of the day of an instant. */
  localTimeOf(instant: Date | number): LocalTime;
  /** The instant of a local date and minute of the day (1440 is the next midnight). */
  instantAt(date: LocalDate, minute: number): Date;
}

/**
 * A zone clock from a reading of the wall clock: an instant's local fields as if they were UTC
 * (milliseconds dropped). The instant of a local time reads the zone's offset at a first guess and
 * again at the result, which settles even across an offset change.
 */
function zoneClockReading(wallClockAsUtc: (instantMs: number) => number): ZoneClock {
  return {
    localTimeOf(instant) {
      const wall = new Date(wallClockAsUtc(typeof instant === 'number' ? instant : instant.getTime()));
      const date = wall.toISOString().slice(0, 10);
      return { date, weekday: weekdayOf(date), minute: wall.getUTCHours() * 60 + wall.getUTCMinutes() };
    },
    instantAt(date, minute) {
      const wall = Date.parse(`${date}T00:00:00.000Z`) + minute * MINUTE_MS;
      let guess = wall - (wallClockAsUtc(wall) - wall);
      guess = wall - (wallClockAsUtc(guess) - guess);
      return new Date(guess);
    },
  };
}

const intlClocks = new Map<string, ZoneClock>();

/** A zone read through Intl with its IANA name: right in any process, whatever the process's own zone. */
export function intlZoneClock(timeZone: string): ZoneClock {
  let clock = intlClocks.get(timeZone);
  if (!clock) {
    // Made on the first reading, not before: making it is what costs (12–20 ms for a process's first).
    let formatter: Intl.DateTimeFormat | undefined;
    clock = zoneClockReading((instantMs) => {
      formatter ??= new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
      const parts = Object.fromEntries(formatter.formatToParts(new Date(instantMs)).map((p) => [p.type, p.value]));
      return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
    });
    intlClocks.set(timeZone, clock);
  }
  return clock;
}

/**
 * The process's own zone, read through V8's `Date` local-time fields (no Intl formatter): the same
 * fields Intl gives, from the same ICU data, in 0.1–0.3 ms at a cold start. Right for the service
 * zone only where {@link processKeepsServiceZone}.
 */
export const processZoneClock: ZoneClock = zoneClockReading((instantMs) => {
  const local = new Date(instantMs);
  return Date.UTC(local.getFullYear(), local.getMonth(), local.getDate(), local.getHours(), local.getMinutes(), local.getSeconds());
});

/** Two instants at which Asia/Shanghai's offsets tell it from a fixed UTC+8: daylight saving in 1988, none in 2000. */
const SUMMER_1988 = Date.UTC(1988, 6, 1);
const WINTER_2000 = Date.UTC(2000, 0, 1);

/**
 * Whether this process's own zone is the service zone, so V8's `Date` reads it. `TZ` naming it is
 * the intent (every deployed function has it); V8's offsets at two instants confirm that V8 follows
 * it (UTC+9 in the summer of 1988, UTC+8 in 2000): a worker thread given `TZ` in its `env` (the local
 * runtime's bundle mode) sees it in `process.env` yet keeps the process's zone, and then Intl answers.
 * Asked at every computation, not once: Node applies an assignment to `process.env.TZ` at once (tests
 * do it), and answers already remembered stay right whichever way they were computed. It costs about
 * 0.3 µs, against 2 µs for a computation through `Date` (7 through Intl) and the 12–20 ms it saves.
 */
export const processKeepsServiceZone = (): boolean =>
  process.env.TZ === TIME_ZONE &&
  new Date(SUMMER_1988).getTimezoneOffset() === -9 * 60 &&
  new Date(WINTER_2000).getTimezoneOffset() === -8 * 60;

/** The fastest clock that reads `timeZone` right in this process: its own zone's if that is the one, else Intl. */
export const zoneClockFor = (timeZone: string): ZoneClock =>
  timeZone === TIME_ZONE && processKeepsServiceZone() ? processZoneClock : intlZoneClock(timeZone);

/**
 * Remembers recent answers: a search computes the hours of every station near a point at the same
 * instant, and stations share the same few opening times, so the zone is read a handful of times, not
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
  return zoneClockFor(timeZone).localTimeOf(Number(ms));
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
  return zoneClockFor(timeZone).instantAt(date, Number(minute)).getTime();
});

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
