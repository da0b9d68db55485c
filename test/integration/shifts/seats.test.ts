import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOrgUnit, saveMember } from '../../../shared/organisation/repository';
import { cancelShift } from '../../../shared/shifts/cancellation';
import { claimTime } from '../../../shared/shifts/claims';
import { CLAIM_SETTLE_MS } from '../../../shared/shifts/domain/claims';
import { type ShiftRecord, planShift } from '../../../shared/shifts/domain/shift';
import { myShifts } from '../../../shared/shifts/my-shifts';
import { REMINDER_SHARDS, dueReminderItems } from '../../../shared/shifts/repository/reminders';
import { createShift, getShift, updateShift } from '../../../shared/shifts/repository/shifts';
import { getVolunteerDay } from '../../../shared/shifts/repository/volunteer-days';
import { assign } from '../../../shared/shifts/seats';
import { eligibilityFor, signUp, withdraw } from '../../../shared/shifts/sign-ups';
import { handOver } from '../../../shared/shifts/swaps';
import { fillFromWaitlist } from '../../../shared/shifts/waitlist';
import { addDays, instantAt } from '../../../shared/time/local';
import { useEngine } from '../../support/engine';

useEngine();
const bus = mockClient(EventBridgeClient);

const MICRO_GRID = 'm1';
const DAY = '2027-03-08';
const NOW = new Date('2027-03-01T02:00:00.000Z');
const at = (date: string, clock: string) => instantAt(date, Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3))).toISOString();
const later = (ms: number) => new Date(NOW.getTime() + ms);
const volunteers = Array.from({ length: 50 }, (_, n) => `v${String(n).padStart(2, '0')}`);

let counter = 0;
/** A shift of the micro-grid on a local date and window. */
async function aShift(date: string, from: string, to: string, headcount: number): Promise<ShiftRecord> {
  counter += 1;
  const shift = planShift(
    {
      id: `shift-${counter}`,
      microGridId: MICRO_GRID,
      kind: 'patrol',
      title: `巡查 ${counter}`,
      start: at(date, from),
      end: at(date, to),
      headcount,
      createdAt: NOW.toISOString(),
      createdBy: 'gw',
    },
    NOW,
  );
  await createShift(shift, NOW);
  return shift;
}

const claimsOf = async (userId: string, date: string) => (await getVolunteerDay(userId, date)).claims;

beforeAll(async () => {
  // Prepare: one micro-grid with fifty volunteer members.
  await createOrgUnit(
    { id: MICRO_GRID, kind: 'micro_grid', name: '微网格', parentId: 'g1', ancestors: ['g1'], createdAt: NOW.toISOString(), createdBy: 'seed' },
    [],
  );
  for (const userId of [...volunteers, 'solo', 'busy', 'late']) {
    await saveMember({ unitId: MICRO_GRID, userId, memberRole: 'volunteer', joinedAt: NOW.toISOString(), addedBy: 'seed' }, []);
  }
});

beforeEach(() => {
  bus.reset();
  bus.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{}] });
});

describe('headcount, an invariant on the shift item', () => {
  it('seats exactly 3 of 50 concurrent sign-ups and waitlists the other 47, round after round', async () => {
    for (let round = 0; round < 3; round += 1) {
      // Prepare
      const date = addDays(DAY, round);
      const shift = await aShift(date, '09:00', '11:00', 3);
      // Act
      const results = await Promise.all(volunteers.map((userId) => signUp(shift.id, userId, NOW)));
      // Assess
      const stored = (await getShift(shift.id))!;
      const seated = Object.keys(stored.volunteers).sort();
      expect(results.filter((r) => r.status === 'signed_up')).toHaveLength(3);
      expect(results.filter((r) => r.status === 'waitlisted')).toHaveLength(47);
      expect(stored.signedUpCount).toBe(3);
      expect(seated).toHaveLength(3);
      expect(new Set(stored.waitQueue).size).toBe(47);
      expect(stored.waitQueue.filter((userId) => seated.includes(userId))).toEqual([]);
      // Only the seated hold an interval on their day.
      for (const userId of volunteers) {
        expect((await claimsOf(userId, date)).map((c) => c.shiftId)).toEqual(seated.includes(userId) ? [shift.id] : []);
      }
    }
  });

  it('gives the seat of a withdrawal to the first waiting person, and only to them', async () => {
    // Prepare
    const shift = await aShift('2027-03-12', '09:00', '11:00', 3);
    await Promise.all(volunteers.slice(0, 10).map((userId) => signUp(shift.id, userId, NOW)));
    const before = (await getShift(shift.id))!;
    const leaving = Object.keys(before.volunteers)[0]!;
    const first = before.waitQueue[0]!;
    // Act
    const outcome = await withdraw(shift.id, leaving, leaving, NOW, { staff: false });
    // Assess
    const after = (await getShift(shift.id))!;
    expect(outcome).toBe('withdrawn');
    expect(after.signedUpCount).toBe(3);
    expect(after.volunteers[first]).toMatchObject({ via: 'promoted' });
    expect(after.volunteers[leaving]).toBeUndefined();
    expect(after.waitQueue).toEqual(before.waitQueue.slice(1));
    expect((await claimsOf(first, '2027-03-12')).map((c) => c.shiftId)).toEqual([shift.id]);
    expect(await claimsOf(leaving, '2027-03-12')).toEqual([]);
  });

  it('lets concurrent withdrawals promote the waiting people in order, never beyond the headcount', async () => {
    // Prepare
    const shift = await aShift('2027-03-13', '09:00', '11:00', 3);
    for (const userId of volunteers.slice(0, 8)) await signUp(shift.id, userId, NOW);
    const before = (await getShift(shift.id))!;
    // Act
    await Promise.all(Object.keys(before.volunteers).map((userId) => withdraw(shift.id, userId, userId, NOW, { staff: false })));
    // Assess
    const after = (await getShift(shift.id))!;
    expect(after.signedUpCount).toBe(3);
    expect(Object.keys(after.volunteers).sort()).toEqual(before.waitQueue.slice(0, 3).sort());
    expect(after.waitQueue).toEqual(before.waitQueue.slice(3));
  });
});

