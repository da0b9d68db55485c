import { notFound } from '../../http/errors';
import type { Page } from '../../http/pagination';
import { stationKeys as keys } from '../../table/design';
import { type PageRequest, queryPage, withExistingItems } from '../../table/query';
import type { Reservation, SlotView, Station } from '../model';
import { type SeatClaim, recordFrom, recordOf } from './codec';
import { releaseMovedReservation } from './departures';
import { settleNoShows } from './no-shows';
import { CLAIM_GRACE_MS, type SeatSlot, isBookable, isOngoing, slotStartsOn, slotTruthOf } from './rules';
import { getClaims, getRecordItem, getRecords, getSlot, getSlots, getSlotsBetween, slotKeyOf } from './items';
import { ledgerStore } from './ledger-store';
import { recordStore } from './record-store';

/**
 * Reading reservations, and repairing on the way what a crash left behind (see store.ts): every
 * read asks the slot, which holds the truth, and brings the person's ledger and records in line.
 */

/** A reservation as its holder sees it: with its place in the queue while it waits. */
export type ReservationView = Reservation & { waitlistPosition?: number };

/**
 * A record as its slot says it is now (no-shows settled first), its stored status corrected when
 * the slot says otherwise. A slot that does not know it leaves it as it is.
 */
async function asSlotSays(userId: string, record: Reservation, stored: SeatSlot | undefined, now: Date): Promise<ReservationView> {
  const slot = stored && (await settleNoShows(stored, now));
  const truth = slot ? slotTruthOf(slot, record.id, now) : undefined;
  if (truth && truth.status !== record.status) await recordStore.setRecordStatus(userId, record.id, truth.status, now);
  return {
    ...record,
    ...(truth ? { status: truth.status } : {}),
    ...(truth?.waitlistPosition ? { waitlistPosition: truth.waitlistPosition } : {}),
  };
}

/**
 * Brings a person's ledger and records in line with the slots: claims the slot never got (older than
 * a write could take) or that have ended are given back; records missing or stale after a crash are
 * rewritten; no-shows whose time has come are released on the way. Returns the active claims.
 */
export async function reconcileLedger(userId: string, now: Date): Promise<SeatClaim[]> {
  const claims = await getClaims(userId);
  if (claims.length === 0) return [];
  const slots = await getSlots(claims);
  const records = await getRecords(userId, claims.map((claim) => claim.reservationId));
  const movedAway = await finishMoves(userId, claims, slots, now);
  const active: SeatClaim[] = [];
  for (const claim of claims) {
    if (movedAway.has(claim.reservationId)) continue;
    const stored = slots.get(slotKeyOf(claim));
    const slot = stored && (await settleNoShows(stored, now));
    const truth = slot ? slotTruthOf(slot, claim.reservationId, now) : undefined;
    if (!truth) {
      if (now.getTime() - Date.parse(claim.at) > CLAIM_GRACE_MS) await ledgerStore.releaseClaim(userId, claim.reservationId);
      else active.push(claim);
      continue;
    }
    const record = records.get(claim.reservationId);
    if (!record) await recordStore.putRecord(recordFrom(claim, userId, truth.status, now), claim.fingerprint);
    else if (record.status !== truth.status) await recordStore.setRecordStatus(userId, claim.reservationId, truth.status, now);
    if (isOngoing(truth.status) && Date.parse(claim.end) > now.getTime()) active.push(claim);
    else await ledgerStore.releaseClaim(userId, claim.reservationId);
  }
  return active;
}

/**
 * Moves that died between the new seat and giving up the old place: a claim made by a move whose
 * slot knows it (so its seat was held) beside the claim it replaces, still there. The old place is
 * given up now, as the `reservation.moved` consumer would. Returns the replaced reservations, whose
 * claims are settled.
 */
