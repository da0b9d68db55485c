import type { Identity } from '../auth/identity';
import { isCityWide, reaches } from '../auth/scope';
import { ProblemError, forbidden, notFound } from '../http/errors';
import { assertPhotoRoom } from '../photos/attach';
import type { PhotoRef } from '../photos/model';
import { type Presence, canManageStation } from '../stations/domain';
import type { Station } from '../stations/model';
import type { Donor, DonorReport, Facility, FacilityStatus, LogEntry } from './model';
import { FACILITY_GALLERY_MAX, FACILITY_LOG_PHOTOS_MAX, type facilityActions } from './terms';

/**
 * The life of a donated facility: in service → fault reported → under repair → in service, or
 * retired; moved between stations. Plain functions: each returns the facility after the change and
 * the log line it adds, or throws. The caller writes it with a condition on the version it read.
 */

/** Oldest lines beyond this are dropped from the item (the events keep the full history). */
export const MAX_LOG_ENTRIES = 200;
/**
 * …and beyond this many bytes of lines (UTF-8 JSON): two hundred lines of long Chinese notes would
 * otherwise take the facility item close to DynamoDB's 400 KB, where no change fits any more.
 */
export const MAX_LOG_BYTES = 128 * 1024;

type Action = (typeof facilityActions)[number];

/** Which states each action may start from, and where it leads. */
const transitions: Record<Exclude<Action, 'donated' | 'moved'>, { from: readonly FacilityStatus[]; to: FacilityStatus }> = {
  fault_reported: { from: ['in_service'], to: 'fault_reported' },
  repair_started: { from: ['fault_reported'], to: 'under_repair' },
  restored: { from: ['fault_reported', 'under_repair'], to: 'in_service' },
  retired: { from: ['in_service', 'fault_reported', 'under_repair'], to: 'retired' },
};

/** Admins and the station's managers register donors' gifts and run repairs. */
export function assertCanMaintain(identity: Identity, station: Station): void {
  if (!canManageStation(identity, station)) throw forbidden("only the station's managers and admins over it maintain its facilities");
}

/** Grid workers of the station's grid count as staff there too (they hear about faults anyway). */
const isGridStaff = (identity: Identity, station: Station): boolean =>
  identity.role === 'grid_worker' && reaches(identity, station);

/**
 * Who may report a fault: the station's staff, and any outdoor worker or resident who is at the
 * station — checked in now, or holding a reservation there today.
 */
