/**
 * Issue 12, part 2: every request path stays flat at city size. Each figure is a ratio of the same
 * call, side by side in one run (the two sides taking turns, so drift on a shared machine hits both
 * alike), between a city-sized table or partition and a small or fresh one:
 * - routing a located request (`findGridAt`, what `POST /requests` runs) among the synthetic
 *   Nanjing's 10,198 grid boundaries vs the demo's 3, each city in a table of its own;
 * - nearby station search (`searchNearby`, what `GET /stations` runs) at 2 km and 5 km around
 *   Xinjiekou over the generated city's 1,000 stations vs a table with 50 of them: one in twenty of
 *   the city's (a search finds a tenth of what it finds in the city), and the 50 nearest Xinjiekou
 *   (a search finds what it finds in the city: the other 950 stations are all that differs);
 * - a grid worker's queue (`listQueue`), a resident's list (`listRequestsOf`), a micro-grid's shift
 *   list (`listShiftsOfMicroGrid`, over the dates the handler asks for) and the unread count
 *   (`unreadCountOf`): a fresh partition vs one holding a year of history.
 * The city comes from scripts/city (generateCity, then importCity with only the parts a path needs:
 * the units down to grids, which writes the grids' routing cells, and the stations).
 * `npm run bench city:routing`, `city:stations`, `city:lists` run one part.
 */
import { type Runtime, startRuntime } from '../infra/local/runtime';
import { ensureTable } from '../infra/local/engine';
import { demoUnits } from '../infra/local/seeds/organisation';
import { generateCity } from '../scripts/city/generate';
import { importCity } from '../scripts/city/import';
import { type CityData, type CityStation, type CityUnit, emptyCity } from '../scripts/city/model';
import type { Identity } from '../shared/auth/identity';
import { type LatLng, distanceMetres, geohashOf } from '../shared/geo/geo';
import { markAllNotificationsRead, putNotification, unreadCountOf } from '../shared/notifications/inbox';
import { notificationIdOf } from '../shared/notifications/ids';
import { defaultCategories } from '../shared/requests/categories/catalogue';
import type { Category } from '../shared/requests/categories/model';
import { planCategory } from '../shared/requests/categories/rules';
import { hoursAfter } from '../shared/requests/deadlines';
import { GRID_CELL_PRECISION, cellsOfBoundary, findGridAt, indexGridBoundary } from '../shared/requests/grid-cells';
import { planTransition } from '../shared/requests/lifecycle';
import type { Request } from '../shared/requests/model';
import { listQueue, listRequestsOf } from '../shared/requests/repository/lists';
import { createRequest } from '../shared/requests/repository/request';
import { planSubmission } from '../shared/requests/submission';
import { planShift } from '../shared/shifts/domain/shift';
import { createShift, listShiftsOfMicroGrid } from '../shared/shifts/repository/shifts';
import { dateRangeOf } from '../shared/shifts/routes/common';
import { searchNearby } from '../shared/stations/search';
import { addDays, instantAt, localDateOf } from '../shared/time/local';
import { DEFAULT_PAGE_SIZE } from '../shared/http/pagination';
import type { Bench, BenchRow } from './types';
import { mulberry32 } from '../scripts/city/generate/random';

/** Timed calls of each side of each comparison (after {@link WARM_UP} untimed ones). */
const RUNS = Number(process.env.BENCH_CITY_RUNS ?? 300);
const WARM_UP = 20;
/** Cached routing calls timed together as one run. */
const CACHED_BATCH = 50;
const FEW_STATIONS = 50;
/** Xinjiekou, the old city's centre: search centres fall within 2 km of it. */
const XINJIEKOU = { lat: 32.0416, lng: 118.7844 };
/** The year of history of the loaded partitions. */
const HISTORY = { closedInQueue: 2000, openInQueue: 40, residentRequests: 300, freshResidentRequests: DEFAULT_PAGE_SIZE, readNotifications: 5000, unread: 40 };
const PAGE = { limit: DEFAULT_PAGE_SIZE };

// ————— measuring —————


