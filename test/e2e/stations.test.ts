import { describe, expect, it } from 'vitest';
import { allRoutes } from '../../shared/routes';
import { dailyHours } from '../../infra/local/seeds/stations';
import { useRuntime } from '../support/runtime';

const { api, signIn, runtime } = useRuntime();

/** Where the worker stands: a few metres from the station the test opens, ~80 m from the seeded one. */
const here = { lat: 32.0036, lng: 118.7426 };
/** Opened by the test around the clock, so the scenario never depends on the hour it runs. */
const stationId = 'e2e-station';

/** The first slot start on the hour at least 30 minutes (the minimum notice) from now. */
const nextSlotStart = () => {
  const hour = 3600_000;
  return new Date(Math.ceil((Date.now() + 31 * 60_000) / hour) * hour).toISOString();
};

const published = (detailType: string) =>
  runtime().bus.published.filter((event) => event['detail-type'] === detailType).map((event) => (event.detail as { data: Record<string, unknown> }).data);

/** A station of lushan-g1 open around the clock with drinking water, opened by an admin: reservations never depend on the hour. */
const openAroundTheClock = (
  token: string,
  station: { id: string; name: string; address: string; location: { lat: number; lng: number }; seats: { total: number; reservable: number } },
) =>
  api('POST', '/stations', { token, body: { ...station, gridId: 'lushan-g1', hours: dailyHours('00:00', '24:00'), amenities: ['drinking_water'] } });

const inboxRouteExists = allRoutes().some(([, route]) => route.method === 'GET' && route.path === '/me/notifications');

