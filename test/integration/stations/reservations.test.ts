import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { documents } from '../../../shared/aws/clients';
import { config } from '../../../shared/config';
import { cancelReservation } from '../../../shared/stations/reservations/cancel';
import { sweepNoShows } from '../../../shared/stations/reservations/no-shows';
import { getMyReservation, listMyReservations } from '../../../shared/stations/reservations/reads';
import { reserve } from '../../../shared/stations/reservations/reserve';
import { CLAIM_GRACE_MS, MAX_ACTIVE_RESERVATIONS } from '../../../shared/stations/reservations/rules';
import { getSlot } from '../../../shared/stations/reservations/items';
import { ledgerStore } from '../../../shared/stations/reservations/ledger-store';
import { recordStore } from '../../../shared/stations/reservations/record-store';
import { slotStore } from '../../../shared/stations/reservations/slot-store';
import { promoteWaitlist } from '../../../shared/stations/reservations/waitlist';
import { checkIn } from '../../../shared/stations/visits';
import { keys } from '../../../shared/table/design';
import { useEngine } from '../../support/engine';
import { aStation, beijing, mockBus, race, times } from './fixtures';

useEngine();
const bus = mockBus();
const now = beijing('2026-07-01T09:00:00');
const at = (hour: number) => beijing(`2026-07-01T${String(hour).padStart(2, '0')}:00:00`);
const slotItemOf = async (stationId: string, start: Date) =>
  (await documents().send(new GetCommand({ TableName: config().tableName, Key: keys.stationSlot(stationId, start.toISOString()), ConsistentRead: true }))).Item;
const ledgerOf = async (userId: string) =>
  (await documents().send(new GetCommand({ TableName: config().tableName, Key: keys.reservationLedger(userId), ConsistentRead: true }))).Item;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('reserving', () => {
  it('lets a team take several seats, and refuses a party that no longer fits', async () => {
    // Prepare
    const station = await aStation('team', { total: 6, reservable: 4 });
    // Act
    const team = await reserve({ station, userId: 'lead', reservationId: 'rt', start: at(12), seats: 3, waitlist: false, now });
    const pair = await reserve({ station, userId: 'pair', reservationId: 'rp', start: at(12), seats: 2, waitlist: false, now }).catch((e) => e);
    const single = await reserve({ station, userId: 'one', reservationId: 'r1', start: at(12), seats: 1, waitlist: false, now });
    // Assess
    expect(team).toMatchObject({ status: 'confirmed', seats: 3 });
    expect(pair).toMatchObject({ status: 409, code: 'slot_full' });
    expect(single.status).toBe('confirmed');
    expect((await getSlot(station.id, at(12).toISOString()))!.booked).toBe(4);
  });

  it('never books one person twice into a slot, however many times they try at once', async () => {
    // Prepare
    const station = await aStation('twice', { total: 6, reservable: 4 });
    // Act
    const { values, refusals } = await race(
      times(10, (i) => () => reserve({ station, userId: 'eager', reservationId: `re${i}`, start: at(12), seats: 1, waitlist: true, now })),
    );
    const slot = await getSlot(station.id, at(12).toISOString());
    const ledger = await ledgerOf('eager');
    // Assess
    expect(values).toHaveLength(1);
    expect(Object.keys(refusals).every((reason) => reason === '409 already_reserved' || reason === '409 reservation_limit_reached')).toBe(true);
    expect(slot).toMatchObject({ booked: 1 });
    expect(ledger!.active).toBe(1);
  });

  it(`holds a person to ${MAX_ACTIVE_RESERVATIONS} active reservations, and gives one back when they cancel`, async () => {
    // Prepare
    const station = await aStation('cap', { total: 6, reservable: 4 });
    for (const hour of [10, 11, 12]) {
      await reserve({ station, userId: 'busy', reservationId: `rc${hour}`, start: at(hour), seats: 1, waitlist: false, now });
    }
    // Act
    const fourth = await reserve({ station, userId: 'busy', reservationId: 'rc13', start: at(13), seats: 1, waitlist: false, now }).catch((e) => e);
    await cancelReservation('busy', 'rc10', now);
    const afterCancel = await reserve({ station, userId: 'busy', reservationId: 'rc14', start: at(14), seats: 1, waitlist: false, now });
    // Assess
    expect(fourth).toMatchObject({ status: 409, code: 'reservation_limit_reached' });
    expect(afterCancel.status).toBe('confirmed');
    expect((await getSlot(station.id, at(10).toISOString()))!.booked).toBe(0);
  });

  it('lets a holder cancel until the slot starts, not after, and answers 404 for someone else’s reservation', async () => {
    // Prepare
    const station = await aStation('cancel', { total: 6, reservable: 4 });
    await reserve({ station, userId: 'owner', reservationId: 'rown', start: at(10), seats: 1, waitlist: false, now });
    // Act
    const late = await cancelReservation('owner', 'rown', at(10)).catch((e) => e);
    const stranger = await cancelReservation('stranger', 'rown', now).catch((e) => e);
    const strangerReads = await getMyReservation('stranger', 'rown', now).catch((e) => e);
    // Assess
    expect(late).toMatchObject({ status: 409, code: 'booking_window' });
    expect(stranger).toMatchObject({ status: 404 });
    expect(strangerReads).toMatchObject({ status: 404 });
  });
});

