import { type LocalDate, TIME_ZONE, localDateOf, localMinuteOf, minuteOfClock } from '../../time/local';
import type { Availability, AvailabilityFit } from '../model';
import { recurrenceDayOf } from './recurrence';
import type { ShiftRecord } from './shift';

/** A volunteer's availability: weekly windows with exceptions, and how well a shift fits it. */

/** The availability of someone who never gave one: no windows, so every shift fits `unknown`. */
export const emptyAvailability = (userId: string): Availability => ({
  userId,
  timeZone: TIME_ZONE,
  weekly: [],
  exceptions: [],
  updatedAt: '1970-01-01T00:00:00.000Z',
});

/** Minutes of a local day, [from, to). */
type Interval = [number, number];

function merge(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const merged: Interval[] = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

function subtract(intervals: Interval[], cut: Interval): Interval[] {
  return intervals.flatMap(([start, end]): Interval[] => {
    if (cut[1] <= start || cut[0] >= end) return [[start, end]];
    return [
      ...(cut[0] > start ? [[start, cut[0]] as Interval] : []),
      ...(cut[1] < end ? [[cut[1], end] as Interval] : []),
    ];
  });
}

/** The minutes of a local date someone is available: weekly windows, plus extra windows, minus days off. */
export function availableWindows(availability: Pick<Availability, 'weekly' | 'exceptions'>, date: LocalDate): Interval[] {
  const weekday = recurrenceDayOf(date);
  const exceptions = availability.exceptions.filter((e) => e.date === date);
  let windows = merge([
    ...availability.weekly.filter((w) => w.day === weekday).map((w): Interval => [minuteOfClock(w.start), minuteOfClock(w.end)]),
    ...exceptions.filter((e) => e.available).map((e): Interval => [minuteOfClock(e.start!), minuteOfClock(e.end!)]),
  ]);
  for (const off of exceptions.filter((e) => !e.available)) {
    windows = subtract(windows, off.start ? [minuteOfClock(off.start), minuteOfClock(off.end!)] : [0, 1440]);
  }
  return windows;
}

/** How well a shift fits someone's availability: the share of its minutes inside their windows. */
export function availabilityFit(
  availability: Pick<Availability, 'weekly' | 'exceptions'> | undefined,
  shift: Pick<ShiftRecord, 'start' | 'end' | 'date'>,
): { fit: AvailabilityFit; ratio: number | null } {
  if (!availability || (availability.weekly.length === 0 && availability.exceptions.length === 0)) {
    return { fit: 'unknown', ratio: null };
  }
  const start = localMinuteOf(new Date(shift.start));
  const end = localDateOf(new Date(shift.end)) === shift.date ? localMinuteOf(new Date(shift.end)) : 1440;
  const covered = availableWindows(availability, shift.date).reduce(
    (sum, [from, to]) => sum + Math.max(0, Math.min(to, end) - Math.max(from, start)),
    0,
  );
  const ratio = end > start ? covered / (end - start) : 0;
  return { fit: ratio >= 1 ? 'fits' : ratio > 0 ? 'partly' : 'outside', ratio };
}
