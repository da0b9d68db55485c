import { batchGetItems } from '../../table/batch';
import { itemAt } from '../../table/creation';
import { type ItemKey, stationKeys as keys } from '../../table/design';
import { queryAll } from '../../table/query';
import type { Reservation } from '../model';
import { type SeatClaim, claimsOf, recordOf, slotOf } from './codec';
import type { SeatSlot } from './rules';

/**
 * The items reservations are kept in — slots, ledgers, records — as they are now: every read here is
 * strongly consistent, since decisions and repairs are made on it. (What the items hold: codec.ts;
 * how they are written: store.ts and the stores beside it.)
 */

/** One item as it is now (strongly consistent). */
const getItem = itemAt;

const getItems = (itemKeys: readonly ItemKey[]) => batchGetItems(itemKeys, { consistent: true });

/** How {@link getSlots} names a slot: its station and start. */
export const slotKeyOf = (slot: { stationId: string; start: string }) => `${slot.stationId}|${slot.start}`;

/** A slot as its item holds it now; undefined when nobody ever reserved it. */
export async function getSlot(stationId: string, start: string): Promise<SeatSlot | undefined> {
  const item = await getItem(keys.stationSlot(stationId, start));
  return item ? slotOf(item) : undefined;
}

/** Several slots at once (one BatchGet per hundred), by {@link slotKeyOf}. */
export async function getSlots(pairs: readonly { stationId: string; start: string }[]): Promise<Map<string, SeatSlot>> {
  const items = await getItems(pairs.map((pair) => keys.stationSlot(pair.stationId, pair.start)));
  return new Map(items.map((item) => [slotKeyOf({ stationId: String(item.stationId), start: String(item.start) }), slotOf(item)]));
}

/**
 * The slots of a station that anyone reserved between two instants (a local day: at most 48 slots),
 * strongly consistent like every read a seat count is shown from.
 */
export async function getSlotsBetween(stationId: string, from: Date, to: Date): Promise<SeatSlot[]> {
  const items = await queryAll({
    partition: keys.station(stationId).pk,
    sortBetween: [`${keys.stationSlotPrefix}${from.toISOString()}`, `${keys.stationSlotPrefix}${to.toISOString()}`],
    consistent: true,
  });
  return items.map(slotOf);
}

/** The claims in a person's ledger. */
export async function getClaims(userId: string): Promise<SeatClaim[]> {
  return claimsOf(await getItem(keys.reservationLedger(userId)));
}

/** One of a person's records, as stored (with its creation fingerprint), if it exists. */
export const getRecordItem = (userId: string, reservationId: string) => getItem(keys.reservation(userId, reservationId));

/** Several of a person's records at once, by reservation id; missing ones are absent. */
export async function getRecords(userId: string, reservationIds: readonly string[]): Promise<Map<string, Reservation>> {
  const items = await getItems(reservationIds.map((reservationId) => keys.reservation(userId, reservationId)));
  return new Map(items.map((item) => [String(item.id), recordOf(item)]));
}

/** What an earlier attempt of a reservation left in the person's own items: its record, its claim. */
export async function earlierAttempt(userId: string, reservationId: string): Promise<{ record?: Record<string, unknown>; claim?: SeatClaim }> {
  const recordKey = keys.reservation(userId, reservationId);
  const ledgerKey = keys.reservationLedger(userId);
  const items = await getItems([recordKey, ledgerKey]);
  const record = items.find((item) => item.sk === recordKey.sk);
  const claim = claimsOf(items.find((item) => item.sk === ledgerKey.sk)).find((candidate) => candidate.reservationId === reservationId);
  return { ...(record ? { record } : {}), ...(claim ? { claim } : {}) };
}