const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
};
const round = (value: number) => Math.round(value * 100) / 100;

interface Side {
  /** Table the call runs against. */
  table: string;
  /** The call, given its run's index; what it returns is checked by `check`. */
  call: (index: number) => Promise<unknown>;
}

/**
 * Times two sides of one comparison, taking turns (which goes first alternates), and returns each
 * side's times. `check` sees every answer, so a side that quietly answers nothing fails the run.
 */
async function sideBySide(big: Side, small: Side, check: (side: 'big' | 'small', answer: unknown, index: number) => void) {
  const home = process.env.TABLE_NAME;
  const times = { big: [] as number[], small: [] as number[] };
  const run = async (name: 'big' | 'small', index: number, timed: boolean) => {
    const side = name === 'big' ? big : small;
    process.env.TABLE_NAME = side.table;
    const started = performance.now();
    const answer = await side.call(index);
    const ms = performance.now() - started;
    check(name, answer, index);
    if (timed) times[name].push(ms);
  };
  try {
    for (let index = 0; index < WARM_UP + RUNS; index += 1) {
      const order: ('big' | 'small')[] = index % 2 === 0 ? ['big', 'small'] : ['small', 'big'];
      for (const name of order) await run(name, index, index >= WARM_UP);
    }
  } finally {
    process.env.TABLE_NAME = home;
  }
  return times;
}

/**
 * The rows of one comparison: each side's median, and their ratio against the goal of 1.2 (times in
 * µs if `micro`; `goal: false` for a figure shown beside one that has the goal).
 */
function comparison(
  what: string,
  times: { big: number[]; small: number[] },
  labels: { big: string; small: string },
  note: string,
  { micro = false, goal = true } = {},
): BenchRow[] {
  const big = percentile(times.big, 0.5);
  const small = percentile(times.small, 0.5);
  const [scale, unit] = micro ? [1000, 'µs'] : [1, 'ms'];
  const side = (list: number[]) => ({ value: round(percentile(list, 0.5) * scale), unit, note: `median of ${list.length}; p95 ${round(percentile(list, 0.95) * scale)} ${unit}` });
  return [
    { name: `${what}: ${labels.big}`, ...side(times.big) },
    { name: `${what}: ${labels.small}`, ...side(times.small) },
    { name: `${what}: ${labels.big} ÷ ${labels.small}`, value: round(big / small), unit: '×', note: `${goal ? 'goal ≤ 1.2' : 'no goal'}; ${note}` },
  ];
}

async function withTable<T>(table: string, work: () => Promise<T>): Promise<T> {
  const home = process.env.TABLE_NAME;
  process.env.TABLE_NAME = table;
  try {
    return await work();
  } finally {
    process.env.TABLE_NAME = home;
  }
}

/** Runs in batches of 25 at once, as the other benches seed. */
async function inBatches<T>(items: readonly T[], write: (item: T) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < items.length; start += 25) await Promise.all(items.slice(start, start + 25).map(write));
}

// ————— the cities —————

/** The units a table needs for these stations: their grids and everything above them. */
function unitsFor(city: CityData, stations: readonly CityStation[]): CityUnit[] {
  const byId = new Map(city.units.map((unit) => [unit.id, unit]));
  const wanted = new Set<string>();
  for (const station of stations) {
    for (let id: string | null = station.gridId; id; id = byId.get(id)?.parentId ?? null) wanted.add(id);
  }
  return city.units.filter((unit) => wanted.has(unit.id));
}

/**
 * Imports part of a city through the importer: units and stations only (no staff, so the stations
 * come without managers; micro-grids are left out, as no path measured here needs them).
 */
async function importPart(table: string, units: CityUnit[], stations: CityStation[]): Promise<number> {
  return withTable(table, async () => {
    const started = performance.now();
    const report = await importCity({ ...emptyCity(), units, stations: stations.map((station) => ({ ...station, managerPhones: [] })) }, { concurrency: 16 });
    if (report.problems.length > 0) throw new Error(`import into ${table}: ${report.problems.slice(0, 3).map((problem) => problem.message).join('; ')}`);
    return (performance.now() - started) / 1000;
  });
}

