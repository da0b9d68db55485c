import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { documents } from '../../../shared/aws/clients';
import { config } from '../../../shared/config';
import { ProblemError } from '../../../shared/http/errors';
import { cancelReservation } from '../../../shared/stations/reservations/cancel';
import type { MovedFrom } from '../../../shared/stations/reservations/codec';
import { releaseMovedReservation } from '../../../shared/stations/reservations/departures';
import { getSlot } from '../../../shared/stations/reservations/items';
import { moveReservation } from '../../../shared/stations/reservations/move';
import { getMyReservation, listMyReservations, upcomingReservationsOf } from '../../../shared/stations/reservations/reads';
import { sendReservationReminders } from '../../../shared/stations/reservations/reminders';
import { reserve } from '../../../shared/stations/reservations/reserve';
import { MAX_ACTIVE_RESERVATIONS } from '../../../shared/stations/reservations/rules';
import { recordStore } from '../../../shared/stations/reservations/record-store';
import { slotStore } from '../../../shared/stations/reservations/slot-store';
import { keys } from '../../../shared/table/design';
import { useEngine } from '../../support/engine';
import { aStation, beijing, mockBus, race } from './fixtures';

/**
 * Moving a reservation: the new seat is held before the old place is given up, and whatever dies in
 * between, the person ends with one seat — the consumer of `reservation.moved` (here called as the bus
 * would call it) or the person's next read finishes the move.
 */

useEngine();
const bus = mockBus();
const now = beijing('2026-07-01T09:00:00');
const at = (hour: number) => beijing(`2026-07-01T${String(hour).padStart(2, '0')}:00:00`);
const ledgerOf = async (userId: string) =>
  (await documents().send(new GetCommand({ TableName: config().tableName, Key: keys.reservationLedger(userId), ConsistentRead: true }))).Item;
