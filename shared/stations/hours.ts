import { type LocalDate, MINUTE_MS, addDays, instantAt, localTimeOf, minuteOfClock, weekdayOf } from '../time/local';
import type { Hours, Interval } from './model';

/**
 * Opening hours as instants: which intervals apply on a local date, whether a station is open at an
 * instant, and when that next changes. Plain functions; `now` is always passed in. Intervals never
 * cross midnight (closes ≤ 24:00), so "open now" reads only today's intervals; touching intervals
 * (20:00–24:00, then 00:00–08:00 the next day) count as one open stretch.
 */

/** How far ahead "when does it next change" looks. */
const LOOKAHEAD_DAYS = 14;

/** The intervals that apply on a local date: an exception covering it, else the weekday's. */
export function intervalsOn(hours: Hours, date: LocalDate): readonly Interval[] {
  const exception = hours.exceptions.find((candidate) => candidate.from <= date && date <= candidate.to);
  return exception ? exception.intervals : hours.weekly[weekdayOf(date)];
}

/** An open stretch in absolute time (epoch milliseconds). */
export interface OpenSpan {
  from: number;
  to: number;
}

/** A day's intervals as minutes, in order. */
const minutesOn = (hours: Hours, date: LocalDate) =>
  intervalsOn(hours, date)
    .map((interval) => ({ opens: minuteOfClock(interval.opens), closes: minuteOfClock(interval.closes) }))
    .sort((a, b) => a.opens - b.opens);

export function isOpenAt(hours: Hours, now: Date): boolean {
  const { date, minute } = localTimeOf(now);
  return minutesOn(hours, date).some((interval) => interval.opens <= minute && minute < interval.closes);
}

/**
 * The open stretch `now` falls in, followed across midnights while the next day opens at 00:00,
 * up to the lookahead; undefined when closed.
 */
export function spanAt(hours: Hours, now: Date): OpenSpan | undefined {
  const { date, minute } = localTimeOf(now);
  let current = minutesOn(hours, date).find((interval) => interval.opens <= minute && minute < interval.closes);
  if (!current) return undefined;
  let day = date;
  const from = instantAt(day, current.opens).getTime();
  // Stretch the span while a day's last interval runs to 24:00 and the next day's first starts at 00:00.
  for (let step = 0; step < LOOKAHEAD_DAYS && current.closes === 24 * 60; step += 1) {
    const first = minutesOn(hours, addDays(day, 1))[0];
    if (!first || first.opens !== 0) break;
    day = addDays(day, 1);
    current = first;
    // Within the day, intervals that touch continue the stretch too.
    for (const next of minutesOn(hours, day)) if (next.opens <= current.closes && next.closes > current.closes) current = next;
  }
  // Intervals later the same day that touch the current one continue it as well.
  for (const next of minutesOn(hours, day)) if (next.opens <= current.closes && next.closes > current.closes) current = next;
  return { from, to: instantAt(day, current.closes).getTime() };
}

/**
 * When being open next changes, and to what. Absent when it does not change within the lookahead
 * (open around the clock, or closed for the next two weeks).
 */
export function nextChangeOf(hours: Hours, now: Date): { at: Date; openNow: boolean } | undefined {
  const horizon = now.getTime() + LOOKAHEAD_DAYS * 24 * 60 * MINUTE_MS;
  const span = spanAt(hours, now);
  if (span) return span.to < horizon ? { at: new Date(span.to), openNow: false } : undefined;
  const { date, minute } = localTimeOf(now);
  for (let offset = 0; offset <= LOOKAHEAD_DAYS; offset += 1) {
    const day = addDays(date, offset);
    const opening = minutesOn(hours, day).find((interval) => offset > 0 || interval.opens > minute);
    if (opening) {
      const at = instantAt(day, opening.opens);
      return at.getTime() < horizon ? { at, openNow: true } : undefined;
    }
  }
  return undefined;
}
