import type { Identity } from '../auth/identity';
import { reaches } from '../auth/scope';
import { notFound } from '../http/errors';
import { getOrgUnits } from '../organisation/repository';
import { stationManagersOf } from '../stations/lookups';
import { addDays, instantAt, localDateOf, plusMinutes } from '../time/local';
import { MAX_SHIFT_MINUTES, type ShiftRecord, hasEnded, hasStarted } from './domain/shift';
import { isMemberOf } from './micro-grids';
import { shiftsAtStation } from './repository/shifts';
import { withNames } from './roster';


/**
 * Who is on duty at a 宁小蜂 station now, and later today. A station is public; who staffs it is shown
 * to its manager, and to staff and members of the shifts' micro-grids. Station managers see the duty
 * of the stations they run, and only those (another's is a 404).
 */
export async function stationDuty(identity: Identity, stationId: string, now: Date) {
  const managers = await stationManagersOf(stationId);
  if (!managers) throw notFound();
  const runsIt = identity.role === 'station_manager' && managers.includes(identity.userId);
  if (identity.role === 'station_manager' && !runsIt) throw notFound();
  const records = await shiftsAtStation(stationId, plusMinutes(now, -MAX_SHIFT_MINUTES), instantAt(addDays(localDateOf(now), 1), 0));
  const units = new Map((await getOrgUnits([...new Set(records.map((shift) => shift.microGridId))])).map((unit) => [unit.id, unit]));
  const visible: ShiftRecord[] = [];
  for (const shift of records.filter((record) => record.status === 'open' && !hasEnded(record, now))) {
    const unit = units.get(shift.microGridId);
    const sees = runsIt || (unit !== undefined && reaches(identity, unit)) || (await isMemberOf(shift.microGridId, identity.userId));
    if (sees) visible.push(shift);
  }
  const named = await withNames(visible);
  return {
    stationId,
    at: now.toISOString(),
    onDuty: named.filter((shift) => hasStarted(shift, now)),
    later: named.filter((shift) => !hasStarted(shift, now)),
  };
}
