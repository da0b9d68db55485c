import { describe, expect, it } from 'vitest';
import { ProblemError } from '../../../shared/http/errors';
import { slotOf } from '../../../shared/stations/reservations/codec';
import { assertMovable, slotTruthOf } from '../../../shared/stations/reservations/rules';

const beijing = (local: string) => new Date(`${local}+08:00`);
const now = beijing('2026-07-01T09:00:00');
const noon = beijing('2026-07-01T12:00:00');
const reservation = { status: 'confirmed' as const, stationId: 'st', start: noon.toISOString() };

/** The code and the field (if any) of what `run` throws, or undefined when it throws nothing. */
const refusalOf = (run: () => void) => {
  try {
    run();
    return undefined;
  } catch (error) {
    if (!(error instanceof ProblemError)) throw error;
    return { code: error.code, field: error.errors[0]?.code };
  }
};

describe('which reservations can be moved, and where', () => {
  it('lets a confirmed or waitlisted reservation move to another slot of its station or to another station', () => {
    // Act
    const outcomes = [
      refusalOf(() => assertMovable(reservation, { stationId: 'st', start: beijing('2026-07-01T13:00:00') }, now)),
      refusalOf(() => assertMovable({ ...reservation, status: 'waitlisted' }, { stationId: 'st', start: beijing('2026-07-01T13:00:00') }, now)),
      refusalOf(() => assertMovable(reservation, { stationId: 'elsewhere', start: noon }, now)),
    ];
    // Assess
    expect(outcomes).toEqual([undefined, undefined, undefined]);
  });

  it('refuses the slot it is already in as a bad request naming the start', () => {
    // Act
    const refusal = refusalOf(() => assertMovable(reservation, { stationId: 'st', start: noon }, now));
    // Assess
    expect(refusal).toEqual({ code: 'validation_failed', field: 'same_slot' });
  });

  it('refuses a reservation that no longer holds or waits, or whose slot has started, as outside the booking window', () => {
    // Act
    const outcomes = (['cancelled', 'checked_in', 'no_show', 'lapsed', 'moved'] as const).map((status) =>
      refusalOf(() => assertMovable({ ...reservation, status }, { stationId: 'st', start: beijing('2026-07-01T13:00:00') }, now)),
    );
    const started = refusalOf(() => assertMovable(reservation, { stationId: 'st', start: beijing('2026-07-01T13:00:00') }, noon));
    // Assess
    expect(outcomes.every((outcome) => outcome?.code === 'booking_window')).toBe(true);
    expect(started).toEqual({ code: 'booking_window', field: undefined });
  });
});

describe('a moved reservation on its old slot', () => {
  it('is told apart from a cancelled one by its departure mark, and holds no seat there', () => {
    // Prepare
    const slot = slotOf({ stationId: 'st', start: noon.toISOString(), end: '', booked: 0, l_mover: { reservationId: 'r-old', status: 'moved', movedTo: 'r-new' } });
    // Act
    const truth = slotTruthOf(slot, 'r-old', now);
    // Assess
    expect(truth).toEqual({ status: 'moved' });
    expect(slot.holders).toEqual([]);
  });
});
