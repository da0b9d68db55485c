import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Identity } from '../../../shared/auth/identity';
import { createOrgUnit, removeMember, saveMember } from '../../../shared/organisation/repository';
import { generatedShiftId, planShiftsFromDuty } from '../../../shared/shifts/domain/generation';
import { planShift } from '../../../shared/shifts/domain/shift';
import { createGeneratedShift, generateShifts } from '../../../shared/shifts/generation';
import type { Duty } from '../../../shared/shifts/model';
import { myShifts } from '../../../shared/shifts/my-shifts';
import { saveAvailability } from '../../../shared/shifts/repository/availability';
import { createShift, getShift, getShifts } from '../../../shared/shifts/repository/shifts';
import { getVolunteerDay } from '../../../shared/shifts/repository/volunteer-days';
import { assign } from '../../../shared/shifts/seats';
import { signUp, withdraw } from '../../../shared/shifts/sign-ups';
import { addDays, instantAt, plusMinutes } from '../../../shared/time/local';
import { useEngine } from '../../support/engine';

useEngine();
const bus = mockClient(EventBridgeClient);

const MICRO_GRID = 'm1';
const NOW = new Date('2027-03-01T02:00:00.000Z');
const gridWorker: Identity = { userId: 'gw', role: 'grid_worker', units: ['g1'] };
const at = (date: string, clock: string) => instantAt(date, Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3))).toISOString();
const volunteers = Array.from({ length: 10 }, (_, n) => `v${n}`);

/** A duty of the micro-grid's responsibility list: weekly on Mondays, Wednesdays and Fridays, 09:00–11:00. */
const aDuty = (id: string, assigneeId: string | undefined, headcount = 2): Duty => ({
  id,
  microGridId: MICRO_GRID,
  title: `巡查 ${id}`,
  kind: 'patrol',
  ...(assigneeId ? { assigneeId } : {}),
  recurrence: { frequency: 'weekly', days: ['MO', 'WE', 'FR'], start: '09:00', end: '11:00' },
  headcount,
  createdAt: NOW.toISOString(),
  createdBy: 'gw',
});

/** What the generateShifts operation does with one duty: plan, then one generation run over the plan. */
const generate = (duty: Duty, from: string, weeks = 1, now = NOW) =>
  generateShifts(planShiftsFromDuty(duty, from, weeks, gridWorker, now), gridWorker.userId, now);

/** The data of the events of one detail-type handed to EventBridge so far. */
const published = <T>(detailType: string) =>
  bus
    .commandCalls(PutEventsCommand)
    .flatMap((call) => call.args[0].input.Entries!)
    .filter((entry) => entry.DetailType === detailType)
    .map((entry) => JSON.parse(entry.Detail!).data as T);
const signedUpEvents = () => published<{ shiftId: string; userId: string; via: string; by: string; generated?: boolean }>('shifts.signed-up');
type DutiesAssigned = { microGridId: string; userId: string; dutyIds: string[]; shifts: { shiftId: string; start: string; end: string }[]; by: string };
const dutiesAssignedEvents = () => published<DutiesAssigned>('shifts.duties-assigned');

const claimsOf = async (userId: string, date: string) => (await getVolunteerDay(userId, date)).claims.map((claim) => claim.shiftId);

beforeAll(async () => {
  // Prepare: one micro-grid; each test has its own assignee, so their schedules never meet.
  await createOrgUnit(
    { id: MICRO_GRID, kind: 'micro_grid', name: '微网格', parentId: 'g1', ancestors: ['g1'], createdAt: NOW.toISOString(), createdBy: 'seed' },
    [],
  );
  for (const userId of [...volunteers, 'li', 'wang', 'zhao', 'qian', 'sun', 'zhou', 'wu', 'zheng', 'gone', 'feng', 'chen', 'chu', 'wei']) {
    await saveMember({ unitId: MICRO_GRID, userId, memberRole: 'volunteer', joinedAt: NOW.toISOString(), addedBy: 'seed' }, []);
  }
});

beforeEach(() => {
  bus.reset();
  bus.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{}] });
});