/** A 50-station table: which stations it holds, and why. */
interface FewStations {
  table: string;
  stations: CityStation[];
  label: string;
  note: string;
}

interface Cities {
  city: CityData;
  cityTable: string;
  demoTable: string;
  /**
   * The same city with one station in twenty (a 5 km search finds a few), and a city of only the 50
   * stations nearest Xinjiekou (a search there fills its 20 as in the whole city): the second
   * compares answers of the same size, so what it shows is what the other 950 stations cost.
   */
  few: FewStations[];
  importSeconds: number;
}

let prepared: Promise<Cities> | undefined;

/** The Nanjing table (grids and stations), the two 50-station tables and the demo's 3 grids: made once a run. */
function cities(runtime: Runtime): Promise<Cities> {
  prepared ??= (async () => {
    const home = process.env.TABLE_NAME!;
    const city = generateCity({ scale: 'nanjing' });
    const cityTable = `${home}-nanjing`;
    const demoTable = `${home}-demo-grids`;
    const nearest = [...city.stations].sort((a, b) => distanceMetres(XINJIEKOU, a.location) - distanceMetres(XINJIEKOU, b.location) || a.id.localeCompare(b.id));
    const few: FewStations[] = [
      {
        table: `${home}-one-in-twenty`,
        stations: city.stations.filter((_, index) => index % (city.stations.length / FEW_STATIONS) === 0),
        label: '50 spread',
        note: 'one station in twenty of the same city',
      },
      { table: `${home}-nearest-fifty`, stations: nearest.slice(0, FEW_STATIONS), label: '50 nearest', note: 'only the 50 stations nearest Xinjiekou' },
    ];
    for (const table of [cityTable, demoTable, ...few.map((part) => part.table)]) await ensureTable(runtime.engine.endpoint, table);
    // Districts, subdistricts, communities and grids (the importer writes each grid's routing cells).
    const units = city.units.filter((unit) => unit.kind !== 'micro_grid');
    const importSeconds = await importPart(cityTable, units, city.stations);
    for (const part of few) await importPart(part.table, unitsFor(city, part.stations), part.stations);
    // The demo's three grids, indexed as `npm start` seeds them.
    await withTable(demoTable, async () => {
      for (const unit of demoUnits) await indexGridBoundary(unit);
    });
    return { city, cityTable, demoTable, few, importSeconds };
  })();
  return prepared;
}

// ————— routing —————

/** A point well inside a grid's box (the generator's boundaries are boxes). */
function pointInside(unit: Pick<CityUnit, 'boundary'>, next: () => number): LatLng {
  const ring = unit.boundary!.coordinates[0]!;
  const lngs = ring.map(([lng]) => lng!);
  const lats = ring.map(([, lat]) => lat!);
  const [west, east, south, north] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)];
  return { lat: south + (0.1 + 0.8 * next()) * (north - south), lng: west + (0.1 + 0.8 * next()) * (east - west) };
}

/**
 * `findGridAt` keeps a cell's candidate grids a minute in a warm function. Measured here is the
 * call that reads them (the first in its cell, or after the minute), the one whose cost could grow
 * with the city: the clock the cache reads is moved an hour on for the synchronous start of the
 * call, where the cache is looked at, and back at once.
 */
function findGridUncached(point: LatLng) {
  const realNow = Date.now;
  Date.now = () => realNow() + 3_600_000;
  try {
    return findGridAt(point);
  } finally {
    Date.now = realNow;
  }
}

