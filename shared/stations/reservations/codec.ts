import type { Cancellation, Reservation, ReservationStatus } from '../model';
import { type DepartureStatus, type Holder, type SeatSlot, type Waiter, emptySlot } from './rules';

/**
 * How reservations are kept in items, both ways. A slot item (`STATION#<id>`/`SLOT#<start>`) holds
 * one attribute per person in it: `h_<userId>` a seat holder, `w_<userId>` a waiter, `l_<userId>`
 * their reservation that last left it, and `i_<reservationId>` when a holder checked in. A person's
 * ledger (`USER#<id>`/`RESERVATIONS`) holds a `c_<reservationId>` claim per active reservation.
 */

export const HOLDER = 'h_';
export const WAITER = 'w_';
/** Marks of departures from before `l_` (one per reservation); still read, never written. */
const LEGACY_RELEASED = 'r_';
/** A person's reservation that last left the slot, and why: one per person. */
export const LEFT = 'l_';
export const CHECKED_IN = 'i_';
export const CLAIM = 'c_';

/** A claim in a person's ledger: enough to find the slot and rebuild the record. */
export interface SeatClaim {
  reservationId: string;
  stationId: string;
  stationName: string;
  start: string;
  end: string;
  seats: number;
  at: string;
  /** Under an Idempotency-Key: the reserving request's fingerprint, which its record carries too. */
  fingerprint?: string;
  /** Made by moving another reservation: the one it replaces, and where that holds its place (move.ts). */
  movedFrom?: MovedFrom;
}

/** The reservation a move replaces, and its slot: enough to release it without its record. */
export interface MovedFrom {
  reservationId: string;
  stationId: string;
  start: string;
}

/** The value of a person's `l_` mark on a slot. */
export interface Departure {
  reservationId: string;
  status: DepartureStatus;
  /** When `moved`: the reservation that took its place. */
  movedTo?: string;
}

/** A slot from its item. */
export function slotOf(item: Record<string, unknown>): SeatSlot {
  const slot = emptySlot(String(item.stationId), String(item.start), String(item.end));
  const holders: Holder[] = [];
  const waitlist: Waiter[] = [];
  const released: Record<string, DepartureStatus> = {};
  const lastReleasedOf: Record<string, string> = {};
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith(HOLDER)) {
      const holder = { ...(value as Omit<Holder, 'userId'>), userId: name.slice(HOLDER.length) };
      const checkedInAt = item[CHECKED_IN + holder.reservationId];
      holders.push(typeof checkedInAt === 'string' ? { ...holder, checkedInAt } : holder);
    } else if (name.startsWith(WAITER)) {
      waitlist.push({ ...(value as Omit<Waiter, 'userId'>), userId: name.slice(WAITER.length) });
    } else if (name.startsWith(LEFT)) {
      const left = value as Departure;
      released[left.reservationId] = left.status;
      lastReleasedOf[name.slice(LEFT.length)] = left.reservationId;
    } else if (name.startsWith(LEGACY_RELEASED)) {
      released[name.slice(LEGACY_RELEASED.length)] = value as DepartureStatus;
    }
  }
  waitlist.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt) || a.reservationId.localeCompare(b.reservationId));
  return { ...slot, booked: Number(item.booked ?? 0), holders, waitlist, released, lastReleasedOf };
}

/** The claims of a ledger item (none when there is no ledger). */
export function claimsOf(item: Record<string, unknown> | undefined): SeatClaim[] {
  if (!item) return [];
  return Object.entries(item)
    .filter(([name]) => name.startsWith(CLAIM))
    .map(([name, value]) => ({ ...(value as Omit<SeatClaim, 'reservationId'>), reservationId: name.slice(CLAIM.length) }));
}

const RECORD_FIELDS = ['id', 'userId', 'stationId', 'stationName', 'start', 'end', 'seats', 'status', 'createdAt', 'updatedAt'] as const;

/** A reservation from its record item (with its cancellation and its move's ends only when it has them). */
export const recordOf = (item: Record<string, unknown>): Reservation => ({
  ...(Object.fromEntries(RECORD_FIELDS.map((field) => [field, item[field]])) as Reservation),
  ...(item.cancellation ? { cancellation: item.cancellation as Cancellation } : {}),
  ...(typeof item.movedTo === 'string' ? { movedTo: item.movedTo } : {}),
  ...(typeof item.movedFrom === 'string' ? { movedFrom: item.movedFrom } : {}),
});

/** The record a claim stands for, in the status its slot says. */
export const recordFrom = (claim: SeatClaim, userId: string, status: ReservationStatus, now: Date): Reservation => ({
  id: claim.reservationId,
  userId,
  stationId: claim.stationId,
  stationName: claim.stationName,
  start: claim.start,
  end: claim.end,
  seats: claim.seats,
  status,
  ...(claim.movedFrom ? { movedFrom: claim.movedFrom.reservationId } : {}),
  createdAt: claim.at,
  updatedAt: now.toISOString(),
});
