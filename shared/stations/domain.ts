import type { Identity } from '../auth/identity';
import { reaches } from '../auth/scope';
import { fromWgs84 } from '../geo/coordinates';
import type { LatLng } from '../geo/geo';
import { ProblemError, fieldProblem, forbidden } from '../http/errors';
import type { OrgUnit } from '../organisation/model';
import { MINUTE_MS } from '../time/local';
import { type AmenityProviders, unavailableAmenities } from './amenities';
import { isOpenAt, nextChangeOf, spanAt } from './hours';
import type { Amenity, Availability, Hours, Seats, Station, StationRules, StationView, Visit } from './model';
import { defaultStationRules } from './terms';

/**
 * The rules of a station: who maintains it, what a new station or a change looks like, how many
 * seats are free now and who may check in. Plain functions over plain data; the clock is always a
 * parameter. Reservations have rules of their own (reservations/rules.ts), and so does the nearby
 * search (search.ts).
 */

// ————— who maintains stations —————

/**
 * Admins whose scope reaches the station's grid, and the station managers its own `managers` list
 * names — the one truth about who runs a station (a person's profile grants no station).
 */
export function canManageStation(identity: Identity, station: Pick<Station, 'id' | 'ancestors' | 'managers'>): boolean {
  if (identity.role === 'admin') return reaches(identity, station);
  if (identity.role === 'station_manager') return station.managers.includes(identity.userId);
  return false;
}

/** Stations are public to everyone signed in, so a refusal to change one is a 403, not a 404. */
export function assertCanManageStation(identity: Identity, station: Pick<Station, 'id' | 'ancestors' | 'managers'>): void {
  if (!canManageStation(identity, station)) throw forbidden('only its managers and admins over it maintain a station');
}

export interface NewStationInput {
  id: string;
  name: string;
  address: string;
  location: LatLng;
  gridId: string;
  hours: Hours;
  seats: Seats;
  amenities: readonly Amenity[];
  contact?: Station['contact'];
  managers?: readonly string[];
  rules?: Partial<StationRules>;
}

/**
 * A new station in a grid. Admins reaching the grid create one; so do station managers whose scope
 * reaches it, and they become its managers.
 */
export function planNewStation(identity: Identity, input: NewStationInput, grid: OrgUnit, now: Date): Station {
  if (grid.kind !== 'grid') throw fieldProblem('body.gridId', 'a station sits in a grid');
  const ancestors = [...grid.ancestors, grid.id];
  if (!reaches(identity, grid)) throw new ProblemError('not_found', `grid ${grid.id}`);
  if (identity.role !== 'admin' && identity.role !== 'station_manager') throw forbidden();
  const managers = new Set(input.managers ?? []);
  if (identity.role === 'station_manager') managers.add(identity.userId);
  const at = now.toISOString();
  return {
    id: input.id,
    name: input.name,
    address: input.address,
    location: input.location,
    communityId: grid.parentId!,
    gridId: grid.id,
    ancestors,
    hours: input.hours,
    seats: input.seats,
    amenities: [...new Set(input.amenities)],
    contact: input.contact ?? {},
    managers: [...managers],
    status: 'active',
    rules: { ...defaultStationRules, ...input.rules },
    createdAt: at,
    createdBy: identity.userId,
    updatedAt: at,
    version: 1,
  };
}

export type StationPatch = Partial<
  Pick<Station, 'name' | 'address' | 'location' | 'hours' | 'seats' | 'amenities' | 'contact' | 'managers' | 'status'>
> & { rules?: Partial<StationRules> };

/** A station after a patch: the fields given replace the old ones, and the version moves on. */
export function planStationPatch(identity: Identity, station: Station, patch: StationPatch, now: Date): Station {
  assertCanManageStation(identity, station);
  if (patch.managers && identity.role !== 'admin') throw forbidden('only admins change who manages a station');
  const next: Station = {
    ...station,
    ...Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)),
    rules: { ...station.rules, ...patch.rules },
    ...(patch.amenities ? { amenities: [...new Set(patch.amenities)] } : {}),
    updatedAt: now.toISOString(),
    version: station.version + 1,
  };
  if (next.seats.reservable > next.seats.total) throw fieldProblem('body.seats', 'reservable seats cannot exceed the total');
  return next;
}

// ————— live availability —————

