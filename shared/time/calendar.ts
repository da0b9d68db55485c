/**
 * Calendar arithmetic on local dates and clock times, with no time zone involved: the pieces the
 * stations' opening hours and the shifts' recurrences both need. Turning them into instants is the
 * clock's business (shared/time/local.ts).
 */

/** A local date `YYYY-MM-DD`. */
export type LocalDate = string;

export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;

/** A local date plus `days`. */
export const addDays = (date: LocalDate, days: number): LocalDate =>
  new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The weekday of a local date, Monday = 0 … Sunday = 6. */
export const weekdayIndexOf = (date: LocalDate): number => (new Date(`${date}T00:00:00.000Z`).getUTCDay() + 6) % 7;

/** `HH:MM` → minutes of the day; `24:00` is the end of the day. */
export function minuteOfClock(clock: string): number {
  const [hours, minutes] = clock.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

/** Minutes of the day → `HH:MM`. */
export const clockOf = (minute: number): string =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
