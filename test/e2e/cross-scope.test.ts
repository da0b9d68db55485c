import { describe, expect, it } from 'vitest';
import { box } from '../../infra/local/seeds/organisation';
import { allRoutes } from '../../shared/routes';
import { dailyHours } from '../../infra/local/seeds/stations';
import { saveUser } from '../../shared/users/repository';
import { aUser } from '../support/people';
import { jpegWithGps, multipartBody } from '../support/photos';
import { useRuntime } from '../support/runtime';

/**
 * Two communities side by side — 庐山社区 (A, the demo one) and 兴隆社区 (B, built here) — an admin
 * of each, and people in each. Every route that takes an id or a scope is called by A's admin (and
 * by A's resident) with B's ids: none may read, change or route anything of B. The table below
 * must name every such route, so a new route cannot skip the check.
 */

const { api, signIn, runtime } = useRuntime();

const B = {
  community: 'xinglong',
  grid: 'xinglong-g1',
  microGrid: 'xinglong-g1-m1',
  station: 'xinglong-station',
  location: { lat: 32.003, lng: 118.758 },
};


/** Ids of B's things, made through the API by B's own people. */
interface Ids {
  request: string;
  duty: string;
  shift: string;
  swap: string;
  reservation: string;
  donor: string;
  facility: string;
  notification: string;
  announcement: string;
  upload: string;
}

/** The first slot start on the hour at least 30 minutes (the minimum notice) from now, `hours` later. */
const slotStart = (hours = 0) => new Date(Math.ceil((Date.now() + 31 * 60_000) / 3600_000) * 3600_000 + hours * 3600_000).toISOString();
const tomorrowAt = (hour: number) => {
  const day = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  return `${day}T${String(hour).padStart(2, '0')}:00:00+08:00`;
};

let built: Promise<Ids> | undefined;