describe('generating shifts from a duty that is one member’s', () => {
  it('seats the member on every new shift as a direct assignment would, and lists them in her shifts', async () => {
    // Prepare
    const duty = aDuty('d-li', 'li');
    const monday = '2027-03-08';
    const ids = [monday, '2027-03-10', '2027-03-12'].map((date) => generatedShiftId(duty.id, date));
    // Act
    const result = await generate(duty, monday);
    // Assess
    expect(result.created).toEqual(ids);
    expect(result.assignees).toEqual(ids.map((shiftId) => ({ shiftId, userId: 'li', seated: true, warnings: [] })));
    for (const id of ids) {
      const stored = (await getShift(id))!;
      expect(stored.volunteers.li).toMatchObject({ via: 'assigned', claimToken: expect.any(String) });
      expect(stored.signedUpCount).toBe(1);
      expect(stored.pendingAssignee).toBeUndefined();
    }
    expect(await claimsOf('li', monday)).toEqual([ids[0]]);
    const mine = await myShifts('li', monday, addDays(monday, 6), NOW);
    expect(mine.map((entry) => [entry.shift.id, entry.status])).toEqual(ids.map((id) => [id, 'signed_up']));
    expect(signedUpEvents()).toEqual(ids.map((shiftId) => expect.objectContaining({ shiftId, userId: 'li', via: 'assigned', by: 'gw', generated: true })));
  });

  it('counts the member toward the headcount: of ten sign-ups at once only the remaining seat is taken', async () => {
    // Prepare
    const duty = aDuty('d-wang', 'wang', 2);
    const monday = '2027-03-15';
    const [shiftId] = (await generate(duty, monday)).created;
    // Act
    const results = await Promise.all(volunteers.map((userId) => signUp(shiftId!, userId, NOW)));
    // Assess
    const stored = (await getShift(shiftId!))!;
    expect(stored.signedUpCount).toBe(2);
    expect(Object.keys(stored.volunteers)).toHaveLength(2);
    expect(stored.volunteers.wang).toMatchObject({ via: 'assigned' });
    expect(results.filter((result) => result.status === 'signed_up')).toHaveLength(1);
    expect(stored.waitQueue).toHaveLength(9);
  });

  it('seats the member outside their availability all the same, with the warning', async () => {
    // Prepare: available on Tuesdays only.
    await saveAvailability({
      userId: 'zhou',
      timeZone: 'Asia/Shanghai',
      weekly: [{ day: 'TU', start: '08:00', end: '12:00' }],
      exceptions: [],
      updatedAt: NOW.toISOString(),
    });
    // Act
    const result = await generate(aDuty('d-zhou', 'zhou'), '2027-03-22');
    // Assess
    expect(result.assignees.map((seating) => [seating.seated, seating.warnings])).toEqual([
      [true, ['outside_availability']],
      [true, ['outside_availability']],
      [true, ['outside_availability']],
    ]);
  });
});

