import { beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '../../shared/routes';
import { dailyHours } from '../../infra/local/seeds/stations';
import { saveUser } from '../../shared/users/repository';
import { crashBeforeCompletion } from '../support/idempotency';
import { aUser } from '../support/people';
import { type ApiResponse, useRuntime } from '../support/runtime';

const { api, signIn, runtime } = useRuntime();

/**
 * Every creating route that takes an `Idempotency-Key`, resent after its first attempt "crashed":
 * the attempt wrote its object, and its key's record was left unfinished and expired
 * (`crashBeforeCompletion`), so the resend runs the operation again.
 */

/** Inside lushan-g1 (lng 118.740–118.744, lat 31.998–32.008). */
const inLushanG1 = { lat: 32.003, lng: 118.742 };
const M1 = 'lushan-g1-m1';
/** Opened around the clock before the scenarios, so reservations never depend on the hour. */
const STATION = 'idem-station';
/** A local day far enough ahead for shifts (Asia/Shanghai). */
const SHIFT_DAY = '2027-05-12';

/** The first slot start on the hour at least 30 minutes (the minimum notice) from now, `hoursLater` after. */
const slotStart = (hoursLater: number) => {
  const hour = 3600_000;
  return new Date(Math.ceil((Date.now() + 31 * 60_000) / hour) * hour + hoursLater * hour).toISOString();
};

let made = 0;
/** A fresh mark per scenario (Idempotency-Keys, names, slots): the runtime's table lives as long as this file. */
const fresh = () => (made += 1);

interface Item {
  id: string;
}

/** One creating route: who sends it, what, and how to count the objects a body made. */
interface CreatingRoute {
  name: string;
  /** The caller and another caller allowed to send it. */
  callers: [string, string];
  /** The path, or how a caller gets one of their own (making what it names first). */
  path: string | ((token: string, n: number) => Promise<string>);
  /** The success status: 201, or 202 for what is made now and carried out after (an announcement). */
  status?: number;
  body: (n: number) => Record<string, unknown>;
  /** The same request with one field that matters changed. */
  changed: (body: Record<string, unknown>) => Record<string, unknown>;
  /** How many objects made from `body` the caller sees. */
  count: (token: string, body: Record<string, unknown>) => Promise<number>;
  /** Answers as Open311 does: the new id in a list, errors as Open311's list (shared/open311/). */
  open311?: true;
}

/** The id of what an answer made. */
const idOf = (route: CreatingRoute, answer: ApiResponse): string => (route.open311 ? answer.body[0].service_request_id : answer.body.id);
/** The machine code of a refusal, in the route's error format (Open311's has only the status). */
const refusalOf = (route: CreatingRoute, answer: ApiResponse): string | number => (route.open311 ? answer.body[0].code : answer.body.code);

const itemsOf = async (token: string, path: string): Promise<Record<string, unknown>[]> => {
  const page = await api('GET', path, { token });
  if (page.status !== 200) throw new Error(`GET ${path}: ${page.status} ${JSON.stringify(page.body)}`);
  return page.body.items;
};
const countWhere = async (token: string, path: string, field: string, value: unknown) =>
  (await itemsOf(token, path)).filter((item) => item[field] === value).length;

/** The path a caller sends the route to, for scenario `n`. */
const pathFor = (route: CreatingRoute, token: string, n: number) => (typeof route.path === 'string' ? route.path : route.path(token, n));

/** A reservation of the caller's, for scenario `n`, to be moved: made without a key. */
const reservationToMove = async (token: string, n: number) => {
  const made = await api('POST', `/stations/${STATION}/reservations`, { token, body: { start: slotStart(n) } });
  if (made.status !== 201) throw new Error(`reserving to move: ${made.status} ${JSON.stringify(made.body)}`);
  return `/reservations/${made.body.id}/move`;
};
/** Where scenario `n` moves its reservation: well after every slot the scenarios reserve, inside the horizon. */
const moveTarget = (n: number) => slotStart(n + 60);

const routes: CreatingRoute[] = [
  {
    name: 'POST /requests',
    callers: ['demo-resident', 'idem-resident'],
    path: '/requests',
    body: (n) => ({ categoryId: 'facility-repair', description: `楼道灯坏了 #${n}`, location: inLushanG1, attributes: { facility: 'streetlight' } }),
    changed: (body) => ({ ...body, description: `${body.description}（改）` }),
    count: (token, body) => countWhere(token, '/me/requests?limit=100', 'description', body.description),
  },
  {
    name: 'POST /open311/v2/requests.json',
    callers: ['demo-resident', 'idem-resident'],
    path: '/open311/v2/requests.json',
    body: (n) => ({ service_code: 'facility-repair', description: `井盖松动 #${n}`, lat: inLushanG1.lat, long: inLushanG1.lng, attribute: { facility: 'streetlight' } }),
    changed: (body) => ({ ...body, description: `${body.description}（改）` }),
    count: (token, body) => countWhere(token, '/me/requests?limit=100', 'description', body.description),
    open311: true,
  },
  {
    name: 'POST /stations',
    callers: ['demo-admin', 'demo-station-manager'],
    path: '/stations',
    body: (n) => ({
      name: `幂等驿站 ${n}`,
      address: '南京市建邺区庐山路',
      location: { lat: 32.004, lng: 118.741 + n / 100_000 },
      gridId: 'lushan-g1',
      hours: dailyHours('08:00', '20:00'),
      seats: { total: 4, reservable: 2 },
      amenities: ['drinking_water'],
    }),
    changed: (body) => ({ ...body, seats: { total: 6, reservable: 2 } }),
    count: (token, body) => countWhere(token, '/communities/lushan/stations?limit=100', 'name', body.name),
  },
  {
    name: 'POST /stations/{stationId}/reservations',
    callers: ['demo-outdoor-worker', 'demo-resident'],
    path: `/stations/${STATION}/reservations`,
    body: (n) => ({ start: slotStart(n) }),
    changed: (body) => ({ ...body, seats: 2 }),
    count: (token, body) => countWhere(token, '/me/reservations?limit=100', 'start', body.start),
  },
  {
    name: 'POST /reservations/{reservationId}/move',
    callers: ['idem-mover', 'idem-mover-2'],
    path: reservationToMove,
    body: (n) => ({ start: moveTarget(n) }),
    changed: (body) => ({ ...body, start: new Date(Date.parse(String(body.start)) + 3600_000).toISOString() }),
    count: (token, body) => countWhere(token, '/me/reservations?limit=100', 'start', body.start),
  },
  {
    name: 'POST /donors',
    callers: ['demo-station-manager', 'demo-admin'],
    path: '/donors',
    body: (n) => ({ name: `幂等商户 ${n}`, kind: 'enterprise' }),
    changed: (body) => ({ ...body, kind: 'individual' }),
    count: (token, body) => countWhere(token, '/donors?limit=100', 'name', body.name),
  },
  {
    name: 'POST /facilities',
    callers: ['demo-station-manager', 'demo-admin'],
    path: '/facilities',
    body: (n) => ({
      kind: 'water_dispenser',
      model: `幂等饮水机 ${n}`,
      donorId: 'donor-lushan-property',
      stationId: 'lushan-station',
      donatedOn: '2026-06-01',
      declaredValueYuan: 899,
    }),
    changed: (body) => ({ ...body, declaredValueYuan: 999 }),
    count: (token, body) => countWhere(token, '/stations/lushan-station/facilities?limit=100', 'model', body.model),
  },
  {
    name: 'POST /micro-grids/{unitId}/responsibilities',
    callers: ['demo-grid-worker', 'demo-admin'],
    path: `/micro-grids/${M1}/responsibilities`,
    body: (n) => ({
      title: `幂等巡查 ${n}`,
      kind: 'patrol',
      recurrence: { frequency: 'weekly', days: ['SA'], start: '09:00', end: '10:00' },
    }),
    changed: (body) => ({ ...body, headcount: 3 }),
    count: (token, body) => countWhere(token, `/micro-grids/${M1}/responsibilities?limit=100`, 'title', body.title),
  },
  {
    name: 'POST /micro-grids/{unitId}/shifts',
    callers: ['demo-grid-worker', 'demo-admin'],
    path: `/micro-grids/${M1}/shifts`,
    body: (n) => ({
      title: `幂等值守 ${n}`,
      kind: 'patrol',
      start: `${SHIFT_DAY}T09:00:00+08:00`,
      end: `${SHIFT_DAY}T10:00:00+08:00`,
      headcount: 2,
    }),
    changed: (body) => ({ ...body, headcount: 4 }),
    count: (token, body) => countWhere(token, `/micro-grids/${M1}/shifts?from=${SHIFT_DAY}&to=${SHIFT_DAY}&limit=100`, 'title', body.title),
  },
  {
    name: 'POST /announcements',
    callers: ['demo-admin', 'idem-admin'],
    path: '/announcements',
    status: 202,
    body: (n) => ({ title: `幂等通知 ${n}`, body: '请各网格员注意。', scope: 'lushan', audience: 'grid_workers' }),
    changed: (body) => ({ ...body, body: '请各网格员注意（改）。' }),
    // Each announcement to lushan, once delivered, is one item in its grid worker's inbox.
    count: async (_token, body) => {
      await runtime().bus.idle();
      return countWhere(await signIn('demo-grid-worker'), '/me/notifications?limit=100', 'title', body.title);
    },
  },
];

const post = (token: string, path: string, body: unknown, key: string) =>
  api<Item & Record<string, unknown>>('POST', path, { token, body, headers: { 'idempotency-key': key } });

const created = (response: ApiResponse, status = 201) => {
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
  return response;
};

beforeAll(async () => {
  await saveUser(aUser('idem-resident', { homeGridId: 'lushan-g1' }));
  await saveUser(aUser('idem-admin', { role: 'admin', units: ['lushan'] }));
  for (const mover of ['idem-mover', 'idem-mover-2']) await saveUser(aUser(mover, { homeGridId: 'lushan-g1' }));
  const admin = await signIn('demo-admin');
  created(
    await api('POST', '/stations', {
      token: admin,
      body: {
        id: STATION,
        name: '幂等测试驿站（全天）',
        address: '南京市建邺区庐山路',
        location: { lat: 32.0041, lng: 118.7411 },
        gridId: 'lushan-g1',
        hours: dailyHours('00:00', '24:00'),
        seats: { total: 8, reservable: 6 },
        amenities: ['drinking_water'],
      },
    }),
  );
});

describe('the creating routes', () => {
  it('are every route that takes an Idempotency-Key: a new one fails here until it has a line above', () => {
    // Act
    // Uploads take a file, not a JSON body: test/e2e/photos.test.ts resends one after a crash.
    const keyed = allRoutes()
      .filter(([, route]) => route.idempotencyKey && !route.upload)
      .map(([, route]) => `${route.method} ${route.path}`);
    // Assess
    expect(routes.map((route) => route.name).sort()).toEqual(keyed.sort());
  });
});

describe.each(routes)('$name with an Idempotency-Key', (route) => {
  it('makes one object when resent after a crash that came after the write, and answers the resend with it', async () => {
    // Prepare
    const [callerId] = route.callers;
    const token = await signIn(callerId);
    const n = fresh();
    const body = route.body(n);
    const key = `idem-crash-${n}-${Date.now()}`;
    const path = await pathFor(route, token, n);
    const first = created(await post(token, path, body, key), route.status);
    await crashBeforeCompletion(callerId, key);
    // Act
    const resent = await post(token, path, body, key);
    const count = await route.count(token, body);
    // Assess
    expect(resent.status).toBe(route.status ?? 201);
    expect(idOf(route, resent)).toBe(idOf(route, first));
    expect(resent.headers.get('idempotent-replayed')).toBe('true');
    expect(count).toBe(1);
  });

  it('refuses the resend after a crash with 422 when a field that matters changed, and makes nothing for it', async () => {
    // Prepare
    const [callerId] = route.callers;
    const token = await signIn(callerId);
    const n = fresh();
    const body = route.body(n);
    const changed = route.changed(body);
    const key = `idem-changed-${n}-${Date.now()}`;
    const path = await pathFor(route, token, n);
    created(await post(token, path, body, key), route.status);
    await crashBeforeCompletion(callerId, key);
    // Act
    const resent = await post(token, path, changed, key);
    const count = await route.count(token, body);
    // Assess
    expect(resent.status).toBe(422);
    expect(refusalOf(route, resent)).toBe(route.open311 ? 422 : 'idempotency_key_reused');
    expect(count).toBe(1);
  });

  it('gives two callers sending the same key and body an object each', async () => {
    // Prepare
    const [mine, theirs] = await Promise.all(route.callers.map((userId) => signIn(userId)));
    const n = fresh();
    const body = route.body(n);
    const key = `idem-shared-${n}-${Date.now()}`;
    const [minePath, theirPath] = [await pathFor(route, mine!, n), await pathFor(route, theirs!, n)];
    // Act
    const first = await post(mine!, minePath, body, key);
    const second = await post(theirs!, theirPath, body, key);
    // Assess
    expect(first.status).toBe(route.status ?? 201);
    expect(second.status).toBe(route.status ?? 201);
    expect(idOf(route, second)).not.toBe(idOf(route, first));
    expect(second.headers.get('idempotent-replayed')).toBeNull();
  });
});

describe('a reservation resent after a crash', () => {
  it('takes one seat of the slot and one place under the person’s cap', async () => {
    // Prepare: someone other than the scenarios above, whose cap (3) they used up.
    const worker = await signIn('demo-volunteer');
    const n = fresh();
    const body = { start: slotStart(n), seats: 2 };
    const key = `idem-seat-${n}-${Date.now()}`;
    const first = created(await post(worker, `/stations/${STATION}/reservations`, body, key));
    await crashBeforeCompletion('demo-volunteer', key);
    const activeBefore = (await itemsOf(worker, '/me/reservations?limit=100')).filter((r) => r.status === 'confirmed').length;
    // Act
    const resent = await post(worker, `/stations/${STATION}/reservations`, body, key);
    const slots = await itemsOf(worker, `/stations/${STATION}/slots?date=${new Date(Date.parse(body.start) + 8 * 3600_000).toISOString().slice(0, 10)}`);
    const activeAfter = (await itemsOf(worker, '/me/reservations?limit=100')).filter((r) => r.status === 'confirmed').length;
    // Assess
    expect(resent.body).toMatchObject({ id: first.body.id, status: 'confirmed', seats: 2 });
    expect(slots.find((slot) => slot.start === body.start)).toMatchObject({ booked: 2 });
    expect(activeAfter).toBe(activeBefore);
  });

  it('answers with the reservation as it is now when it was cancelled meanwhile', async () => {
    // Prepare
    const worker = await signIn('idem-resident');
    const n = fresh();
    const body = { start: slotStart(n) };
    const key = `idem-cancelled-${n}-${Date.now()}`;
    const first = created(await post(worker, `/stations/${STATION}/reservations`, body, key));
    expect((await api('DELETE', `/reservations/${first.body.id}`, { token: worker })).status).toBe(200);
    await crashBeforeCompletion('idem-resident', key);
    // Act
    const resent = await post(worker, `/stations/${STATION}/reservations`, body, key);
    // Assess
    expect(resent.status).toBe(201);
    expect(resent.body).toMatchObject({ id: first.body.id, status: 'cancelled' });
  });
});

describe('creation without an Idempotency-Key', () => {
  it('makes a new object, with a new id, for every request', async () => {
    // Prepare
    const resident = await signIn('demo-resident');
    const body = routes[0]!.body(fresh());
    // Act
    const first = await api('POST', '/requests', { token: resident, body });
    const second = await api('POST', '/requests', { token: resident, body });
    // Assess
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).not.toBe(first.body.id);
  });
});
