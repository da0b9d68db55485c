import { describe, expect, it } from 'vitest';
import {
  REMINDER_LEAD_MINUTES,
  cancellationOf,
  isRemindable,
  reminderDueAt,
} from '../../../shared/stations/reservations/rules';

const beijing = (local: string) => new Date(`${local}+08:00`);
const start = beijing('2026-07-01T12:00:00').toISOString();

describe('the reminder before a reservation', () => {
  it('is due half an hour before the slot for a reservation made earlier', () => {
    // Prepare
    const bookedAt = beijing('2026-07-01T09:00:00').toISOString();
    // Act
    const due = reminderDueAt(start, bookedAt);
    // Assess
    expect(REMINDER_LEAD_MINUTES).toBe(30);
    expect(due).toBe(beijing('2026-07-01T11:30:00').toISOString());
  });

  it('is not due at all for a reservation made inside the last half hour', () => {
    // Prepare
    const bookedAt = beijing('2026-07-01T11:30:00').toISOString();
    const later = beijing('2026-07-01T11:45:00').toISOString();
    // Act
    const atTheMoment = reminderDueAt(start, bookedAt);
    const inside = reminderDueAt(start, later);
    // Assess
    expect(atTheMoment).toBeUndefined();
    expect(inside).toBeUndefined();
  });

  it('goes only to a reservation that holds a seat, before its slot starts', () => {
    // Prepare
    const due = beijing('2026-07-01T11:30:00');
    const started = beijing('2026-07-01T12:00:00');
    // Act
    const verdicts = {
      confirmed: isRemindable({ status: 'confirmed' }, start, due),
      waitlisted: isRemindable({ status: 'waitlisted', waitlistPosition: 1 }, start, due),
      cancelled: isRemindable({ status: 'cancelled' }, start, due),
      noShow: isRemindable({ status: 'no_show' }, start, due),
      unknownToTheSlot: isRemindable(undefined, start, due),
      afterTheStart: isRemindable({ status: 'confirmed' }, start, started),
    };
    // Assess
    expect(verdicts).toEqual({ confirmed: true, waitlisted: false, cancelled: false, noShow: false, unknownToTheSlot: false, afterTheStart: false });
  });
});

describe('a cancellation’s reason', () => {
  it('is nothing when the holder says nothing, the reason when they give one, and `other` for a note alone', () => {
    // Act
    const silent = cancellationOf(undefined, undefined);
    const reason = cancellationOf('weather', undefined);
    const both = cancellationOf('found_elsewhere', '旁边便利店有空调');
    const noteAlone = cancellationOf(undefined, '临时加班');
    // Assess
    expect(silent).toBeUndefined();
    expect(reason).toEqual({ reason: 'weather' });
    expect(both).toEqual({ reason: 'found_elsewhere', note: '旁边便利店有空调' });
    expect(noteAlone).toEqual({ reason: 'other', note: '临时加班' });
  });
});
