import { afterEach, describe, expect, it, vi } from 'vitest';
import { cancelReservation } from '../../../shared/stations/reservations/cancel';
import { sweepNoShows } from '../../../shared/stations/reservations/no-shows';
import { getMyReservation, listMyReservations } from '../../../shared/stations/reservations/reads';
import { reserve } from '../../../shared/stations/reservations/reserve';
import { RESERVATION_CHURN_LIMIT } from '../../../shared/stations/reservations/rules';
import { getSlot } from '../../../shared/stations/reservations/items';
import { recordStore } from '../../../shared/stations/reservations/record-store';
import { actionsSpent, takeAction } from '../../../shared/rate-limit';
import { checkIn, checkOut } from '../../../shared/stations/visits';
import { keys } from '../../../shared/table/design';
import { useEngine } from '../../support/engine';
import { itemBytes, storedItem } from '../../support/item-size';
import { aStation, beijing, mockBus, race, times } from './fixtures';

/**
 * What one person's repeated actions leave on shared items (nothing that grows with their number),
 * and the per-person budget that stops a reserve/cancel loop.
 */

useEngine();
mockBus();
const MINUTE = 60_000;
const slotStart = beijing('2026-07-03T12:00:00');
/** Rounds ten minutes apart: slow enough that the churn budget is not what is measured. */
const roundAt = (round: number) => new Date(beijing('2026-07-01T09:00:00').getTime() + round * 10 * MINUTE);
const id = (prefix: string, index: number) => `${prefix}${String(index).padStart(3, '0')}`;
const ledgerOf = (userId: string) => storedItem(keys.reservationLedger(userId));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('one person reserving and cancelling the same slot over and over', () => {
  it('leaves the slot item no bigger after thirty rounds than after three', async () => {
    // Prepare
    const station = await aStation('churn-slot', { total: 4, reservable: 2 });
    const round = async (index: number) => {
      const now = roundAt(index);
      await reserve({ station, userId: 'looper', reservationId: id('rl', index), start: slotStart, seats: 1, waitlist: false, now });
      await cancelReservation('looper', id('rl', index), now);
    };
    const slotItem = async () => (await storedItem(keys.stationSlot(station.id, slotStart.toISOString())))!;
    // Act
    for (let index = 0; index < 3; index += 1) await round(index);
    const few = await slotItem();
    for (let index = 3; index < 30; index += 1) await round(index);
    const many = await slotItem();
    const ledger = await ledgerOf('looper');
    // Assess
    expect(Object.keys(many).length).toBe(Object.keys(few).length);
    expect(itemBytes(many)).toBe(itemBytes(few));
    expect(many.booked).toBe(0);
    expect(ledger!.active).toBe(0);
    expect(Object.keys(ledger!).filter((name) => name.startsWith('c_'))).toEqual([]);
  });

  it('keeps what each of those reservations became on its own record, and the slot one mark per person', async () => {
    // Prepare
    const station = await aStation('churn-history', { total: 4, reservable: 2 });
    for (let index = 0; index < 4; index += 1) {
      await reserve({ station, userId: 'fickle', reservationId: id('rf', index), start: slotStart, seats: 1, waitlist: false, now: roundAt(index) });
      await cancelReservation('fickle', id('rf', index), roundAt(index));
    }
    await reserve({ station, userId: 'steady', reservationId: 'rsteady', start: slotStart, seats: 1, waitlist: false, now: roundAt(4) });
    await cancelReservation('steady', 'rsteady', roundAt(4));
    // Act
    const mine = await listMyReservations('fickle', { limit: 20 }, roundAt(5));
    const first = await getMyReservation('fickle', id('rf', 0), roundAt(5));
    const slot = await getSlot(station.id, slotStart.toISOString());
    // Assess
    expect(mine.items.map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
    expect(first.status).toBe('cancelled');
    expect(slot!.lastReleasedOf).toEqual({ fickle: id('rf', 3), steady: 'rsteady' });
    expect(slot!.released).toEqual({ [id('rf', 3)]: 'cancelled', rsteady: 'cancelled' });
  });

  it('settles a cancellation a crash left half done before the same person’s next departure replaces its mark', async () => {
    // Prepare: the first cancellation dies after the slot's write, before the record and the claim.
    const station = await aStation('churn-crash', { total: 4, reservable: 2 });
    await reserve({ station, userId: 'unlucky', reservationId: 'rcrash1', start: slotStart, seats: 1, waitlist: false, now: roundAt(0) });
    vi.spyOn(recordStore, 'cancelRecord').mockRejectedValueOnce(new Error('process died'));
    await expect(cancelReservation('unlucky', 'rcrash1', roundAt(0))).rejects.toThrow('process died');
    const halfDone = await storedItem(keys.reservation('unlucky', 'rcrash1'));
    // Act: the same person reserves the slot again and is released as a no-show; nothing read the first.
    await reserve({ station, userId: 'unlucky', reservationId: 'rcrash2', start: slotStart, seats: 1, waitlist: false, now: roundAt(1) });
    await sweepNoShows(new Date(slotStart.getTime() + 16 * MINUTE));
    const slot = await getSlot(station.id, slotStart.toISOString());
    const first = await storedItem(keys.reservation('unlucky', 'rcrash1'));
    const second = await getMyReservation('unlucky', 'rcrash2', new Date(slotStart.getTime() + 16 * MINUTE));
    // Assess
    expect(halfDone!.status).toBe('confirmed');
    expect(slot!.lastReleasedOf).toEqual({ unlucky: 'rcrash2' });
    expect(first!.status).toBe('cancelled');
    expect(second.status).toBe('no_show');
    expect((await ledgerOf('unlucky'))!.active).toBe(0);
    expect(slot!.booked).toBe(0);
  });
});

describe('one person checking in and out of a station over and over', () => {
  it('leaves the station item as it was after the first round, holding only the visits under way', async () => {
    // Prepare
    const station = await aStation('churn-visits', { total: 3, reservable: 1 });
    const round = async (index: number) => {
      await checkIn(station.id, 'restless', roundAt(index));
      await checkOut(station.id, 'restless', new Date(roundAt(index).getTime() + MINUTE));
    };
    const stationItem = async () => (await storedItem(keys.station(station.id)))!;
    // Act
    await round(0);
    const first = await stationItem();
    for (let index = 1; index < 10; index += 1) await round(index);
    const tenth = await stationItem();
    // Assess
    expect(Object.keys(tenth).sort()).toEqual(Object.keys(first).sort());
    expect(itemBytes(tenth)).toBe(itemBytes(first));
    expect(Object.keys(tenth).filter((name) => name.startsWith('v_'))).toEqual([]);
    expect(tenth).toMatchObject({ occupied: 0, walkIns: 0 });
  });
});

describe(`the churn budget: ${RESERVATION_CHURN_LIMIT.max} reservations and cancellations an hour a person`, () => {
  const start = beijing('2026-07-02T12:00:00');
  const now = beijing('2026-07-01T09:20:00');

  it('refuses the next reservation with 429 and a Retry-After until the hour ends, then lets the person reserve again', async () => {
    // Prepare: ten reserve/cancel rounds spend the budget.
    const station = await aStation('budget', { total: 4, reservable: 2 });
    for (let index = 0; index < RESERVATION_CHURN_LIMIT.max / 2; index += 1) {
      await reserve({ station, userId: 'churner', reservationId: id('rb', index), start, seats: 1, waitlist: false, now });
      await cancelReservation('churner', id('rb', index), now);
    }
    // Act
    const refused = await reserve({ station, userId: 'churner', reservationId: 'rb-over', start, seats: 1, waitlist: false, now }).catch((e) => e);
    const nextHour = await reserve({ station, userId: 'churner', reservationId: 'rb-next', start, seats: 1, waitlist: false, now: beijing('2026-07-01T10:00:00') });
    // Assess
    expect(refused).toMatchObject({ status: 429, code: 'too_many_requests', headers: { 'retry-after': String(40 * 60) } });
    expect(await getMyReservation('churner', 'rb-over', now).catch((e) => e)).toMatchObject({ status: 404 });
    expect((await getSlot(station.id, start.toISOString()))!.booked).toBe(1);
    expect(nextHour.status).toBe('confirmed');
  });

  it('never refuses a cancellation, but counts it against the same budget', async () => {
    // Prepare: a held seat, then rounds until one action is left.
    const station = await aStation('budget-cancel', { total: 4, reservable: 2 });
    await reserve({ station, userId: 'holder', reservationId: 'rkeep', start, seats: 1, waitlist: false, now });
    for (let index = 0; index < (RESERVATION_CHURN_LIMIT.max - 2) / 2; index += 1) {
      await reserve({ station, userId: 'holder', reservationId: id('rh', index), start: new Date(start.getTime() + 3600_000), seats: 1, waitlist: false, now });
      await cancelReservation('holder', id('rh', index), now);
    }
    await reserve({ station, userId: 'holder', reservationId: 'rlast', start: new Date(start.getTime() + 3600_000), seats: 1, waitlist: false, now });
    // Act
    const cancelled = await cancelReservation('holder', 'rkeep', now);
    const refused = await reserve({ station, userId: 'holder', reservationId: 'rmore', start, seats: 1, waitlist: false, now }).catch((e) => e);
    // Assess
    expect(cancelled.status).toBe('cancelled');
    expect(refused).toMatchObject({ status: 429, code: 'too_many_requests' });
    expect(await actionsSpent('holder', RESERVATION_CHURN_LIMIT, now)).toBe(RESERVATION_CHURN_LIMIT.max + 1);
    expect((await getSlot(station.id, start.toISOString()))!.booked).toBe(0);
  });

  it('lets exactly the budget through when one person sends many actions at once', async () => {
    // Prepare
    const limit = { action: 'test-burst', max: 20, windowSeconds: 3600 };
    // Act
    const { values, refusals } = await race(times(50, () => () => takeAction('burst', limit, now)));
    // Assess
    expect(values).toHaveLength(20);
    expect(refusals).toEqual({ '429 too_many_requests': 30 });
    expect(await actionsSpent('burst', limit, now)).toBe(20);
  });

  it('starts each window from nothing, whatever TTL has or has not collected', async () => {
    // Prepare: the last window's counter is full and still stored.
    const limit = { action: 'test-window', max: 2, windowSeconds: 3600 };
    await takeAction('windowed', limit, beijing('2026-07-01T09:10:00'));
    await takeAction('windowed', limit, beijing('2026-07-01T09:50:00'));
    // Act
    const sameHour = await takeAction('windowed', limit, beijing('2026-07-01T09:59:59')).catch((e) => e);
    const nextHour = await takeAction('windowed', limit, beijing('2026-07-01T10:00:00'));
    // Assess
    expect(sameHour).toMatchObject({ status: 429, headers: { 'retry-after': '1' } });
    expect(nextHour).toBeUndefined();
    expect(await actionsSpent('windowed', limit, beijing('2026-07-01T09:30:00'))).toBe(2);
  });
});