async function routing(runtime: Runtime): Promise<BenchRow[]> {
  const { city, cityTable, demoTable } = await cities(runtime);
  const grids = city.units.filter((unit) => unit.kind === 'grid');
  const demoGrids = demoUnits.filter((unit) => unit.kind === 'grid');
  const next = mulberry32(12);
  const total = WARM_UP + RUNS;
  const cityPoints = Array.from({ length: total }, () => {
    const grid = grids[Math.floor(next() * grids.length)]!;
    return { grid: grid.id, point: pointInside(grid, next) };
  });
  const demoPoints = Array.from({ length: total }, () => {
    const grid = demoGrids[Math.floor(next() * demoGrids.length)]!;
    return { grid: grid.id, point: pointInside(grid, next) };
  });
  const check = (points: typeof cityPoints) => (answer: unknown, index: number) => {
    const found = (answer as { id: string } | undefined)?.id;
    if (found !== points[index]!.grid) throw new Error(`routing sent a point of ${points[index]!.grid} to ${found ?? 'no grid'}`);
  };
  const checkCity = check(cityPoints);
  const checkDemo = check(demoPoints);
  const uncached = await sideBySide(
    { table: cityTable, call: (index) => findGridUncached(cityPoints[index]!.point) },
    { table: demoTable, call: (index) => findGridUncached(demoPoints[index]!.point) },
    (side, answer, index) => (side === 'big' ? checkCity : checkDemo)(answer, index),
  );
  // A cached answer takes microseconds: each timed run is CACHED_BATCH calls in a row, over
  // successive points (each in its own cell in the city), so the timer's own cost and a stray
  // pause do not decide the figure.
  const batchOf = (points: typeof cityPoints, checkOne: (answer: unknown, index: number) => void) => async (index: number) => {
    for (let call = 0; call < CACHED_BATCH; call += 1) {
      const at = (index * CACHED_BATCH + call) % points.length;
      checkOne(await findGridAt(points[at]!.point), at);
    }
  };
  const batches = await sideBySide({ table: cityTable, call: batchOf(cityPoints, checkCity) }, { table: demoTable, call: batchOf(demoPoints, checkDemo) }, () => {});
  const cached = { big: batches.big.map((ms) => ms / CACHED_BATCH), small: batches.small.map((ms) => ms / CACHED_BATCH) };
  // How many grids share the routing cell of each point: what one cell read returns.
  const gridsPerCell = (units: readonly Pick<CityUnit, 'kind' | 'boundary'>[]) => {
    const counts = new Map<string, number>();
    for (const unit of units) if (unit.kind === 'grid' && unit.boundary) for (const cell of cellsOfBoundary(unit.boundary)) counts.set(cell, (counts.get(cell) ?? 0) + 1);
    return counts;
  };
  const candidates = (points: typeof cityPoints, counts: Map<string, number>) =>
    round(points.reduce((sum, { point }) => sum + (counts.get(geohashOf(point, GRID_CELL_PRECISION)) ?? 0), 0) / points.length);
  const perCell = `${candidates(cityPoints, gridsPerCell(grids))} vs ${candidates(demoPoints, gridsPerCell(demoGrids))} grids in the point's cell on average`;
  const labels = { big: `${grids.length.toLocaleString('en')} grids`, small: `demo's ${demoGrids.length}` };
  return [
    ...comparison('routing, cell read', uncached, labels, `findGridAt reading the cell's grids (one byPlace Query), a random point in a random grid; ${perCell}`),
    ...comparison('routing, cell cached', cached, labels, `findGridAt as a warm function answers a cell it read in the last minute, per call (runs of ${CACHED_BATCH} calls): point-in-polygon over the cell's grids; ${perCell}`, { micro: true, goal: false }),
  ];
}

// ————— nearby stations —————

