import { describe, expect, it } from 'vitest';
import type { Identity } from '../../../shared/auth/identity';
import { availabilityOf, canManageStation, planStationPatch, planVisit } from '../../../shared/stations/domain';
import {
  type SeatSlot,
  assertCancellable,
  emptySlot,
  nextToPromote,
  noShowsOf,
  planSlot,
  slotTruthOf,
} from '../../../shared/stations/reservations/rules';
import { rankNearby } from '../../../shared/stations/search';
import type { Station, Visit } from '../../../shared/stations/model';
import { dailyHours, demoStation } from '../../../infra/local/seeds/stations';
import { problemThrownBy } from '../../support/problems';

const beijing = (local: string) => new Date(`${local}+08:00`);
const noon = beijing('2026-07-01T12:10:00');
const station: Station = { ...demoStation, seats: { total: 6, reservable: 4 } };
const who = (userId: string, role: Identity['role'], extra: Partial<Identity> = {}): Identity => ({ userId, role, units: [], ...extra });
const walkIn = (userId: string, endsAt: string): Visit => ({
  visitId: `v-${userId}`,
  userId,
  stationId: station.id,
  kind: 'walk_in',
  seats: 1,
  since: '2026-07-01T03:00:00.000Z',
  endsAt,
});

const problemOf = problemThrownBy;

describe('who maintains a station', () => {
  it('lets its managers and admins over its grid maintain it, and nobody else', () => {
    expect(canManageStation(who('demo-station-manager', 'station_manager'), station)).toBe(true);
    expect(canManageStation(who('m2', 'station_manager'), station)).toBe(false);
    // Its managers list is the one truth: the role alone, or being listed while holding another role, grants nothing.
    expect(canManageStation(who('demo-station-manager', 'volunteer'), station)).toBe(false);
    expect(canManageStation(who('a', 'admin', { units: ['nanyuan'] }), station)).toBe(true);
    expect(canManageStation(who('a2', 'admin', { units: ['other-community'] }), station)).toBe(false);
    expect(canManageStation(who('w', 'outdoor_worker'), station)).toBe(false);
  });

  it('lets only admins change who manages a station, and keeps reservable seats within the total', () => {
    // Prepare
    const manager = who('demo-station-manager', 'station_manager');
    // Act
    const managersByManager = problemOf(() => planStationPatch(manager, station, { managers: ['x'] }, noon));
    const tooMany = problemOf(() => planStationPatch(manager, station, { seats: { total: 3, reservable: 4 } }, noon));
    const renamed = planStationPatch(manager, station, { name: '新名字' }, noon);
    // Assess
    expect(managersByManager?.status).toBe(403);
    expect(tooMany?.status).toBe(400);
    expect(renamed).toMatchObject({ name: '新名字', version: station.version + 1, seats: station.seats });
  });
});

describe('live availability', () => {
  it('counts walk-in seats free now, ignoring visits that ended by themselves, and says when a seat frees', () => {
    // Prepare
    const visits = [walkIn('a', '2026-07-01T05:00:00.000Z'), walkIn('b', '2026-07-01T04:30:00.000Z'), walkIn('gone', '2026-07-01T04:00:00.000Z')];
    // Act
    const availability = availabilityOf({ station, visits }, noon);
    // Assess
    expect(availability).toEqual({
      openNow: true,
      freeSeats: 0,
      walkInSeats: 2,
      occupied: 2,
      nextChange: { at: beijing('2026-07-01T20:00:00').toISOString(), openNow: false },
      seatFreesBy: '2026-07-01T04:30:00.000Z',
    });
  });

  it('has no free seat while closed, or suspended', () => {
    expect(availabilityOf({ station, visits: [] }, beijing('2026-07-01T21:00:00')).freeSeats).toBe(0);
    const suspended = availabilityOf({ station: { ...station, status: 'suspended' }, visits: [] }, noon);
    expect(suspended).toMatchObject({ openNow: false, freeSeats: 0 });
    expect(suspended.nextChange).toBeUndefined();
  });
});