describe('a crash between the writes of a reservation', () => {
  it('leaves a held seat without its record, and the next read of my reservations writes the record', async () => {
    // Prepare
    const station = await aStation('crash-record', { total: 6, reservable: 4 });
    vi.spyOn(recordStore, 'putRecord').mockRejectedValueOnce(new Error('process died'));
    // Act
    const crashed = reserve({ station, userId: 'unlucky', reservationId: 'rcrash', start: at(12), seats: 2, waitlist: false, now });
    await expect(crashed).rejects.toThrow('process died');
    const before = (await documents().send(new GetCommand({ TableName: config().tableName, Key: keys.reservation('unlucky', 'rcrash') }))).Item;
    const mine = await listMyReservations('unlucky', { limit: 20 }, now);
    const one = await getMyReservation('unlucky', 'rcrash', now);
    // Assess
    expect(before).toBeUndefined();
    expect(mine.items).toEqual([expect.objectContaining({ id: 'rcrash', status: 'confirmed', seats: 2, stationId: station.id })]);
    expect(one.status).toBe('confirmed');
    expect((await getSlot(station.id, at(12).toISOString()))!.booked).toBe(2);
    expect((await ledgerOf('unlucky'))!.active).toBe(1);
  });

  it('leaves a claim the slot never got, given back once no write can still be in flight', async () => {
    // Prepare
    const station = await aStation('crash-claim', { total: 6, reservable: 4 });
    // The process dies after the claim: the seat is never taken, and nothing gives the claim back.
    vi.spyOn(slotStore, 'holdSeat').mockRejectedValueOnce(new Error('process died'));
    vi.spyOn(ledgerStore, 'releaseClaim').mockRejectedValueOnce(new Error('process died'));
    // Act
    await expect(reserve({ station, userId: 'ghost', reservationId: 'rghost', start: at(12), seats: 1, waitlist: false, now })).rejects.toThrow();
    const rightAfter = await ledgerOf('ghost');
    await listMyReservations('ghost', { limit: 20 }, new Date(now.getTime() + CLAIM_GRACE_MS + 1000));
    const later = await ledgerOf('ghost');
    // Assess
    expect(rightAfter!.active).toBe(1);
    expect(later!.active).toBe(0);
    expect((await getSlot(station.id, at(12).toISOString()))?.booked ?? 0).toBe(0);
  });

  it('leaves a cancelled seat whose record still says confirmed, and the next read says cancelled', async () => {
    // Prepare
    const station = await aStation('crash-cancel', { total: 6, reservable: 4 });
    await reserve({ station, userId: 'changes-mind', reservationId: 'rcm', start: at(12), seats: 1, waitlist: false, now });
    vi.spyOn(recordStore, 'cancelRecord').mockRejectedValueOnce(new Error('process died'));
    // Act
    await expect(cancelReservation('changes-mind', 'rcm', now)).rejects.toThrow('process died');
    const mine = await listMyReservations('changes-mind', { limit: 20 }, now);
    // Assess
    expect(mine.items[0]).toMatchObject({ id: 'rcm', status: 'cancelled' });
    expect((await ledgerOf('changes-mind'))!.active).toBe(0);
  });
});

