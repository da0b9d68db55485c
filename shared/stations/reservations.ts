import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  reservationCancelled,
  reservationConfirmed,
  reservationPromoted,
  reservationReleased,
  reservationWaitlisted,
} from '../../events/stations';
import { documents } from '../aws/clients';
import { config } from '../config';
import { makeEvent, updateWithEvents } from '../events/outbox';
import { ProblemError, notFound } from '../http/errors';
import type { Page } from '../http/pagination';
import { spendAction, takeAction } from '../rate-limit';
import { CREATION_FINGERPRINT, creationStamp } from '../table/creation';
import { keys } from '../table/design';
import { type PageRequest, queryPage, withExistingItems } from '../table/query';
import { batchGetItems } from '../table/batch';
import { buildUpdate } from '../table/update';
import {
  type Holder,
  MAX_ACTIVE_RESERVATIONS,
  RESERVATION_CHURN_LIMIT,
  type Slot,
  WAITLIST_CAP,
  type Waiter,
  assertCancellable,
  emptySlot,
  isBookable,
  nextToPromote,
  noShowAtOf,
  noShowsOf,
  planSlot,
  slotStartsOn,
  slotTruthOf,
} from './domain';
import type { Reservation, ReservationStatus, SlotView, Station } from './model';
import { getVisitItem } from './repository';
import { isConditionFailure } from '../table/conditions';

/**
 * Seat reservations that never overbook and never double book, without transactions.
 *
 * Three items, written in this order, each a conditional write:
 * 1. the person's **ledger** (`USER#<id>`/`RESERVATIONS`): a counter of active reservations bounded
 *    by the cap, and one `c_<reservationId>` claim each — the per-person invariant;
 * 2. the **slot** (`STATION#<id>`/`SLOT#<start>`): `booked` bounded by the reservable seats, one
 *    `h_<userId>` holder or `w_<userId>` waiter per person — the capacity and "one per person"
 *    invariant, in one item, with the event in its outbox;
 * 3. the **record** (`USER#<id>`/`RESERVATION#<id>`), listed in byUser: what "my reservations" shows.
 *
 * A crash between 1 and 2 leaves a claim the slot does not know: released on the next read once it
 * is older than a write could take. A crash between 2 and 3 leaves a seat without its record: the
 * next read of the ledger writes it. Every later change goes slot first, record second, claim last,
 * and the reads repair the same way. The slot is the truth.
 *
 * Nothing on the slot grows with what one person does. A reservation that leaves the slot (cancelled,
 * or released as a no-show) leaves one `l_<userId>` mark, `{ reservationId, status }`, which is what
 * lets the reads repair a record a crash left behind; the person's next departure from the slot
 * replaces it, after settling the one it replaces on the person's own items (its record's status, its
 * claim given back). So the slot holds at most one mark per person who ever left it, and a
 * reservation's history lives on its own record. Reserving and cancelling also spend a per-person
 * budget ({@link RESERVATION_CHURN_LIMIT}).
 */

const HOLDER = 'h_';
const WAITER = 'w_';
/** Marks of departures from before `l_` (one per reservation); still read, never written. */
const LEGACY_RELEASED = 'r_';
/** A person's reservation that last left the slot, and why: one per person. */
const LEFT = 'l_';
const CHECKED_IN = 'i_';
const CLAIM = 'c_';
/** A claim the slot does not know is left alone this long: its write may still be in flight. */
export const CLAIM_GRACE_MS = 60_000;

const table = () => config().tableName;
const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** A claim in a person's ledger: enough to find the slot and rebuild the record. */
export interface Claim {
  reservationId: string;
  stationId: string;
  stationName: string;
  start: string;
  end: string;
  seats: number;
  at: string;
  /** Under an Idempotency-Key: the reserving request's fingerprint, which its record carries too. */
  fingerprint?: string;
}

/** The value of a person's `l_` mark on a slot. */
interface Departure {
  reservationId: string;
  status: 'cancelled' | 'no_show';
}

// ————— reading items —————

export function slotOf(item: Record<string, unknown>): Slot {
  const slot = emptySlot(String(item.stationId), String(item.start), String(item.end));
  const holders: Holder[] = [];
  const waitlist: Waiter[] = [];
  const released: Record<string, 'cancelled' | 'no_show'> = {};
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
      released[name.slice(LEGACY_RELEASED.length)] = value as 'cancelled' | 'no_show';
    }
  }
  waitlist.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt) || a.reservationId.localeCompare(b.reservationId));
  return { ...slot, booked: Number(item.booked ?? 0), holders, waitlist, released, lastReleasedOf };
}

