import { describe, expect, it } from 'vitest';
import { addDays, instantAt, localTimeOf, weekdayOf } from '../../../shared/time/local';
import { intervalsOn, isOpenAt, nextChangeOf, spanAt } from '../../../shared/stations/hours';
import type { Hours } from '../../../shared/stations/model';
import { dailyHours } from '../../../infra/local/seeds/stations';

/** An instant given as Beijing wall-clock time. */
const beijing = (local: string) => new Date(`${local}+08:00`);

describe('local time in Asia/Shanghai', () => {
  it('reads the local date, weekday and minute of an instant, across the UTC date line', () => {
    // Act
    const local = localTimeOf(new Date('2026-07-01T17:30:00Z'));
    // Assess
    expect(local).toEqual({ date: '2026-07-02', weekday: 'thu', minute: 90 });
  });

  it('turns a local date and minute back into the instant, midnight of the next day included', () => {
    // Act
    const noon = instantAt('2026-07-01', 12 * 60);
    const end = instantAt('2026-07-01', 24 * 60);
    // Assess
    expect(noon.toISOString()).toBe('2026-07-01T04:00:00.000Z');
    expect(end.toISOString()).toBe('2026-07-01T16:00:00.000Z');
  });

  it('counts weekdays and days across month and year ends', () => {
    expect(weekdayOf('2026-11-30')).toBe('mon');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('opening hours', () => {
  const hours: Hours = {
    ...dailyHours('08:00', '20:00'),
    exceptions: [
      { from: '2026-10-01', to: '2026-10-03', intervals: [], note: '国庆闭站' },
      { from: '2026-10-04', to: '2026-10-04', intervals: [{ opens: '10:00', closes: '16:00' }] },
    ],
  };

  it('is open inside the day’s interval and closed at its closing minute', () => {
    expect(isOpenAt(hours, beijing('2026-07-01T08:00:00'))).toBe(true);
    expect(isOpenAt(hours, beijing('2026-07-01T19:59:00'))).toBe(true);
    expect(isOpenAt(hours, beijing('2026-07-01T20:00:00'))).toBe(false);
    expect(isOpenAt(hours, beijing('2026-07-01T07:59:00'))).toBe(false);
  });

  it('lets an exception close a holiday and shorten another day', () => {
    expect(intervalsOn(hours, '2026-10-02')).toEqual([]);
    expect(isOpenAt(hours, beijing('2026-10-02T12:00:00'))).toBe(false);
    expect(isOpenAt(hours, beijing('2026-10-04T09:00:00'))).toBe(false);
    expect(isOpenAt(hours, beijing('2026-10-04T15:00:00'))).toBe(true);
  });

  it('says when it next closes while open, and when it next opens while closed, skipping a closed holiday', () => {
    // Act
    const whileOpen = nextChangeOf(hours, beijing('2026-07-01T12:00:00'));
    const atNight = nextChangeOf(hours, beijing('2026-07-01T21:00:00'));
    const beforeHoliday = nextChangeOf(hours, beijing('2026-09-30T21:00:00'));
    // Assess
    expect(whileOpen).toEqual({ at: beijing('2026-07-01T20:00:00'), openNow: false });
    expect(atNight).toEqual({ at: beijing('2026-07-02T08:00:00'), openNow: true });
    expect(beforeHoliday).toEqual({ at: beijing('2026-10-04T10:00:00'), openNow: true });
  });

  it('never changes when open around the clock, and spans midnight as one stretch', () => {
    // Prepare
    const always = dailyHours('00:00', '24:00');
    const now = beijing('2026-07-01T23:30:00');
    // Act
    const change = nextChangeOf(always, now);
    const span = spanAt(always, now);
    // Assess
    expect(change).toBeUndefined();
    expect(span!.to - now.getTime()).toBeGreaterThan(13 * 24 * 3600_000);
  });

  it('treats a weekday with no intervals as closed', () => {
    // Prepare
    const weekdaysOnly: Hours = { ...dailyHours('09:00', '17:00'), weekly: { ...dailyHours('09:00', '17:00').weekly, sat: [], sun: [] } };
    // Act
    const saturdayNoon = isOpenAt(weekdaysOnly, beijing('2026-11-28T12:00:00'));
    const change = nextChangeOf(weekdaysOnly, beijing('2026-11-27T18:00:00'));
    // Assess
    expect(saturdayNoon).toBe(false);
    expect(change).toEqual({ at: beijing('2026-11-30T09:00:00'), openNow: true });
  });
});
