import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { documents } from '../../shared/aws/clients';
import { config } from '../../shared/config';
import { saveMember } from '../../shared/organisation/repository';
import { instantAt } from '../../shared/time/local';
import { keys } from '../../shared/table/design';
import { saveUser } from '../../shared/users/repository';
import { useLoopbackWeChat } from '../support/notifications-loopback';
import { useRuntime } from '../support/runtime';

// WeChat stands in on loopback (started first), with subscribe-message templates for the two notices
// of seats someone else gave: per shift, and a generation run's one notice.
const wechat = useLoopbackWeChat();
process.env.WECHAT_SUBSCRIBE_TEMPLATES = JSON.stringify({ 'shift.assigned': 'tmpl-assigned', 'shift.duties-assigned': 'tmpl-duties' });
const { api, signIn, runtime } = useRuntime();

/**
 * The clock: the runtime runs every handler in this process, so faking `Date` (and nothing else:
 * sockets and timers stay real) moves the whole backend through a week. Tokens live two hours,
 * so each step signs in again.
 */
const at = (date: string, clock: string) => instantAt(date, Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3))).toISOString();
const setClock = (instant: string) => vi.setSystemTime(new Date(instant));
const SUNDAY = '2027-03-07';
const MONDAY = '2027-03-08';
const TUESDAY = '2027-03-09';
const M1 = 'lushan-g1-m1';

const created = { patrol: '', station: '', monday: '', tuesday: '', wednesday: '', friday: '', swap: '' };

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  setClock(at(SUNDAY, '08:00'));
  // People the seed does not have: a volunteer of the other micro-grid, a grid worker of another
  // grid, a station manager of another station, a second member of m1, and a volunteer whose token
  // still names m1 though they are not a member.
  const createdAt = '2027-01-01T00:00:00.000Z';
  const person = (id: string, role: 'volunteer' | 'grid_worker' | 'station_manager', units: string[], stations: string[] = []) =>
    saveUser({ id, displayName: id, role, units, stations, createdAt });
  await person('e2e-volunteer-m2', 'volunteer', ['lushan-g1-m2']);
  await person('e2e-volunteer-m1b', 'volunteer', [M1]);
  await person('e2e-former-member', 'volunteer', [M1]);
  await person('e2e-grid-worker-g2', 'grid_worker', ['lushan-g2']);
  await person('e2e-station-manager-2', 'station_manager', ['lushan'], ['another-station']);
  await saveMember({ unitId: 'lushan-g1-m2', userId: 'e2e-volunteer-m2', memberRole: 'volunteer', joinedAt: createdAt, addedBy: 'seed' }, []);
  await saveMember({ unitId: M1, userId: 'e2e-volunteer-m1b', memberRole: 'volunteer', joinedAt: createdAt, addedBy: 'seed' }, []);
  // demo-volunteer has signed in with WeChat once: her openid is on her profile, so pushes can reach her.
  await documents().send(
    new UpdateCommand({
      TableName: config().tableName,
      Key: keys.user('demo-volunteer'),
      UpdateExpression: 'SET openId = :openId',
      ExpressionAttributeValues: { ':openId': 'o-demo-volunteer' },
    }),
  );
});

afterAll(() => {
  vi.useRealTimers();
});

const inbox = async (token: string) =>
  (await api('GET', '/me/notifications?limit=100', { token })).body.items as { kind: string; title: string; body: string; subject?: { type: string; id: string } }[];
const subscriptionsLeft = async (token: string) =>
  Object.fromEntries(
    ((await api('GET', '/me/notification-subscriptions', { token })).body.items as { kind: string; remaining: number }[]).map((item) => [item.kind, item.remaining]),
  );
const remindAt = async (instant: string) => {
  const run = await runtime().runSchedule('shift-reminders', new Date(instant));
  await runtime().bus.idle();
  return run as { sent: number; events: number };
};

