import { type LocalDate, MINUTE_MS, addDays, instantAt, localTimeOf, minuteOfClock, weekdayOf } from './clock';
import type { Hours, Interval } from './model';

/**
 * Opening hours as instants: which intervals apply on a local date, whether a station is open at an
 * instant, and when that next changes. Plain functions; `now` is always passed in.
 */

/** How far ahead "when does it next change" looks. */
const LOOKAHEAD_DAYS = 14;

/** The intervals that apply on a local date: an exception covering it, else the weekday's. */
export function intervalsOn(hours: Hours, date: LocalDate): readonly Interval[] {
  const exception = hours.exceptions.find((candidate) => candidate.from <= date && date <= candidate.to);
  return exception ? exception.intervals : hours.weekly[weekdayOf(date)];
}

/** An open stretch in absolute time; touching intervals (20:00–24:00, 00:00–08:00) are merged. */
export interface OpenSpan {
  from: number;
  to: number;
}

/** The open spans from the local day before `now` through `days` days after it, merged. */
export function openSpans(hours: Hours, now: Date, days = LOOKAHEAD_DAYS): OpenSpan[] {
  const today = localTimeOf(now).date;
  const spans: OpenSpan[] = [];
  for (let offset = -1; offset <= days; offset += 1) {
    const date = addDays(today, offset);
    const dayIntervals = [...intervalsOn(hours, date)].sort((a, b) => a.opens.localeCompare(b.opens));
    for (const interval of dayIntervals) {
      const from = instantAt(date, minuteOfClock(interval.opens)).getTime();
      const to = instantAt(date, minuteOfClock(interval.closes)).getTime();
      const last = spans[spans.length - 1];
      if (last && from <= last.to) last.to = Math.max(last.to, to);
      else spans.push({ from, to });
    }
  }
  return spans;
}

/** The open span `now` falls in, if any. */
export function spanAt(hours: Hours, now: Date): OpenSpan | undefined {
  const at = now.getTime();
  return openSpans(hours, now).find((span) => span.from <= at && at < span.to);
}

export const isOpenAt = (hours: Hours, now: Date): boolean => spanAt(hours, now) !== undefined;

/**
 * When being open next changes, and to what. Absent when it does not change within the lookahead
 * (open around the clock, or closed for the next two weeks).
 */
export function nextChangeOf(hours: Hours, now: Date): { at: Date; openNow: boolean } | undefined {
  const at = now.getTime();
  const spans = openSpans(hours, now);
  const horizon = at + LOOKAHEAD_DAYS * 24 * 60 * MINUTE_MS;
  const current = spans.find((span) => span.from <= at && at < span.to);
  if (current) return current.to < horizon ? { at: new Date(current.to), openNow: false } : undefined;
  const next = spans.find((span) => span.from > at);
  return next && next.from < horizon ? { at: new Date(next.from), openNow: true } : undefined;
}
