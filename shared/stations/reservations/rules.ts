import { ProblemError, fieldProblem } from '../../http/errors';
import { MINUTE_MS, localTimeOf } from '../../time/local';
import { spanAt } from '../hours';
import type { CancelReason, Cancellation, Reservation, ReservationStatus, Station } from '../model';

/**
 * The rules of seat reservations: which slots can be reserved, what a slot's holders and waitlist
 * mean, who is a no-show and who is promoted next. Plain functions over plain data; the clock is
 * always a parameter.
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
/**
 * A claim the slot does not know is left alone this long: its write may still be in flight. A move's
 * mark on the claim it replaces (ledger-store.ts) counts for as long, for the same reason.
 */
export const CLAIM_GRACE_MS = 60_000;
/** A team reserves at most this many seats at once. */
export const MAX_TEAM_SEATS = 20;

/** Why a reservation left its slot: cancelled by its holder, released as a no-show, or moved to another slot. */
export type DepartureStatus = 'cancelled' | 'no_show' | 'moved';

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

/**
 * A reservable time slot of a station, as its one item holds it: the invariant "booked ≤ reservable,
 * one entry per person" lives here. (Not a shift's slot: those are volunteers' places on a shift.)
 */
export interface SeatSlot {
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
  released: Readonly<Record<string, DepartureStatus>>;
  /** Whose each of those is: a person's id → their reservation that last left the slot. */
  lastReleasedOf: Readonly<Record<string, string>>;
}

export const emptySlot = (stationId: string, start: string, end: string): SeatSlot => ({
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

/** When a seat taken for a slot starting at `start` (or given by a promotion then) is released unless its holder checks in. */
export const noShowAtOf = (start: string, promotedAt?: Date): string =>
  new Date(Math.max(Date.parse(start), promotedAt?.getTime() ?? 0) + NO_SHOW_GRACE_MINUTES * MINUTE_MS).toISOString();

/** Holders whose seat is released now: not checked in by their no-show time. */
export const noShowsOf = (slot: SeatSlot, now: Date): Holder[] =>
  slot.holders.filter((holder) => !holder.checkedInAt && Date.parse(holder.noShowAt) <= now.getTime());

/** The next no-show time still to come on a slot, if any: where the slot waits in the no-show worklist. */
export const nextNoShowAt = (slot: SeatSlot, now: Date): string | undefined =>
  slot.holders
    .filter((holder) => !holder.checkedInAt && Date.parse(holder.noShowAt) > now.getTime())
    .map((holder) => holder.noShowAt)
    .sort()[0];

/** The earliest no-show time of a slot once a holder with `candidate` joins it. */
export const earliestNoShow = (slot: SeatSlot, candidate: string): string =>
  [candidate, ...slot.holders.filter((holder) => !holder.checkedInAt).map((holder) => holder.noShowAt)].sort()[0]!;

/**
 * The next waiter who fits in the seats that are free, in queue order (a team that does not fit
 * lets a smaller party behind it go first). None once the slot has ended.
 */
export function nextToPromote(slot: SeatSlot, reservable: number, now: Date): Waiter | undefined {
  if (Date.parse(slot.end) <= now.getTime()) return undefined;
  const free = reservable - slot.booked;
  return slot.waitlist.find((waiter) => waiter.seats <= free);
}

/** A reservation's status as its slot says, with its place in the queue while it waits. */
export interface SlotTruth {
  status: ReservationStatus;
  waitlistPosition?: number;
}

/**
 * A reservation's status as the slot (the item that holds the truth) says, or undefined when the
 * slot does not know it (a write still in flight, or one that never happened).
 */
export function slotTruthOf(slot: SeatSlot, reservationId: string, now: Date): SlotTruth | undefined {
  const holder = slot.holders.find((candidate) => candidate.reservationId === reservationId);
  if (holder) return { status: holder.checkedInAt ? 'checked_in' : 'confirmed' };
  const position = slot.waitlist.findIndex((waiter) => waiter.reservationId === reservationId);
  if (position >= 0) {
    return Date.parse(slot.end) <= now.getTime() ? { status: 'lapsed' } : { status: 'waitlisted', waitlistPosition: position + 1 };
  }
  const released = slot.released[reservationId];
  return released ? { status: released } : undefined;
}

/** Whether a reservation in this status still holds or waits for a seat. */
export const isOngoing = (status: ReservationStatus): boolean =>
  status === 'confirmed' || status === 'waitlisted' || status === 'checked_in';

/** A holder cancels a confirmed or waitlisted reservation until its slot starts. */
export function assertCancellable(reservation: Pick<Reservation, 'status' | 'start'>, now: Date): void {
  assertStillOpen(reservation, now, 'cancelled');
}

/**
 * A holder moves a confirmed or waitlisted reservation until its slot starts, as they may cancel it,
 * and only to another slot (the same station's or another's): moving it where it is would give up the
 * seat for itself. The new slot's own rules (notice, horizon, hours, seats) are {@link planSlot}'s.
 */
export function assertMovable(reservation: Pick<Reservation, 'status' | 'start' | 'stationId'>, to: { stationId: string; start: Date }, now: Date): void {
  assertStillOpen(reservation, now, 'moved');
  if (reservation.stationId === to.stationId && Date.parse(reservation.start) === to.start.getTime()) {
    throw fieldProblem('body.start', 'the reservation is already for this slot: choose another', 'same_slot');
  }
}

/** Confirmed or waitlisted, and its slot not started: what a holder may still cancel or move. */
function assertStillOpen(reservation: Pick<Reservation, 'status' | 'start'>, now: Date, done: 'cancelled' | 'moved'): void {
  if (reservation.status !== 'confirmed' && reservation.status !== 'waitlisted') {
    throw new ProblemError('booking_window', `a ${reservation.status} reservation cannot be ${done}`);
  }
  if (Date.parse(reservation.start) <= now.getTime()) {
    throw new ProblemError('booking_window', `a reservation can be ${done} until its slot starts`);
  }
}

/**
 * A holder is reminded this long before their slot starts: enough to finish what they are doing and
 * walk or ride to a station in their grid, and still cancel in time for the seat to go to the
 * waitlist (cancelling closes at the start; the default minimum notice for booking is 30 minutes too,
 * so anyone who could still take the seat has time to come).
 */
export const REMINDER_LEAD_MINUTES = 30;

/**
 * When a reservation's reminder is due, or undefined when it gets none: one made inside the last
 * {@link REMINDER_LEAD_MINUTES} before its slot was just made, and a reminder minutes later would
 * only be noise.
 */
export function reminderDueAt(start: string, bookedAt: string): string | undefined {
  const dueAt = Date.parse(start) - REMINDER_LEAD_MINUTES * MINUTE_MS;
  return Date.parse(bookedAt) < dueAt ? new Date(dueAt).toISOString() : undefined;
}

/**
 * Whether a reservation whose reminder is due is reminded now: only while it holds a seat and its slot
 * has not started. A waiter has no seat to come to (a promotion tells them when they get one); a
 * cancelled or released reservation, or a run so late that the slot began, is passed over for good.
 */
export const isRemindable = (truth: SlotTruth | undefined, start: string, now: Date): boolean =>
  truth?.status === 'confirmed' && now.getTime() < Date.parse(start);

/** What a holder said when cancelling: nothing, a reason, or a note (which alone counts as `other`). */
export function cancellationOf(reason: CancelReason | undefined, note: string | undefined): Cancellation | undefined {
  if (!reason && !note) return undefined;
  return { reason: reason ?? 'other', ...(note ? { note } : {}) };
}