function buildCommunityB(): Promise<Ids> {
  built ??= (async () => {
    for (const user of [
      aUser('admin-a', { role: 'admin', units: ['lushan'] }),
      aUser('admin-b', { role: 'admin', units: [B.community] }),
      aUser('worker-b', { role: 'grid_worker', units: [B.grid] }),
      aUser('volunteer-b', { role: 'volunteer', units: [B.microGrid], homeGridId: B.grid }),
      aUser('volunteer-b2', { role: 'volunteer', units: [B.microGrid], homeGridId: B.grid }),
      aUser('resident-b', { homeGridId: B.grid }),
      aUser('manager-b', { role: 'station_manager' }),
    ]) {
      await saveUser(user);
    }
    const city = await signIn('demo-admin');
    const ok = async (status: number, call: Promise<{ status: number; body: any }>) => {
      const response = await call;
      if (response.status !== status) throw new Error(`setting up B: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    };
    await ok(201, api('POST', '/org-units', { token: city, body: { id: B.community, kind: 'community', name: '兴隆社区', parentId: 'nanyuan', boundary: box(118.752, 31.998, 118.764, 32.008) } }));
    const adminB = await signIn('admin-b');
    await ok(201, api('POST', '/org-units', { token: adminB, body: { id: B.grid, kind: 'grid', name: '兴隆社区第1网格', parentId: B.community, boundary: box(118.752, 31.998, 118.764, 32.008) } }));
    await ok(201, api('POST', '/org-units', { token: adminB, body: { id: B.microGrid, kind: 'micro_grid', name: '兴隆第1微网格', parentId: B.grid } }));
    await ok(200, api('PUT', `/org-units/${B.grid}/members/worker-b`, { token: adminB, body: { memberRole: 'grid_worker' } }));
    await ok(200, api('PUT', `/org-units/${B.microGrid}/members/worker-b`, { token: adminB, body: { memberRole: 'grid_worker' } }));
    for (const volunteer of ['volunteer-b', 'volunteer-b2']) {
      await ok(200, api('PUT', `/org-units/${B.microGrid}/members/${volunteer}`, { token: adminB, body: { memberRole: 'volunteer' } }));
    }
    await ok(200, api('PUT', `/org-units/${B.grid}/wecom-robot`, { token: adminB, body: { webhookKey: 'xinglong-robot-key' } }));
    const announcement = await ok(202, api('POST', '/announcements', { token: adminB, body: { title: '兴隆通知', body: '兴隆社区网格员请注意。', scope: B.community, audience: 'grid_workers' } }));
    await ok(201, api('POST', '/stations', {
      token: adminB,
      body: {
        id: B.station,
        name: '兴隆社区宁小蜂驿站',
        address: '兴隆大街 1 号',
        location: B.location,
        gridId: B.grid,
        hours: dailyHours('00:00', '24:00'),
        seats: { total: 6, reservable: 4 },
        amenities: ['drinking_water'],
        managers: ['manager-b'],
      },
    }));
    await runtime().bus.idle();

    const managerB = await signIn('manager-b');
    const donor = await ok(201, api('POST', '/donors', { token: managerB, body: { name: '兴隆商会', kind: 'social_organisation', contact: { name: '赵会长', phone: '13800000000' } } }));
    const facility = await ok(201, api('POST', '/facilities', {
      token: managerB,
      body: { kind: 'fan', donorId: donor.id, stationId: B.station, donatedOn: '2026-06-01', declaredValueYuan: 199 },
    }));
    const residentB = await signIn('resident-b');
    const request = await ok(201, api('POST', '/requests', {
      token: residentB,
      body: { categoryId: 'sanitation', description: '兴隆大街垃圾桶满了', location: B.location },
    }));
    const reservation = await ok(201, api('POST', `/stations/${B.station}/reservations`, { token: residentB, body: { start: slotStart() } }));
    const photo = multipartBody({ field: 'file', filename: 'bin.jpg', contentType: 'image/jpeg', bytes: await jpegWithGps({ width: 64, height: 48, latitude: 32.003, longitude: 118.758 }) });
    const upload = await ok(201, api('POST', '/uploads', { token: residentB, rawBody: photo.body, headers: { 'content-type': photo.contentType } }));
    const workerB = await signIn('worker-b');
    const duty = await ok(201, api('POST', `/micro-grids/${B.microGrid}/responsibilities`, {
      token: workerB,
      body: { title: '楼道巡查', kind: 'patrol', recurrence: { frequency: 'weekly', days: ['MO'], start: '09:00', end: '10:00' } },
    }));
    const shift = await ok(201, api('POST', `/micro-grids/${B.microGrid}/shifts`, {
      token: workerB,
      body: { title: '巡查', kind: 'patrol', start: tomorrowAt(9), end: tomorrowAt(10), headcount: 2 },
    }));
    const volunteerB = await signIn('volunteer-b');
    await ok(200, api('POST', `/shifts/${shift.id}/sign-ups`, { token: volunteerB }));
    const swap = await ok(201, api('POST', `/shifts/${shift.id}/swaps`, { token: volunteerB, body: { toUserId: 'volunteer-b2' } }));
    await runtime().bus.idle();
    const inbox = await ok(200, api('GET', '/me/notifications', { token: residentB }));
    return {
      request: request.id,
      duty: duty.id,
      shift: shift.id,
      swap: swap.id,
      reservation: reservation.id,
      donor: donor.id,
      facility: facility.id,
      notification: inbox.items[0].id,
      announcement: announcement.id,
      upload: upload.id,
    };
  })();
  return built;
}

/**
 * How each route that takes an id or a scope answers A's admin asking about B, and the call made.
 * `hidden`: 404 (we do not confirm what exists outside one's scope); `refused`: 403 (the role may
 * not call it at all, or the thing is public and the refusal says so); `public`: B's thing is
 * meant for everyone signed in (a station, its slots and facilities) and is only read.
 */
type Outcome = 'hidden' | 'refused' | 'public';
interface Probe {
  outcome: Outcome;
  path: (ids: Ids) => string;
  body?: (ids: Ids) => unknown;
}

const probes: Record<string, Probe> = {
  getUser: { outcome: 'hidden', path: () => '/users/resident-b' },
  assignRole: { outcome: 'hidden', path: () => '/users/resident-b/role', body: () => ({ role: 'admin', units: ['lushan'] }) },
  deactivateUser: { outcome: 'hidden', path: () => '/users/worker-b/deactivation' },
  reactivateUser: { outcome: 'hidden', path: () => '/users/worker-b/deactivation' },
  getOrgUnit: { outcome: 'hidden', path: () => `/org-units/${B.community}` },
  listChildUnits: { outcome: 'hidden', path: () => `/org-units/${B.community}/children` },
  addMember: { outcome: 'hidden', path: () => `/org-units/${B.grid}/members/admin-a`, body: () => ({ memberRole: 'grid_worker' }) },
  removeMember: { outcome: 'hidden', path: () => `/org-units/${B.grid}/members/worker-b` },
  listMembers: { outcome: 'hidden', path: () => `/org-units/${B.grid}/members` },
  listUnitActivity: { outcome: 'hidden', path: () => `/org-units/${B.grid}/activity` },
  createInvitation: { outcome: 'hidden', path: () => `/micro-grids/${B.microGrid}/invitations`, body: () => ({}) },
  joinMicroGrid: { outcome: 'refused', path: () => `/micro-grids/${B.microGrid}/join`, body: () => ({ code: 'ABCDEF' }) },
  leaveMicroGrid: { outcome: 'refused', path: () => `/micro-grids/${B.microGrid}/leave` },
  createDuty: {
    outcome: 'hidden',
    path: () => `/micro-grids/${B.microGrid}/responsibilities`,
    body: () => ({ title: '越界', kind: 'patrol', recurrence: { frequency: 'weekly', days: ['TU'], start: '09:00', end: '10:00' } }),
  },
  listDuties: { outcome: 'hidden', path: () => `/micro-grids/${B.microGrid}/responsibilities` },
  listMemberDuties: { outcome: 'hidden', path: () => `/micro-grids/${B.microGrid}/members/volunteer-b/responsibilities` },
  deleteDuty: { outcome: 'hidden', path: (ids) => `/micro-grids/${B.microGrid}/responsibilities/${ids.duty}` },
  createShift: {
    outcome: 'hidden',
    path: () => `/micro-grids/${B.microGrid}/shifts`,
    body: () => ({ title: '越界', kind: 'patrol', start: tomorrowAt(11), end: tomorrowAt(12), headcount: 1 }),
  },
  generateShifts: { outcome: 'hidden', path: () => `/micro-grids/${B.microGrid}/shift-generations`, body: () => ({}) },
  listShifts: { outcome: 'hidden', path: () => `/micro-grids/${B.microGrid}/shifts` },
  getRoster: { outcome: 'hidden', path: () => `/micro-grids/${B.microGrid}/roster` },
  getShift: { outcome: 'hidden', path: (ids) => `/shifts/${ids.shift}` },
  cancelShift: { outcome: 'hidden', path: (ids) => `/shifts/${ids.shift}/cancellation`, body: () => ({}) },
  getEligibility: { outcome: 'refused', path: (ids) => `/shifts/${ids.shift}/eligibility` },
  signUp: { outcome: 'refused', path: (ids) => `/shifts/${ids.shift}/sign-ups` },
  withdraw: { outcome: 'refused', path: (ids) => `/shifts/${ids.shift}/sign-ups/me` },
  assignVolunteer: { outcome: 'hidden', path: (ids) => `/shifts/${ids.shift}/assignees/volunteer-b2` },
  unassignVolunteer: { outcome: 'hidden', path: (ids) => `/shifts/${ids.shift}/assignees/volunteer-b` },
  suggestVolunteers: { outcome: 'hidden', path: (ids) => `/shifts/${ids.shift}/suggestions` },
  checkInToShift: { outcome: 'refused', path: (ids) => `/shifts/${ids.shift}/check-ins` },
  checkOutOfShift: { outcome: 'refused', path: (ids) => `/shifts/${ids.shift}/check-outs` },
  markNoShow: { outcome: 'hidden', path: (ids) => `/shifts/${ids.shift}/no-shows`, body: () => ({ userId: 'volunteer-b' }) },
  proposeSwap: { outcome: 'refused', path: (ids) => `/shifts/${ids.shift}/swaps`, body: () => ({ toUserId: 'volunteer-b2' }) },
  getSwap: { outcome: 'hidden', path: (ids) => `/shift-swaps/${ids.swap}` },
  decideSwap: { outcome: 'hidden', path: (ids) => `/shift-swaps/${ids.swap}/decisions`, body: () => ({ decision: 'approve' }) },
  listSwaps: { outcome: 'hidden', path: () => `/micro-grids/${B.microGrid}/shift-swaps` },
  getMicroGridHours: { outcome: 'hidden', path: () => `/micro-grids/${B.microGrid}/hours` },
  getStationDuty: { outcome: 'public', path: () => `/stations/${B.station}/duty` },
  getStation: { outcome: 'public', path: () => `/stations/${B.station}` },
  updateStation: { outcome: 'refused', path: () => `/stations/${B.station}`, body: () => ({ status: 'closed', managers: ['admin-a'] }) },
  listCommunityStations: { outcome: 'public', path: () => `/communities/${B.community}/stations` },
  listStationSlots: { outcome: 'public', path: () => `/stations/${B.station}/slots` },
  checkIn: { outcome: 'refused', path: () => `/stations/${B.station}/check-ins` },
  checkOut: { outcome: 'refused', path: () => `/stations/${B.station}/check-outs` },
  createReservation: { outcome: 'refused', path: () => `/stations/${B.station}/reservations`, body: () => ({ start: slotStart(1) }) },
  getReservation: { outcome: 'refused', path: (ids) => `/reservations/${ids.reservation}` },
  cancelReservation: { outcome: 'refused', path: (ids) => `/reservations/${ids.reservation}` },
  moveReservation: { outcome: 'refused', path: (ids) => `/reservations/${ids.reservation}/move`, body: () => ({ start: slotStart(2) }) },
  // The token is the secret: one nobody was given (made up, of the right shape) finds no feed.
  getCalendarFeed: { outcome: 'hidden', path: () => `/calendar-feeds/${'A'.repeat(43)}.ics` },
  getDonor: { outcome: 'public', path: (ids) => `/donors/${ids.donor}` },
  getDonorReport: { outcome: 'public', path: (ids) => `/donors/${ids.donor}/report` },
  getFacility: { outcome: 'public', path: (ids) => `/facilities/${ids.facility}` },
  listStationFacilities: { outcome: 'public', path: () => `/stations/${B.station}/facilities` },
  reportFault: { outcome: 'refused', path: (ids) => `/facilities/${ids.facility}/faults`, body: () => ({ description: '不转了' }) },
  startRepair: { outcome: 'refused', path: (ids) => `/facilities/${ids.facility}/repairs`, body: () => ({ note: '越界' }) },
  restoreFacility: { outcome: 'refused', path: (ids) => `/facilities/${ids.facility}/restore`, body: () => ({ note: '越界' }) },
  retireFacility: { outcome: 'refused', path: (ids) => `/facilities/${ids.facility}/retire`, body: () => ({ reason: '越界' }) },
  moveFacility: { outcome: 'refused', path: (ids) => `/facilities/${ids.facility}/move`, body: () => ({ stationId: 'lushan-station', note: '越界' }) },
  markNotificationRead: { outcome: 'hidden', path: (ids) => `/me/notifications/${ids.notification}/read` },
  getWeComRobot: { outcome: 'hidden', path: () => `/org-units/${B.grid}/wecom-robot` },
  putWeComRobot: { outcome: 'hidden', path: () => `/org-units/${B.grid}/wecom-robot`, body: () => ({ webhookKey: 'hijacked-robot-key' }) },
  deleteWeComRobot: { outcome: 'hidden', path: () => `/org-units/${B.grid}/wecom-robot` },
  retryPushDeadLetter: { outcome: 'refused', path: () => '/notifications/dead-letters/any-job/retry' },
  createAnnouncement: {
    outcome: 'hidden',
    path: () => '/announcements',
    body: () => ({ title: '越界', body: '越界通知', scope: B.community, audience: 'grid_workers' }),
  },
  getAnnouncement: { outcome: 'hidden', path: (ids) => `/announcements/${ids.announcement}` },
  updateCategory: {
    outcome: 'refused',
    path: () => '/categories/sanitation',
    body: () => ({ name: '环境卫生', acceptWithinHours: 24, resolveWithinHours: 72 }),
  },
  getRequest: { outcome: 'hidden', path: (ids) => `/requests/${ids.request}` },
  listRequestDeliveries: { outcome: 'hidden', path: (ids) => `/requests/${ids.request}/deliveries` },
  // Dead letters are every department's: for city-wide admins only.
  redriveDelivery: { outcome: 'refused', path: (ids) => `/requests/${ids.request}/deliveries/any-delivery/redrive` },
  // Departments' endpoints and secrets are the whole city's: for city-wide admins only.
  getDepartmentEndpoint: { outcome: 'refused', path: () => '/departments/urban_management/endpoint' },
  putDepartmentEndpoint: {
    outcome: 'refused',
    path: () => '/departments/urban_management/endpoint',
    body: () => ({ name: '越界', url: 'http://127.0.0.1:9/cases', events: ['escalated'], ratePerMinute: 60 }),
  },
  rotateDepartmentSigningSecret: { outcome: 'refused', path: () => '/departments/urban_management/signing-secret' },
  // Public, and signed by the department, not the caller: unsigned, from a department with no secret here, nothing is found.
  receiveDepartmentCallback: {
    outcome: 'hidden',
    path: () => '/departments/urban_management/callbacks',
    body: (ids) => ({ schemaVersion: 1, messageId: 'cross-scope-1', caseId: ids.request, action: 'resolve', note: '越界' }),
  },
  // Following ("me too") is for people who report, wherever they are: an admin may not at all.
  followRequest: { outcome: 'refused', path: (ids) => `/requests/${ids.request}/followers` },
  getUpload: { outcome: 'hidden', path: (ids) => `/uploads/${ids.upload}` },
  // Open311 shows any request to anyone, its public fields only (test/e2e/open311.test.ts holds them to that).
  getOpen311ServiceDefinition: { outcome: 'public', path: () => '/open311/v2/services/sanitation.json' },
  getOpen311Request: { outcome: 'refused', path: (ids) => `/open311/v2/requests/${ids.request}.json` },
  addFacilityPhotos: { outcome: 'refused', path: (ids) => `/facilities/${ids.facility}/photos`, body: () => ({ photos: [] }) },
  removeFacilityPhoto: { outcome: 'refused', path: (ids) => `/facilities/${ids.facility}/photos/${ids.upload}` },
  addStationPhotos: { outcome: 'refused', path: () => `/stations/${B.station}/photos`, body: () => ({ photos: [] }) },
  removeStationPhoto: { outcome: 'refused', path: (ids) => `/stations/${B.station}/photos/${ids.upload}` },
  acceptRequest: { outcome: 'hidden', path: (ids) => `/requests/${ids.request}/accept`, body: () => ({}) },
  startRequest: { outcome: 'hidden', path: (ids) => `/requests/${ids.request}/start`, body: () => ({}) },
  resolveRequest: { outcome: 'hidden', path: (ids) => `/requests/${ids.request}/resolve`, body: () => ({ note: '越界' }) },
  confirmRequest: { outcome: 'refused', path: (ids) => `/requests/${ids.request}/confirm`, body: () => ({ rating: 1 }) },
  reopenRequest: { outcome: 'refused', path: (ids) => `/requests/${ids.request}/reopen`, body: () => ({ note: '越界' }) },
  escalateRequest: { outcome: 'hidden', path: (ids) => `/requests/${ids.request}/escalate`, body: () => ({ department: 'police' }) },
  returnRequest: { outcome: 'hidden', path: (ids) => `/requests/${ids.request}/return`, body: () => ({ result: '越界' }) },
  rejectRequest: { outcome: 'hidden', path: (ids) => `/requests/${ids.request}/reject`, body: () => ({ reason: '越界' }) },
  markDuplicateRequest: { outcome: 'hidden', path: (ids) => `/requests/${ids.request}/mark-duplicate`, body: () => ({ of: 'anything' }) },
  reassignRequest: { outcome: 'hidden', path: (ids) => `/requests/${ids.request}/reassign`, body: () => ({ assigneeId: 'admin-a' }) },
  listAreaRequests: { outcome: 'hidden', path: () => `/requests?scope=${B.community}&month=${new Date().toISOString().slice(0, 7)}` },
  monthlyReport: { outcome: 'hidden', path: () => `/reports/monthly?scope=${B.community}&month=${new Date().toISOString().slice(0, 7)}` },
  monthlyGridTable: { outcome: 'hidden', path: () => `/reports/monthly/grids?scope=${B.community}&month=${new Date().toISOString().slice(0, 7)}` },
};

/** Routes that take an id in the path, or a scope in the query or the body. */
const scopedRoutes = allRoutes().filter(
  ([, route]) => route.path.includes('{') || [route.query, route.body].some((schema) => /scope/.test(JSON.stringify(schema?._zod.def ?? {}))),
);

describe('one community’s admin and another community', () => {
  it('covers every route that takes an id or a scope', () => {
    // Assess
    const missing = scopedRoutes.map(([operationId]) => operationId).filter((operationId) => !(operationId in probes));
    expect(missing).toEqual([]);
  });

  it('gives the admin of community A nothing of community B through any route that takes an id or a scope', async () => {
    // Prepare
    const ids = await buildCommunityB();
    const adminA = await signIn('admin-a');
    const adminB = await signIn('admin-b');
    const before = await snapshotOfB(adminB, ids);

    // Act
    const answers: string[] = [];
    for (const [operationId, route] of scopedRoutes) {
      const probe = probes[operationId]!;
      const response = await api(route.method, probe.path(ids), { token: adminA, ...(route.body ? { body: probe.body?.(ids) ?? {} } : {}) });
      answers.push(`${operationId} ${response.status}`);
    }
    await runtime().bus.idle();
    const after = await snapshotOfB(adminB, ids);

    // Assess
    const expected = scopedRoutes.map(([operationId]) => {
      const outcome = probes[operationId]!.outcome;
      return `${operationId} ${outcome === 'hidden' ? 404 : outcome === 'refused' ? 403 : 200}`;
    });
    expect(answers).toEqual(expected);
    expect(after).toEqual(before);
  });

  it('gives a resident of community A nothing of community B’s residents', async () => {
    // Prepare
    const ids = await buildCommunityB();
    const residentA = await signIn('demo-resident');

    // Act
    const request = await api('GET', `/requests/${ids.request}`, { token: residentA });
    const reservation = await api('GET', `/reservations/${ids.reservation}`, { token: residentA });
    const cancel = await api('DELETE', `/reservations/${ids.reservation}`, { token: residentA });
    const move = await api('POST', `/reservations/${ids.reservation}/move`, { token: residentA, body: { start: slotStart(2) } });
    const read = await api('POST', `/me/notifications/${ids.notification}/read`, { token: residentA });
    const upload = await api('GET', `/uploads/${ids.upload}`, { token: residentA });
    // An open request is found by place, not by community (a resident of A may stand in B), so A's
    // resident may follow B's: and learns its count, nothing of its resident.
    const follow = await api('POST', `/requests/${ids.request}/followers`, { token: residentA });

    // Assess
    expect([request.status, reservation.status, cancel.status, move.status, read.status, upload.status]).toEqual([404, 404, 404, 404, 404, 404]);
    expect([follow.status, follow.body]).toEqual([200, { requestId: ids.request, followers: 1, following: true }]);
  });

  it('routes a request made in B to B’s grid and worker, never to A', async () => {
    // Prepare
    const ids = await buildCommunityB();
    const adminB = await signIn('admin-b');

    // Act
    const request = await api('GET', `/requests/${ids.request}`, { token: adminB });

    // Assess
    expect(request.body).toMatchObject({ gridId: B.grid, communityId: B.community, assigneeId: 'worker-b' });
  });
});

/** What B's admin and people see of B: it must not move when A's admin tries everything. */
async function snapshotOfB(adminB: string, ids: Ids) {
  const workerB = await signIn('worker-b');
  const read = async (path: string, token = adminB) => {
    const response = await api('GET', path, { token });
    return { status: response.status, body: response.body };
  };
  const request = await read(`/requests/${ids.request}`);
  const station = await read(`/stations/${B.station}`);
  const shift = await read(`/shifts/${ids.shift}`);
  return {
    request: { status: request.status, state: request.body.status, version: request.body.version, assigneeId: request.body.assigneeId },
    station: { status: station.body.status, managers: station.body.managers, etag: station.status },
    shift: { status: shift.body.status, assignees: shift.body.assignees ?? shift.body.seats },
    members: await read(`/org-units/${B.grid}/members`),
    microMembers: await read(`/org-units/${B.microGrid}/members`),
    children: await read(`/org-units/${B.community}/children`),
    duties: await read(`/micro-grids/${B.microGrid}/responsibilities`),
    shifts: await read(`/micro-grids/${B.microGrid}/shifts`),
    swap: await read(`/shift-swaps/${ids.swap}`),
    robot: await read(`/org-units/${B.grid}/wecom-robot`),
    facility: (await read(`/facilities/${ids.facility}`)).body.status,
    users: await Promise.all(['resident-b', 'worker-b'].map((id) => read(`/users/${id}`))),
    category: (await read('/categories?limit=100', workerB)).body.items.find((category: { id: string }) => category.id === 'sanitation'),
  };
}
