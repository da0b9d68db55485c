import { describe, expect, it } from 'vitest';
import type { Identity } from '../../../shared/auth/identity';
import type { OrgUnit } from '../../../shared/organisation/model';
import { assertCanCheckIn, creditedMinutes } from '../../../shared/shifts/domain/attendance';
import { availabilityFit, availableWindows } from '../../../shared/shifts/domain/availability';
import { CLAIM_SETTLE_MS, type ShiftClaim, isStaleClaim } from '../../../shared/shifts/domain/claims';
import { planDuty } from '../../../shared/shifts/domain/duties';
import { decideAssigneeSeat, decideEligibility } from '../../../shared/shifts/domain/eligibility';
import { MAX_SHIFTS_PER_NOTICE, generatedShiftId, planAssignmentNotices, planShiftsFromDuty } from '../../../shared/shifts/domain/generation';
import { summariseUnitHours } from '../../../shared/shifts/domain/hours';
import { occurrences, recurrenceDayOf } from '../../../shared/shifts/domain/recurrence';
import { nextReminder } from '../../../shared/shifts/domain/reminders';
import { type ShiftRecord, planShift, viewOf } from '../../../shared/shifts/domain/shift';
import { rankSuggestions } from '../../../shared/shifts/domain/suggestions';
import type { Availability, Duty, HoursEntry } from '../../../shared/shifts/model';
import { addDays, instantAt, localDateOf, localMinuteOf, mondayOf, monthBounds } from '../../../shared/time/local';

const gridWorker: Identity = { userId: 'gw', role: 'grid_worker', units: ['g1'] };
const microGrid: OrgUnit = {
  id: 'm1',
  kind: 'micro_grid',
  name: '第1微网格',
  parentId: 'g1',
  ancestors: ['d', 's', 'c', 'g1'],
  createdAt: '2027-01-01T00:00:00.000Z',
  createdBy: 'seed',
};

/** Monday 8 March 2027, 09:00–11:00 in Shanghai. */
const MONDAY = '2027-03-08';
/** A local date's clock time: the instant. */
const at = (date: string, clock: string) => instantAt(date, Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3)));
/** The same, as stored items and the API spell it. */
const iso = (date: string, clock: string) => at(date, clock).toISOString();

const shift = (overrides: Partial<ShiftRecord> = {}): ShiftRecord => ({
  id: 's1',
  microGridId: 'm1',
  kind: 'patrol',
  title: '巡查',
  start: iso(MONDAY, '09:00'),
  end: iso(MONDAY, '11:00'),
  date: MONDAY,
  headcount: 2,
  status: 'open',
  volunteers: {},
  signedUpCount: 0,
  waitQueue: [],
  reminders: {},
  createdAt: '2027-03-01T00:00:00.000Z',
  createdBy: 'gw',
  ...overrides,
});

const availability = (overrides: Partial<Availability> = {}): Availability => ({
  userId: 'v1',
  timeZone: 'Asia/Shanghai',
  weekly: [{ day: 'MO', start: '08:00', end: '12:00' }],
  exceptions: [],
  updatedAt: '2027-03-01T00:00:00.000Z',
  ...overrides,
});

const claim = (shiftId: string, start: string, end: string, claimedAt = '2027-03-01T00:00:00.000Z'): ShiftClaim => ({
  shiftId,
  start,
  end,
  token: `t-${shiftId}`,
  at: claimedAt,
});