describe('a hot day at the stations, over HTTP', () => {
  it('finds the nearest cool station with a free seat, reserves, checks in, reports the air conditioner, and the repair shows in the donor’s report', async () => {
    // Prepare: the admin opens a station around the clock; its manager registers a donated air conditioner.
    const admin = await signIn('demo-admin');
    const manager = await signIn('demo-station-manager');
    const worker = await signIn('demo-outdoor-worker');
    const opened = await api('POST', '/stations', {
      token: admin,
      body: {
        id: stationId,
        name: '庐山路口宁小蜂驿站（全天）',
        address: '南京市建邺区庐山路与南苑路交叉口',
        location: { lat: 32.00362, lng: 118.74262 },
        gridId: 'lushan-g1',
        hours: dailyHours('00:00', '24:00'),
        seats: { total: 6, reservable: 4 },
        amenities: ['air_conditioning', 'drinking_water', 'phone_charging'],
        managers: ['demo-station-manager'],
      },
    });
    const donor = await api('POST', '/donors', { token: manager, body: { name: '庐山路商户联合会', kind: 'social_organisation' } });
    const airCon = await api('POST', '/facilities', {
      token: manager,
      body: { kind: 'air_conditioner', model: '美的 KFR-35GW', donorId: donor.body.id, stationId, donatedOn: '2026-06-01', declaredValueYuan: 2899.5 },
    });

    // Act: find, reserve, check in, report.
    const search = await api('GET', `/stations?lat=${here.lat}&lng=${here.lng}&radius=1000&openNow=true&amenity=air_conditioning&minFreeSeats=1`, { token: worker });
    const nearest = search.body.items[0];
    const start = nextSlotStart();
    const reserveKey = { 'idempotency-key': `e2e-reserve-${Date.now()}` };
    const reserved = await api('POST', `/stations/${nearest.id}/reservations`, { token: worker, body: { start }, headers: reserveKey });
    const replayed = await api('POST', `/stations/${nearest.id}/reservations`, { token: worker, body: { start }, headers: reserveKey });
    const slots = await api('GET', `/stations/${nearest.id}/slots?date=${new Date(Date.parse(start) + 8 * 3600_000).toISOString().slice(0, 10)}`, { token: worker });
    const checkedIn = await api('POST', `/stations/${nearest.id}/check-ins`, { token: worker });
    const inside = await api('GET', `/stations/${nearest.id}`, { token: worker });
    const fault = await api('POST', `/facilities/${airCon.body.id}/faults`, { token: worker, body: { description: '空调不制冷，室内很热' } });
    await runtime().bus.idle();
    const managerInbox = inboxRouteExists ? await api('GET', '/me/notifications', { token: manager }) : undefined;

    // Act: the manager has it repaired; the donor's report shows it back in service.
    const repairing = await api('POST', `/facilities/${airCon.body.id}/repairs`, { token: manager, body: { note: '已联系维修师傅' } });
    const restored = await api('POST', `/facilities/${airCon.body.id}/restore`, { token: manager, body: { note: '补充冷媒', condition: 'good', costYuan: 260 } });
    const logged = await api('GET', `/facilities/${airCon.body.id}`, { token: worker });
    const report = await api('GET', `/donors/${donor.body.id}/report`, { token: manager });
    const mine = await api('GET', '/me/reservations', { token: worker });
    const checkedOut = await api('POST', `/stations/${nearest.id}/check-outs`, { token: worker });

    // Assess
    expect(opened.status).toBe(201);
    expect(airCon.body.status).toBe('in_service');
    expect(search.status).toBe(200);
    expect(nearest).toMatchObject({ id: stationId, availability: { openNow: true, freeSeats: 2 } });
    expect(reserved).toMatchObject({ status: 201, body: { status: 'confirmed', stationId, start, seats: 1 } });
    expect(replayed.body.id).toBe(reserved.body.id);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(slots.body.items.find((slot: { start: string }) => slot.start === start)).toMatchObject({ booked: 1, free: 3 });
    expect(checkedIn).toMatchObject({ status: 201, body: { stationId, kind: 'walk_in' } });
    expect(inside.body.availability).toMatchObject({ freeSeats: 1, occupied: 1 });
    expect(fault).toMatchObject({ status: 200, body: { status: 'fault_reported' } });
    expect(published('facility.fault-reported')).toEqual([
      expect.objectContaining({ facilityId: airCon.body.id, stationId, managers: ['demo-station-manager'], gridId: 'lushan-g1', by: 'demo-outdoor-worker' }),
    ]);
    if (managerInbox) {
      expect(managerInbox.body.items).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: 'facility.fault-reported', subject: { type: 'facility', id: airCon.body.id } })]),
      );
    }
    expect(repairing.body.status).toBe('under_repair');
    expect(restored.body).toMatchObject({ status: 'in_service', condition: 'good' });
    expect(logged.body.log.map((entry: { action: string }) => entry.action)).toEqual(['donated', 'fault_reported', 'repair_started', 'restored']);
    expect(report.body).toMatchObject({
      donor: { id: donor.body.id },
      facilities: [{ id: airCon.body.id, stationName: '庐山路口宁小蜂驿站（全天）', status: 'in_service', condition: 'good' }],
      totals: { facilities: 1, inService: 1, declaredValueYuan: 2899.5 },
    });
    expect(mine.body.items[0]).toMatchObject({ id: reserved.body.id, status: 'confirmed' });
    expect(checkedOut.status).toBe(200);
  });

  it('lists the seeded Lushan station under its community, with its donated facilities', async () => {
    // Prepare
    const resident = await signIn('demo-resident');
    // Act
    const community = await api('GET', '/communities/lushan/stations', { token: resident });
    const inventory = await api('GET', '/stations/lushan-station/facilities', { token: resident });
    const report = await api('GET', '/donors/donor-nanyuan-chamber/report', { token: await signIn('demo-admin') });
    // Assess
    expect(community.body.items.map((s: { id: string }) => s.id)).toContain('lushan-station');
    const listed = community.body.items.find((s: { id: string }) => s.id === 'lushan-station');
    expect(listed).toMatchObject({ seats: { total: 12, reservable: 8 }, availability: { walkInSeats: 4 } });
    // What only the service needs, and who runs it, are not shown to a resident.
    for (const internal of ['managers', 'ancestors', 'createdBy', 'version']) expect(listed).not.toHaveProperty(internal);
    expect(inventory.body.items.map((f: { kind: string }) => f.kind).sort()).toEqual(['air_conditioner', 'fridge', 'microwave', 'water_dispenser']);
    expect(report.body.totals).toMatchObject({ facilities: 2, declaredValueYuan: 7898 });
  });
});

