import { type LocalDate, addDays, instantAt, mondayOf } from '../time/local';
import { displayNamesOf } from '../users/repository';
import { type ShiftRecord, viewOf } from './domain/shift';
import type { ShiftView } from './model';
import { allShiftsOfMicroGrid } from './repository/shifts';

/** Who is on which shift, with their names: a micro-grid's week, and (see `station-duty.ts`) a station's day. */

/** The view of shifts with names on the seats (one BatchGet of the people's profiles a hundred at a time). */
export async function withNames(records: readonly ShiftRecord[]): Promise<ShiftView[]> {
  const names = await displayNamesOf([...new Set(records.flatMap((shift) => Object.keys(shift.volunteers)))]);
  return records.map((shift) => {
    const view = viewOf(shift);
    return { ...view, signedUp: view.signedUp.map((slot) => ({ ...slot, ...(names.has(slot.userId) ? { displayName: names.get(slot.userId)! } : {}) })) };
  });
}

/** The roster of the week (Monday to Sunday) a local date falls in, with who is on each shift. */
export async function rosterOfWeek(unitId: string, date: LocalDate) {
  const weekStart = mondayOf(date);
  const records = await allShiftsOfMicroGrid(unitId, instantAt(weekStart, 0), instantAt(addDays(weekStart, 7), 0));
  return { unitId, weekStart, weekEnd: addDays(weekStart, 6), shifts: await withNames(records) };
}