async function finishMoves(userId: string, claims: readonly SeatClaim[], slots: ReadonlyMap<string, SeatSlot>, now: Date): Promise<Set<string>> {
  const settled = new Set<string>();
  for (const claim of claims) {
    const from = claim.movedFrom;
    if (!from || !claims.some((other) => other.reservationId === from.reservationId)) continue;
    const slot = slots.get(slotKeyOf(claim));
    if (!slot || !slotTruthOf(slot, claim.reservationId, now)) continue;
    await releaseMovedReservation(userId, from, claim.reservationId, now);
    settled.add(from.reservationId);
  }
  return settled;
}

/** A person's reservations, latest slot first, each as its slot says it is now. */
export async function listMyReservations(userId: string, page: PageRequest, now: Date): Promise<Page<ReservationView>> {
  await reconcileLedger(userId, now);
  const result = await withExistingItems(await queryPage({ ...page, index: 'byUser', partition: keys.reservationsOf(userId), newestFirst: true }));
  const records = result.items.map(recordOf);
  // Records that still say "holding" or "waiting" are checked against their slots (a few at most).
  const open = records.filter((record) => record.status === 'confirmed' || record.status === 'waitlisted');
  const slots = open.length ? await getSlots(open) : new Map<string, SeatSlot>();
  const items: ReservationView[] = [];
  for (const record of records) items.push(await asSlotSays(userId, record, slots.get(slotKeyOf(record)), now));
  return { ...result, items };
}

/**
 * One of the caller's reservations. The key is built from the caller's own id, so another person's
 * reservation id finds nothing: a 404, as for an id that does not exist.
 */
export async function getMyReservation(userId: string, reservationId: string, now: Date): Promise<ReservationView> {
  let item = await getRecordItem(userId, reservationId);
  if (!item) {
    // Perhaps a crash left only the claim: the reconcile writes the record if the slot has it.
    await reconcileLedger(userId, now);
    item = await getRecordItem(userId, reservationId);
  }
  if (!item) throw notFound(`reservation ${reservationId}`);
  const record = recordOf(item);
  return asSlotSays(userId, record, await getSlot(record.stationId, record.start), now);
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
export async function activeClaimsAt(userId: string, stationId: string, now: Date): Promise<SeatClaim[]> {
  return (await reconcileLedger(userId, now)).filter((claim) => claim.stationId === stationId);
}

/** A station's slots on one local day, each with seats booked and free (no-shows released on the way). */
export async function slotsOfDay(station: Station, dayStart: Date, dayEnd: Date, now: Date): Promise<SlotView[]> {
  const stored = new Map<string, SeatSlot>();
  for (const slot of await getSlotsBetween(station.id, dayStart, dayEnd)) stored.set(slot.start, await settleNoShows(slot, now));
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
 * A person's reservations that have not ended and still hold or wait for seats, by start, as their
 * slots say: for a calendar feed, which anyone holding its URL may fetch. It only reads (the ledger,
 * then its records and slots, one BatchGet each; a ledger holds a few claims, `MAX_ACTIVE_RESERVATIONS`):
 * the repairs of {@link reconcileLedger} are left to the person's own reads, so a feed writes nothing
 * of the stations' and its function needs no write on their items. A claim whose record or slot is missing (a write still in flight, or a crash the next
 * read repairs) is left out.
 */
export async function upcomingReservationsOf(userId: string, now: Date): Promise<ReservationView[]> {
  const claims = (await getClaims(userId)).filter((claim) => Date.parse(claim.end) > now.getTime());
  if (claims.length === 0) return [];
  const [slots, records] = await Promise.all([getSlots(claims), getRecords(userId, claims.map((claim) => claim.reservationId))]);
  const upcoming: ReservationView[] = [];
  for (const claim of claims) {
    const record = records.get(claim.reservationId);
    const slot = slots.get(slotKeyOf(claim));
    const truth = slot ? slotTruthOf(slot, claim.reservationId, now) : undefined;
    if (!record || !truth || !isOngoing(truth.status)) continue;
    upcoming.push({ ...record, status: truth.status, ...(truth.waitlistPosition ? { waitlistPosition: truth.waitlistPosition } : {}) });
  }
  return upcoming.sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
}
