import { notFound } from '../http/errors';
import { newId } from '../ids';
import { localDateOf } from '../time/local';
import { type Presence, liveVisits, planVisit, walkInSeatsOf } from './domain';
import type { Visit } from './model';
import { endVisit, getVisitItem, releaseEndedVisits, startVisit } from './occupancy';
import { getStationState, requireStationState } from './repository';
import { markCheckedIn } from './reservations/no-shows';
import { activeClaimsAt, reservationNow } from './reservations/reads';

/**
 * Check-in and check-out, end to end: what the HTTP operations and the tests call. The station item
 * holds who is in it; the person's visit item holds where they are; reservations are consulted for
 * the slot running now.
 */

/**
 * Checks a person in: with their reservation for the slot running now, or as a walk-in. Visits past
 * their end are ended first, so they free their seats. Checking in again where one already is
 * returns the visit under way (`created: false`).
 */
export async function checkIn(stationId: string, userId: string, now: Date): Promise<{ visit: Visit; created: boolean }> {
  let state = await requireStationState(stationId);
  if (await releaseEndedVisits(state, now)) state = await requireStationState(stationId);
  const already = liveVisits(state.visits, now).find((visit) => visit.userId === userId);
  if (already) return { visit: already, created: false };
  const reservation = await reservationNow(userId, stationId, now);
  const visit = planVisit(state, { userId, visitId: newId(), ...(reservation ? { reservation } : {}) }, now);
  await startVisit(visit, { total: state.station.seats.total, walkIn: walkInSeatsOf(state.station.seats) }, now);
  if (reservation) await markCheckedIn(stationId, reservation.start, userId, reservation.id, now);
  return { visit, created: true };
}

/** Checks a person out of a station; 404 when they are not in it. */
export async function checkOut(stationId: string, userId: string, now: Date): Promise<Visit> {
  const item = await getVisitItem(userId);
  let visit: Visit | undefined = item?.stationId === stationId ? item : undefined;
  // The station is the truth: a visit it holds without the person's item still ends here.
  visit ??= (await requireStationState(stationId)).visits.find((candidate) => candidate.userId === userId);
  if (!visit) throw notFound('no visit at this station');
  const released = await endVisit(visit, Date.parse(visit.endsAt) <= now.getTime() ? 'expired' : 'checked_out');
  if (!released) throw notFound('no visit at this station');
  return visit;
}

/** Where a person is checked in now; a visit that ended by itself or was orphaned is tidied away. */
export async function currentVisit(userId: string, now: Date): Promise<Visit | undefined> {
  const item = await getVisitItem(userId);
  if (!item) return undefined;
  const state = await getStationState(item.stationId);
  const held = state?.visits.some((visit) => visit.visitId === item.visitId);
  if (held && Date.parse(item.endsAt) > now.getTime()) return item;
  await endVisit(item, 'expired');
  return undefined;
}

/** Whether a person is checked in at a station now or, if not, holds a reservation there for a slot today. */
export async function presenceAt(userId: string, stationId: string, now: Date): Promise<Presence> {
  const visit = await getVisitItem(userId);
  const checkedIn = visit?.stationId === stationId && Date.parse(visit.endsAt) > now.getTime();
  const today = localDateOf(now);
  const reservedToday = !checkedIn && (await activeClaimsAt(userId, stationId, now)).some((claim) => localDateOf(new Date(claim.start)) === today);
  return { checkedIn, reservedToday };
}
