import { CITY_SCOPE, type Identity } from '../auth/identity';
import { ProblemError, forbidden } from '../http/errors';
import { canManageStation } from '../stations/domain';
import type { Station } from '../stations/model';
import type { Donor, DonorReport, Facility, FacilityStatus, LogEntry, facilityActions } from './model';

/**
 * The life of a donated facility: in service → fault reported → under repair → in service, or
 * retired; moved between stations. Plain functions: each returns the facility after the change and
 * the log line it adds, or throws. The caller writes it with a condition on the version it read.
 */

/** Oldest lines beyond this are dropped from the item (the events keep the full history). */
export const MAX_LOG_ENTRIES = 200;

type Action = (typeof facilityActions)[number];

/** Which states each action may start from, and where it leads. */
const transitions: Record<Exclude<Action, 'donated' | 'moved'>, { from: readonly FacilityStatus[]; to: FacilityStatus }> = {
  fault_reported: { from: ['in_service'], to: 'fault_reported' },
  repair_started: { from: ['fault_reported'], to: 'under_repair' },
  restored: { from: ['fault_reported', 'under_repair'], to: 'in_service' },
  retired: { from: ['in_service', 'fault_reported', 'under_repair'], to: 'retired' },
};

/** Where someone stands with respect to a station, for fault reports. */
export interface Presence {
  /** Checked in there now. */
  checkedIn: boolean;
  /** Holds a reservation there for a slot today (local time) that has not ended. */
  reservedToday: boolean;
}

/** Admins and the station's managers register donors' gifts and run repairs. */
export function assertCanMaintain(identity: Identity, station: Station): void {
  if (!canManageStation(identity, station)) throw forbidden("only the station's managers and admins over it maintain its facilities");
}

/** Grid workers of the station's grid count as staff there too (they hear about faults anyway). */
const isGridStaff = (identity: Identity, station: Station): boolean =>
  identity.role === 'grid_worker' && (identity.units.includes(station.gridId) || identity.units.includes(CITY_SCOPE));

/**
 * Who may report a fault: the station's staff, and any outdoor worker or resident who is at the
 * station — checked in now, or holding a reservation there today.
 */
export function assertCanReportFault(identity: Identity, station: Station, presence: Presence): void {
  if (canManageStation(identity, station) || isGridStaff(identity, station)) return;
  if (presence.checkedIn || presence.reservedToday) return;
  throw new ProblemError(403, 'not_at_station');
}

export interface NewFacilityInput {
  id: string;
  kind: Facility['kind'];
  model?: string;
  donatedOn: string;
  declaredValueYuan: number;
  condition: Facility['condition'];
  photoUrls: readonly string[];
  note?: string;
}

/** A facility as registered at a station, with the first line of its log. */
export function planNewFacility(identity: Identity, input: NewFacilityInput, donor: Donor, station: Station, now: Date): Facility {
  assertCanMaintain(identity, station);
  const at = now.toISOString();
  return {
    id: input.id,
    kind: input.kind,
    ...(input.model ? { model: input.model } : {}),
    donorId: donor.id,
    donorName: donor.name,
    stationId: station.id,
    donatedOn: input.donatedOn,
    declaredValueYuan: input.declaredValueYuan,
    condition: input.condition,
    status: 'in_service',
    photoUrls: [...input.photoUrls],
    log: [{ at, action: 'donated', by: identity.userId, status: 'in_service', stationId: station.id, ...(input.note ? { note: input.note } : {}) }],
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

export interface Change {
  facility: Facility;
  entry: LogEntry;
}

/** A state change by the life-cycle table; a change it does not allow is a 409. */
export function planTransition(
  facility: Facility,
  action: keyof typeof transitions,
  by: string,
  now: Date,
  details: { note?: string; condition?: Facility['condition']; costYuan?: number } = {},
): Change {
  const rule = transitions[action];
  if (!rule.from.includes(facility.status)) {
    throw new ProblemError(409, 'facility_transition', `cannot go from ${facility.status} by ${action}`);
  }
  const entry: LogEntry = {
    at: now.toISOString(),
    action,
    by,
    status: rule.to,
    stationId: facility.stationId,
    ...(details.note ? { note: details.note } : {}),
    ...(details.costYuan !== undefined ? { costYuan: details.costYuan } : {}),
  };
  return {
    facility: {
      ...facility,
      status: rule.to,
      ...(details.condition ? { condition: details.condition } : {}),
      log: appendLog(facility.log, entry),
      updatedAt: entry.at,
      version: facility.version + 1,
    },
    entry,
  };
}

/** Moves a facility to another station; retired ones stay where they are. */
export function planMove(facility: Facility, to: Station, by: string, now: Date, note?: string): Change {
  if (facility.status === 'retired') throw new ProblemError(409, 'facility_transition', 'a retired facility is not moved');
  if (facility.stationId === to.id) throw new ProblemError(409, 'facility_transition', `already at ${to.id}`);
  const entry: LogEntry = {
    at: now.toISOString(),
    action: 'moved',
    by,
    status: facility.status,
    stationId: to.id,
    fromStationId: facility.stationId,
    ...(note ? { note } : {}),
  };
  return {
    facility: { ...facility, stationId: to.id, log: appendLog(facility.log, entry), updatedAt: entry.at, version: facility.version + 1 },
    entry,
  };
}

const appendLog = (log: readonly LogEntry[], entry: LogEntry): LogEntry[] => [...log, entry].slice(-MAX_LOG_ENTRIES);

/** The thank-you report from a donor's facilities, amounts summed in fen so they add up exactly. */
export function donorReport(donor: Donor, facilities: readonly Facility[], stationNames: ReadonlyMap<string, string>): DonorReport {
  const sorted = [...facilities].sort((a, b) => a.donatedOn.localeCompare(b.donatedOn) || a.id.localeCompare(b.id));
  const fen = sorted.reduce((sum, facility) => sum + Math.round(facility.declaredValueYuan * 100), 0);
  return {
    donor,
    facilities: sorted.map((facility) => ({
      id: facility.id,
      kind: facility.kind,
      ...(facility.model ? { model: facility.model } : {}),
      stationId: facility.stationId,
      stationName: stationNames.get(facility.stationId) ?? facility.stationId,
      donatedOn: facility.donatedOn,
      declaredValueYuan: facility.declaredValueYuan,
      condition: facility.condition,
      status: facility.status,
      updatedAt: facility.updatedAt,
    })),
    totals: {
      facilities: sorted.length,
      inService: sorted.filter((facility) => facility.status === 'in_service').length,
      stations: new Set(sorted.filter((facility) => facility.status !== 'retired').map((facility) => facility.stationId)).size,
      declaredValueYuan: fen / 100,
    },
  };
}
