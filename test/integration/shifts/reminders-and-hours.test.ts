import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handler as shiftHours } from '../../../functions/consumers/shift-hours';
import { documents } from '../../../shared/aws/clients';
import { config } from '../../../shared/config';
import { relayOutbox } from '../../../shared/events/outbox';
import { createOrgUnit, saveMember } from '../../../shared/organisation/repository';
import { checkIn, checkOut, markNoShow } from '../../../shared/shifts/attendance';
import { planShift } from '../../../shared/shifts/domain/shift';
import { sendDueReminders } from '../../../shared/shifts/reminders';
import { hoursOfMicroGrid, hoursOfVolunteer } from '../../../shared/shifts/repository/hours';
import { createShift, getShift } from '../../../shared/shifts/repository/shifts';
import { signUp } from '../../../shared/shifts/sign-ups';
import { instantAt } from '../../../shared/time/local';
import { keys } from '../../../shared/table/design';
import { lambdaContext } from '../../support/http-events';
import { useEngine } from '../../support/engine';

useEngine();
const bus = mockClient(EventBridgeClient);

const NOW = new Date('2027-03-01T02:00:00.000Z');
const at = (date: string, clock: string) => instantAt(date, Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3)));
const minutesBefore = (instant: string, minutes: number) => new Date(Date.parse(instant) - minutes * 60_000);

/** Every event handed to EventBridge so far, as detail-type and parsed detail. */
const published = () =>
  bus.commandCalls(PutEventsCommand).flatMap((call) =>
    call.args[0].input.Entries!.map((entry) => ({ type: entry.DetailType!, detail: JSON.parse(entry.Detail!) })),
  );
const ofType = (type: string) => published().filter((event) => event.type === type);

let counter = 0;
async function aShift(date: string, from: string, to: string, headcount: number) {
  counter += 1;
  const shift = planShift(
    { id: `r-${counter}`, microGridId: 'm1', kind: 'patrol', title: '巡查', start: at(date, from).toISOString(), end: at(date, to).toISOString(), headcount, createdAt: NOW.toISOString(), createdBy: 'gw' },
    NOW,
  );
  await createShift(shift, NOW);
  return shift;
}

beforeAll(async () => {
  await createOrgUnit({ id: 'm1', kind: 'micro_grid', name: '微网格', parentId: 'g1', ancestors: ['g1'], createdAt: NOW.toISOString(), createdBy: 'seed' }, []);
  await saveMember({ unitId: 'm1', userId: 'gw', memberRole: 'grid_worker', joinedAt: NOW.toISOString(), addedBy: 'seed' }, []);
  for (const userId of ['v1', 'v2', 'v3']) await saveMember({ unitId: 'm1', userId, memberRole: 'volunteer', joinedAt: NOW.toISOString(), addedBy: 'seed' }, []);
});

beforeEach(() => {
  bus.reset();
  bus.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{}] });
});