export function assertCanReportFault(identity: Identity, station: Station, presence: Presence): void {
  if (canManageStation(identity, station) || isGridStaff(identity, station)) return;
  if (presence.checkedIn || presence.reservedToday) return;
  throw new ProblemError('not_at_station');
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
  details: { note?: string; condition?: Facility['condition']; costYuan?: number; photos?: readonly PhotoRef[] } = {},
): Change {
  const rule = transitions[action];
  if (!rule.from.includes(facility.status)) {
    throw new ProblemError('facility_transition', `cannot go from ${facility.status} by ${action}`);
  }
  const entry: LogEntry = {
    at: now.toISOString(),
    action,
    by,
    status: rule.to,
    stationId: facility.stationId,
    ...(details.note ? { note: details.note } : {}),
    ...(details.costYuan !== undefined ? { costYuan: details.costYuan } : {}),
    ...(details.photos?.length ? { photos: [...details.photos] } : {}),
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
  if (facility.status === 'retired') throw new ProblemError('facility_transition', 'a retired facility is not moved');
  if (facility.stationId === to.id) throw new ProblemError('facility_transition', `already at ${to.id}`);
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

/** A log line's size, as the budget counts it: its UTF-8 JSON. */
export const logLineBytes = (line: LogEntry): number => new TextEncoder().encode(JSON.stringify(line)).length;

/**
 * The lines with at most {@link FACILITY_LOG_PHOTOS_MAX} photos in all, the latest lines' kept: an
 * older line keeps its words and gives up its photos (its objects stay where they are).
 */
function withLatestPhotos(lines: readonly LogEntry[]): LogEntry[] {
  let room = FACILITY_LOG_PHOTOS_MAX;
  const kept: LogEntry[] = [];
  for (let index = lines.length - 1; index >= 0; index -= 1) {
    const line = lines[index]!;
    const photos = line.photos ?? [];
    if (photos.length <= room) {
      room -= photos.length;
      kept.push(line);
      continue;
    }
    const { photos: _dropped, ...words } = line;
    kept.push(room > 0 ? { ...words, photos: photos.slice(0, room) } : words);
    room = 0;
  }
  return kept.reverse();
}

/** The log with a new line, the oldest dropped while it holds more lines or bytes than allowed. */
function appendLog(log: readonly LogEntry[], entry: LogEntry): LogEntry[] {
  const lines = withLatestPhotos([...log, entry]).slice(-MAX_LOG_ENTRIES);
  let bytes = lines.reduce((sum, line) => sum + logLineBytes(line), 0);
  let first = 0;
  while (bytes > MAX_LOG_BYTES && first < lines.length - 1) {
    bytes -= logLineBytes(lines[first]!);
    first += 1;
  }
  return lines.slice(first);
}

// ─── Pictures of the facility ──────────────────────────────────────────────────────────────────

/**
 * The facility with pictures of it added to its gallery, by those who maintain it; at most
 * {@link FACILITY_GALLERY_MAX} in all (409 `photo_limit_reached`, nothing added). A photo it already
 * has is not added twice (a resent request). Undefined when nothing is new: nothing to write.
 */
export function planGalleryPhotos(identity: Identity, facility: Facility, station: Station, photos: readonly PhotoRef[]): Facility | undefined {
  assertCanMaintain(identity, station);
  const held = facility.photos ?? [];
  const fresh = photos.filter((photo) => !held.some((kept) => kept.id === photo.id));
  if (fresh.length === 0) return undefined;
  assertPhotoRoom(held.length, fresh.length, FACILITY_GALLERY_MAX);
  return { ...facility, photos: [...held, ...fresh], version: facility.version + 1 };
}

/**
 * The facility without one picture of its gallery (those who maintain it); a photo it does not
 * have is a 404. Fault and repair photos belong to the log and are not removed.
 */
export function planGalleryRemoval(identity: Identity, facility: Facility, station: Station, photoId: string): Facility {
  assertCanMaintain(identity, station);
  const held = facility.photos ?? [];
  if (!held.some((photo) => photo.id === photoId)) throw notFound(`photo ${photoId} of facility ${facility.id}`);
  return { ...facility, photos: held.filter((photo) => photo.id !== photoId), version: facility.version + 1 };
}

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

// ─── Donors' contacts ──────────────────────────────────────────────────────────────────────────

/** What scope checks need of a station a donor gave to. */
export type DonorStation = Pick<Station, 'id' | 'ancestors' | 'managers'>;

/**
 * Who sees a donor's contact (a person, a phone). A donor has no unit of its own: it is placed by
 * the stations it gave to — where its facilities are now, retired ones included. So the contact is
 * seen by whoever maintains one of those stations (its managers, admins whose scope reaches it:
 * `canManageStation`), by city-wide admins (they reach every station, and keep the city's register
 * of donors), and by whoever registered the donor while they are an admin or a station manager
 * (they typed it in, and before a first gift no station places the donor). Nobody else: not grid
 * workers, not the managers of other stations, not admins elsewhere.
 */
export function canSeeDonorContact(identity: Identity, donor: Pick<Donor, 'createdBy'>, stations: readonly DonorStation[]): boolean {
  if (identity.role !== 'admin' && identity.role !== 'station_manager') return false;
  if (donor.createdBy === identity.userId) return true;
  if (identity.role === 'admin' && isCityWide(identity)) return true;
  return stations.some((station) => canManageStation(identity, station));
}

/** Whether the stations a donor gave to can change the answer (admins and station managers): else spare the reads. */
export const donorContactNeedsStations = (identity: Identity, donor: Pick<Donor, 'createdBy'>): boolean =>
  (identity.role === 'admin' || identity.role === 'station_manager') &&
  donor.createdBy !== identity.userId &&
  !(identity.role === 'admin' && isCityWide(identity));

/** The donor as `identity` is shown it: without its contact unless {@link canSeeDonorContact}. */
export function donorAsSeenBy(identity: Identity, donor: Donor, stations: readonly DonorStation[]): Donor {
  if (canSeeDonorContact(identity, donor, stations)) return donor;
  const { contact: _withheld, ...shown } = donor;
  return shown;
}