/** What the station item holds besides the station: the visits in it now (some maybe expired). */
export interface StationState {
  station: Station;
  visits: readonly Visit[];
  /** The donated facilities behind its amenities, as last recorded (amenities.ts); none on a new station. */
  amenityProviders?: AmenityProviders;
}

/** Visits that have not yet ended by themselves. */
export const liveVisits = (visits: readonly Visit[], now: Date): Visit[] =>
  visits.filter((visit) => Date.parse(visit.endsAt) > now.getTime());

export const walkInSeatsOf = (seats: Seats): number => seats.total - seats.reservable;

/**
 * Open now, walk-in seats free now, and when that next changes. Expired visits count as gone even
 * before anything removed them: reads never wait for a sweep.
 */
export function availabilityOf(state: StationState, now: Date): Availability {
  const { station } = state;
  const active = station.status === 'active';
  const openNow = active && isOpenAt(station.hours, now);
  const live = liveVisits(state.visits, now);
  const walkIns = live.filter((visit) => visit.kind === 'walk_in');
  const walkInSeats = walkInSeatsOf(station.seats);
  const freeSeats = openNow ? Math.max(0, walkInSeats - walkIns.reduce((sum, visit) => sum + visit.seats, 0)) : 0;
  const change = active ? nextChangeOf(station.hours, now) : undefined;
  const firstEnd = walkIns.map((visit) => visit.endsAt).sort()[0];
  return {
    openNow,
    freeSeats,
    walkInSeats,
    occupied: live.reduce((sum, visit) => sum + visit.seats, 0),
    ...(change ? { nextChange: { at: change.at.toISOString(), openNow: change.openNow } } : {}),
    ...(openNow && freeSeats === 0 && firstEnd ? { seatFreesBy: firstEnd } : {}),
  };
}

/** A station as everyone signed in sees it: without the internals (see `stationViewSchema`). */
export function viewOf(state: StationState, now: Date, distance?: number): StationView {
  // Pictures need signed URLs (views.ts): the view is made without them.
  const { ancestors: _ancestors, createdBy: _createdBy, version: _version, managers: _managers, photos: _photos, ...shown } = state.station;
  return {
    ...shown,
    // As stored; a route asked for another system converts it (shared/geo/coordinates.ts `locatedIn`).
    location: fromWgs84(state.station.location, 'wgs84'),
    availability: availabilityOf(state, now),
    unavailableAmenities: unavailableAmenities(state.station.amenities, state.amenityProviders),
    ...(distance !== undefined ? { distanceMetres: Math.round(distance) } : {}),
  };
}

/** The view for a caller: those who maintain the station also see who runs it. */
export const viewFor = (identity: Identity, state: StationState, now: Date): StationView => ({
  ...viewOf(state, now),
  ...(canManageStation(identity, state.station) ? { managers: [...state.station.managers] } : {}),
});

// ————— check-in —————

/** Where someone stands with respect to a station (who may report a fault there, for one). */
export interface Presence {
  /** Checked in there now. */
  checkedIn: boolean;
  /** Holds a reservation there for a slot today (local time) that has not ended. */
  reservedToday: boolean;
}

/**
 * A visit starting now. Walk-ins need the station open and a walk-in seat free; a reservation
 * holder checks in during their slot and stays until it ends. A visit ends by itself after the
 * station's maximum stay, at closing time, or at the end of the reserved slot, whichever is first.
 */
export function planVisit(
  state: StationState,
  who: { userId: string; visitId: string; reservation?: { id: string; seats: number; end: string } },
  now: Date,
): Visit {
  const { station } = state;
  const span = station.status === 'active' ? spanAt(station.hours, now) : undefined;
  if (!span) throw new ProblemError('station_closed');
  const ends = [now.getTime() + station.rules.maxStayMinutes * MINUTE_MS, span.to];
  if (who.reservation) {
    ends.push(Date.parse(who.reservation.end));
  } else if (availabilityOf(state, now).freeSeats < 1) {
    throw new ProblemError('station_full');
  }
  return {
    visitId: who.visitId,
    userId: who.userId,
    stationId: station.id,
    kind: who.reservation ? 'reserved' : 'walk_in',
    seats: who.reservation?.seats ?? 1,
    ...(who.reservation ? { reservationId: who.reservation.id } : {}),
    since: now.toISOString(),
    endsAt: new Date(Math.min(...ends)).toISOString(),
  };
}