describe('local time in Asia/Shanghai', () => {
  it('converts between local wall-clock times and UTC instants at a fixed +08:00', () => {
    // Act
    const nineAm = at(MONDAY, '09:00');
    // Assess
    expect(nineAm.toISOString()).toBe('2027-03-08T01:00:00.000Z');
    expect(localDateOf(new Date('2027-03-07T16:30:00.000Z'))).toBe(MONDAY);
    expect(localMinuteOf(nineAm)).toBe(9 * 60);
    expect(instantAt(MONDAY, 1440)).toEqual(instantAt(addDays(MONDAY, 1), 0));
  });

  it('knows weekdays, Mondays and month bounds', () => {
    expect(recurrenceDayOf(MONDAY)).toBe('MO');
    expect(recurrenceDayOf('2027-03-14')).toBe('SU');
    expect(mondayOf('2027-03-14')).toBe(MONDAY);
    expect(mondayOf(MONDAY)).toBe(MONDAY);
    expect(monthBounds('2027-12')).toEqual({ from: new Date('2027-11-30T16:00:00.000Z'), to: new Date('2027-12-31T16:00:00.000Z') });
  });
});

describe('responsibility lists and their recurrences', () => {
  const duty: Duty = planDuty(
    gridWorker,
    microGrid,
    {
      title: '楼栋巡查',
      kind: 'patrol',
      recurrence: { frequency: 'weekly', days: ['MO', 'WE', 'FR'], start: '09:00', end: '11:00' },
      headcount: 2,
    },
    'duty1',
    new Date('2027-03-01T00:00:00.000Z'),
  );

  it('finds the dates a weekly recurrence falls on, within its from/until', () => {
    // Act
    const all = occurrences(duty.recurrence, MONDAY, addDays(MONDAY, 14));
    const bounded = occurrences({ ...duty.recurrence, from: '2027-03-10', until: '2027-03-15' }, MONDAY, addDays(MONDAY, 14));
    // Assess
    expect(all).toEqual(['2027-03-08', '2027-03-10', '2027-03-12', '2027-03-15', '2027-03-17', '2027-03-19']);
    expect(bounded).toEqual(['2027-03-10', '2027-03-12', '2027-03-15']);
  });

  it('plans a week of shifts with deterministic ids, skipping those already over', () => {
    // Prepare: Monday 11:30, the Monday shift is over.
    const now = at(MONDAY, '11:30');
    // Act
    const first = planShiftsFromDuty(duty, MONDAY, 1, gridWorker, now);
    const again = planShiftsFromDuty(duty, MONDAY, 1, gridWorker, now);
    // Assess
    expect(first.map((s) => s.id)).toEqual([generatedShiftId('duty1', '2027-03-10'), generatedShiftId('duty1', '2027-03-12')]);
    expect(again.map((s) => s.id)).toEqual(first.map((s) => s.id));
    expect(first[0]).toMatchObject({ id: 'duty1-20270310', start: iso('2027-03-10', '09:00'), end: iso('2027-03-10', '11:00'), headcount: 2 });
  });

  it('names the duty’s assignee as the pending assignee of every shift it plans, and nobody for a duty of no one', () => {
    // Prepare
    const now = at(MONDAY, '08:00');
    const hers: Duty = { ...duty, assigneeId: 'li' };
    // Act
    const assigned = planShiftsFromDuty(hers, MONDAY, 1, gridWorker, now);
    const unassigned = planShiftsFromDuty(duty, MONDAY, 1, gridWorker, now);
    // Assess
    expect(assigned.map((s) => s.pendingAssignee)).toEqual(['li', 'li', 'li']);
    expect(assigned.every((s) => s.signedUpCount === 0 && Object.keys(s.volunteers).length === 0)).toBe(true);
    expect(unassigned.map((s) => 'pendingAssignee' in s)).toEqual([false, false, false]);
  });

  it('refuses a duty outside the grid worker’s scope with 404 and a volunteer with 403', () => {
    // Prepare
    const input = { title: 'x', kind: 'patrol' as const, recurrence: duty.recurrence, headcount: 1 };
    // Act
    const otherGrid = () => planDuty({ ...gridWorker, units: ['g2'] }, microGrid, input, 'd', new Date(MONDAY));
    const volunteer = () => planDuty({ ...gridWorker, role: 'volunteer', units: ['m1'] }, microGrid, input, 'd', new Date(MONDAY));
    // Assess
    expect(otherGrid).toThrow(expect.objectContaining({ status: 404 }));
    expect(volunteer).toThrow(expect.objectContaining({ status: 403 }));
  });
});