describe('generating again', () => {
  it('seats nobody twice, even with two runs at once', async () => {
    // Prepare
    const duty = aDuty('d-zhao', 'zhao');
    const monday = '2027-03-29';
    // Act
    const [first, second] = await Promise.all([generate(duty, monday), generate(duty, monday)]);
    const third = await generate(duty, monday);
    // Assess
    const ids = planShiftsFromDuty(duty, monday, 1, gridWorker, NOW).map((shift) => shift.id);
    expect([...first!.created, ...second!.created].sort()).toEqual(ids);
    const seatedEntries = [...first!.assignees, ...second!.assignees].filter((seating) => seating.seated).map((seating) => seating.shiftId);
    expect(seatedEntries.sort()).toEqual(ids);
    expect(third).toEqual({ created: [], existing: ids, assignees: [] });
    for (const id of ids) {
      const stored = (await getShift(id))!;
      expect(Object.keys(stored.volunteers)).toEqual(['zhao']);
      expect(stored.signedUpCount).toBe(1);
    }
    expect(await claimsOf('zhao', monday)).toEqual([ids[0]]);
    expect(signedUpEvents().map((event) => event.shiftId).sort()).toEqual(ids);
    const told = dutiesAssignedEvents().flatMap((event) => event.shifts.map((shift) => shift.shiftId));
    expect(told.sort()).toEqual(ids);
  });

  it('does not seat again a member who withdrew, or whom the grid worker took off, after the shift was generated', async () => {
    // Prepare
    const duty = aDuty('d-qian', 'qian');
    const monday = '2027-04-05';
    const [mon, wed, fri] = (await generate(duty, monday)).created;
    await withdraw(mon!, 'qian', 'qian', NOW, { staff: false });
    await withdraw(wed!, 'qian', 'gw', NOW, { staff: true });
    bus.resetHistory();
    // Act
    const again = await generate(duty, monday);
    // Assess
    expect(again).toEqual({ created: [], existing: [mon, wed, fri], assignees: [] });
    expect((await getShift(mon!))!.volunteers).toEqual({});
    expect((await getShift(wed!))!.volunteers).toEqual({});
    expect(Object.keys((await getShift(fri!))!.volunteers)).toEqual(['qian']);
    expect(signedUpEvents()).toEqual([]);
  });

  it('finishes a generation interrupted between the shift and the seat, but not once the member took the seat by hand and left', async () => {
    // Prepare: both shifts were created, then the process died before seating anyone.
    const duty = aDuty('d-sun', 'sun');
    const monday = '2027-04-12';
    const [interrupted, tookAndLeft] = planShiftsFromDuty(duty, monday, 1, gridWorker, NOW);
    await createShift(interrupted!, NOW);
    await createShift(tookAndLeft!, NOW);
    await signUp(tookAndLeft!.id, 'sun', NOW);
    await withdraw(tookAndLeft!.id, 'sun', 'sun', NOW, { staff: false });
    // Act
    const result = await generate(duty, monday);
    // Assess
    expect(result.existing).toEqual([interrupted!.id, tookAndLeft!.id]);
    expect(result.assignees).toEqual([
      { shiftId: interrupted!.id, userId: 'sun', seated: true, warnings: [] },
      { shiftId: generatedShiftId(duty.id, '2027-04-16'), userId: 'sun', seated: true, warnings: [] },
    ]);
    expect((await getShift(interrupted!.id))!.volunteers.sun).toMatchObject({ via: 'assigned' });
    expect((await getShift(tookAndLeft!.id))!.volunteers).toEqual({});
  });

  it('leaves the member out with `full` when an interrupted generation is finished after others filled the shift, never overbooking', async () => {
    // Prepare: created (then the process died), and the one seat went to someone else meanwhile.
    const duty = aDuty('d-wu', 'wu', 1);
    const monday = '2027-04-19';
    const [shift] = planShiftsFromDuty(duty, monday, 1, gridWorker, NOW);
    await createShift(shift!, NOW);
    await signUp(shift!.id, 'v0', NOW);
    // Act
    const result = await generate(duty, monday);
    const again = await generate(duty, monday);
    // Assess
    expect(result.assignees[0]).toEqual({ shiftId: shift!.id, userId: 'wu', seated: false, reason: 'full', warnings: [] });
    expect(again.assignees.map((seating) => seating.shiftId)).not.toContain(shift!.id);
    const stored = (await getShift(shift!.id))!;
    expect(Object.keys(stored.volunteers)).toEqual(['v0']);
    expect(stored.signedUpCount).toBe(1);
    expect(await claimsOf('wu', monday)).toEqual([]);
  });
});

describe('a member who cannot be seated', () => {
  it('holds an overlapping shift: the shift is still generated, and the reason names the other shift', async () => {
    // Prepare: on Monday she already has 10:00–12:00.
    const monday = '2027-04-26';
    const other = planShift(
      { id: 'zheng-other', microGridId: MICRO_GRID, kind: 'visit', title: '走访', start: at(monday, '10:00'), end: at(monday, '12:00'), headcount: 1, createdAt: NOW.toISOString(), createdBy: 'gw' },
      NOW,
    );
    await createShift(other, NOW);
    await signUp(other.id, 'zheng', NOW);
    const duty = aDuty('d-zheng', 'zheng');
    // Act
    const result = await generate(duty, monday);
    const again = await generate(duty, monday);
    // Assess
    const mondayShift = generatedShiftId(duty.id, monday);
    expect(result.created).toContain(mondayShift);
    expect(result.assignees.find((seating) => seating.shiftId === mondayShift)).toEqual({
      shiftId: mondayShift,
      userId: 'zheng',
      seated: false,
      reason: 'overlaps',
      overlapsShiftId: other.id,
      warnings: [],
    });
    expect(result.assignees.filter((seating) => seating.seated)).toHaveLength(2);
    expect(again.assignees).toEqual([]);
    expect((await getShift(mondayShift))!).toMatchObject({ volunteers: {}, signedUpCount: 0 });
    expect(await claimsOf('zheng', monday)).toEqual([other.id]);
  });

  it('is no longer a member: the shifts are still generated, each saying so', async () => {
    // Prepare
    await removeMember(MICRO_GRID, 'gone', NOW, []);
    // Act
    const result = await generate(aDuty('d-gone', 'gone'), '2027-05-03');
    // Assess
    expect(result.created).toHaveLength(3);
    expect(result.assignees.map((seating) => [seating.userId, seating.seated, seating.reason])).toEqual([
      ['gone', false, 'not_member'],
      ['gone', false, 'not_member'],
      ['gone', false, 'not_member'],
    ]);
  });

  it('does not exist, for a duty of no one: nothing is reported and nobody is seated', async () => {
    // Act
    const result = await generate(aDuty('d-nobody', undefined), '2027-05-10');
    // Assess
    expect(result.created).toHaveLength(3);
    expect(result.assignees).toEqual([]);
    expect(signedUpEvents()).toEqual([]);
  });
});