describe('a week of micro-grid duty, end to end', () => {
  it('lets the grid worker build a week of shifts from the responsibility list, idempotently, seating the member whose duty it is', async () => {
    // Prepare: the volunteer accepted five one-time subscriptions for each kind of seat notice.
    const gridWorker = await signIn('demo-grid-worker');
    const volunteer = await signIn('demo-volunteer');
    for (const kind of ['shift.assigned', 'shift.duties-assigned']) {
      expect((await api('POST', '/me/notification-subscriptions', { token: volunteer, body: { kind, count: 5 } })).status).toBe(200);
    }
    // Act
    const patrol = await api('POST', `/micro-grids/${M1}/responsibilities`, {
      token: gridWorker,
      body: {
        title: '楼栋安全巡查',
        kind: 'patrol',
        location: '1-6号楼',
        assigneeId: 'demo-volunteer',
        recurrence: { frequency: 'weekly', days: ['MO', 'WE', 'FR'], start: '09:00', end: '11:00' },
        headcount: 2,
      },
    });
    const station = await api('POST', `/micro-grids/${M1}/responsibilities`, {
      token: gridWorker,
      body: {
        title: '宁小蜂驿站值守',
        kind: 'station_duty',
        stationId: 'lushan-station',
        recurrence: { frequency: 'weekly', days: ['TU', 'TH'], start: '14:00', end: '17:00' },
        headcount: 1,
      },
    });
    const noSuchStation = await api('POST', `/micro-grids/${M1}/responsibilities`, {
      token: gridWorker,
      body: {
        title: '值守',
        kind: 'station_duty',
        stationId: 'no-such-station',
        recurrence: { frequency: 'weekly', days: ['SA'], start: '09:00', end: '10:00' },
      },
    });
    const generated = await api('POST', `/micro-grids/${M1}/shift-generations`, { token: gridWorker, body: { weeks: 1 } });
    const regenerated = await api('POST', `/micro-grids/${M1}/shift-generations`, { token: gridWorker, body: { weeks: 1 } });
    const list = await api('GET', `/micro-grids/${M1}/responsibilities`, { token: gridWorker });
    const hers = await api('GET', `/micro-grids/${M1}/members/demo-volunteer/responsibilities`, { token: gridWorker });
    // Assess
    expect(patrol.status).toBe(201);
    expect(station.status).toBe(201);
    expect(noSuchStation).toMatchObject({ status: 404, body: { code: 'not_found' } });
    created.patrol = patrol.body.id;
    created.station = station.body.id;
    created.monday = `${created.patrol}-20270308`;
    created.wednesday = `${created.patrol}-20270310`;
    created.friday = `${created.patrol}-20270312`;
    created.tuesday = `${created.station}-20270309`;
    expect(generated.status).toBe(200);
    expect([...generated.body.created].sort()).toEqual(
      [created.monday, created.wednesday, created.friday, created.tuesday, `${created.station}-20270311`].sort(),
    );
    expect(generated.body.assignees).toEqual(
      [created.monday, created.wednesday, created.friday].map((shiftId) => ({ shiftId, userId: 'demo-volunteer', seated: true, warnings: [] })),
    );
    expect(regenerated.body).toMatchObject({ created: [], existing: expect.arrayContaining([created.monday]), assignees: [] });
    expect(list.body.items).toHaveLength(2);
    expect(hers.body.items.map((duty: { id: string }) => duty.id)).toEqual([created.patrol]);
  });

  it('tells the volunteer of the shifts of her duty in one notice and one push, however many there are, and not again when generated again', async () => {
    // Prepare
    const volunteer = await signIn('demo-volunteer');
    // Act
    await runtime().bus.idle();
    const notes = await inbox(volunteer);
    const left = await subscriptionsLeft(volunteer);
    // Assess
    const digests = notes.filter((note) => note.kind === 'shift.duties-assigned');
    expect(digests).toEqual([
      expect.objectContaining({
        title: '网格员已为您安排 3 个班次：楼栋安全巡查',
        body: [
          '共 3 个班次，3月8日至3月12日：',
          '3月8日（周一）09:00–11:00',
          '3月10日（周三）09:00–11:00',
          '3月12日（周五）09:00–11:00',
          '如有不能参加的班次，请尽早取消或申请换班。',
        ].join('\n'),
        subject: { type: 'org-unit', id: M1 },
      }),
    ]);
    expect(notes.filter((note) => note.kind === 'shift.assigned')).toEqual([]);
    expect(wechat.subscribeCalls.map((call) => [call.touser, call.template_id])).toEqual([['o-demo-volunteer', 'tmpl-duties']]);
    expect(left).toEqual({ 'shift.assigned': 5, 'shift.duties-assigned': 4 });
  });

  it('tells her once when the notice is delivered twice', async () => {
    // Prepare
    const volunteer = await signIn('demo-volunteer');
    const bus = runtime().bus;
    const event = bus.published.findLast((e) => e['detail-type'] === 'shifts.duties-assigned')!;
    const before = await inbox(volunteer);
    // Act
    bus.deliver(bus.subscription('notifications'), event);
    bus.deliver(bus.subscription('notifications'), { ...event, id: 'delivered-again' });
    await bus.idle();
    const after = await inbox(volunteer);
    // Assess
    expect(bus.listDeadLetters()).toEqual([]);
    expect(after).toEqual(before);
    expect(after.filter((note) => note.kind === 'shift.duties-assigned')).toHaveLength(1);
    expect(wechat.subscribeCalls).toHaveLength(1);
    expect((await subscriptionsLeft(volunteer))['shift.duties-assigned']).toBe(4);
  });

  it('shows the volunteer the shifts of her duty as hers without signing up, and lets her sign up for others', async () => {
    // Prepare
    const volunteer = await signIn('demo-volunteer');
    await runtime().bus.idle();
    // Act
    const hersAlready = await api('GET', '/me/shifts', { token: volunteer });
    const availability = await api('PUT', '/me/availability', {
      token: volunteer,
      body: {
        weekly: ['MO', 'TU', 'WE', 'TH', 'FR'].map((day) => ({ day, start: '08:00', end: '12:00' })),
        exceptions: [{ date: '2027-03-12', available: false }],
      },
    });
    const options = await api('GET', '/me/shift-options', { token: volunteer });
    const mondayFit = await api('GET', `/shifts/${created.monday}/eligibility`, { token: volunteer });
    const fridayFit = await api('GET', `/shifts/${created.friday}/eligibility`, { token: volunteer });
    const tuesday = await api('POST', `/shifts/${created.tuesday}/sign-ups`, { token: volunteer });
    const twice = await api('POST', `/shifts/${created.monday}/sign-ups`, { token: volunteer });
    const mine = await api('GET', '/me/shifts', { token: volunteer });
    const afterwards = await api('GET', '/me/shift-options', { token: volunteer });
    const myDuties = await api('GET', '/me/responsibilities', { token: volunteer });
    // Assess
    type Mine = { shift: { id: string; signedUp: { userId: string; via: string }[] }; status: string };
    const seats = (entry: Mine) => [entry.shift.id, entry.status, entry.shift.signedUp.map((slot) => `${slot.userId}:${slot.via}`)];
    expect(hersAlready.body.items.map(seats)).toEqual([
      [created.monday, 'signed_up', ['demo-volunteer:assigned']],
      [created.wednesday, 'signed_up', ['demo-volunteer:assigned']],
      [created.friday, 'signed_up', ['demo-volunteer:assigned']],
    ]);
    expect(myDuties.body.items.map((duty: { title: string }) => duty.title)).toEqual(['楼栋安全巡查']);
    expect(availability).toMatchObject({ status: 200, body: { timeZone: 'Asia/Shanghai' } });
    const fit = Object.fromEntries(
      options.body.items.map((option: { shift: { id: string }; eligibility: { availability: string } }) => [option.shift.id, option.eligibility.availability]),
    );
    expect(fit).toMatchObject({ [created.tuesday]: 'outside' });
    expect(Object.keys(fit)).not.toContain(created.monday);
    expect(mondayFit.body).toMatchObject({ outcome: 'none', reason: 'signed_up', availability: 'fits' });
    expect(fridayFit.body).toMatchObject({ outcome: 'none', reason: 'signed_up', availability: 'outside' });
    expect(tuesday).toMatchObject({ status: 200, body: { status: 'signed_up', warnings: ['outside_availability'] } });
    expect(twice).toMatchObject({ status: 409, body: { code: 'shift_not_eligible', errors: [{ code: 'signed_up' }] } });
    expect(mine.body.items.map((entry: { shift: { id: string }; status: string }) => [entry.shift.id, entry.status])).toEqual([
      [created.monday, 'signed_up'],
      [created.tuesday, 'signed_up'],
      [created.wednesday, 'signed_up'],
      [created.friday, 'signed_up'],
    ]);
    expect(afterwards.body.items.map((option: { shift: { id: string } }) => option.shift.id)).not.toContain(created.tuesday);
  });

  it('shows the grid worker the week’s roster with names, and suggests who could fill the gap', async () => {
    // Prepare
    const gridWorker = await signIn('demo-grid-worker');
    // Act
    const roster = await api('GET', `/micro-grids/${M1}/roster?week=${TUESDAY}`, { token: gridWorker });
    const suggestions = await api('GET', `/shifts/${created.station}-20270311/suggestions`, { token: gridWorker });
    // Assess
    expect(roster.body).toMatchObject({ weekStart: MONDAY, weekEnd: '2027-03-14' });
    expect(roster.body.shifts).toHaveLength(5);
    expect(roster.body.shifts[0]).toMatchObject({
      id: created.monday,
      openSeats: 1,
      signedUp: [{ userId: 'demo-volunteer', displayName: '张阿姨（微网格员）', via: 'assigned' }],
    });
    expect(suggestions.body.items.map((s: { userId: string; availability: string }) => [s.userId, s.availability])).toEqual([
      ['e2e-volunteer-m1b', 'unknown'],
      ['demo-volunteer', 'outside'],
    ]);
  });

  it('reminds her a day and an hour before (once each), and alerts the grid worker to the missing person', async () => {
    // Prepare
    const volunteer = await signIn('demo-volunteer');
    const gridWorker = await signIn('demo-grid-worker');
    // Act: the schedule runs a day before, twice, then an hour before.
    const dayBefore = await remindAt(at(SUNDAY, '09:01'));
    const dayBeforeAgain = await remindAt(at(SUNDAY, '09:06'));
    const hourBefore = await remindAt(at(MONDAY, '08:01'));
    const hourBeforeAgain = await remindAt(at(MONDAY, '08:06'));
    // Assess
    expect([dayBefore.sent, dayBeforeAgain.sent, hourBefore.sent, hourBeforeAgain.sent]).toEqual([1, 0, 1, 0]);
    const hers = (await inbox(volunteer)).filter((note) => note.subject?.id === created.monday);
    expect(hers.map((note) => note.kind).sort()).toEqual(['shift.reminder-day', 'shift.reminder-hour']);
    expect(hers.find((note) => note.kind === 'shift.reminder-day')!.title).toBe('明天值班提醒：楼栋安全巡查');
    const alerts = (await inbox(gridWorker)).filter((note) => note.kind === 'shift.unfilled');
    expect(alerts.map((note) => [note.subject?.id, note.title])).toEqual([[created.monday, '班次缺人：楼栋安全巡查（还差 1 人）']]);
  });

  it('checks her in and out, and the monthly hours show it for her and for the micro-grid', async () => {
    // Prepare
    setClock(at(MONDAY, '08:55'));
    const early = await signIn('demo-volunteer');
    // Act
    const checkIn = await api('POST', `/shifts/${created.monday}/check-ins`, { token: early });
    setClock(at(MONDAY, '11:00'));
    const volunteer = await signIn('demo-volunteer');
    const gridWorker = await signIn('demo-grid-worker');
    const checkOut = await api('POST', `/shifts/${created.monday}/check-outs`, { token: volunteer });
    await runtime().bus.idle();
    const mine = await api('GET', '/me/hours?month=2027-03', { token: volunteer });
    const microGrid = await api('GET', `/micro-grids/${M1}/hours?month=2027-03`, { token: gridWorker });
    // Assess
    expect(checkIn.status).toBe(200);
    expect(checkOut.body.signedUp[0]).toMatchObject({ userId: 'demo-volunteer', checkedInAt: at(MONDAY, '08:55'), checkedOutAt: at(MONDAY, '11:00') });
    expect(mine.body).toMatchObject({ month: '2027-03', totalMinutes: 125, totalHours: 2.08, entries: [{ shiftId: created.monday, minutes: 125 }] });
    expect(microGrid.body.members).toEqual([{ userId: 'demo-volunteer', minutes: 125, hours: 2.08, shifts: 1, noShows: 0 }]);
  });

  it('shows who is on duty at the station now, to its manager', async () => {
    // Prepare
    setClock(at(TUESDAY, '14:30'));
    const manager = await signIn('demo-station-manager');
    const volunteer = await signIn('demo-volunteer');
    // Act
    const duty = await api('GET', '/stations/lushan-station/duty', { token: manager });
    const checkIn = await api('POST', `/shifts/${created.tuesday}/check-ins`, { token: volunteer });
    const after = await api('GET', '/stations/lushan-station/duty', { token: manager });
    // Assess
    expect(duty.body.onDuty.map((shift: { id: string }) => shift.id)).toEqual([created.tuesday]);
    expect(duty.body.onDuty[0].signedUp).toEqual([expect.objectContaining({ userId: 'demo-volunteer', displayName: '张阿姨（微网格员）' })]);
    expect(checkIn.status).toBe(200);
    expect(after.body.onDuty[0].signedUp[0].checkedInAt).toBe(at(TUESDAY, '14:30'));
  });
});