describe('the waitlist', () => {
  it('gives a cancelled seat to the first in line, once, however often the promotion runs', async () => {
    // Prepare
    const station = await aStation('queue', { total: 3, reservable: 1 });
    await reserve({ station, userId: 'holder', reservationId: 'rh', start: at(12), seats: 1, waitlist: false, now });
    const first = await reserve({ station, userId: 'first', reservationId: 'rq1', start: at(12), seats: 1, waitlist: true, now });
    await reserve({ station, userId: 'second', reservationId: 'rq2', start: at(12), seats: 1, waitlist: true, now });
    // Act
    await cancelReservation('holder', 'rh', now);
    const promoted = await Promise.all([promoteWaitlist(station, at(12).toISOString(), now), promoteWaitlist(station, at(12).toISOString(), now)]);
    const firstNow = await getMyReservation('first', 'rq1', now);
    const secondNow = await getMyReservation('second', 'rq2', now);
    // Assess
    expect(first).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect(promoted.reduce((a, b) => a + b, 0)).toBe(1);
    expect(firstNow.status).toBe('confirmed');
    expect(secondNow).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect(bus.of('reservation.cancelled').at(-1)!.data).toMatchObject({ reservationId: 'rh', wasWaitlisted: false });
    expect(bus.of('reservation.promoted').filter((e) => e.data.reservationId === 'rq1')).toHaveLength(1);
  });
});

describe('no-shows', () => {
  it('releases the seat of a holder who has not checked in 15 minutes after the start, on the next read', async () => {
    // Prepare
    const station = await aStation('noshow', { total: 3, reservable: 2 });
    await reserve({ station, userId: 'late', reservationId: 'rlate', start: at(12), seats: 2, waitlist: false, now });
    // Act
    const at1214 = await getMyReservation('late', 'rlate', beijing('2026-07-01T12:14:00'));
    const at1215 = await getMyReservation('late', 'rlate', beijing('2026-07-01T12:15:00'));
    // Assess
    expect(at1214.status).toBe('confirmed');
    expect(at1215.status).toBe('no_show');
    expect((await getSlot(station.id, at(12).toISOString()))!.booked).toBe(0);
    expect(bus.of('reservation.released').map((e) => e.data.reservationId)).toContain('rlate');
    expect((await ledgerOf('late'))!.active).toBe(0);
  });

  it('releases no-shows by the schedule without any read, and spares those who checked in', async () => {
    // Prepare
    const station = await aStation('sweep', { total: 4, reservable: 2 });
    await reserve({ station, userId: 'absent', reservationId: 'rabs', start: at(13), seats: 1, waitlist: false, now });
    await reserve({ station, userId: 'present', reservationId: 'rpre', start: at(13), seats: 1, waitlist: false, now });
    await checkIn(station.id, 'present', beijing('2026-07-01T13:05:00'));
    // Act
    await sweepNoShows(beijing('2026-07-01T13:16:00'));
    const slot = await getSlot(station.id, at(13).toISOString());
    // Assess
    expect(slot!.holders.map((h) => h.userId)).toEqual(['present']);
    expect(slot!.released).toMatchObject({ rabs: 'no_show' });
    expect((await getMyReservation('present', 'rpre', beijing('2026-07-01T13:16:00'))).status).toBe('checked_in');
  });

  it("spreads the city's slots over the shards of the no-show worklist, and the schedule sweeps every shard", async () => {
    // Prepare: one absent holder in each of twelve slots.
    const station = await aStation('shards', { total: 4, reservable: 2 });
    const starts = times(12, (i) => beijing(`2026-07-02T${String(8 + i).padStart(2, '0')}:00:00`));
    for (const [i, start] of starts.entries()) {
      await reserve({ station, userId: `absent-${i}`, reservationId: `rs${i}`, start, seats: 1, waitlist: false, now });
    }
    const worklistPartitions = async () =>
      new Set(await Promise.all(starts.map(async (start) => (await slotItemOf(station.id, start))!.dueKey as string | undefined)));
    const before = await worklistPartitions();
    // Act
    await sweepNoShows(beijing('2026-07-02T20:16:00'));
    // Assess
    expect(before.size).toBeGreaterThan(1);
    for (const partition of before) expect(partition).toMatch(/^DUE#SLOT_NO_SHOW#[0-7]$/);
    for (const start of starts) expect((await getSlot(station.id, start.toISOString()))!.booked).toBe(0);
    expect(await worklistPartitions()).toEqual(new Set([undefined]));
  });
});
