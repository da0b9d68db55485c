import { describe, expect, it } from 'vitest';
import { cancelReservation } from '../../../shared/stations/reservations/cancel';
import { sendReservationReminders } from '../../../shared/stations/reservations/reminders';
import { reserve } from '../../../shared/stations/reservations/reserve';
import { useEngine } from '../../support/engine';
import { aStation, beijing, mockBus } from './fixtures';

useEngine();
const bus = mockBus();
const bookedAt = beijing('2026-07-01T09:00:00');
const noon = beijing('2026-07-01T12:00:00');

describe('the reminders before reservations', () => {
  it('reminds a holder once when sweeps run at once and again, and passes over a cancelled reservation and a waiter', async () => {
    // Prepare: one seat, held; someone waits for it; a third person cancels, saying why.
    const station = await aStation('remind', { total: 2, reservable: 2 });
    await reserve({ station, userId: 'holder', reservationId: 'r-held', start: noon, seats: 1, waitlist: false, now: bookedAt });
    await reserve({ station, userId: 'leaver', reservationId: 'r-left', start: noon, seats: 1, waitlist: false, now: bookedAt });
    await reserve({ station, userId: 'waiter', reservationId: 'r-wait', start: noon, seats: 1, waitlist: true, now: bookedAt });
    await cancelReservation('leaver', 'r-left', bookedAt, { reason: 'plans_changed' });
    // (The cancellation freed a seat: the waiter would be promoted by the consumer, which this test does not run.)
    const due = beijing('2026-07-01T11:31:00');
    // Act
    const runs = await Promise.all([sendReservationReminders(due), sendReservationReminders(due)]);
    const again = await sendReservationReminders(beijing('2026-07-01T11:40:00'));
    // Assess
    expect(runs.map((run) => run.reminded).sort()).toEqual([0, 1]);
    expect(again).toEqual({ reminded: 0, passedOver: 0 });
    expect(bus.of('reservation.reminder-due').map((event) => event.data.reservationId)).toEqual(['r-held']);
    expect(bus.of('reservation.cancelled')).toEqual([expect.objectContaining({ data: expect.objectContaining({ reservationId: 'r-left', reason: 'plans_changed' }) })]);
  });

  it('sends nothing before the reminder is due, and none for a reservation made inside the last half hour', async () => {
    // Prepare: a station that takes bookings up to 15 minutes ahead.
    const open = await aStation('late', { total: 2, reservable: 2 });
    const station = { ...open, rules: { ...open.rules, minNoticeMinutes: 15 } };
    await reserve({ station, userId: 'early', reservationId: 'r-early', start: noon, seats: 1, waitlist: false, now: bookedAt });
    await reserve({ station, userId: 'late', reservationId: 'r-late', start: noon, seats: 1, waitlist: false, now: beijing('2026-07-01T11:31:00') });
    // Act
    const before = await sendReservationReminders(beijing('2026-07-01T11:29:00'));
    const inTime = await sendReservationReminders(beijing('2026-07-01T11:32:00'));
    // Assess
    expect(before).toEqual({ reminded: 0, passedOver: 0 });
    expect(inTime.reminded).toBe(1);
    expect(bus.of('reservation.reminder-due').map((event) => event.data.reservationId)).toContain('r-early');
    expect(bus.of('reservation.reminder-due').map((event) => event.data.reservationId)).not.toContain('r-late');
  });
});