function claimsOf(item: Record<string, unknown> | undefined): Claim[] {
  if (!item) return [];
  return Object.entries(item)
    .filter(([name]) => name.startsWith(CLAIM))
    .map(([name, value]) => ({ ...(value as Omit<Claim, 'reservationId'>), reservationId: name.slice(CLAIM.length) }));
}

const RECORD_FIELDS = ['id', 'userId', 'stationId', 'stationName', 'start', 'end', 'seats', 'status', 'createdAt', 'updatedAt'] as const;
const recordOf = (item: Record<string, unknown>): Reservation =>
  Object.fromEntries(RECORD_FIELDS.map((field) => [field, item[field]])) as Reservation;

async function getItem(key: { pk: string; sk: string }): Promise<Record<string, unknown> | undefined> {
  return (await documents().send(new GetCommand({ TableName: table(), Key: key, ConsistentRead: true }))).Item;
}

const batchGet = (keyList: readonly { pk: string; sk: string }[]) => batchGetItems(keyList, { consistent: true });

export async function getSlot(stationId: string, start: string): Promise<Slot | undefined> {
  const item = await getItem(keys.stationSlot(stationId, start));
  return item ? slotOf(item) : undefined;
}

async function getSlots(pairs: readonly { stationId: string; start: string }[]): Promise<Map<string, Slot>> {
  const items = await batchGet(pairs.map((pair) => keys.stationSlot(pair.stationId, pair.start)));
  return new Map(items.map((item) => [`${item.stationId}|${item.start}`, slotOf(item)]));
}

const slotKeyOf = (stationId: string, start: string) => `${stationId}|${start}`;

// ————— the writes, one function each (tests put a fault between them through this object) —————