async function stations(runtime: Runtime): Promise<BenchRow[]> {
  const { city, cityTable, few, importSeconds } = await cities(runtime);
  const rows: BenchRow[] = [];
  const now = new Date();
  // The first search to touch a cell since its stations were imported summarises it (once): done
  // here for every cell the timed searches may touch, so they measure the steady state.
  for (const table of [cityTable, ...few.map((part) => part.table)]) {
    await withTable(table, async () => {
      for (let north = -7000; north <= 7000; north += 1000) {
        for (let east = -7000; east <= 7000; east += 1000) {
          const centre = { lat: XINJIEKOU.lat + north / 111_320, lng: XINJIEKOU.lng + east / (111_320 * Math.cos((XINJIEKOU.lat * Math.PI) / 180)) };
          await searchNearby({ centre, radiusMetres: 100, limit: 1 }, now);
        }
      }
    });
  }
  for (const radius of [2000, 5000]) {
    const next = mulberry32(radius);
    // Centres spread evenly over the disc of 2 km around Xinjiekou.
    const centres = Array.from({ length: WARM_UP + RUNS }, (): LatLng => {
      const distance = 2000 * Math.sqrt(next());
      const angle = 2 * Math.PI * next();
      return {
        lat: XINJIEKOU.lat + (distance * Math.cos(angle)) / 111_320,
        lng: XINJIEKOU.lng + (distance * Math.sin(angle)) / (111_320 * Math.cos((XINJIEKOU.lat * Math.PI) / 180)),
      };
    });
    const search = (index: number) =>
      searchNearby({ centre: centres[index]!, radiusMetres: radius, openNow: true, amenity: 'air_conditioning', minFreeSeats: 1, limit: 20 }, now);
    for (const part of few) {
      const found = { big: 0, small: 0 };
      const times = await sideBySide({ table: cityTable, call: search }, { table: part.table, call: search }, (side, answer, index) => {
        if (index >= WARM_UP) found[side] += (answer as unknown[]).length;
      });
      rows.push(
        ...comparison(
          `nearby search ${radius / 1000} km`,
          times,
          { big: `${city.stations.length.toLocaleString('en')} stations`, small: part.label },
          `searchNearby (open now, air conditioning, a free seat, 20 at most) from within 2 km of Xinjiekou; ${part.note}; ${round(found.big / RUNS)} vs ${round(found.small / RUNS)} results on average`,
        ),
      );
    }
  }
  rows.push({ name: 'import: Nanjing units down to grids, and 1,000 stations', value: round(importSeconds), unit: 's', note: 'importCity, 16 writes in flight; routing cells and search summaries included' });
  return rows;
}

// ————— lists over a year of history —————

const resident = (userId: string): Identity => ({ userId, role: 'resident', units: [] });
const seeder: Identity = { userId: 'seed', role: 'admin', units: ['city'] };
const GRID = { id: 'lushan-g1', ancestors: ['jianye', 'nanyuan', 'lushan'] };

/**
 * A request as it is at `status` (closed: rated after being resolved), submitted at `at` by
 * `residentId`, assigned to `workerId`.
 */
function requestAt(id: string, residentId: string, workerId: string, at: Date, status: 'submitted' | 'accepted' | 'closed', categories: Category[], index: number): Request {
  const category = categories[index % categories.length]!;
  let request = planSubmission({
    id,
    identity: resident(residentId),
    input: { categoryId: category.id, description: `第${index}条诉求：楼道灯不亮`, address: '庐山路', photos: [], attributes: {} },
    category: { ...category, attributes: [] },
    grid: GRID,
    routedBy: 'location',
    assigneeId: workerId,
    now: at,
  });
  if (status === 'submitted') return request;
  const staff: Identity = { userId: workerId, role: 'grid_worker', units: [GRID.id] };
  request = planTransition(request, { action: 'accept' }, staff, hoursAfter(at, 1)).request;
  if (status === 'accepted') return request;
  request = planTransition(request, { action: 'start' }, staff, hoursAfter(at, 2)).request;
  request = planTransition(request, { action: 'resolve', note: '已处理' }, staff, hoursAfter(at, 20)).request;
  return planTransition(request, { action: 'confirm', rating: 5 }, resident(residentId), hoursAfter(at, 30)).request;
}