const bookedAt = async (stationId: string, start: Date) => (await getSlot(stationId, start.toISOString()))?.booked ?? 0;
/** What the consumer of `reservation.moved` is handed for a move to `movedTo`. */
const movedEvent = (movedTo: string) => bus.of('reservation.moved').find((event) => event.data.reservationId === movedTo)!.data as { userId: string; from: MovedFrom; reservationId: string };
/** Runs the `station-waitlist` consumer's reaction to `reservation.moved`, as a (re)delivery would. */
const deliverMoved = async (movedTo: string, when = now) => {
  const data = movedEvent(movedTo);
  await releaseMovedReservation(data.userId, data.from, data.reservationId, when);
};
const problemOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => undefined, (thrown: unknown) => thrown);
  return error instanceof ProblemError ? { status: error.status, code: error.code } : error;
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('moving a reservation', () => {
  it('holds the new slot’s seat and gives the old one up: the answer is the new reservation, the old one says moved, one claim is counted', async () => {
    // Prepare
    const station = await aStation('move-same', { total: 4, reservable: 2 });
    await reserve({ station, userId: 'mover', reservationId: 'r-old', start: at(12), seats: 2, waitlist: false, now });
    // Act
    const { reservation } = await moveReservation({ userId: 'mover', reservationId: 'r-old', newReservationId: 'r-new', start: at(14), now });
    const old = await getMyReservation('mover', 'r-old', now);
    const ledger = await ledgerOf('mover');
    // Assess
    expect(reservation).toMatchObject({ id: 'r-new', status: 'confirmed', seats: 2, start: at(14).toISOString(), movedFrom: 'r-old' });
    expect(old).toMatchObject({ status: 'moved', movedTo: 'r-new' });
    expect([await bookedAt(station.id, at(12)), await bookedAt(station.id, at(14))]).toEqual([0, 2]);
    expect(ledger!.active).toBe(1);
    expect(Object.keys(ledger!).filter((name) => name.startsWith('c_'))).toEqual(['c_r-new']);
    expect(movedEvent('r-new')).toMatchObject({ from: { reservationId: 'r-old', stationId: station.id, start: at(12).toISOString() } });
    expect(bus.of('reservation.cancelled').filter((event) => event.data.reservationId === 'r-old')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ movedTo: 'r-new', wasWaitlisted: false }) }),
    ]);
  });

  it('moves to another station’s slot as well', async () => {
    // Prepare
    const here = await aStation('move-here', { total: 4, reservable: 2 });
    const there = await aStation('move-there', { total: 4, reservable: 2 });
    await reserve({ station: here, userId: 'traveller', reservationId: 'r-here', start: at(12), seats: 1, waitlist: false, now });
    // Act
    const { reservation } = await moveReservation({ userId: 'traveller', reservationId: 'r-here', newReservationId: 'r-there', stationId: there.id, start: at(12), now });
    // Assess
    expect(reservation).toMatchObject({ stationId: there.id, status: 'confirmed' });
    expect([await bookedAt(here.id, at(12)), await bookedAt(there.id, at(12))]).toEqual([0, 1]);
    expect((await getMyReservation('traveller', 'r-here', now)).status).toBe('moved');
  });

  it('refuses a full slot with 409 slot_full and leaves the old reservation, its seat and the ledger as they were; another slot is then free to try', async () => {
    // Prepare
    const station = await aStation('move-full', { total: 2, reservable: 1 });
    await reserve({ station, userId: 'stayer', reservationId: 'r-stay', start: at(12), seats: 1, waitlist: false, now });
    await reserve({ station, userId: 'taker', reservationId: 'r-taken', start: at(13), seats: 1, waitlist: false, now });
    const ledgerBefore = await ledgerOf('stayer');
    // Act
    const refused = await problemOf(moveReservation({ userId: 'stayer', reservationId: 'r-stay', newReservationId: 'r-try', start: at(13), now }));
    const ledgerAfter = await ledgerOf('stayer');
    const elsewhere = await moveReservation({ userId: 'stayer', reservationId: 'r-stay', newReservationId: 'r-elsewhere', start: at(15), now });
    // Assess
    expect(refused).toEqual({ status: 409, code: 'slot_full' });
    expect(ledgerAfter).toEqual(ledgerBefore);
    expect(bus.of('reservation.moved').filter((event) => event.data.reservationId === 'r-try')).toEqual([]);
    expect(elsewhere.reservation.status).toBe('confirmed');
    expect([await bookedAt(station.id, at(12)), await bookedAt(station.id, at(13)), await bookedAt(station.id, at(15))]).toEqual([0, 1, 1]);
  });

  it('refuses the same slot with a 400, someone else’s reservation with a 404, a cancelled one with a 409, and a slot inside the notice like a reservation', async () => {
    // Prepare
    const station = await aStation('move-rules', { total: 4, reservable: 2 });
    await reserve({ station, userId: 'owner', reservationId: 'r-own', start: at(12), seats: 1, waitlist: false, now });
    await reserve({ station, userId: 'owner', reservationId: 'r-gone', start: at(13), seats: 1, waitlist: false, now });
    await cancelReservation('owner', 'r-gone', now);
    const move = (userId: string, reservationId: string, start: Date) =>
      problemOf(moveReservation({ userId, reservationId, newReservationId: `n-${userId}-${reservationId}-${start.getTime()}`, start, now }));
    // Act
    const outcomes = [
      await move('owner', 'r-own', at(12)),
      await move('stranger', 'r-own', at(14)),
      await move('owner', 'r-gone', at(14)),
      await move('owner', 'r-own', beijing('2026-07-01T09:00:00')),
    ];
    // Assess
    expect(outcomes).toEqual([
      { status: 400, code: 'validation_failed' },
      { status: 404, code: 'not_found' },
      { status: 409, code: 'booking_window' },
      { status: 409, code: 'booking_window' },
    ]);
    expect(await bookedAt(station.id, at(12))).toBe(1);
    expect((await getMyReservation('owner', 'r-own', now)).status).toBe('confirmed');
  });

  it('lets a person holding as many reservations as allowed move one of them', async () => {
    // Prepare
    const station = await aStation('move-cap', { total: 4, reservable: 2 });
    for (let index = 0; index < MAX_ACTIVE_RESERVATIONS; index += 1) {
      await reserve({ station, userId: 'busy', reservationId: `r-cap-${index}`, start: at(10 + index), seats: 1, waitlist: false, now });
    }
    // Act
    const { reservation } = await moveReservation({ userId: 'busy', reservationId: 'r-cap-0', newReservationId: 'r-cap-moved', start: at(18), now });
    // Assess
    expect(reservation.status).toBe('confirmed');
    expect((await ledgerOf('busy'))!.active).toBe(MAX_ACTIVE_RESERVATIONS);
  });

  it('takes one seat for two moves of one reservation sent at once', async () => {
    // Prepare
    const station = await aStation('move-twice', { total: 6, reservable: 4 });
    await reserve({ station, userId: 'hasty', reservationId: 'r-hasty', start: at(12), seats: 1, waitlist: false, now });
    // Act
    const { values, refusals } = await race([14, 15].map((hour) => () => moveReservation({ userId: 'hasty', reservationId: 'r-hasty', newReservationId: `r-hasty-${hour}`, start: at(hour), now })));
    const mine = await listMyReservations('hasty', { limit: 20 }, now);
    // Assess
    expect(values).toHaveLength(1);
    // Refused as under way (409 conflict), or, had the first finished before it began, as moved already.
    expect(Object.entries(refusals)).toEqual([[expect.stringMatching(/^409 (conflict|booking_window)$/), 1]]);
    expect(mine.items.filter((item) => item.status === 'confirmed')).toHaveLength(1);
    expect((await bookedAt(station.id, at(12))) + (await bookedAt(station.id, at(14))) + (await bookedAt(station.id, at(15)))).toBe(1);
    expect((await ledgerOf('hasty'))!.active).toBe(1);
  });

  it('reminds the holder before the new slot, never before the old one, and the calendar shows the new one alone', async () => {
    // Prepare
    const station = await aStation('move-remind', { total: 4, reservable: 2 });
    await reserve({ station, userId: 'reminded', reservationId: 'r-remind-old', start: at(12), seats: 1, waitlist: false, now });
    await moveReservation({ userId: 'reminded', reservationId: 'r-remind-old', newReservationId: 'r-remind-new', start: at(15), now });
    // Act
    await sendReservationReminders(beijing('2026-07-01T11:31:00'));
    await sendReservationReminders(beijing('2026-07-01T14:31:00'));
    const calendar = await upcomingReservationsOf('reminded', now);
    // Assess
    const reminded = bus.of('reservation.reminder-due').map((event) => event.data.reservationId);
    expect(reminded).toContain('r-remind-new');
    expect(reminded).not.toContain('r-remind-old');
    expect(calendar.map((item) => [item.id, item.start])).toEqual([['r-remind-new', at(15).toISOString()]]);
  });
});