describe('a shift created by hand', () => {
  const input = {
    id: 's',
    microGridId: 'm1',
    kind: 'patrol' as const,
    title: '夜巡',
    headcount: 1,
    createdAt: '2027-03-01T00:00:00.000Z',
    createdBy: 'gw',
  };
  const now = new Date('2027-03-01T00:00:00.000Z');

  it('lies within one local day: ending at midnight is fine, crossing it is not', () => {
    // Act
    const untilMidnight = planShift({ ...input, start: iso(MONDAY, '20:00'), end: instantAt(MONDAY, 1440).toISOString() }, now);
    const overnight = () => planShift({ ...input, start: iso(MONDAY, '22:00'), end: iso('2027-03-09', '02:00') }, now);
    // Assess
    expect(untilMidnight.date).toBe(MONDAY);
    expect(overnight).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('lasts at most 12 hours, ends after it starts, and is not over yet', () => {
    expect(() => planShift({ ...input, start: iso(MONDAY, '06:00'), end: iso(MONDAY, '19:00') }, now)).toThrow(/at most 12/);
    expect(() => planShift({ ...input, start: iso(MONDAY, '10:00'), end: iso(MONDAY, '09:00') }, now)).toThrow(/after start/);
    expect(() => planShift({ ...input, start: iso(MONDAY, '09:00'), end: iso(MONDAY, '10:00') }, at(MONDAY, '12:00'))).toThrow(/over/);
  });

  it('names its station exactly when it is station duty', () => {
    expect(() => planShift({ ...input, kind: 'station_duty', start: iso(MONDAY, '09:00'), end: iso(MONDAY, '10:00') }, now)).toThrow(
      /station/,
    );
    expect(planShift({ ...input, kind: 'station_duty', stationId: 'lushan-station', start: iso(MONDAY, '09:00'), end: iso(MONDAY, '10:00') }, now).stationId).toBe(
      'lushan-station',
    );
  });
});

describe('availability', () => {
  it('adds extra windows and takes days off out of the weekly pattern', () => {
    // Prepare
    const withExceptions = availability({
      exceptions: [
        { date: MONDAY, available: true, start: '11:00', end: '14:00' },
        { date: MONDAY, available: false, start: '09:00', end: '10:00' },
        { date: '2027-03-15', available: false },
      ],
    });
    // Act
    const monday = availableWindows(withExceptions, MONDAY);
    const nextMonday = availableWindows(withExceptions, '2027-03-15');
    // Assess
    expect(monday).toEqual([
      [8 * 60, 9 * 60],
      [10 * 60, 14 * 60],
    ]);
    expect(nextMonday).toEqual([]);
  });

  it('measures how much of a shift fits: fits, partly, outside, or unknown without availability', () => {
    expect(availabilityFit(availability(), shift())).toEqual({ fit: 'fits', ratio: 1 });
    expect(availabilityFit(availability({ weekly: [{ day: 'MO', start: '10:00', end: '12:00' }] }), shift())).toEqual({ fit: 'partly', ratio: 0.5 });
    expect(availabilityFit(availability({ weekly: [{ day: 'TU', start: '08:00', end: '12:00' }] }), shift()).fit).toBe('outside');
    expect(availabilityFit(undefined, shift())).toEqual({ fit: 'unknown', ratio: null });
  });
});

describe('eligibility, with a reason', () => {
  const now = at('2027-03-07', '10:00');
  const base = { userId: 'v1', isMember: true, availability: availability(), claims: [] as ShiftClaim[], now };

  it('lets a member take a free seat', () => {
    expect(decideEligibility({ ...base, shift: shift() })).toMatchObject({ outcome: 'sign_up', reason: 'free', warnings: [], availability: 'fits' });
  });

  it('answers each refusal with its reason, in a fixed order', () => {
    expect(decideEligibility({ ...base, shift: shift({ status: 'cancelled' }) }).reason).toBe('cancelled');
    expect(decideEligibility({ ...base, shift: shift(), now: at(MONDAY, '11:00') }).reason).toBe('ended');
    expect(decideEligibility({ ...base, shift: shift(), isMember: false }).reason).toBe('not_member');
    expect(decideEligibility({ ...base, shift: shift({ volunteers: { v1: { via: 'sign_up', at: now.toISOString() } }, signedUpCount: 1 }) }).reason).toBe(
      'signed_up',
    );
    expect(decideEligibility({ ...base, shift: shift({ waitQueue: ['v1'] }) }).reason).toBe('waitlisted');
    const overlapping = decideEligibility({ ...base, shift: shift(), claims: [claim('other', iso(MONDAY, '10:30'), iso(MONDAY, '12:00'))] });
    expect(overlapping).toMatchObject({ outcome: 'none', reason: 'overlaps', overlapsShiftId: 'other' });
  });

  it('does not count a shift that ends as the next starts as an overlap', () => {
    expect(decideEligibility({ ...base, shift: shift(), claims: [claim('before', iso(MONDAY, '07:00'), iso(MONDAY, '09:00'))] }).reason).toBe('free');
  });

  it('sends a full shift, or one with people waiting, to the waitlist', () => {
    const full = shift({ headcount: 1, signedUpCount: 1, volunteers: { v9: { via: 'sign_up', at: now.toISOString() } } });
    expect(decideEligibility({ ...base, shift: full })).toMatchObject({ outcome: 'waitlist', reason: 'full' });
    expect(decideEligibility({ ...base, shift: shift({ waitQueue: ['v7'] }) })).toMatchObject({ outcome: 'waitlist', reason: 'full' });
  });

  it('allows a shift outside one’s availability, with a warning', () => {
    const outside = decideEligibility({ ...base, shift: shift(), availability: availability({ weekly: [] , exceptions: [{ date: '2027-03-09', available: true, start: '08:00', end: '09:00' }] }) });
    expect(outside).toMatchObject({ outcome: 'sign_up', reason: 'free', warnings: ['outside_availability'], availability: 'outside' });
  });
});

describe('seating a generated shift’s assignee', () => {
  const now = at('2027-03-07', '10:00');
  const base = { userId: 'v1', isMember: true, availability: availability(), claims: [] as ShiftClaim[], now };

  it('seats the member whose duty it is on a free seat, without a warning when it fits their availability', () => {
    // Act
    const decision = decideAssigneeSeat({ ...base, shift: shift() });
    // Assess
    expect(decision).toEqual({ seat: true, alreadySeated: false, warnings: [] });
  });

  it('seats them outside their availability too, since the duty is theirs, with the warning', () => {
    // Prepare
    const elsewhere = availability({ weekly: [{ day: 'TU', start: '08:00', end: '12:00' }] });
    const partly = availability({ weekly: [{ day: 'MO', start: '10:00', end: '12:00' }] });
    // Act
    const outside = decideAssigneeSeat({ ...base, shift: shift(), availability: elsewhere });
    const half = decideAssigneeSeat({ ...base, shift: shift(), availability: partly });
    const unknown = decideAssigneeSeat({ ...base, shift: shift(), availability: undefined });
    // Assess
    expect(outside).toEqual({ seat: true, alreadySeated: false, warnings: ['outside_availability'] });
    expect(half).toEqual({ seat: true, alreadySeated: false, warnings: ['outside_availability'] });
    expect(unknown).toEqual({ seat: true, alreadySeated: false, warnings: [] });
  });

  it('turns them away with one reason, in a fixed order: cancelled, ended, not a member, overlapping, full', () => {
    // Prepare
    const clash = [claim('other', iso(MONDAY, '10:30'), iso(MONDAY, '12:00'))];
    const full = shift({ headcount: 1, signedUpCount: 1, volunteers: { v9: { via: 'sign_up', at: now.toISOString() } } });
    // Act
    const reasons = [
      decideAssigneeSeat({ ...base, shift: shift({ status: 'cancelled' }), isMember: false }),
      decideAssigneeSeat({ ...base, shift: shift(), now: at(MONDAY, '11:00'), isMember: false }),
      decideAssigneeSeat({ ...base, shift: full, isMember: false, claims: clash }),
      decideAssigneeSeat({ ...base, shift: full, claims: clash }),
      decideAssigneeSeat({ ...base, shift: full }),
    ];
    // Assess
    expect(reasons).toEqual([
      { seat: false, reason: 'cancelled' },
      { seat: false, reason: 'ended' },
      { seat: false, reason: 'not_member' },
      { seat: false, reason: 'overlaps', overlapsShiftId: 'other' },
      { seat: false, reason: 'full' },
    ]);
  });

  it('counts them seated when they already hold the seat, and lets nobody waiting stand in their way', () => {
    // Prepare
    const seated = shift({ headcount: 1, signedUpCount: 1, volunteers: { v1: { via: 'sign_up', at: now.toISOString() } } });
    const waiting = shift({ waitQueue: ['v7', 'v1'] });
    // Act
    const already = decideAssigneeSeat({ ...base, shift: seated });
    const queued = decideAssigneeSeat({ ...base, shift: waiting });
    // Assess
    expect(already).toEqual({ seat: true, alreadySeated: true, warnings: [] });
    expect(queued).toEqual({ seat: true, alreadySeated: false, warnings: [] });
  });
});

describe('the notices a generation run owes', () => {
  const now = at('2027-03-07', '10:00');
  const minutesBefore = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
  /** A shift of the week holding v1's seat, marked as owing her the notice of `runId` since `since`. */
  const owed = (id: string, day: number, runId = 'this-run', since = now.toISOString(), overrides: Partial<ShiftRecord> = {}) =>
    shift({
      id,
      start: iso(addDays(MONDAY, day), '09:00'),
      end: iso(addDays(MONDAY, day), '11:00'),
      volunteers: { v1: { via: 'assigned', at: since } },
      signedUpCount: 1,
      assigneeNoticeDue: { userId: 'v1', runId, at: since },
      ...overrides,
    });

  it('gives each member one notice of the seats the run marked, by start, and nothing for shifts without a mark', () => {
    // Prepare
    const hers = [owed('fri', 4), owed('mon', 0), owed('wed', 2)];
    const his = shift({ id: 'his', volunteers: { v2: { via: 'assigned', at: now.toISOString() } }, assigneeNoticeDue: { userId: 'v2', runId: 'this-run', at: now.toISOString() } });
    // Act
    const plan = planAssignmentNotices([...hers, his, shift({ id: 'unmarked' })], 'this-run', now);
    // Assess
    expect(plan.notices.map((notice) => [notice.userId, notice.shifts.map((s) => s.id)])).toEqual([
      ['v1', ['mon', 'wed', 'fri']],
      ['v2', ['his']],
    ]);
    expect(plan.unmark).toEqual([]);
  });

  it('takes up what a run that died left marked, but leaves another run that may still be under way to tell its own', () => {
    // Prepare
    const died = owed('mon', 0, 'died', minutesBefore(CLAIM_SETTLE_MS / 60_000));
    const running = owed('wed', 2, 'running', minutesBefore(1));
    // Act
    const plan = planAssignmentNotices([died, running, owed('fri', 4)], 'this-run', now);
    // Assess
    expect(plan.notices.map((notice) => notice.shifts.map((s) => s.id))).toEqual([['mon', 'fri']]);
  });

  it('does not tell of a seat she left, a cancelled shift or one that is over, and only removes their marks', () => {
    // Prepare
    const left = owed('left', 0, 'this-run', now.toISOString(), { volunteers: {}, signedUpCount: 0 });
    const cancelled = owed('cancelled', 2, 'this-run', now.toISOString(), { status: 'cancelled' });
    const over = owed('over', -7);
    // Act
    const plan = planAssignmentNotices([left, cancelled, over], 'this-run', now);
    // Assess
    expect(plan.notices).toEqual([]);
    expect(plan.unmark.map((s) => s.id)).toEqual(['left', 'cancelled', 'over']);
  });

  it(`splits a member's notice every ${MAX_SHIFTS_PER_NOTICE} shifts`, () => {
    // Prepare
    const many = Array.from({ length: MAX_SHIFTS_PER_NOTICE + 1 }, (_, n) => owed(`s${String(n).padStart(3, '0')}`, Math.floor(n / 2)));
    // Act
    const plan = planAssignmentNotices(many, 'this-run', now);
    // Assess
    expect(plan.notices.map((notice) => notice.shifts.length)).toEqual([MAX_SHIFTS_PER_NOTICE, 1]);
  });
});

describe('claims left behind by a crash', () => {
  const old = claim('s1', iso(MONDAY, '09:00'), iso(MONDAY, '11:00'), '2027-03-07T00:00:00.000Z');

  it('are stale once settled and their shift does not seat the volunteer', () => {
    const now = new Date(Date.parse(old.at) + CLAIM_SETTLE_MS);
    expect(isStaleClaim(old, shift(), 'v1', now)).toBe(true);
    expect(isStaleClaim(old, undefined, 'v1', now)).toBe(true);
  });

  it('are live while a sign-up may still be finishing, or when the seat is theirs', () => {
    const justAfter = new Date(Date.parse(old.at) + 1000);
    const later = new Date(Date.parse(old.at) + 10 * CLAIM_SETTLE_MS);
    expect(isStaleClaim(old, shift(), 'v1', justAfter)).toBe(false);
    expect(isStaleClaim(old, shift({ volunteers: { v1: { via: 'sign_up', at: old.at } } }), 'v1', later)).toBe(false);
  });
});

describe('check-in and hours', () => {
  const seated = shift({ volunteers: { v1: { via: 'sign_up', at: '2027-03-01T00:00:00.000Z' } }, signedUpCount: 1 });

  it('opens check-in half an hour before the start and closes it at the end', () => {
    expect(() => assertCanCheckIn(seated, 'v1', at(MONDAY, '08:29'))).toThrow(/opens/);
    expect(() => assertCanCheckIn(seated, 'v1', at(MONDAY, '08:30'))).not.toThrow();
    expect(() => assertCanCheckIn(seated, 'v1', at(MONDAY, '11:00'))).toThrow(/ended/);
    expect(() => assertCanCheckIn(seated, 'v2', at(MONDAY, '09:00'))).toThrow(/not signed up/);
  });

  it('credits the time from check-in to check-out, up to an hour past the end', () => {
    expect(creditedMinutes(seated, iso(MONDAY, '08:55'), iso(MONDAY, '11:05'))).toBe(130);
    expect(creditedMinutes(seated, iso(MONDAY, '09:00'), iso('2027-03-09', '09:00'))).toBe(180);
  });

  it('sums monthly hours per member from the log, counting no-shows apart', () => {
    // Prepare
    const entry = (userId: string, minutes: number, noShow = false): HoursEntry => ({
      shiftId: `s-${userId}-${minutes}`,
      microGridId: 'm1',
      userId,
      title: '巡查',
      date: MONDAY,
      month: '2027-03',
      minutes,
      noShow,
      recordedAt: MONDAY,
    });
    // Act
    const summary = summariseUnitHours('m1', '2027-03', [entry('v1', 120), entry('v1', 90), entry('v2', 60), entry('v2', 0, true)]);
    // Assess
    expect(summary).toEqual({
      unitId: 'm1',
      month: '2027-03',
      totalMinutes: 270,
      totalHours: 4.5,
      members: [
        { userId: 'v1', minutes: 210, hours: 3.5, shifts: 2, noShows: 0 },
        { userId: 'v2', minutes: 60, hours: 1, shifts: 1, noShows: 1 },
      ],
    });
  });
});

describe('reminders', () => {
  const start = iso(MONDAY, '09:00');

  it('is due a day before, then an hour before, then never again', () => {
    const early = new Date('2027-03-01T00:00:00.000Z');
    expect(nextReminder(start, {}, early)).toEqual({ kind: 'day', dueAt: at('2027-03-07', '09:00') });
    expect(nextReminder(start, { day: 'sent' }, early)).toEqual({ kind: 'hour', dueAt: at(MONDAY, '08:00') });
    expect(nextReminder(start, { day: 'sent', hour: 'sent' }, early)).toBeUndefined();
  });

  it('skips a reminder whose moment was overtaken, and sends one that is merely late', () => {
    // A shift created 3 hours ahead still gets its "day" reminder now; 30 minutes ahead, only the hour one.
    expect(nextReminder(start, {}, at(MONDAY, '06:00'))).toEqual({ kind: 'day', dueAt: at('2027-03-07', '09:00') });
    expect(nextReminder(start, {}, at(MONDAY, '08:30'))).toEqual({ kind: 'hour', dueAt: at(MONDAY, '08:00') });
    expect(nextReminder(start, {}, new Date(start))).toBeUndefined();
  });
});

describe('suggestions for a shift short of people', () => {
  it('ranks by availability fit first, then fewest recent minutes, leaving out who is on it or busy then', () => {
    // Prepare
    const target = shift({ volunteers: { seated: { via: 'sign_up', at: MONDAY } }, signedUpCount: 1 });
    const fits = availability();
    const candidates = [
      { userId: 'busy-fan', availability: fits, claims: [claim('x', iso(MONDAY, '10:00'), iso(MONDAY, '12:00'))], recentMinutes: 0 },
      { userId: 'seated', availability: fits, claims: [], recentMinutes: 0 },
      { userId: 'fits-many-hours', availability: fits, claims: [], recentMinutes: 600 },
      { userId: 'fits-few-hours', availability: fits, claims: [], recentMinutes: 60 },
      { userId: 'unknown-no-hours', availability: undefined, claims: [], recentMinutes: 0 },
      { userId: 'partly', availability: availability({ weekly: [{ day: 'MO', start: '10:00', end: '12:00' }] }), claims: [], recentMinutes: 0 },
      { userId: 'outside', availability: availability({ weekly: [{ day: 'TU', start: '08:00', end: '12:00' }] }), claims: [], recentMinutes: 0 },
    ];
    // Act
    const ranked = rankSuggestions(target, candidates);
    // Assess
    expect(ranked.map((s) => s.userId)).toEqual(['fits-few-hours', 'fits-many-hours', 'partly', 'unknown-no-hours', 'outside']);
    expect(ranked[2]).toMatchObject({ availability: 'partly', fitRatio: 0.5 });
  });
});

describe('the shift as the API shows it', () => {
  it('lists seats in the order they were taken, hides claim tokens, and counts open seats', () => {
    // Act
    const view = viewOf(
      shift({
        volunteers: { b: { via: 'sign_up', at: '2027-03-02T00:00:00.000Z', claimToken: 't' }, a: { via: 'promoted', at: '2027-03-03T00:00:00.000Z' } },
        signedUpCount: 2,
        headcount: 3,
      }),
    );
    // Assess
    expect(view.signedUp).toEqual([
      { userId: 'b', via: 'sign_up', at: '2027-03-02T00:00:00.000Z' },
      { userId: 'a', via: 'promoted', at: '2027-03-03T00:00:00.000Z' },
    ]);
    expect(view.openSeats).toBe(1);
  });
});
