import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { documents } from '../../../shared/aws/clients';
import { config } from '../../../shared/config';
import { listMyReservations } from '../../../shared/stations/reservations/reads';
import { reserveOnce } from '../../../shared/stations/reservations/reserve';
import { getSlot } from '../../../shared/stations/reservations/items';
import { ledgerStore } from '../../../shared/stations/reservations/ledger-store';
import { recordStore } from '../../../shared/stations/reservations/record-store';
import { slotStore } from '../../../shared/stations/reservations/slot-store';
import { keys } from '../../../shared/table/design';
import { useEngine } from '../../support/engine';
import { aStation, beijing, mockBus } from './fixtures';

/**
 * A reservation under an Idempotency-Key has an id derived from the key, and a retry of its request
 * (`fingerprint` the same) after a crash at any point between its three writes — the ledger's claim,
 * the slot, the record — ends in one claim, one seat (or place in the queue) and one record.
 */

useEngine();
const bus = mockBus();
const now = beijing('2026-07-01T09:00:00');
const later = new Date(now.getTime() + 5_000);
const at = (hour: number) => beijing(`2026-07-01T${String(hour).padStart(2, '0')}:00:00`);
const item = async (key: { pk: string; sk: string }) =>
  (await documents().send(new GetCommand({ TableName: config().tableName, Key: key, ConsistentRead: true }))).Item;
const claimsIn = (ledger: Record<string, unknown> | undefined) => Object.keys(ledger ?? {}).filter((name) => name.startsWith('c_'));
const confirmedEvents = (reservationId: string) => bus.of('reservation.confirmed').filter((event) => event.data.reservationId === reservationId);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a keyed reservation retried after a crash', () => {
  it('answers the retry with the seat the first attempt took before dying without its record, and writes the record', async () => {
    // Prepare
    const station = await aStation('idem-record', { total: 6, reservable: 4 });
    const request = { station, userId: 'u-record', reservationId: 'k-record', start: at(12), seats: 2, waitlist: false, fingerprint: 'fp-1' };
    vi.spyOn(recordStore, 'putRecord').mockRejectedValueOnce(new Error('process died'));
    await expect(reserveOnce({ ...request, now })).rejects.toThrow('process died');
    // Act
    const retry = await reserveOnce({ ...request, now: later });
    // Assess
    expect(retry).toMatchObject({ replayed: true, reservation: { id: 'k-record', status: 'confirmed', seats: 2 } });
    expect((await getSlot(station.id, at(12).toISOString()))!.booked).toBe(2);
    const ledger = await item(keys.reservationLedger('u-record'));
    expect(ledger!.active).toBe(1);
    expect(claimsIn(ledger)).toEqual(['c_k-record']);
    expect((await listMyReservations('u-record', { limit: 20 }, later)).items).toHaveLength(1);
    expect(confirmedEvents('k-record')).toHaveLength(1);
  });

  it('takes the seat once when the first attempt died after its claim and before the slot', async () => {
    // Prepare: the claim is written; the process dies before the seat and before giving the claim back.
    const station = await aStation('idem-claim', { total: 6, reservable: 4 });
    const request = { station, userId: 'u-claim', reservationId: 'k-claim', start: at(12), seats: 1, waitlist: false, fingerprint: 'fp-2' };
    vi.spyOn(slotStore, 'holdSeat').mockRejectedValueOnce(new Error('process died'));
    vi.spyOn(ledgerStore, 'releaseClaim').mockRejectedValueOnce(new Error('process died'));
    await expect(reserveOnce({ ...request, now })).rejects.toThrow('process died');
    // Act
    const retry = await reserveOnce({ ...request, now: later });
    // Assess
    expect(retry).toMatchObject({ replayed: false, reservation: { id: 'k-claim', status: 'confirmed', seats: 1 } });
    expect((await getSlot(station.id, at(12).toISOString()))!.booked).toBe(1);
    const ledger = await item(keys.reservationLedger('u-claim'));
    expect(ledger!.active).toBe(1);
    expect(claimsIn(ledger)).toEqual(['c_k-claim']);
    expect(await item(keys.reservation('u-claim', 'k-claim'))).toMatchObject({ status: 'confirmed' });
  });

  it('keeps one place in the queue when the first attempt joined the waitlist and died without its record', async () => {
    // Prepare: a full slot.
    const station = await aStation('idem-queue', { total: 2, reservable: 1 });
    await reserveOnce({ station, userId: 'u-first', reservationId: 'k-first', start: at(12), seats: 1, waitlist: false, now });
    const request = { station, userId: 'u-queue', reservationId: 'k-queue', start: at(12), seats: 1, waitlist: true, fingerprint: 'fp-3' };
    vi.spyOn(recordStore, 'putRecord').mockRejectedValueOnce(new Error('process died'));
    await expect(reserveOnce({ ...request, now })).rejects.toThrow('process died');
    // Act
    const retry = await reserveOnce({ ...request, now: later });
    // Assess
    expect(retry).toMatchObject({ replayed: true, reservation: { id: 'k-queue', status: 'waitlisted', waitlistPosition: 1 } });
    expect((await getSlot(station.id, at(12).toISOString()))!.waitlist).toHaveLength(1);
    expect((await item(keys.reservationLedger('u-queue')))!.active).toBe(1);
  });

  it('answers a complete first attempt with its reservation, taking nothing more', async () => {
    // Prepare
    const station = await aStation('idem-done', { total: 6, reservable: 4 });
    const request = { station, userId: 'u-done', reservationId: 'k-done', start: at(12), seats: 1, waitlist: false, fingerprint: 'fp-4' };
    const first = await reserveOnce({ ...request, now });
    // Act
    const retry = await reserveOnce({ ...request, now: later });
    // Assess
    expect(retry).toEqual({ replayed: true, reservation: first.reservation });
    expect((await getSlot(station.id, at(12).toISOString()))!.booked).toBe(1);
    expect((await item(keys.reservationLedger('u-done')))!.active).toBe(1);
  });

  it('refuses with 422 a retry whose request is another one, whether the first left a record or only a claim', async () => {
    // Prepare
    const station = await aStation('idem-other', { total: 6, reservable: 4 });
    await reserveOnce({ station, userId: 'u-other', reservationId: 'k-whole', start: at(12), seats: 1, waitlist: false, now, fingerprint: 'fp-5' });
    vi.spyOn(slotStore, 'holdSeat').mockRejectedValueOnce(new Error('process died'));
    vi.spyOn(ledgerStore, 'releaseClaim').mockRejectedValueOnce(new Error('process died'));
    const half = { station, userId: 'u-other', reservationId: 'k-half', start: at(14), seats: 1, waitlist: false, fingerprint: 'fp-6' };
    await expect(reserveOnce({ ...half, now })).rejects.toThrow('process died');
    // Act
    const afterRecord = await reserveOnce({ station, userId: 'u-other', reservationId: 'k-whole', start: at(13), seats: 1, waitlist: false, now: later, fingerprint: 'fp-other' }).catch((error) => error);
    const afterClaim = await reserveOnce({ ...half, start: at(15), now: later, fingerprint: 'fp-other' }).catch((error) => error);
    // Assess
    expect(afterRecord).toMatchObject({ status: 422, code: 'idempotency_key_reused' });
    expect(afterClaim).toMatchObject({ status: 422, code: 'idempotency_key_reused' });
    expect(await getSlot(station.id, at(13).toISOString())).toBeUndefined();
    expect(await getSlot(station.id, at(15).toISOString())).toBeUndefined();
  });
});
