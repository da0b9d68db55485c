import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOrgUnit, saveMember } from '../../../shared/organisation/repository';
import { actionsSpent } from '../../../shared/rate-limit';
import { SHIFT_WITHDRAWAL_LIMIT } from '../../../shared/shifts/domain/eligibility';
import { type ShiftRecord, planShift } from '../../../shared/shifts/domain/shift';
import { createShift, getShift } from '../../../shared/shifts/repository/shifts';
import { signUp, withdraw } from '../../../shared/shifts/sign-ups';
import { addDays, instantAt } from '../../../shared/time/local';
import { keys } from '../../../shared/table/design';
import { useEngine } from '../../support/engine';
import { itemBytes, storedItem } from '../../support/item-size';

/** A volunteer signing up and withdrawing in a loop: the shift item stays as it was, and the loop stops. */

useEngine();
mockClient(EventBridgeClient).on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{}] });

const MICRO_GRID = 'churn-m1';
const DAY = '2027-03-08';
const NOW = new Date('2027-03-01T02:10:00.000Z');
const at = (clock: string) => instantAt(DAY, Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3))).toISOString();

async function aShift(id: string, headcount: number): Promise<ShiftRecord> {
  const shift = planShift(
    { id, microGridId: MICRO_GRID, kind: 'patrol', title: `巡查 ${id}`, start: at('09:00'), end: at('11:00'), headcount, createdAt: NOW.toISOString(), createdBy: 'gw' },
    NOW,
  );
  await createShift(shift, NOW);
  return shift;
}

beforeAll(async () => {
  // Prepare: a micro-grid with four volunteers.
  await createOrgUnit(
    { id: MICRO_GRID, kind: 'micro_grid', name: '微网格', parentId: 'g1', ancestors: ['g1'], createdAt: NOW.toISOString(), createdBy: 'seed' },
    [],
  );
  for (const userId of ['flip', 'queuer', 'seated', 'planner']) {
    await saveMember({ unitId: MICRO_GRID, userId, memberRole: 'volunteer', joinedAt: NOW.toISOString(), addedBy: 'seed' }, []);
  }
});

describe(`the shift churn limit: no sign-up after ${SHIFT_WITHDRAWAL_LIMIT.max} withdrawals in an hour`, () => {
  it('leaves the shift item as it was after each round, and refuses the sign-up after the tenth withdrawal with 429 and a Retry-After', async () => {
    // Prepare
    const shift = await aShift('churn-seat', 2);
    const shiftItem = async () => (await storedItem(keys.shift(shift.id)))!;
    const round = async () => {
      await signUp(shift.id, 'flip', NOW);
      await withdraw(shift.id, 'flip', 'flip', NOW, { staff: false });
    };
    // Act
    for (let index = 0; index < 3; index += 1) await round();
    const few = await shiftItem();
    for (let index = 3; index < SHIFT_WITHDRAWAL_LIMIT.max; index += 1) await round();
    const many = await shiftItem();
    const refused = await signUp(shift.id, 'flip', NOW).catch((error: unknown) => error);
    const nextHour = await signUp(shift.id, 'flip', new Date('2027-03-01T03:00:00.000Z'));
    // Assess
    expect(itemBytes(many)).toBe(itemBytes(few));
    expect(refused).toMatchObject({ status: 429, code: 'too_many_requests', headers: { 'retry-after': String(50 * 60) } });
    expect(nextHour.status).toBe('signed_up');
  });

  it('keeps one place per volunteer on the waitlist, however often they join and leave it', async () => {
    // Prepare: a full shift.
    const shift = await aShift('churn-queue', 1);
    await signUp(shift.id, 'seated', NOW);
    // Act
    for (let index = 0; index < 5; index += 1) {
      await signUp(shift.id, 'queuer', NOW);
      await withdraw(shift.id, 'queuer', 'queuer', NOW, { staff: false });
    }
    const queued = await signUp(shift.id, 'queuer', NOW);
    const stored = await getShift(shift.id);
    // Assess
    expect(queued).toMatchObject({ status: 'waitlisted', position: 1 });
    expect(stored!.waitQueue).toEqual(['queuer']);
    expect(await actionsSpent('queuer', SHIFT_WITHDRAWAL_LIMIT, NOW)).toBe(5);
  });

  it('never limits signing up for many shifts at once, nor withdrawals, nor leaving a micro-grid', async () => {
    // Prepare: twelve shifts on twelve days.
    const many = [];
    for (let index = 0; index < 12; index += 1) {
      const shift = planShift(
        {
          id: `churn-month-${index}`,
          microGridId: MICRO_GRID,
          kind: 'patrol',
          title: '巡查',
          start: instantAt(addDays(DAY, index), 9 * 60).toISOString(),
          end: instantAt(addDays(DAY, index), 11 * 60).toISOString(),
          headcount: 3,
          createdAt: NOW.toISOString(),
          createdBy: 'gw',
        },
        NOW,
      );
      await createShift(shift, NOW);
      many.push(shift);
    }
    // Act
    const signedUp = [];
    for (const shift of many) signedUp.push(await signUp(shift.id, 'planner', NOW));
    const withdrawn = [];
    for (const shift of many.slice(0, 11)) withdrawn.push(await withdraw(shift.id, 'planner', 'planner', NOW, { staff: false }));
    const leaving = await withdraw(many[11]!.id, 'planner', 'planner', NOW, { staff: false, churn: false });
    // Assess
    expect(signedUp.every((result) => result.status === 'signed_up')).toBe(true);
    expect(withdrawn.every((outcome) => outcome === 'withdrawn')).toBe(true);
    expect(leaving).toBe('withdrawn');
    expect(await actionsSpent('planner', SHIFT_WITHDRAWAL_LIMIT, NOW)).toBe(11);
  });
});