describe('no volunteer booked twice at once', () => {
  it('gives one volunteer at most one of two overlapping shifts signed up for at the same moment, in 30 rounds', async () => {
    for (let round = 0; round < 30; round += 1) {
      // Prepare: a fresh day each round, two shifts overlapping by an hour.
      const date = addDays('2027-04-01', round);
      const [a, b] = [await aShift(date, '09:00', '11:00', 5), await aShift(date, '10:00', '12:00', 5)];
      // Act
      const results = await Promise.allSettled([signUp(a.id, 'solo', NOW), signUp(b.id, 'solo', NOW)]);
      // Assess
      const seats = [await getShift(a.id), await getShift(b.id)].filter((shift) => shift!.volunteers.solo);
      expect(seats.length, `round ${round}`).toBe(1);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refusal = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refusal.reason).toMatchObject({ status: 409, code: 'shift_not_eligible', errors: [{ code: 'overlaps' }] });
      expect((await claimsOf('solo', date)).map((c) => c.shiftId)).toEqual([seats[0]!.id]);
    }
  });

  it('releases a claim a crash left without a seat once it has settled, not before', async () => {
    // Prepare: a claim written, then the process died before taking the seat.
    const [crashed, other] = [await aShift('2027-05-03', '09:00', '11:00', 2), await aShift('2027-05-03', '10:00', '12:00', 2)];
    const claim = await claimTime('late', crashed, NOW);
    expect(claim.ok).toBe(true);
    // Act
    const tooSoon = await signUp(other.id, 'late', later(10_000)).catch((error: unknown) => error);
    const settled = await signUp(other.id, 'late', later(CLAIM_SETTLE_MS + 1000));
    // Assess
    expect(tooSoon).toMatchObject({ status: 409, errors: [{ code: 'overlaps' }] });
    expect(settled.status).toBe('signed_up');
    expect((await claimsOf('late', '2027-05-03')).map((c) => c.shiftId)).toEqual([other.id]);
  });

  it('drops a waiting person who is busy by the time a seat frees up, and seats the next one', async () => {
    // Prepare
    const shift = await aShift('2027-05-04', '09:00', '11:00', 1);
    const clash = await aShift('2027-05-04', '10:00', '11:00', 1);
    await signUp(shift.id, 'v00', NOW);
    await signUp(shift.id, 'busy', NOW);
    await signUp(shift.id, 'v01', NOW);
    await signUp(clash.id, 'busy', NOW);
    // Act
    await withdraw(shift.id, 'v00', 'v00', NOW, { staff: false });
    // Assess
    const after = (await getShift(shift.id))!;
    expect(Object.keys(after.volunteers)).toEqual(['v01']);
    expect(after.waitQueue).toEqual([]);
  });

  it('repairs a free seat left with a queue (a crash after a withdrawal) when the shift is next read', async () => {
    // Prepare: the seat was given up but the process died before promoting anyone.
    const shift = await aShift('2027-05-05', '09:00', '11:00', 1);
    await signUp(shift.id, 'v02', NOW);
    await signUp(shift.id, 'v03', NOW);
    await updateShift(
      shift.id,
      { removePaths: [['volunteers', 'v02']], add: { signedUpCount: -1 }, condition: 'attribute_exists(pk)' },
      [],
    );
    // Act
    const promoted = await fillFromWaitlist(shift.id, NOW);
    const newcomer = await signUp(shift.id, 'v04', NOW);
    // Assess: the queue was served first; the newcomer waits.
    expect(promoted).toBe(1);
    expect(Object.keys((await getShift(shift.id))!.volunteers)).toEqual(['v03']);
    expect(newcomer).toMatchObject({ status: 'waitlisted', position: 1 });
  });

  it('keeps a free seat for the queue: a newcomer queues behind, and the head is seated', async () => {
    // Prepare: the same crash, but the next thing that happens is a sign-up.
    const shift = await aShift('2027-05-08', '09:00', '11:00', 1);
    await signUp(shift.id, 'v12', NOW);
    await signUp(shift.id, 'v13', NOW);
    await updateShift(
      shift.id,
      { removePaths: [['volunteers', 'v12']], add: { signedUpCount: -1 }, condition: 'attribute_exists(pk)' },
      [],
    );
    // Act
    const newcomer = await signUp(shift.id, 'v14', NOW);
    // Assess
    expect(newcomer).toMatchObject({ status: 'waitlisted', position: 1 });
    expect(Object.keys((await getShift(shift.id))!.volunteers)).toEqual(['v13']);
  });
});