export const reservationStore = {
  /** 1. Counts a reservation against the person's cap; 409 when the cap is reached. */
  async claim(userId: string, claim: Claim): Promise<void> {
    const { reservationId, ...value } = claim;
    try {
      await documents().send(
        new UpdateCommand(
          buildUpdate(table(), {
            key: keys.reservationLedger(userId),
            add: { active: 1 },
            set: { entity: 'reservation-ledger', [CLAIM + reservationId]: value },
            condition: '(attribute_not_exists(active) OR active < :cap) AND attribute_not_exists(#claim)',
            names: { '#claim': CLAIM + reservationId },
            values: { ':cap': MAX_ACTIVE_RESERVATIONS },
          }),
        ),
      );
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new ProblemError('reservation_limit_reached', `at most ${MAX_ACTIVE_RESERVATIONS} active reservations`);
      }
      throw error;
    }
  },

  /** Gives a claim back (the reservation ended, was refused, cancelled or released). */
  async releaseClaim(userId: string, reservationId: string): Promise<void> {
    try {
      await documents().send(
        new UpdateCommand(
          buildUpdate(table(), {
            key: keys.reservationLedger(userId),
            add: { active: -1 },
            remove: [CLAIM + reservationId],
            condition: 'attribute_exists(#claim)',
            names: { '#claim': CLAIM + reservationId },
          }),
        ),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  },

  /**
   * 2a. Takes seats: `booked + seats ≤ reservable`, and the person holds or waits for none yet. The
   * first booking of a slot makes its item (an absent `booked` counts as nothing booked).
   */
  async holdSeat(claim: Claim, userId: string, reservable: number, now: Date): Promise<boolean> {
    const holder: Omit<Holder, 'userId'> = {
      reservationId: claim.reservationId,
      seats: claim.seats,
      at: now.toISOString(),
      noShowAt: noShowAtOf(claim.start),
    };
    try {
      await updateWithEvents(
        {
          key: keys.stationSlot(claim.stationId, claim.start),
          add: { booked: claim.seats },
          set: { [HOLDER + userId]: holder, ...slotAttributes(claim) },
          condition: '(attribute_not_exists(booked) OR booked <= :maxBefore) AND attribute_not_exists(#holder) AND attribute_not_exists(#waiter)',
          names: { '#holder': HOLDER + userId, '#waiter': WAITER + userId },
          values: { ':maxBefore': reservable - claim.seats },
        },
        [makeEvent(reservationConfirmed, eventData(claim, userId))],
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  },

  /**
   * 2b. Joins the waitlist, only while the slot is still full and the waitlist is not. Returns the
   * place in the queue (1 = next), or 0 when refused.
   */
  async joinWaitlist(claim: Claim, userId: string, reservable: number, now: Date): Promise<number> {
    const waiter: Omit<Waiter, 'userId'> = { reservationId: claim.reservationId, seats: claim.seats, queuedAt: now.toISOString() };
    try {
      const item = await updateWithEvents(
        {
          key: keys.stationSlot(claim.stationId, claim.start),
          add: { waitlisted: 1 },
          set: { [WAITER + userId]: waiter },
          condition:
            'booked > :maxBefore AND (attribute_not_exists(waitlisted) OR waitlisted < :cap) AND attribute_not_exists(#holder) AND attribute_not_exists(#waiter)',
          names: { '#holder': HOLDER + userId, '#waiter': WAITER + userId },
          values: { ':maxBefore': reservable - claim.seats, ':cap': WAITLIST_CAP },
          returnValues: 'ALL_NEW',
        },
        [makeEvent(reservationWaitlisted, eventData(claim, userId))],
      );
      return slotOf(item!).waitlist.findIndex((w) => w.reservationId === claim.reservationId) + 1;
    } catch (error) {
      if (isConditionFailure(error)) return 0;
      throw error;
    }
  },

  /** 3. The record "my reservations" lists (with the claim's fingerprint, if it has one). */
  async putRecord(reservation: Reservation, fingerprint?: string): Promise<void> {
    await documents().send(
      new PutCommand({
        TableName: table(),
        Item: {
          ...keys.reservation(reservation.userId, reservation.id),
          entity: 'reservation',
          ...reservation,
          ...creationStamp(fingerprint),
          userKey: keys.reservationsOf(reservation.userId),
          userSort: `${reservation.start}#${reservation.id}`,
          expiresAt: epochSeconds(reservation.end) + 400 * 24 * 3600,
        },
      }),
    );
  },

  /**
   * A record's new status, unless it says so already (absent records are left to the read path,
   * which rebuilds them). Idempotent: settling a departure twice changes nothing.
   */
  async setRecordStatus(userId: string, reservationId: string, status: ReservationStatus, now: Date): Promise<void> {
    try {
      await documents().send(
        new UpdateCommand(
          buildUpdate(table(), {
            key: keys.reservation(userId, reservationId),
            set: { status, updatedAt: now.toISOString() },
            condition: 'attribute_exists(pk) AND #status <> :status',
            names: { '#status': 'status' },
            values: { ':status': status },
          }),
        ),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  },
};

/**
 * What every booking (re)writes on its slot: rewriting them is harmless, since bookings end before
 * the slot starts (the minimum notice) and the no-show worklist only matters from then on.
 */
const slotAttributes = (claim: Claim) => ({
  entity: 'slot',
  stationId: claim.stationId,
  start: claim.start,
  end: claim.end,
  dueKey: keys.slotNoShows,
  dueSort: `${noShowAtOf(claim.start)}#${claim.stationId}`,
  expiresAt: epochSeconds(claim.end) + 30 * 24 * 3600,
});

const eventData = (claim: Claim, userId: string) => ({
  reservationId: claim.reservationId,
  userId,
  stationId: claim.stationId,
  start: claim.start,
  end: claim.end,
  seats: claim.seats,
});

const recordFrom = (claim: Claim, userId: string, status: ReservationStatus, now: Date): Reservation => ({
  id: claim.reservationId,
  userId,
  stationId: claim.stationId,
  stationName: claim.stationName,
  start: claim.start,
  end: claim.end,
  seats: claim.seats,
  status,
  createdAt: claim.at,
  updatedAt: now.toISOString(),
});

// ————— reserving —————

export interface ReserveInput {
  station: Station;
  userId: string;
  reservationId: string;
  start: Date;
  seats: number;
  /** Join the waitlist when the slot is full, instead of a 409. */
  waitlist: boolean;
  now: Date;
  /**
   * Under an Idempotency-Key: the request's fingerprint. The reservation id is then derived from the
   * key, so an earlier attempt of this request may have made some or all of the reservation.
   */
  fingerprint?: string;
}

type ReservationView = Reservation & { waitlistPosition?: number };

/**
 * Reserves seats in a slot, or a place on its waitlist. Exactly `reservable` seats are ever
 * confirmed, however many people try at once: the slot's conditional `ADD` serialises them.
 */
export async function reserve(input: ReserveInput): Promise<ReservationView> {
  return (await reserveOnce(input)).reservation;
}

/**
 * {@link reserve}, safe to run again for the same request. With a `fingerprint` the reservation id
 * is the Idempotency-Key's (shared/http/creation.ts), and an attempt that crashed left some of its
 * three writes behind. Every one of them keys on the reservation id — the ledger's `c_<id>` claim,
 * the slot's one entry per person (naming the id), the `RESERVATION#<id>` record — so the retry
 * finds them instead of making a second claim or a second seat:
 * - the record, or a claim the slot knows: the reservation was made; answered as it is now
 *   (`replayed`, the record rebuilt from the slot if the crash came before it);
 * - a claim the slot never got: given back, and the reservation made afresh;
 * - neither: made as new.
 * A record or claim of another request (another fingerprint) with this id is a 422
 * `idempotency_key_reused`. A retry spends no more of the person's churn budget than the first attempt
 * did, unless the first attempt died before its claim.
 */
export async function reserveOnce(input: ReserveInput): Promise<{ reservation: ReservationView; replayed: boolean }> {
  const { station, userId, now, fingerprint } = input;
  let spent = false;
  if (fingerprint) {
    const earlier = await earlierAttempt(userId, input.reservationId);
    const stamp = earlier.record ? earlier.record[CREATION_FINGERPRINT] : earlier.claim?.fingerprint;
    if ((earlier.record || earlier.claim) && stamp !== fingerprint) throw new ProblemError('idempotency_key_reused');
    if (earlier.record) return { reservation: await getMyReservation(userId, input.reservationId, now), replayed: true };
    if (earlier.claim) {
      const slot = await getSlot(earlier.claim.stationId, earlier.claim.start);
      if (slot && slotTruthOf(slot, input.reservationId, now)) {
        // The record is missing (the crash came before it): the read writes it from the slot.
        return { reservation: await getMyReservation(userId, input.reservationId, now), replayed: true };
      }
      await reservationStore.releaseClaim(userId, input.reservationId);
      spent = true;
    }
  }
  const { start, end } = planSlot(station, input.start, input.seats, now);
  if (!spent) await takeAction(userId, RESERVATION_CHURN_LIMIT, now);
  const claim: Claim = {
    reservationId: input.reservationId,
    stationId: station.id,
    stationName: station.name,
    start,
    end,
    seats: input.seats,
    at: now.toISOString(),
    ...(fingerprint ? { fingerprint } : {}),
  };
  try {
    await reservationStore.claim(userId, claim);
  } catch (error) {
    // At the cap: perhaps some claims have ended or were released; tidy the ledger and try once more.
    if (!(error instanceof ProblemError)) throw error;
    await reconcileLedger(userId, now);
    await reservationStore.claim(userId, claim);
  }
  let placement: Placement;
  try {
    placement = await placeInSlot(claim, userId, station.seats.reservable, input.waitlist, now);
  } catch (error) {
    await reservationStore.releaseClaim(userId, claim.reservationId);
    throw error;
  }
  const record = recordFrom(claim, userId, placement.status, now);
  await reservationStore.putRecord(record, fingerprint);
  return { reservation: placement.status === 'waitlisted' ? { ...record, waitlistPosition: placement.position } : record, replayed: false };
}

/** What an earlier attempt of a reservation left in the person's own items: its record, its claim. */
async function earlierAttempt(userId: string, reservationId: string): Promise<{ record?: Record<string, unknown>; claim?: Claim }> {
  const items = await batchGet([keys.reservation(userId, reservationId), keys.reservationLedger(userId)]);
  const record = items.find((item) => item.sk === keys.reservation(userId, reservationId).sk);
  const claim = claimsOf(items.find((item) => item.sk === keys.reservationLedger(userId).sk)).find((c) => c.reservationId === reservationId);
  return { ...(record ? { record } : {}), ...(claim ? { claim } : {}) };
}

/**
 * Seat first; when that is refused and the person wants to wait, the waitlist (its own condition
 * says the slot is still full). Only when both are refused is the slot read, to say why.
 */
async function placeInSlot(claim: Claim, userId: string, reservable: number, waitlist: boolean, now: Date): Promise<Placement> {
  for (let attempt = 0; attempt < 4; attempt += 1) {
    if (await reservationStore.holdSeat(claim, userId, reservable, now)) return { status: 'confirmed' };
    if (waitlist) {
      const position = await reservationStore.joinWaitlist(claim, userId, reservable, now);
      if (position) return { status: 'waitlisted', position };
    }
    const slot = await getSlot(claim.stationId, claim.start);
    if (!slot) continue;
    if (slot.holders.some((h) => h.userId === userId) || slot.waitlist.some((w) => w.userId === userId)) {
      throw new ProblemError('already_reserved');
    }
    // A seat freed between the attempt and the read: try again.
    if (slot.booked + claim.seats <= reservable) continue;
    if (!waitlist) throw new ProblemError('slot_full');
    if (slot.waitlist.length >= WAITLIST_CAP) throw new ProblemError('slot_full', 'the waitlist is full too');
  }
  throw new ProblemError('slot_full');
}

type Placement = { status: 'confirmed' } | { status: 'waitlisted'; position: number };

// ————— reading (and repairing) —————

/**
 * Brings a person's ledger and records in line with the slots: claims the slot never got (older than
 * a write could take) or that have ended are given back; records missing or stale after a crash are
 * rewritten; no-shows whose time has come are released on the way. Returns the active claims.
 */
export async function reconcileLedger(userId: string, now: Date): Promise<Claim[]> {
  const claims = claimsOf(await getItem(keys.reservationLedger(userId)));
  if (claims.length === 0) return [];
  const slots = await getSlots(claims);
  const records = new Map(
    (await batchGet(claims.map((claim) => keys.reservation(userId, claim.reservationId)))).map((item) => [String(item.id), recordOf(item)]),
  );
  const active: Claim[] = [];
  for (const claim of claims) {
    let slot = slots.get(slotKeyOf(claim.stationId, claim.start));
    if (slot && noShowsOf(slot, now).length > 0) slot = (await releaseNoShows(slot, now)) ?? slot;
    const truth = slot ? slotTruthOf(slot, claim.reservationId, now) : undefined;
    if (!truth) {
      if (now.getTime() - Date.parse(claim.at) > CLAIM_GRACE_MS) await reservationStore.releaseClaim(userId, claim.reservationId);
      else active.push(claim);
      continue;
    }
    const record = records.get(claim.reservationId);
    if (!record) await reservationStore.putRecord(recordFrom(claim, userId, truth.status, now), claim.fingerprint);
    else if (record.status !== truth.status) await reservationStore.setRecordStatus(userId, claim.reservationId, truth.status, now);
    const ongoing = truth.status === 'confirmed' || truth.status === 'waitlisted' || truth.status === 'checked_in';
    if (ongoing && Date.parse(claim.end) > now.getTime()) active.push(claim);
    else await reservationStore.releaseClaim(userId, claim.reservationId);
  }
  return active;
}

/** A person's reservations, latest slot first, each as its slot says it is now. */
export async function listMyReservations(
  userId: string,
  page: PageRequest,
  now: Date,
): Promise<Page<Reservation & { waitlistPosition?: number }>> {
  await reconcileLedger(userId, now);
  const result = await withExistingItems(await queryPage({ ...page, index: 'byUser', partition: keys.reservationsOf(userId), newestFirst: true }));
  const records = result.items.map(recordOf);
  // Records that still say "holding" or "waiting" are checked against their slots (a few at most).
  const open = records.filter((record) => record.status === 'confirmed' || record.status === 'waitlisted');
  const slots = open.length ? await getSlots(open) : new Map<string, Slot>();
  const items = [];
  for (const record of records) {
    let slot = slots.get(slotKeyOf(record.stationId, record.start));
    if (slot && noShowsOf(slot, now).length > 0) slot = (await releaseNoShows(slot, now)) ?? slot;
    const truth = slot ? slotTruthOf(slot, record.id, now) : undefined;
    if (truth && truth.status !== record.status) {
      await reservationStore.setRecordStatus(userId, record.id, truth.status, now);
    }
    items.push({
      ...record,
      ...(truth ? { status: truth.status } : {}),
      ...(truth?.waitlistPosition ? { waitlistPosition: truth.waitlistPosition } : {}),
    });
  }
  return { ...result, items };
}

/**
 * One of the caller's reservations. The key is built from the caller's own id, so another person's
 * reservation id finds nothing: a 404, as for an id that does not exist.
 */
export async function getMyReservation(userId: string, reservationId: string, now: Date): Promise<Reservation & { waitlistPosition?: number }> {
  let item = await getItem(keys.reservation(userId, reservationId));
  if (!item) {
    // Perhaps a crash left only the claim: the reconcile writes the record if the slot has it.
    await reconcileLedger(userId, now);
    item = await getItem(keys.reservation(userId, reservationId));
  }
  if (!item) throw notFound(`reservation ${reservationId}`);
  const record = recordOf(item);
  let slot = await getSlot(record.stationId, record.start);
  if (slot && noShowsOf(slot, now).length > 0) slot = (await releaseNoShows(slot, now)) ?? slot;
  const truth = slot ? slotTruthOf(slot, record.id, now) : undefined;
  if (truth && truth.status !== record.status) await reservationStore.setRecordStatus(userId, record.id, truth.status, now);
  return {
    ...record,
    ...(truth ? { status: truth.status } : {}),
    ...(truth?.waitlistPosition ? { waitlistPosition: truth.waitlistPosition } : {}),
  };
}

/**
 * Cancels a reservation (or leaves the waitlist) before its slot starts: the slot gives the seats
 * back first, with `reservation.cancelled` in its outbox (the waitlist consumer then promotes the
 * next person); then the record; then the claim.
 */
export async function cancelReservation(userId: string, reservationId: string, now: Date): Promise<Reservation> {
  const record = await getMyReservation(userId, reservationId, now);
  assertCancellable(record, now);
  // Never refused (that would keep the seat from the waitlist), but it spends the person's budget.
  await spendAction(userId, RESERVATION_CHURN_LIMIT, now);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const slot = await getSlot(record.stationId, record.start);
    const holder = slot?.holders.find((h) => h.reservationId === reservationId);
    const waiter = slot?.waitlist.find((w) => w.reservationId === reservationId);
    if (!slot || (!holder && !waiter)) break;
    const entry = holder ? HOLDER + userId : WAITER + userId;
    const mark = await replaceDeparture(slot, userId, { reservationId, status: 'cancelled' }, now);
    try {
      await updateWithEvents(
        {
          key: keys.stationSlot(record.stationId, record.start),
          add: holder ? { booked: -holder.seats } : { waitlisted: -1 },
          remove: [entry],
          set: mark.set,
          condition: `#entry.reservationId = :reservationId AND ${mark.condition}`,
          names: { '#entry': entry, ...mark.names },
          values: { ':reservationId': reservationId, ...mark.values },
        },
        [
          makeEvent(reservationCancelled, {
            reservationId,
            userId,
            stationId: record.stationId,
            start: record.start,
            end: record.end,
            seats: record.seats,
            wasWaitlisted: !holder,
          }),
        ],
      );
      break;
    } catch (error) {
      // Promoted from the waitlist meanwhile: read again and cancel the seat instead.
      if (!isConditionFailure(error)) throw error;
    }
  }
  await reservationStore.setRecordStatus(userId, reservationId, 'cancelled', now);
  await reservationStore.releaseClaim(userId, reservationId);
  return { ...record, status: 'cancelled', updatedAt: now.toISOString() };
}

/**
 * Prepares a departure's mark on the slot (`l_<userId>`), replacing the person's last one. The one it
 * replaces is settled on the person's own items first: its record says what the slot said, its claim
 * is given back. Its own flow did both already unless a crash cut it short, and both are idempotent,
 * so nothing the reads need is lost with the mark. Returns the parts of the slot's write, whose
 * condition holds only while the mark is still the one settled.
 */
async function replaceDeparture(slot: Slot, userId: string, departure: Departure, now: Date) {
  const previous = slot.lastReleasedOf[userId];
  const previousStatus = previous ? slot.released[previous] : undefined;
  if (previous && previousStatus) {
    await reservationStore.setRecordStatus(userId, previous, previousStatus, now);
    await reservationStore.releaseClaim(userId, previous);
  }
  return {
    set: { [LEFT + userId]: departure },
    condition: previous ? '#left.reservationId = :previous' : 'attribute_not_exists(#left)',
    names: { '#left': LEFT + userId },
    values: previous ? { ':previous': previous } : {},
  };
}

// ————— no-shows, the waitlist, check-in —————

/**
 * Releases the seats of holders who have not checked in by their no-show time, each with
 * `reservation.released` in the slot's outbox. A holder whose visit item names this reservation
 * did arrive (the mark on the slot was lost): they are marked instead. Returns the slot as it is
 * after, or undefined when nothing changed.
 */
export async function releaseNoShows(slot: Slot, now: Date): Promise<Slot | undefined> {
  const due = noShowsOf(slot, now);
  if (due.length === 0) return undefined;
  for (const holder of due) {
    const visit = await getVisitItem(holder.userId);
    if (visit?.reservationId === holder.reservationId) {
      await markCheckedIn(slot.stationId, slot.start, holder.userId, holder.reservationId, new Date(visit.since));
      continue;
    }
    const mark = await replaceDeparture(slot, holder.userId, { reservationId: holder.reservationId, status: 'no_show' }, now);
    try {
      await updateWithEvents(
        {
          key: keys.stationSlot(slot.stationId, slot.start),
          add: { booked: -holder.seats },
          remove: [HOLDER + holder.userId],
          set: mark.set,
          condition: `#holder.reservationId = :reservationId AND attribute_not_exists(#checkedIn) AND ${mark.condition}`,
          names: { '#holder': HOLDER + holder.userId, '#checkedIn': CHECKED_IN + holder.reservationId, ...mark.names },
          values: { ':reservationId': holder.reservationId, ...mark.values },
        },
        [
          makeEvent(reservationReleased, {
            reservationId: holder.reservationId,
            userId: holder.userId,
            stationId: slot.stationId,
            start: slot.start,
            end: slot.end,
            seats: holder.seats,
            reason: 'no_show',
          }),
        ],
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      continue;
    }
    await reservationStore.setRecordStatus(holder.userId, holder.reservationId, 'no_show', now);
    await reservationStore.releaseClaim(holder.userId, holder.reservationId);
  }
  return getSlot(slot.stationId, slot.start);
}

/** Marks a holder as arrived, so the no-show release passes them by. */
export async function markCheckedIn(stationId: string, start: string, userId: string, reservationId: string, at: Date): Promise<void> {
  try {
    await documents().send(
      new UpdateCommand(
        buildUpdate(table(), {
          key: keys.stationSlot(stationId, start),
          set: { [CHECKED_IN + reservationId]: at.toISOString() },
          condition: '#holder.reservationId = :reservationId',
          names: { '#holder': HOLDER + userId },
          values: { ':reservationId': reservationId },
        }),
      ),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  await reservationStore.setRecordStatus(userId, reservationId, 'checked_in', at);
}

/** The caller's confirmed reservation at a station for the slot running now, if any. */
export async function reservationNow(
  userId: string,
  stationId: string,
  now: Date,
): Promise<{ id: string; seats: number; start: string; end: string } | undefined> {
  const claims = (await reconcileLedger(userId, now)).filter(
    (claim) => claim.stationId === stationId && Date.parse(claim.start) <= now.getTime() && now.getTime() < Date.parse(claim.end),
  );
  for (const claim of claims) {
    const slot = await getSlot(stationId, claim.start);
    const holder = slot?.holders.find((h) => h.reservationId === claim.reservationId);
    if (holder) return { id: claim.reservationId, seats: holder.seats, start: claim.start, end: claim.end };
  }
  return undefined;
}

/** The caller's active reservations (confirmed or waiting) at a station, for "is this person here today". */
export async function activeClaimsAt(userId: string, stationId: string, now: Date): Promise<Claim[]> {
  return (await reconcileLedger(userId, now)).filter((claim) => claim.stationId === stationId);
}

/**
 * Gives freed seats to the waitlist, in queue order (first who fits), each promotion a conditional
 * write on the slot with `reservation.promoted` in its outbox. Safe to run any number of times.
 */
export async function promoteWaitlist(station: Station, start: string, now: Date): Promise<number> {
  let promoted = 0;
  let slot = await getSlot(station.id, start);
  for (let guard = 0; slot && guard < WAITLIST_CAP + 5; guard += 1) {
    const waiter = nextToPromote(slot, station.seats.reservable, now);
    if (!waiter) break;
    const noShowAt = noShowAtOf(slot.start, now);
    const holder: Omit<Holder, 'userId'> = { reservationId: waiter.reservationId, seats: waiter.seats, at: now.toISOString(), noShowAt };
    try {
      await updateWithEvents(
        {
          key: keys.stationSlot(station.id, start),
          add: { booked: waiter.seats, waitlisted: -1 },
          remove: [WAITER + waiter.userId],
          set: { [HOLDER + waiter.userId]: holder, dueKey: keys.slotNoShows, dueSort: `${earliestNoShow(slot, noShowAt)}#${station.id}` },
          condition: 'booked <= :maxBefore AND #waiter.reservationId = :reservationId AND attribute_not_exists(#holder)',
          names: { '#waiter': WAITER + waiter.userId, '#holder': HOLDER + waiter.userId },
          values: { ':maxBefore': station.seats.reservable - waiter.seats, ':reservationId': waiter.reservationId },
        },
        [
          makeEvent(reservationPromoted, {
            reservationId: waiter.reservationId,
            userId: waiter.userId,
            stationId: station.id,
            stationName: station.name,
            start: slot.start,
            end: slot.end,
            seats: waiter.seats,
          }),
        ],
      );
      promoted += 1;
      await reservationStore.setRecordStatus(waiter.userId, waiter.reservationId, 'confirmed', now);
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    slot = await getSlot(station.id, start);
  }
  return promoted;
}

const earliestNoShow = (slot: Slot, candidate: string): string =>
  [candidate, ...slot.holders.filter((h) => !h.checkedInAt).map((h) => h.noShowAt)].sort()[0]!;

/** A station's slots on one local day, each with seats booked and free (no-shows released on the way). */
export async function slotsOfDay(station: Station, dayStart: Date, dayEnd: Date, now: Date): Promise<SlotView[]> {
  const output = await documents().send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': keys.station(station.id).pk,
        ':from': `${keys.stationSlotPrefix}${dayStart.toISOString()}`,
        ':to': `${keys.stationSlotPrefix}${dayEnd.toISOString()}`,
      },
      ConsistentRead: true,
    }),
  );
  const stored = new Map<string, Slot>();
  for (const item of output.Items ?? []) {
    let slot = slotOf(item);
    if (noShowsOf(slot, now).length > 0) slot = (await releaseNoShows(slot, now)) ?? slot;
    stored.set(slot.start, slot);
  }
  return slotStartsOn(station, dayStart, dayEnd).map(({ start, end }) => {
    const slot = stored.get(start);
    const booked = slot?.booked ?? 0;
    return {
      stationId: station.id,
      start,
      end,
      reservable: station.seats.reservable,
      booked,
      free: Math.max(0, station.seats.reservable - booked),
      waitlisted: slot?.waitlist.length ?? 0,
      bookable: isBookable(station, start, now),
    };
  });
}

/**
 * The schedule's part: slots whose no-show time has come (byDue), released even when nobody reads
 * them; then the slot leaves the worklist, or moves to its next no-show time.
 */
export async function sweepNoShows(now: Date, max = 200): Promise<number> {
  const output = await documents().send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'byDue',
      KeyConditionExpression: '#due = :due AND #sort <= :now',
      ExpressionAttributeNames: { '#due': 'dueKey', '#sort': 'dueSort' },
      ExpressionAttributeValues: { ':due': keys.slotNoShows, ':now': `${now.toISOString()}~` },
      Limit: max,
    }),
  );
  let released = 0;
  for (const item of output.Items ?? []) {
    const before = slotOf(item);
    released += noShowsOf(before, now).length;
    const slot = (await releaseNoShows(before, now)) ?? before;
    const pending = slot.holders.filter((h) => !h.checkedInAt && Date.parse(h.noShowAt) > now.getTime()).map((h) => h.noShowAt).sort()[0];
    try {
      await documents().send(
        new UpdateCommand(
          buildUpdate(table(), {
            key: keys.stationSlot(slot.stationId, slot.start),
            ...(pending ? { set: { dueSort: `${pending}#${slot.stationId}` } } : { remove: ['dueKey', 'dueSort'] }),
            condition: '#sort = :seen',
            names: { '#sort': 'dueSort' },
            values: { ':seen': item.dueSort },
          }),
        ),
      );
    } catch (error) {
      // A promotion moved the due time meanwhile: the next sweep looks again.
      if (!isConditionFailure(error)) throw error;
    }
  }
  return released;
}