describe('a move that dies between the new seat and the old one', () => {
  it('is finished by the consumer of reservation.moved: one seat, redelivered or not', async () => {
    // Prepare: the process dies right after the new seat's write (the hold step alone ran).
    const station = await aStation('move-crash', { total: 4, reservable: 2 });
    await reserve({ station, userId: 'crashed', reservationId: 'r-before', start: at(12), seats: 1, waitlist: false, now });
    vi.spyOn(recordStore, 'putRecord').mockRejectedValueOnce(new Error('process died'));
    await expect(moveReservation({ userId: 'crashed', reservationId: 'r-before', newReservationId: 'r-after', start: at(14), now })).rejects.toThrow('process died');
    const seatsRightAfter = [await bookedAt(station.id, at(12)), await bookedAt(station.id, at(14))];
    // Act: the bus delivers the event the seat's write carried, and delivers it again.
    await deliverMoved('r-after');
    await deliverMoved('r-after');
    const mine = await listMyReservations('crashed', { limit: 20 }, now);
    // Assess
    expect(seatsRightAfter).toEqual([1, 1]);
    expect([await bookedAt(station.id, at(12)), await bookedAt(station.id, at(14))]).toEqual([0, 1]);
    expect(mine.items.map((item) => [item.id, item.status])).toEqual([
      ['r-after', 'confirmed'],
      ['r-before', 'moved'],
    ]);
    expect((await ledgerOf('crashed'))!.active).toBe(1);
  });

  it('is finished by the person’s next read when the event has not come yet', async () => {
    // Prepare: the new seat and its record are written; the release is cut short.
    const station = await aStation('move-read', { total: 4, reservable: 2 });
    await reserve({ station, userId: 'reader', reservationId: 'r-read-old', start: at(12), seats: 1, waitlist: false, now });
    vi.spyOn(slotStore, 'leaveSlot').mockRejectedValueOnce(new Error('process died'));
    const { reservation } = await moveReservation({ userId: 'reader', reservationId: 'r-read-old', newReservationId: 'r-read-new', start: at(14), now });
    const seatsRightAfter = [await bookedAt(station.id, at(12)), await bookedAt(station.id, at(14))];
    // Act
    const mine = await listMyReservations('reader', { limit: 20 }, now);
    // Assess
    expect(reservation.status).toBe('confirmed');
    expect(seatsRightAfter).toEqual([1, 1]);
    expect([await bookedAt(station.id, at(12)), await bookedAt(station.id, at(14))]).toEqual([0, 1]);
    expect(mine.items.map((item) => [item.id, item.status])).toEqual([
      ['r-read-new', 'confirmed'],
      ['r-read-old', 'moved'],
    ]);
  });

  it('never releases a seat the person took again in the old slot under another reservation', async () => {
    // Prepare: moved away, then back into the old slot with a new reservation.
    const station = await aStation('move-back', { total: 4, reservable: 2 });
    await reserve({ station, userId: 'returner', reservationId: 'r-first', start: at(12), seats: 1, waitlist: false, now });
    await moveReservation({ userId: 'returner', reservationId: 'r-first', newReservationId: 'r-second', start: at(14), now });
    await reserve({ station, userId: 'returner', reservationId: 'r-third', start: at(12), seats: 1, waitlist: false, now });
    // Act: the first move's event comes late.
    await deliverMoved('r-second');
    // Assess
    expect((await getSlot(station.id, at(12).toISOString()))!.holders.map((holder) => holder.reservationId)).toEqual(['r-third']);
    expect((await getMyReservation('returner', 'r-third', now)).status).toBe('confirmed');
    expect((await getMyReservation('returner', 'r-first', now)).status).toBe('moved');
  });
});
