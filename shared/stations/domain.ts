import type { Identity } from '../auth/identity';
import { reaches } from '../auth/scope';
import { type LatLng, distanceMetres } from '../geo/geo';
import { ProblemError, fieldProblem, forbidden } from '../http/errors';
import type { OrgUnit } from '../organisation/model';
import { MINUTE_MS, localTimeOf } from './clock';
import { isOpenAt, nextChangeOf, spanAt } from './hours';
import {
  type Amenity,
  type Availability,
  type Hours,
  type Reservation,
  type ReservationStatus,
  type Seats,
  type Station,
  type StationRules,
  type StationView,
  type Visit,
  defaultStationRules,
} from './model';

/**
 * The rules of the stations: who maintains them, when they are open, how many seats are free, who
 * may check in, which slots can be reserved and what a slot's holders and waitlist mean. Plain
 * functions over plain data; the clock is always a parameter.
 */

/** A seat is released if its holder has not checked in this long after the slot starts. */
export const NO_SHOW_GRACE_MINUTES = 15;
/** A person holds at most this many active reservations (confirmed or waitlisted). */
export const MAX_ACTIVE_RESERVATIONS = 3;
/** A slot's waitlist holds at most this many people. */
export const WAITLIST_CAP = 50;
/**
 * Reserving and cancelling count against one budget per person: at most this many an hour. A
 * reservation beyond it is refused (429, with Retry-After); a cancellation never is (refusing it
 * would keep the seat from the waitlist), but it spends the budget, so a reserve/cancel loop stops.
 */
export const RESERVATION_CHURN_LIMIT = { action: 'reservations', max: 20, windowSeconds: 3600 } as const;
/** A team reserves at most this many seats at once. */
export const MAX_TEAM_SEATS = 20;
/** Search radius bounds, metres. */
export const MAX_RADIUS_METRES = 5000;

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
  const { ancestors: _ancestors, createdBy: _createdBy, version: _version, managers: _managers, ...shown } = state.station;
  return {
    ...shown,
    availability: availabilityOf(state, now),
    ...(distance !== undefined ? { distanceMetres: Math.round(distance) } : {}),
  };
}

/** The view for a caller: those who maintain the station also see who runs it. */
export const viewFor = (identity: Identity, state: StationState, now: Date): StationView => ({
  ...viewOf(state, now),
  ...(canManageStation(identity, state.station) ? { managers: [...state.station.managers] } : {}),
});

// ————— nearby search —————

export interface SearchFilters {
  centre: LatLng;
  radiusMetres: number;
  openNow?: boolean;
  amenity?: Amenity;
  minFreeSeats?: number;
  limit: number;
}

/**
 * From the stations in the cells around a point: those within the radius that pass the filters,
 * nearest first, each with its live availability.
 */
export function rankNearby(candidates: readonly StationState[], filters: SearchFilters, now: Date): StationView[] {
  const seen = new Set<string>();
  const found: StationView[] = [];
  for (const state of candidates) {
    if (seen.has(state.station.id) || state.station.status === 'closed') continue;
    seen.add(state.station.id);
    const distance = distanceMetres(filters.centre, state.station.location);
    if (distance > filters.radiusMetres) continue;
    if (filters.amenity && !state.station.amenities.includes(filters.amenity)) continue;
    const view = viewOf(state, now, distance);
    if (filters.openNow && !view.availability.openNow) continue;
    if (filters.minFreeSeats !== undefined && view.availability.freeSeats < filters.minFreeSeats) continue;
    found.push(view);
  }
  return found.sort((a, b) => a.distanceMetres! - b.distanceMetres! || a.id.localeCompare(b.id)).slice(0, filters.limit);
}

// ————— check-in —————

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

// ————— reservations —————

/** A seat holder in a slot. */
export interface Holder {
  userId: string;
  reservationId: string;
  seats: number;
  at: string;
  /** When the seat is released if nobody checked in: 15 minutes after the start (or the promotion). */
  noShowAt: string;
  checkedInAt?: string;
}

/** Someone waiting for a seat in a slot. */
export interface Waiter {
  userId: string;
  reservationId: string;
  seats: number;
  queuedAt: string;
}

/** A slot as its one item holds it: the invariant "booked ≤ reservable, one entry per person" lives here. */
export interface Slot {
  stationId: string;
  start: string;
  end: string;
  booked: number;
  holders: readonly Holder[];
  /** In queue order. */
  waitlist: readonly Waiter[];
  /**
   * Reservations that left the slot, and why: each person's latest only (older ones are settled on
   * the person's own record before a newer one replaces them), so no one's churn grows the slot.
   */
  released: Readonly<Record<string, 'cancelled' | 'no_show'>>;
  /** Whose each of those is: a person's id → their reservation that last left the slot. */
  lastReleasedOf: Readonly<Record<string, string>>;
}

export const emptySlot = (stationId: string, start: string, end: string): Slot => ({
  stationId,
  start,
  end,
  booked: 0,
  holders: [],
  waitlist: [],
  released: {},
  lastReleasedOf: {},
});