describe('nearby search ranking', () => {
  it('keeps stations within the radius that pass the filters, nearest first', () => {
    // Prepare
    const near = { station: { ...station, id: 'near', location: { lat: 32.003, lng: 118.743 } }, visits: [] };
    const nearer = { station: { ...station, id: 'nearer', location: { lat: 32.0031, lng: 118.7421 } }, visits: [] };
    const noAirCon = { station: { ...station, id: 'hot', location: { lat: 32.0031, lng: 118.742 }, amenities: [] }, visits: [] };
    const far = { station: { ...station, id: 'far', location: { lat: 32.1, lng: 118.742 } }, visits: [] };
    const full = { station: { ...station, id: 'full', location: { lat: 32.003, lng: 118.7422 } }, visits: [walkIn('a', '2026-07-01T06:00:00.000Z'), walkIn('b', '2026-07-01T06:00:00.000Z')] };
    // Act
    const found = rankNearby([far, near, full, noAirCon, nearer, near], { centre: { lat: 32.003, lng: 118.742 }, radiusMetres: 2000, amenity: 'air_conditioning', minFreeSeats: 1, openNow: true, limit: 10 }, noon);
    // Assess
    expect(found.map((view) => view.id)).toEqual(['nearer', 'near']);
    expect(found[0]!.distanceMetres).toBeLessThan(found[1]!.distanceMetres!);
  });
});

describe('check-in', () => {
  it('starts a walk-in visit that ends after the maximum stay, or at closing time if sooner', () => {
    // Act
    const midday = planVisit({ station, visits: [] }, { userId: 'w', visitId: 'v1' }, noon);
    const evening = planVisit({ station, visits: [] }, { userId: 'w', visitId: 'v2' }, beijing('2026-07-01T19:00:00'));
    // Assess
    expect(midday).toMatchObject({ kind: 'walk_in', seats: 1, endsAt: beijing('2026-07-01T14:10:00').toISOString() });
    expect(evening.endsAt).toBe(beijing('2026-07-01T20:00:00').toISOString());
  });

  it('refuses walk-ins when closed or when the walk-in seats are taken, but not a reservation holder', () => {
    // Prepare
    const fullState = { station, visits: [walkIn('a', '2026-07-01T06:00:00.000Z'), walkIn('b', '2026-07-01T06:00:00.000Z')] };
    const reservation = { id: 'r1', seats: 3, end: beijing('2026-07-01T13:00:00').toISOString() };
    // Act
    const closed = problemOf(() => planVisit({ station, visits: [] }, { userId: 'w', visitId: 'v' }, beijing('2026-07-01T06:00:00')));
    const full = problemOf(() => planVisit(fullState, { userId: 'w', visitId: 'v' }, noon));
    const team = planVisit(fullState, { userId: 'w', visitId: 'v', reservation }, noon);
    // Assess
    expect(closed).toEqual({ status: 409, code: 'station_closed' });
    expect(full).toEqual({ status: 409, code: 'station_full' });
    expect(team).toMatchObject({ kind: 'reserved', seats: 3, reservationId: 'r1', endsAt: reservation.end });
  });
});