describe('the waitlist over HTTP', () => {
  it('gives a cancelled seat to the next in line through the bus, and tells them', async () => {
    // Prepare: a station with one reservable seat; the worker holds it, the resident waits.
    const admin = await signIn('demo-admin');
    const worker = await signIn('demo-outdoor-worker');
    const resident = await signIn('demo-resident');
    await openAroundTheClock(admin, { id: 'e2e-small', name: '小驿站', address: '庐山路 1 号', location: { lat: 32.004, lng: 118.741 }, seats: { total: 2, reservable: 1 } });
    const start = new Date(Date.parse(nextSlotStart()) + 2 * 3600_000).toISOString();
    const held = await api('POST', '/stations/e2e-small/reservations', { token: worker, body: { start } });
    const refused = await api('POST', '/stations/e2e-small/reservations', { token: resident, body: { start } });
    const waiting = await api('POST', '/stations/e2e-small/reservations', { token: resident, body: { start, waitlist: true } });
    // Act
    const cancelled = await api('DELETE', `/reservations/${held.body.id}`, { token: worker });
    await runtime().bus.idle();
    const promoted = await api('GET', `/reservations/${waiting.body.id}`, { token: resident });
    const residentInbox = inboxRouteExists ? await api('GET', '/me/notifications', { token: resident }) : undefined;
    const sweep = await runtime().runSchedule('stations-sweep');
    // Assess
    expect(held.body.status).toBe('confirmed');
    expect(refused).toMatchObject({ status: 409, body: { code: 'slot_full' } });
    expect(waiting).toMatchObject({ status: 201, body: { status: 'waitlisted', waitlistPosition: 1 } });
    expect(cancelled.body.status).toBe('cancelled');
    expect(promoted.body.status).toBe('confirmed');
    expect(published('reservation.promoted')).toEqual([expect.objectContaining({ reservationId: waiting.body.id, userId: 'demo-resident' })]);
    if (residentInbox) {
      expect(residentInbox.body.items).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: 'reservation.promoted', subject: { type: 'reservation', id: waiting.body.id } })]),
      );
    }
    expect(sweep).toEqual({ visitsEnded: 0, noShows: 0, reminders: 0 });
  });
});

describe('privacy and roles at the stations', () => {
  it('answers 404 to a check-out from someone who is not in the station', async () => {
    // Prepare
    const worker = await signIn('demo-outdoor-worker');
    const resident = await signIn('demo-resident');
    await api('POST', `/stations/${stationId}/check-ins`, { token: worker });
    // Act
    const byOther = await api('POST', `/stations/${stationId}/check-outs`, { token: resident });
    const byWorker = await api('POST', `/stations/${stationId}/check-outs`, { token: worker });
    const visitAfter = await api('GET', '/me/visit', { token: worker });
    // Assess
    expect(byOther.status).toBe(404);
    expect(byWorker.status).toBe(200);
    expect(visitAfter.status).toBe(404);
  });

  it('answers 404 for someone else’s reservation on every route that takes its id', async () => {
    // Prepare
    const worker = await signIn('demo-outdoor-worker');
    const resident = await signIn('demo-resident');
    const start = new Date(Date.parse(nextSlotStart()) + 24 * 3600_000).toISOString();
    const mine = await api('POST', `/stations/${stationId}/reservations`, { token: worker, body: { start } });
    // Act
    const read = await api('GET', `/reservations/${mine.body.id}`, { token: resident });
    const cancel = await api('DELETE', `/reservations/${mine.body.id}`, { token: resident });
    const own = await api('DELETE', `/reservations/${mine.body.id}`, { token: worker });
    // Assess
    expect(mine.status).toBe(201);
    expect(read.status).toBe(404);
    expect(cancel.status).toBe(404);
    expect(own).toMatchObject({ status: 200, body: { status: 'cancelled' } });
  });

  it('refuses a fault report from someone not at the station, and changes by anyone but its managers', async () => {
    // Prepare
    const resident = await signIn('demo-resident');
    const otherManager = await signIn('demo-station-manager');
    const admin = await signIn('demo-admin');
    // Act
    const fault = await api('POST', '/facilities/lushan-microwave-1/faults', { token: resident, body: { description: '坏了' } });
    const patchByResident = await api('PATCH', '/stations/lushan-station', { token: resident, body: { name: 'x' } });
    const current = await api('GET', '/stations/lushan-station', { token: admin });
    const stale = await api('PATCH', '/stations/lushan-station', { token: admin, body: { name: '庐山驿站' }, headers: { 'if-match': '"999"' } });
    const fresh = await api('PATCH', '/stations/lushan-station', { token: admin, body: { contact: { name: '周站长', phone: '025-12345678' } }, headers: { 'if-match': current.headers.get('etag')! } });
    const managersByManager = await api('PATCH', '/stations/lushan-station', { token: otherManager, body: { managers: [] } });
    // Assess
    expect(fault).toMatchObject({ status: 403, body: { code: 'not_at_station' } });
    expect(patchByResident.status).toBe(403);
    expect(stale.status).toBe(412);
    expect(fresh).toMatchObject({ status: 200, body: { contact: { phone: '025-12345678' } } });
    expect(fresh.headers.get('etag')).not.toBe(current.headers.get('etag'));
    expect(managersByManager.status).toBe(403);
  });

  it('answers 404 for stations, facilities and donors that do not exist', async () => {
    // Prepare
    const admin = await signIn('demo-admin');
    // Act
    const answers = await Promise.all(
      ['/stations/nope', '/stations/nope/slots', '/stations/nope/facilities', '/facilities/nope', '/donors/nope', '/donors/nope/report'].map((path) =>
        api('GET', path, { token: admin }),
      ),
    );
    // Assess
    expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404, 404, 404, 404]);
  });
});