/**
 * Checks a requested slot start: on a slot boundary of the local day, inside opening hours, at least
 * the minimum notice ahead and within the booking horizon. Returns the slot's end.
 */
export function planSlot(station: Station, start: Date, seats: number, now: Date): { start: string; end: string } {
  if (station.status !== 'active') throw new ProblemError('station_closed');
  if (seats > station.seats.reservable) {
    throw fieldProblem('body.seats', `this station has ${station.seats.reservable} reservable seats`);
  }
  const { slotMinutes, minNoticeMinutes, horizonDays } = station.rules;
  const local = localTimeOf(start);
  if (start.getTime() % MINUTE_MS !== 0 || local.minute % slotMinutes !== 0) {
    throw fieldProblem('body.start', `slots start every ${slotMinutes} minutes from local midnight`);
  }
  const end = new Date(start.getTime() + slotMinutes * MINUTE_MS);
  const span = spanAt(station.hours, start);
  if (!span || end.getTime() > span.to) throw fieldProblem('body.start', 'the station is not open for the whole slot');
  if (start.getTime() - now.getTime() < minNoticeMinutes * MINUTE_MS) {
    throw new ProblemError('booking_window', `reserve at least ${minNoticeMinutes} minutes ahead`);
  }
  if (start.getTime() - now.getTime() > horizonDays * 24 * 60 * MINUTE_MS) {
    throw new ProblemError('booking_window', `reserve at most ${horizonDays} days ahead`);
  }
  return { start: start.toISOString(), end: end.toISOString() };
}

/** The slots of a local day that lie fully inside opening hours. */
export function slotStartsOn(station: Station, dayStart: Date, dayEnd: Date): { start: string; end: string }[] {
  const slotMs = station.rules.slotMinutes * MINUTE_MS;
  const starts: { start: string; end: string }[] = [];
  for (let at = dayStart.getTime(); at + slotMs <= dayEnd.getTime(); at += slotMs) {
    const span = spanAt(station.hours, new Date(at));
    if (span && at + slotMs <= span.to) starts.push({ start: new Date(at).toISOString(), end: new Date(at + slotMs).toISOString() });
  }
  return starts;
}

/** Whether a reservation could still be made for a slot now. */
export function isBookable(station: Station, start: string, now: Date): boolean {
  const lead = Date.parse(start) - now.getTime();
  return (
    station.status === 'active' &&
    lead >= station.rules.minNoticeMinutes * MINUTE_MS &&
    lead <= station.rules.horizonDays * 24 * 60 * MINUTE_MS
  );
}

export const noShowAtOf = (start: string, promotedAt?: Date): string =>
  new Date(Math.max(Date.parse(start), promotedAt?.getTime() ?? 0) + NO_SHOW_GRACE_MINUTES * MINUTE_MS).toISOString();

/** Holders whose seat is released now: not checked in by their no-show time. */
export const noShowsOf = (slot: Slot, now: Date): Holder[] =>
  slot.holders.filter((holder) => !holder.checkedInAt && Date.parse(holder.noShowAt) <= now.getTime());

/**
 * The next waiter who fits in the seats that are free, in queue order (a team that does not fit
 * lets a smaller party behind it go first). None once the slot has ended.
 */
export function nextToPromote(slot: Slot, reservable: number, now: Date): Waiter | undefined {
  if (Date.parse(slot.end) <= now.getTime()) return undefined;
  const free = reservable - slot.booked;
  return slot.waitlist.find((waiter) => waiter.seats <= free);
}

/**
 * A reservation's status as the slot (the item that holds the truth) says, or undefined when the
 * slot does not know it (a write still in flight, or one that never happened).
 */
export function slotTruthOf(slot: Slot, reservationId: string, now: Date): { status: ReservationStatus; waitlistPosition?: number } | undefined {
  const holder = slot.holders.find((candidate) => candidate.reservationId === reservationId);
  if (holder) return { status: holder.checkedInAt ? 'checked_in' : 'confirmed' };
  const position = slot.waitlist.findIndex((waiter) => waiter.reservationId === reservationId);
  if (position >= 0) {
    return Date.parse(slot.end) <= now.getTime() ? { status: 'lapsed' } : { status: 'waitlisted', waitlistPosition: position + 1 };
  }
  const released = slot.released[reservationId];
  return released ? { status: released } : undefined;
}

/** Whether a reservation still counts against its holder's cap. */
export const isActiveReservation = (reservation: Pick<Reservation, 'status' | 'end'>, now: Date): boolean =>
  (reservation.status === 'confirmed' || reservation.status === 'waitlisted' || reservation.status === 'checked_in') &&
  Date.parse(reservation.end) > now.getTime();

/** A holder cancels a confirmed or waitlisted reservation until its slot starts. */
export function assertCancellable(reservation: Pick<Reservation, 'status' | 'start'>, now: Date): void {
  if (reservation.status !== 'confirmed' && reservation.status !== 'waitlisted') {
    throw new ProblemError('booking_window', `a ${reservation.status} reservation cannot be cancelled`);
  }
  if (Date.parse(reservation.start) <= now.getTime()) {
    throw new ProblemError('booking_window', 'a reservation can be cancelled until its slot starts');
  }
}