describe('the grid worker’s moves', () => {
  it('assigns a member directly, but not beyond the headcount nor over their other shift', async () => {
    // Prepare
    const shift = await aShift('2027-05-06', '09:00', '11:00', 1);
    const clash = await aShift('2027-05-06', '08:00', '10:00', 1);
    await signUp(clash.id, 'v06', NOW);
    // Act
    const overlapping = await assign(shift.id, 'v06', 'gw', NOW).catch((error: unknown) => error);
    const assigned = await assign(shift.id, 'v05', 'gw', NOW);
    const full = await assign(shift.id, 'v07', 'gw', NOW).catch((error: unknown) => error);
    const notMember = await assign(shift.id, 'stranger', 'gw', NOW).catch((error: unknown) => error);
    // Assess
    expect(overlapping).toMatchObject({ status: 409, code: 'shift_not_eligible' });
    expect(assigned.volunteers.v05).toMatchObject({ via: 'assigned' });
    expect(full).toMatchObject({ status: 409 });
    expect(notMember).toMatchObject({ status: 404 });
  });

  it('hands a seat over in one write, moving the claim from one day schedule to the other', async () => {
    // Prepare
    const shift = await aShift('2027-05-07', '09:00', '11:00', 1);
    await signUp(shift.id, 'v08', NOW);
    // Act
    const failure = await handOver(shift.id, 'v08', 'v09', 'gw', NOW);
    const again = await handOver(shift.id, 'v08', 'v09', 'gw', NOW);
    // Assess
    expect(failure).toBeUndefined();
    expect(again).toBeUndefined();
    expect(Object.keys((await getShift(shift.id))!.volunteers)).toEqual(['v09']);
    expect(await claimsOf('v08', '2027-05-07')).toEqual([]);
    expect((await claimsOf('v09', '2027-05-07')).map((c) => c.shiftId)).toEqual([shift.id]);
  });
});

describe('a cancelled shift', () => {
  it('frees the time of everyone on it at once, refuses sign-ups with a reason, and leaves the reminders’ worklist', async () => {
    // Prepare
    const shift = await aShift('2027-06-10', '09:00', '11:00', 1);
    const sameTime = await aShift('2027-06-10', '09:00', '11:00', 1);
    await signUp(shift.id, 'v20', NOW);
    await signUp(shift.id, 'v21', NOW);
    // Act
    const cancelled = await cancelShift(shift.id, 'gw', '暴雨', NOW);
    const again = await cancelShift(shift.id, 'gw', undefined, NOW);
    const elsewhere = await signUp(sameTime.id, 'v20', NOW);
    const eligibility = await eligibilityFor(cancelled, 'v22', NOW);
    // Assess
    expect(cancelled.status).toBe('cancelled');
    expect(again.status).toBe('cancelled');
    expect(await claimsOf('v20', '2027-06-10')).toEqual([expect.objectContaining({ shiftId: sameTime.id })]);
    expect(elsewhere.status).toBe('signed_up');
    expect(eligibility.reason).toBe('cancelled');
    expect((await myShifts('v21', '2027-06-10', '2027-06-10', NOW)).map((entry) => entry.shift.id)).toEqual([]);
    const due = [];
    for (let shard = 0; shard < REMINDER_SHARDS; shard += 1) due.push(...(await dueReminderItems(shard, new Date('2028-01-01T00:00:00.000Z'), { limit: 100 })).items);
    expect(due.map((item) => item.shiftId)).toContain(sameTime.id);
    expect(due.map((item) => item.shiftId)).not.toContain(shift.id);
  });
});

describe('my shifts', () => {
  it('lists my seats and waitlist places from my day items, checked against the shifts', async () => {
    // Prepare
    const seat = await aShift('2027-06-01', '09:00', '11:00', 1);
    const wait = await aShift('2027-06-02', '09:00', '11:00', 1);
    await signUp(seat.id, 'v10', NOW);
    await signUp(wait.id, 'v11', NOW);
    await signUp(wait.id, 'v10', NOW);
    const left = await aShift('2027-06-03', '09:00', '11:00', 1);
    await signUp(left.id, 'v10', NOW);
    await withdraw(left.id, 'v10', 'v10', NOW, { staff: false });
    // Act
    const mine = await myShifts('v10', '2027-06-01', '2027-06-30', NOW);
    // Assess
    expect(mine.map((entry) => [entry.shift.id, entry.status, entry.position])).toEqual([
      [seat.id, 'signed_up', undefined],
      [wait.id, 'waitlisted', 1],
    ]);
  });
});