describe('swaps, invitations and eligibility over HTTP', () => {
  it('hands a seat to another member once they accept and the grid worker approves', async () => {
    // Prepare: the Wednesday patrol is hers, seated when it was generated from her duty.
    setClock(at(TUESDAY, '16:00'));
    const volunteer = await signIn('demo-volunteer');
    const other = await signIn('e2e-volunteer-m1b');
    const gridWorker = await signIn('demo-grid-worker');
    // Act
    const proposed = await api('POST', `/shifts/${created.wednesday}/swaps`, { token: volunteer, body: { toUserId: 'e2e-volunteer-m1b', note: '临时有事' } });
    created.swap = proposed.body.id;
    const approvedTooSoon = await api('POST', `/shift-swaps/${created.swap}/decisions`, { token: gridWorker, body: { decision: 'approve' } });
    const acceptedByProposer = await api('POST', `/shift-swaps/${created.swap}/decisions`, { token: volunteer, body: { decision: 'accept' } });
    const accepted = await api('POST', `/shift-swaps/${created.swap}/decisions`, { token: other, body: { decision: 'accept' } });
    const approved = await api('POST', `/shift-swaps/${created.swap}/decisions`, { token: gridWorker, body: { decision: 'approve' } });
    await runtime().bus.idle();
    const shift = await api('GET', `/shifts/${created.wednesday}`, { token: gridWorker });
    const listed = await api('GET', `/micro-grids/${M1}/shift-swaps`, { token: gridWorker });
    const seenByParty = await api('GET', `/shift-swaps/${created.swap}`, { token: other });
    // Assess
    expect(listed.body.items.map((swap: { id: string; status: string }) => [swap.id, swap.status])).toEqual([[created.swap, 'done']]);
    expect(seenByParty.body).toMatchObject({ fromUserId: 'demo-volunteer', toUserId: 'e2e-volunteer-m1b', status: 'done' });
    expect(proposed).toMatchObject({ status: 201, body: { status: 'proposed' } });
    expect(approvedTooSoon.status).toBe(409);
    expect(acceptedByProposer.status).toBe(403);
    expect(accepted.body.status).toBe('accepted');
    expect(approved.body.status).toBe('done');
    expect(shift.body.signedUp.map((slot: { userId: string; via: string }) => [slot.userId, slot.via])).toEqual([['e2e-volunteer-m1b', 'swap']]);
    expect((await inbox(other)).map((note) => note.kind)).toEqual(expect.arrayContaining(['shift.swap-proposed', 'shift.swap-done']));
    expect((await inbox(gridWorker)).map((note) => note.kind)).toContain('shift.swap-accepted');
  });

  it('cancels a shift, telling who was on it and freeing their time', async () => {
    // Prepare: after the swap, the Wednesday patrol is e2e-volunteer-m1b's.
    const gridWorker = await signIn('demo-grid-worker');
    const other = await signIn('e2e-volunteer-m1b');
    // Act
    const cancelled = await api('POST', `/shifts/${created.wednesday}/cancellation`, { token: gridWorker, body: { reason: '暴雨预警' } });
    await runtime().bus.idle();
    const theirShifts = await api('GET', '/me/shifts', { token: other });
    const eligibility = await api('GET', `/shifts/${created.wednesday}/eligibility`, { token: other });
    // Assess
    expect(cancelled.body.status).toBe('cancelled');
    expect(theirShifts.body.items.map((entry: { shift: { id: string } }) => entry.shift.id)).not.toContain(created.wednesday);
    expect(eligibility.body.reason).toBe('cancelled');
    const note = (await inbox(other)).find((n) => n.kind === 'shift.cancelled');
    expect(note).toMatchObject({ title: '班次已取消：楼栋安全巡查', subject: { id: created.wednesday } });
  });

  it('lets a resident join with an invitation code, take a shift, and leave again, which frees the seat', async () => {
    // Prepare
    const gridWorker = await signIn('demo-grid-worker');
    const resident = await signIn('demo-resident');
    const invitation = await api('POST', `/micro-grids/${M1}/invitations`, { token: gridWorker, body: {} });
    // Act
    const before = await api('GET', `/micro-grids/${M1}/shifts`, { token: resident });
    const wrongCode = await api('POST', `/micro-grids/${M1}/join`, { token: resident, body: { code: 'WRONGCODE' } });
    const otherMicroGrid = await api('POST', '/micro-grids/lushan-g1-m2/join', { token: resident, body: { code: invitation.body.code } });
    const joined = await api('POST', `/micro-grids/${M1}/join`, { token: resident, body: { code: invitation.body.code } });
    const options = await api('GET', '/me/shift-options', { token: resident });
    const thursday = `${created.station}-20270311`;
    const seat = await api('POST', `/shifts/${thursday}/sign-ups`, { token: resident });
    const left = await api('POST', `/micro-grids/${M1}/leave`, { token: resident });
    const after = await api('GET', `/micro-grids/${M1}/shifts`, { token: resident });
    const thursdayAfter = await api('GET', `/shifts/${thursday}`, { token: gridWorker });
    // Assess
    expect(invitation.status).toBe(201);
    expect(before.status).toBe(404);
    expect(wrongCode.status).toBe(404);
    expect(otherMicroGrid.status).toBe(404);
    expect(joined.body).toMatchObject({ unitId: M1, userId: 'demo-resident', memberRole: 'volunteer' });
    expect(options.body.items.length).toBeGreaterThan(0);
    expect(seat.body.status).toBe('signed_up');
    expect(left.status).toBe(204);
    expect(after.status).toBe(404);
    expect(thursdayAfter.body.signedUp).toEqual([]);
  });

  it('answers why not: not a member, with the reason as the error code', async () => {
    // Prepare: the token still names the micro-grid, the membership is gone.
    const former = await signIn('e2e-former-member');
    // Act
    const eligibility = await api('GET', `/shifts/${created.friday}/eligibility`, { token: former });
    const signUp = await api('POST', `/shifts/${created.friday}/sign-ups`, { token: former, headers: { 'accept-language': 'en' } });
    // Assess
    expect(eligibility.body).toMatchObject({ outcome: 'none', reason: 'not_member' });
    expect(signUp).toMatchObject({ status: 409, body: { code: 'shift_not_eligible', errors: [{ field: 'path.shiftId', code: 'not_member' }] } });
  });

  it('tells a member the grid worker puts on one shift directly of that shift, with its own notice and push', async () => {
    // Prepare: the Thursday station duty is free again.
    const gridWorker = await signIn('demo-grid-worker');
    const volunteer = await signIn('demo-volunteer');
    const thursday = `${created.station}-20270311`;
    const pushesBefore = wechat.subscribeCalls.length;
    // Act
    const assigned = await api('PUT', `/shifts/${thursday}/assignees/demo-volunteer`, { token: gridWorker });
    await runtime().bus.idle();
    const notes = await inbox(volunteer);
    // Assess
    expect(assigned.status).toBe(200);
    expect(notes.filter((note) => note.kind === 'shift.assigned')).toEqual([
      expect.objectContaining({ title: '网格员已为您安排班次：宁小蜂驿站值守', subject: { type: 'shift', id: thursday } }),
    ]);
    expect(wechat.subscribeCalls.slice(pushesBefore).map((call) => [call.touser, call.template_id])).toEqual([['o-demo-volunteer', 'tmpl-assigned']]);
    expect(await subscriptionsLeft(volunteer)).toEqual({ 'shift.assigned': 4, 'shift.duties-assigned': 4 });
  });
});