describe('reservable slots', () => {
  const now = beijing('2026-07-01T10:00:00');

  it('accepts a slot on the hour, inside opening hours, with enough notice', () => {
    expect(planSlot(station, beijing('2026-07-01T12:00:00'), 2, now)).toEqual({
      start: beijing('2026-07-01T12:00:00').toISOString(),
      end: beijing('2026-07-01T13:00:00').toISOString(),
    });
  });

  it('refuses a misaligned start, one outside the hours, too soon, too far ahead, or too many seats', () => {
    expect(problemOf(() => planSlot(station, beijing('2026-07-01T12:30:00'), 1, now))?.status).toBe(400);
    expect(problemOf(() => planSlot(station, beijing('2026-07-01T20:00:00'), 1, now))?.status).toBe(400);
    expect(problemOf(() => planSlot(station, beijing('2026-07-01T10:00:00'), 1, beijing('2026-07-01T09:45:00')))).toEqual({ status: 409, code: 'booking_window' });
    expect(problemOf(() => planSlot(station, beijing('2026-07-10T12:00:00'), 1, now))).toEqual({ status: 409, code: 'booking_window' });
    expect(problemOf(() => planSlot(station, beijing('2026-07-01T12:00:00'), 5, now))?.status).toBe(400);
  });

  it('runs slots across midnight at a station open around the clock', () => {
    // Prepare
    const allDay = { ...station, hours: dailyHours('00:00', '24:00') };
    // Act
    const slot = planSlot(allDay, beijing('2026-07-01T23:00:00'), 1, now);
    // Assess
    expect(slot.end).toBe(beijing('2026-07-02T00:00:00').toISOString());
  });
});

describe('a slot’s holders and waitlist', () => {
  const start = beijing('2026-07-01T12:00:00').toISOString();
  const end = beijing('2026-07-01T13:00:00').toISOString();
  const slot: SeatSlot = {
    ...emptySlot('s', start, end),
    booked: 3,
    holders: [
      { userId: 'a', reservationId: 'ra', seats: 1, at: start, noShowAt: beijing('2026-07-01T12:15:00').toISOString() },
      { userId: 'b', reservationId: 'rb', seats: 2, at: start, noShowAt: beijing('2026-07-01T12:15:00').toISOString(), checkedInAt: start },
    ],
    waitlist: [
      { userId: 't', reservationId: 'rt', seats: 3, queuedAt: '1' },
      { userId: 'c', reservationId: 'rc', seats: 1, queuedAt: '2' },
    ],
    released: { rx: 'cancelled' },
  };

  it('tells each reservation its status and place in the queue from the slot alone', () => {
    const at = beijing('2026-07-01T11:00:00');
    expect(slotTruthOf(slot, 'ra', at)).toEqual({ status: 'confirmed' });
    expect(slotTruthOf(slot, 'rb', at)).toEqual({ status: 'checked_in' });
    expect(slotTruthOf(slot, 'rc', at)).toEqual({ status: 'waitlisted', waitlistPosition: 2 });
    expect(slotTruthOf(slot, 'rx', at)).toEqual({ status: 'cancelled' });
    expect(slotTruthOf(slot, 'rc', beijing('2026-07-01T13:00:00'))).toEqual({ status: 'lapsed' });
    expect(slotTruthOf(slot, 'unknown', at)).toBeUndefined();
  });

  it('releases holders who have not checked in 15 minutes after the start', () => {
    expect(noShowsOf(slot, beijing('2026-07-01T12:14:00'))).toEqual([]);
    expect(noShowsOf(slot, beijing('2026-07-01T12:15:00')).map((h) => h.userId)).toEqual(['a']);
  });

  it('promotes the first waiter who fits: a team that does not fit lets a single person go first', () => {
    expect(nextToPromote(slot, 4, beijing('2026-07-01T11:00:00'))?.userId).toBe('c');
    expect(nextToPromote(slot, 6, beijing('2026-07-01T11:00:00'))?.userId).toBe('t');
    expect(nextToPromote(slot, 6, beijing('2026-07-01T13:00:00'))).toBeUndefined();
  });

  it('lets a holder cancel until the slot starts, and not after', () => {
    expect(problemOf(() => assertCancellable({ status: 'confirmed', start }, beijing('2026-07-01T11:59:00')))).toBeUndefined();
    expect(problemOf(() => assertCancellable({ status: 'confirmed', start }, beijing('2026-07-01T12:00:00')))).toEqual({ status: 409, code: 'booking_window' });
    expect(problemOf(() => assertCancellable({ status: 'cancelled', start }, beijing('2026-07-01T11:00:00')))?.status).toBe(409);
  });
});