async function seedHistory(now: Date) {
  const categories = defaultCategories.map(({ id, ...input }) => planCategory(seeder, id, input, new Date('2026-01-01T00:00:00.000Z')));
  const year = 365 * 24 * 3600_000;
  const yearAgo = now.getTime() - year;
  const spread = (index: number, count: number) => new Date(yearAgo + Math.floor((year * index) / count));
  const requests: Request[] = [];
  // A grid worker's year: 2,000 closed, then 40 waiting to be accepted; a fresh worker's 40.
  for (let index = 0; index < HISTORY.closedInQueue; index += 1) {
    requests.push(requestAt(`city-q-closed-${index}`, `city-r-${index % 500}`, 'city-worker-loaded', spread(index, HISTORY.closedInQueue + 1), 'closed', categories, index));
  }
  for (let index = 0; index < HISTORY.openInQueue; index += 1) {
    const at = new Date(now.getTime() - (HISTORY.openInQueue - index) * 60_000);
    requests.push(requestAt(`city-q-open-${index}`, `city-r-${index}`, 'city-worker-loaded', at, 'submitted', categories, index));
    requests.push(requestAt(`city-q-fresh-${index}`, `city-r-${index}`, 'city-worker-fresh', at, 'submitted', categories, index));
  }
  // A resident's year of 300 requests, most closed; a new resident with only the newest 20 of
  // them (the same statuses and times): the first page holds alike requests on both sides.
  const statusOf = (index: number) => (index >= HISTORY.residentRequests - 5 ? 'submitted' : index % 10 === 9 ? 'accepted' : 'closed');
  for (let index = 0; index < HISTORY.residentRequests; index += 1) {
    const at = spread(index, HISTORY.residentRequests);
    requests.push(requestAt(`city-res-loaded-${index}`, 'city-resident-loaded', 'city-worker-other', at, statusOf(index), categories, index));
    if (index >= HISTORY.residentRequests - HISTORY.freshResidentRequests) {
      requests.push(requestAt(`city-res-fresh-${index}`, 'city-resident-fresh', 'city-worker-other', at, statusOf(index), categories, index));
    }
  }
  await inBatches(requests, (request) => createRequest(request, []));

  // A year of shifts, two a day, and the next two weeks' on the loaded micro-grid; the next two
  // weeks' alone on the fresh one.
  const today = localDateOf(now);
  // Planned before the first of them, as a grid worker plans ahead.
  const planFrom = new Date(yearAgo - 2 * 24 * 3600_000);
  const shifts = [];
  for (let day = -365; day < 14; day += 1) {
    for (const [slot, startMinute] of [9 * 60, 14 * 60].entries()) {
      const date = addDays(today, day);
      for (const microGridId of day < 0 ? ['city-mg-loaded'] : ['city-mg-loaded', 'city-mg-fresh']) {
        shifts.push(
          planShift(
            {
              id: `city-shift-${microGridId}-${date}-${slot}`,
              microGridId,
              kind: 'patrol',
              title: '巡查',
              start: instantAt(date, startMinute).toISOString(),
              end: instantAt(date, startMinute + 120).toISOString(),
              headcount: 3,
              createdAt: new Date(yearAgo).toISOString(),
              createdBy: 'city-worker-loaded',
            },
            planFrom,
          ),
        );
      }
    }
  }
  await inBatches(shifts, (shift) => createShift(shift, now));

  // A year-old inbox: 5,000 notices read, then 40 unread; a fresh inbox of 40 unread.
  const notice = (index: number, at: Date) => ({
    id: notificationIdOf(at.toISOString(), `city-event-${index}`, 'requests.request-submitted'),
    kind: 'requests.request-submitted',
    title: '新诉求',
    body: `第${index}条诉求：楼道灯不亮`,
    subject: { type: 'request', id: `city-q-closed-${index}` },
    createdAt: at.toISOString(),
  });
  const read = Array.from({ length: HISTORY.readNotifications }, (_, index) => notice(index, spread(index, HISTORY.readNotifications + 1)));
  await inBatches(read, (item) => putNotification('city-inbox-loaded', item));
  let marked = 0;
  while (marked < read.length) {
    const now_ = new Date();
    const count = await markAllNotificationsRead('city-inbox-loaded', now_);
    if (count === 0) break;
    marked += count;
  }
  if (marked !== read.length) throw new Error(`marked ${marked} of ${read.length} notices read`);
  const unread = Array.from({ length: HISTORY.unread }, (_, index) => notice(100_000 + index, new Date(now.getTime() - (HISTORY.unread - index) * 60_000)));
  await inBatches(unread, async (item) => {
    await putNotification('city-inbox-loaded', item);
    await putNotification('city-inbox-fresh', item);
  });
  return { requests: requests.length, shifts: shifts.length, notices: read.length + 2 * unread.length };
}