describe('a reminder before a reservation, and a reason to cancel, over HTTP', () => {
  it('reminds the holder once however often the sweep runs in the window, never the one who cancelled, whose reason is on the reservation and in the event', async () => {
    // Prepare: two people hold seats in one slot three hours ahead; the resident cancels, saying why.
    const admin = await signIn('demo-admin');
    const worker = await signIn('demo-outdoor-worker');
    const resident = await signIn('demo-resident');
    await openAroundTheClock(admin, { id: 'e2e-remind', name: '提醒驿站', address: '庐山路 2 号', location: { lat: 32.0041, lng: 118.7412 }, seats: { total: 4, reservable: 2 } });
    const start = new Date(Date.parse(nextSlotStart()) + 3 * 3600_000);
    const held = await api('POST', '/stations/e2e-remind/reservations', { token: worker, body: { start: start.toISOString() } });
    const dropped = await api('POST', '/stations/e2e-remind/reservations', { token: resident, body: { start: start.toISOString() } });
    const cancelled = await api('DELETE', `/reservations/${dropped.body.id}?reason=weather&note=${encodeURIComponent('雨太大了')}`, { token: resident });
    const badReason = await api('DELETE', `/reservations/${held.body.id}?reason=bored`, { token: worker });
    const minutesBefore = (minutes: number) => new Date(start.getTime() - minutes * 60_000);
    // Act: the sweep runs before the window, twice inside it, and once more after.
    const early = await runtime().runSchedule('stations-sweep', minutesBefore(31));
    const first = await runtime().runSchedule('stations-sweep', minutesBefore(29));
    const second = await runtime().runSchedule('stations-sweep', minutesBefore(28));
    await runtime().bus.idle();
    const third = await runtime().runSchedule('stations-sweep', minutesBefore(20));
    await runtime().bus.idle();
    const workerInbox = (await api('GET', '/me/notifications?limit=100', { token: worker })).body.items as { kind: string; title: string; subject?: { id: string } }[];
    const residentInbox = (await api('GET', '/me/notifications?limit=100', { token: resident })).body.items as { kind: string; subject?: { id: string } }[];
    const residentRead = await api('GET', `/reservations/${dropped.body.id}`, { token: resident });
    // Assess: the cancellation and its reason.
    expect(held.body.status).toBe('confirmed');
    expect(cancelled).toMatchObject({ status: 200, body: { status: 'cancelled', cancellation: { reason: 'weather', note: '雨太大了' } } });
    expect(residentRead.body).toMatchObject({ status: 'cancelled', cancellation: { reason: 'weather', note: '雨太大了' } });
    expect(badReason.status).toBe(400);
    expect(published('reservation.cancelled')).toEqual(expect.arrayContaining([expect.objectContaining({ reservationId: dropped.body.id, reason: 'weather' })]));
    // Assess: one reminder, to the holder only, and none before its time.
    expect(early).toMatchObject({ reminders: 0 });
    expect(first).toMatchObject({ reminders: 1 });
    expect(second).toMatchObject({ reminders: 0 });
    expect(third).toMatchObject({ reminders: 0 });
    const reminders = published('reservation.reminder-due');
    expect(reminders.filter((data) => data.reservationId === held.body.id)).toEqual([
      expect.objectContaining({ userId: 'demo-outdoor-worker', stationId: 'e2e-remind', stationName: '提醒驿站', start: start.toISOString() }),
    ]);
    expect(reminders.filter((data) => data.reservationId === dropped.body.id)).toEqual([]);
    const notices = workerInbox.filter((notice) => notice.kind === 'reservation.reminder' && notice.subject?.id === held.body.id);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.title).toContain('提醒驿站');
    expect(residentInbox.filter((notice) => notice.kind === 'reservation.reminder')).toEqual([]);
  });
});
