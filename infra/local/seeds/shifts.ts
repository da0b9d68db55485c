import { type NewShiftInput, planShift } from '../../../shared/shifts/domain/shift';
import { createShift } from '../../../shared/shifts/repository/shifts';
import { type LocalDate, addDays, instantAt, localDateOf, minuteOfClock } from '../../../shared/time/local';
import { demoStation } from './stations';

/**
 * Upcoming shifts of the demo micro-grid lushan-g1-m1, so the demo volunteer (张阿姨) has seats to
 * sign up for on first start: the next three local days (Asia/Shanghai) after the start, every seat
 * open. Planned as the grid worker plans one by hand (`planShift`) and written through the shifts'
 * repository, without events, like all demo data. The ids name the day, so seeding is repeatable.
 */

export const DEMO_MICRO_GRID = 'lushan-g1-m1';

interface DemoShift {
  /** Local days after the start's: 1 is tomorrow. */
  day: number;
  slug: string;
  kind: NewShiftInput['kind'];
  title: string;
  location?: string;
  stationId?: string;
  start: string;
  end: string;
  headcount: number;
}

const demoShifts: readonly DemoShift[] = [
  { day: 1, slug: 'patrol', kind: 'patrol', title: '楼栋安全巡查', location: '1-6号楼', start: '09:00', end: '11:00', headcount: 2 },
  { day: 1, slug: 'station', kind: 'station_duty', title: '宁小蜂驿站值守', stationId: demoStation.id, start: '14:00', end: '17:00', headcount: 2 },
  { day: 2, slug: 'visit', kind: 'visit', title: '独居老人入户走访', location: '7-9号楼', start: '09:30', end: '11:30', headcount: 2 },
  { day: 3, slug: 'station', kind: 'station_duty', title: '宁小蜂驿站值守', stationId: demoStation.id, start: '14:00', end: '17:00', headcount: 1 },
];

/** The id of a demo shift: `demo-<yyyymmdd>-<slug>`. */
export const demoShiftId = (date: LocalDate, slug: string): string => `demo-${date.replaceAll('-', '')}-${slug}`;

/** Seeds the demo shifts relative to `now` (the caller runs it once); returns their ids. */
export async function seedShifts(now: Date): Promise<string[]> {
  const today = localDateOf(now);
  const ids: string[] = [];
  for (const planned of demoShifts) {
    const date = addDays(today, planned.day);
    const shift = planShift(
      {
        id: demoShiftId(date, planned.slug),
        microGridId: DEMO_MICRO_GRID,
        kind: planned.kind,
        title: planned.title,
        ...(planned.location ? { location: planned.location } : {}),
        ...(planned.stationId ? { stationId: planned.stationId } : {}),
        start: instantAt(date, minuteOfClock(planned.start)).toISOString(),
        end: instantAt(date, minuteOfClock(planned.end)).toISOString(),
        headcount: planned.headcount,
        createdAt: now.toISOString(),
        createdBy: 'seed',
      },
      now,
    );
    await createShift(shift, now);
    ids.push(shift.id);
  }
  return ids;
}