async function lists(runtime: Runtime): Promise<BenchRow[]> {
  const table = `${process.env.TABLE_NAME}-history`;
  await ensureTable(runtime.engine.endpoint, table);
  const now = new Date();
  const seedStarted = performance.now();
  const seeded = await withTable(table, () => seedHistory(now));
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const pageOf = (expected: number) => (_side: 'big' | 'small', answer: unknown) => {
    const { items } = answer as { items: unknown[] };
    if (items.length !== expected) throw new Error(`a page of ${items.length}, not ${expected}`);
  };
  const rows: BenchRow[] = [];

  const queue = await sideBySide(
    { table, call: () => listQueue('city-worker-loaded', 'submitted', PAGE) },
    { table, call: () => listQueue('city-worker-fresh', 'submitted', PAGE) },
    pageOf(PAGE.limit),
  );
  rows.push(...comparison('GET /me/queue', queue, { big: 'a year (2,000 closed, 40 open)', small: 'fresh (40 open)' }, 'listQueue, first page of 20 waiting to be accepted'));

  const mine = await sideBySide(
    { table, call: () => listRequestsOf('city-resident-loaded', PAGE) },
    { table, call: () => listRequestsOf('city-resident-fresh', PAGE) },
    pageOf(PAGE.limit),
  );
  rows.push(...comparison('GET /me/requests', mine, { big: `a year (${HISTORY.residentRequests})`, small: `fresh (${HISTORY.freshResidentRequests})` }, 'listRequestsOf, first page of 20, newest first'));

  // The dates the handler asks for by default: today and the next two weeks.
  const { from, to } = dateRangeOf({}, now, 14, 62);
  const shiftsPage = (unitId: string) => () => listShiftsOfMicroGrid(unitId, instantAt(from, 0), instantAt(addDays(to, 1), 0), PAGE);
  const shiftTimes = await sideBySide({ table, call: shiftsPage('city-mg-loaded') }, { table, call: shiftsPage('city-mg-fresh') }, pageOf(PAGE.limit));
  rows.push(...comparison('GET /micro-grids/{id}/shifts', shiftTimes, { big: 'a year of shifts (730 past)', small: 'fresh' }, 'listShiftsOfMicroGrid over the default two weeks, first page of 20'));

  const unread = await sideBySide(
    { table, call: () => unreadCountOf('city-inbox-loaded', new Date()) },
    { table, call: () => unreadCountOf('city-inbox-fresh', new Date()) },
    (_side, answer) => {
      if ((answer as { unreadCount: number }).unreadCount !== HISTORY.unread) throw new Error(`unread count ${JSON.stringify(answer)}, not ${HISTORY.unread}`);
    },
  );
  rows.push(...comparison('unread count', unread, { big: `a year (${HISTORY.readNotifications.toLocaleString('en')} read, ${HISTORY.unread} unread)`, small: `fresh (${HISTORY.unread} unread)` }, 'unreadCountOf, as GET /me/notifications answers unreadCount'));
  rows.push({ name: 'history seeded through the repositories', value: round(seedSeconds), unit: 's', note: `${seeded.requests} requests, ${seeded.shifts} shifts, ${seeded.notices} notices (5,000 then marked read)` });
  return rows;
}

export const bench: Bench = async (parts = []) => {
  const wanted = (part: string) => parts.length === 0 || parts.includes(part);
  const runtime = await startRuntime({ port: 0, timers: false, separateEngineProcess: true });
  try {
    const rows: BenchRow[] = [];
    if (wanted('routing')) rows.push(...(await routing(runtime)));
    if (wanted('stations')) rows.push(...(await stations(runtime)));
    if (wanted('lists')) rows.push(...(await lists(runtime)));
    return rows;
  } finally {
    prepared = undefined;
    await runtime.close();
  }
};