describe('reminders, each sent once', () => {
  it('reminds the volunteers a day and an hour before, alerts the grid worker of a short shift once, even with two runs at once', async () => {
    // Prepare: headcount 2, one volunteer.
    const shift = await aShift('2027-03-10', '09:00', '11:00', 2);
    await signUp(shift.id, 'v1', NOW);
    bus.resetHistory();
    // Act
    const early = await sendDueReminders(minutesBefore(shift.start, 25 * 60));
    const dayRuns = await Promise.all([0, 1, 2].map(() => sendDueReminders(minutesBefore(shift.start, 24 * 60 - 1))));
    const dayAgain = await sendDueReminders(minutesBefore(shift.start, 23 * 60));
    const afterDay = published();
    const hourRuns = await Promise.all([0, 1].map(() => sendDueReminders(minutesBefore(shift.start, 59))));
    const atStart = await sendDueReminders(new Date(shift.start));
    // Assess
    expect(early.sent).toBe(0);
    expect(dayRuns.reduce((sum, run) => sum + run.sent, 0)).toBe(1);
    expect(dayAgain.sent).toBe(0);
    expect(afterDay.map((event) => [event.type, event.detail.data.kind ?? null])).toEqual([
      ['shifts.reminder-due', 'day'],
      ['shifts.unfilled', null],
    ]);
    expect(afterDay[0]!.detail.data).toMatchObject({ shiftId: shift.id, volunteerIds: ['v1'] });
    expect(afterDay[1]!.detail.data).toMatchObject({ shiftId: shift.id, missing: 1, gridWorkerIds: ['gw'] });
    expect(hourRuns.reduce((sum, run) => sum + run.sent, 0)).toBe(1);
    expect(ofType('shifts.reminder-due').map((event) => event.detail.data.kind)).toEqual(['day', 'hour']);
    expect(atStart.sent).toBe(0);
    const item = (await documents().send(new GetCommand({ TableName: config().tableName, Key: keys.shift(shift.id), ConsistentRead: true }))).Item!;
    expect(item.dueKey).toBeUndefined();
  });

  it('sends no unfilled alert for a full shift, and no reminder event for a shift nobody took', async () => {
    // Prepare
    const full = await aShift('2027-03-11', '09:00', '11:00', 1);
    const empty = await aShift('2027-03-11', '14:00', '16:00', 1);
    await signUp(full.id, 'v2', NOW);
    bus.resetHistory();
    // Act
    await sendDueReminders(minutesBefore(full.start, 24 * 60 - 1));
    await sendDueReminders(minutesBefore(empty.start, 24 * 60 - 1));
    // Assess
    expect(ofType('shifts.unfilled').map((event) => event.detail.data.shiftId)).toEqual([empty.id]);
    expect(ofType('shifts.reminder-due').map((event) => event.detail.data.shiftId)).toEqual([full.id]);
  });

  it('keeps a reminder whose publish failed in the outbox: a later run does not send it again, the relay does', async () => {
    // Prepare
    const shift = await aShift('2027-03-12', '09:00', '11:00', 1);
    await signUp(shift.id, 'v3', NOW);
    bus.reset();
    bus.on(PutEventsCommand).rejectsOnce(new Error('EventBridge is down')).resolves({ FailedEntryCount: 0, Entries: [{}] });
    const dueAt = minutesBefore(shift.start, 24 * 60 - 1);
    // Act
    const first = await sendDueReminders(dueAt);
    const second = await sendDueReminders(dueAt);
    const relayed = await relayOutbox(0);
    // Assess
    expect(first.sent).toBe(1);
    expect(second.sent).toBe(0);
    expect(relayed.published).toBeGreaterThanOrEqual(1);
    expect(ofType('shifts.reminder-due').filter((event) => event.detail.data.shiftId === shift.id)).toHaveLength(2);
    const [attempt, relay] = ofType('shifts.reminder-due').filter((event) => event.detail.data.shiftId === shift.id);
    expect(relay!.detail.meta.id).toBe(attempt!.detail.meta.id);
  });
});

describe('check-in, check-out and the hours log', () => {
  it('logs the stint at check-out, once, however often the event is delivered', async () => {
    // Prepare
    const shift = await aShift('2027-03-15', '09:00', '11:00', 2);
    await signUp(shift.id, 'v1', NOW);
    await checkIn((await getShift(shift.id))!, 'v1', at('2027-03-15', '08:50'));
    bus.resetHistory();
    // Act
    await checkOut((await getShift(shift.id))!, 'v1', 'v1', at('2027-03-15', '11:10'));
    const [event] = ofType('shifts.checked-out');
    const delivery = { version: '0', id: 'x', 'detail-type': event!.type, source: 'grid.shifts', account: '0', time: NOW.toISOString(), region: 'local', resources: [], detail: event!.detail };
    await shiftHours(delivery, lambdaContext('shift-hours'));
    await shiftHours(delivery, lambdaContext('shift-hours'));
    const again = await checkOut((await getShift(shift.id))!, 'v1', 'v1', at('2027-03-15', '11:20')).catch((error: unknown) => error);
    // Assess
    expect(again).toMatchObject({ status: 409 });
    const log = await hoursOfMicroGrid('m1', '2027-03');
    expect(log.filter((entry) => entry.shiftId === shift.id)).toEqual([
      expect.objectContaining({ userId: 'v1', minutes: 140, noShow: false, checkedInAt: at('2027-03-15', '08:50').toISOString() }),
    ]);
    expect((await hoursOfVolunteer('v1', '2027-03')).map((entry) => entry.minutes)).toEqual([140]);
  });

  it('records a no-show for someone who never checked in, and refuses it for someone who did', async () => {
    // Prepare
    const shift = await aShift('2027-03-16', '09:00', '11:00', 2);
    await signUp(shift.id, 'v2', NOW);
    await signUp(shift.id, 'v3', NOW);
    await checkIn((await getShift(shift.id))!, 'v3', at('2027-03-16', '09:00'));
    // Act
    const tooEarly = await markNoShow((await getShift(shift.id))!, 'v2', 'gw', undefined, at('2027-03-16', '08:59')).catch((e: unknown) => e);
    const marked = await markNoShow((await getShift(shift.id))!, 'v2', 'gw', '未到岗', at('2027-03-16', '10:00'));
    const present = await markNoShow(marked, 'v3', 'gw', undefined, at('2027-03-16', '10:00')).catch((e: unknown) => e);
    // Assess
    expect(tooEarly).toMatchObject({ status: 409 });
    expect(marked.volunteers.v2!.noShow).toMatchObject({ by: 'gw', comment: '未到岗' });
    expect(present).toMatchObject({ status: 409 });
    expect((await hoursOfVolunteer('v2', '2027-03')).find((entry) => entry.shiftId === shift.id)).toMatchObject({ noShow: true, minutes: 0 });
  });
});