describe('telling the member of the seats generation gave them', () => {
  it('tells her once for all the seats of a run, in one event listing them by start, while each seat’s own event says it was generated', async () => {
    // Prepare: eight weeks of a three-days-a-week duty.
    const duty = aDuty('d-feng', 'feng');
    const monday = '2027-05-17';
    const planned = planShiftsFromDuty(duty, monday, 8, gridWorker, NOW);
    // Act
    const result = await generate(duty, monday, 8);
    // Assess
    expect(result.created).toHaveLength(24);
    expect(signedUpEvents()).toEqual(
      planned.map((shift) => expect.objectContaining({ shiftId: shift.id, userId: 'feng', via: 'assigned', generated: true })),
    );
    expect(dutiesAssignedEvents()).toEqual([
      {
        microGridId: MICRO_GRID,
        userId: 'feng',
        dutyIds: ['d-feng'],
        shifts: planned.map((shift) => ({ shiftId: shift.id, dutyId: 'd-feng', title: duty.title, start: shift.start, end: shift.end })),
        by: 'gw',
      },
    ]);
    const stored = await getShifts(planned.map((shift) => shift.id));
    expect([...stored.values()].filter((shift) => shift.assigneeNoticeDue)).toEqual([]);
  });

  it('publishes nothing when a run seats nobody new', async () => {
    // Prepare
    const duty = aDuty('d-chen', 'chen');
    const monday = '2027-05-17';
    await generate(duty, monday);
    bus.resetHistory();
    // Act
    const again = await generate(duty, monday);
    // Assess
    expect(again.assignees).toEqual([]);
    expect(signedUpEvents()).toEqual([]);
    expect(dutiesAssignedEvents()).toEqual([]);
  });

  it('tells her of the seats a run that died before its notice left behind, once they are too old to be a run still under way, and only once', async () => {
    // Prepare: a run seats her on the three shifts, then dies before writing its notice.
    const duty = aDuty('d-chu', 'chu');
    const monday = '2027-05-24';
    const planned = planShiftsFromDuty(duty, monday, 1, gridWorker, NOW);
    for (const shift of planned) await createGeneratedShift(shift, 'gw', NOW, 'a-run-that-died');
    bus.resetHistory();
    // Act
    await generate(duty, monday, 1, NOW);
    const whileItMightStillRun = dutiesAssignedEvents();
    await generate(duty, monday, 1, plusMinutes(NOW, 3));
    const later = dutiesAssignedEvents();
    await generate(duty, monday, 1, plusMinutes(NOW, 10));
    // Assess
    expect(whileItMightStillRun).toEqual([]);
    expect(later).toEqual([expect.objectContaining({ userId: 'chu', shifts: planned.map((shift) => expect.objectContaining({ shiftId: shift.id })) })]);
    expect(dutiesAssignedEvents()).toHaveLength(1);
  });

  it('does not tell her of a seat she left before the notice was written', async () => {
    // Prepare: a run seats her and dies; she leaves the Monday shift.
    const duty = aDuty('d-wei', 'wei');
    const monday = '2027-05-24';
    const [mon, wed, fri] = planShiftsFromDuty(duty, monday, 1, gridWorker, NOW);
    for (const shift of [mon!, wed!, fri!]) await createGeneratedShift(shift, 'gw', NOW, 'a-run-that-died');
    await withdraw(mon!.id, 'wei', 'wei', NOW, { staff: false });
    bus.resetHistory();
    // Act
    await generate(duty, monday, 1, plusMinutes(NOW, 3));
    // Assess
    expect(dutiesAssignedEvents().map((event) => event.shifts.map((shift) => shift.shiftId))).toEqual([[wed!.id, fri!.id]]);
    expect((await getShift(mon!.id))!.assigneeNoticeDue).toBeUndefined();
  });

  it('leaves the grid worker’s direct assignment of one shift to its own per-shift notice', async () => {
    // Prepare
    const [shiftId] = (await generate(aDuty('d-open', undefined), '2027-05-31')).created;
    bus.resetHistory();
    // Act
    await assign(shiftId!, 'v1', 'gw', NOW);
    // Assess
    expect(signedUpEvents()).toEqual([{ shiftId, microGridId: MICRO_GRID, title: '巡查 d-open', start: expect.any(String), end: expect.any(String), userId: 'v1', via: 'assigned', by: 'gw' }]);
    expect(dutiesAssignedEvents()).toEqual([]);
  });
});