describe("someone else's ids", () => {
  it('answer 404 to a volunteer of another micro-grid on every shift route that takes an id', async () => {
    // Prepare
    const outsider = await signIn('e2e-volunteer-m2');
    const ids = `/shifts/${created.friday}`;
    const calls: [string, string, unknown?][] = [
      ['GET', `/micro-grids/${M1}/responsibilities`],
      ['GET', `/micro-grids/${M1}/members/demo-volunteer/responsibilities`],
      ['GET', `/micro-grids/${M1}/shifts`],
      ['GET', `/micro-grids/${M1}/roster`],
      ['POST', `/micro-grids/${M1}/leave`],
      ['POST', `/micro-grids/${M1}/join`, { code: 'ABCDEFGH' }],
      ['GET', ids],
      ['GET', `${ids}/eligibility`],
      ['POST', `${ids}/sign-ups`],
      ['DELETE', `${ids}/sign-ups/me`],
      ['POST', `${ids}/check-ins`],
      ['POST', `${ids}/check-outs`],
      ['POST', `${ids}/swaps`, { toUserId: 'demo-volunteer' }],
      ['GET', `/shift-swaps/${created.swap}`],
      ['POST', `/shift-swaps/${created.swap}/decisions`, { decision: 'accept' }],
    ];
    // Act
    const answers = [];
    for (const [method, path, body] of calls) {
      const response = await api(method, path, { token: outsider, ...(body ? { body } : {}) });
      answers.push(`${method} ${path} ${response.status} ${response.body?.code}`);
    }
    // Assess
    expect(answers.filter((answer) => !answer.endsWith(' 404 not_found'))).toEqual([]);
  });

  it('answer 404 to the grid worker of another grid on every managing route, and to another station’s manager', async () => {
    // Prepare
    const otherGridWorker = await signIn('e2e-grid-worker-g2');
    const otherManager = await signIn('e2e-station-manager-2');
    const duty = { title: 'x', kind: 'patrol', recurrence: { frequency: 'weekly', days: ['MO'], start: '09:00', end: '10:00' } };
    const calls: [string, string, unknown?][] = [
      ['POST', `/micro-grids/${M1}/invitations`, {}],
      ['POST', `/micro-grids/${M1}/responsibilities`, duty],
      ['DELETE', `/micro-grids/${M1}/responsibilities/${created.patrol}`],
      ['POST', `/micro-grids/${M1}/shifts`, { title: 'x', kind: 'patrol', start: at('2027-03-20', '09:00'), end: at('2027-03-20', '10:00'), headcount: 1 }],
      ['POST', `/micro-grids/${M1}/shift-generations`, {}],
      ['GET', `/micro-grids/${M1}/shift-swaps`],
      ['GET', `/micro-grids/${M1}/hours`],
      ['GET', `/micro-grids/${M1}/roster`],
      ['PUT', `/shifts/${created.friday}/assignees/demo-volunteer`],
      ['DELETE', `/shifts/${created.friday}/assignees/demo-volunteer`],
      ['GET', `/shifts/${created.friday}/suggestions`],
      ['POST', `/shifts/${created.friday}/cancellation`, {}],
      ['POST', `/shifts/${created.friday}/no-shows`, { userId: 'demo-volunteer' }],
      ['GET', `/shift-swaps/${created.swap}`],
    ];
    // Act
    const answers = [];
    for (const [method, path, body] of calls) {
      const response = await api(method, path, { token: otherGridWorker, ...(body ? { body } : {}) });
      answers.push(`${method} ${path} ${response.status} ${response.body?.code}`);
    }
    const station = await api('GET', '/stations/lushan-station/duty', { token: otherManager });
    // Assess
    expect(answers.filter((answer) => !answer.endsWith(' 404 not_found'))).toEqual([]);
    expect(station).toMatchObject({ status: 404, body: { code: 'not_found' } });
  });
});
