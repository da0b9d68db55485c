import { PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { BatchGetCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { handler as requestRollups } from '../../../functions/consumers/request-rollups';
import { documents } from '../../../shared/aws/clients';
import { config } from '../../../shared/config';
import { ProblemError } from '../../../shared/http/errors';
import type { OrgUnit, OrgUnitKind } from '../../../shared/organisation/model';
import { createOrgUnit } from '../../../shared/organisation/repository';
import { announceSubmission, announceTransition } from '../../../shared/requests/announcements';
import { createCategory } from '../../../shared/requests/categories/repository';
import { planCategory } from '../../../shared/requests/categories/rules';
import { defaultCategories } from '../../../shared/requests/categories/catalogue';
import type { Category } from '../../../shared/requests/categories/model';
import { actOnDueRequests } from '../../../shared/requests/deadline-sweep';
import { hoursAfter } from '../../../shared/requests/deadlines';
import { hoursBucketBounds, hoursBucketOf } from '../../../shared/requests/figures';
import { type TransitionInput, planTransition } from '../../../shared/requests/lifecycle';
import type { Figures, MonthlyReport } from '../../../shared/requests/report-model';
import type { Request } from '../../../shared/requests/model';
import { monthlyGridTableOf } from '../../../shared/requests/monthly-grids';
import { monthlyReportOf } from '../../../shared/requests/monthly-report';
import { type AreaReportRow, reportRows } from '../../../shared/requests/repository/report-rows';
import { applyChange, createRequest, getRequest } from '../../../shared/requests/repository/request';
import { MAX_CONTRIBUTIONS } from '../../../shared/requests/repository/rollups';
import { rebuildRollups } from '../../../shared/requests/rollup-rebuild';
import { planSubmission } from '../../../shared/requests/submission';
import { keys } from '../../../shared/table/design';
import { monthBounds } from '../../../shared/time/local';
import { useAcceptingBus } from '../../support/bus';
import { useEngine } from '../../support/engine';
import { lambdaContext } from '../../support/http-events';
import { DYNAMODB_ITEM_LIMIT_BYTES, itemBytes, storedItem } from '../../support/item-size';
import { hoursToResolveOf, monthlyFiguresFromRequests } from './figures-from-requests';
import { cityAdmin, resident } from './fixtures';

useEngine();
const { bus } = useAcceptingBus();

/** A seeded pseudo-random generator (mulberry32), so every run tells the same stories. */
function randomFrom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return { next, pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!, chance: (p: number) => next() < p };
}

const unit = (id: string, kind: OrgUnitKind, ancestors: string[]): OrgUnit => ({
  id,
  kind,
  name: `${id} 名`,
  parentId: ancestors.at(-1) ?? null,
  ancestors,
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'test',
});

/** Two districts: d1 → s1 → c1 (g1, g2), c2 (g3); d2 → s2 → c3 (g4). */
const ORGANISATION = [
  unit('ro-d1', 'district', []),
  unit('ro-s1', 'subdistrict', ['ro-d1']),
  unit('ro-c1', 'community', ['ro-d1', 'ro-s1']),
  unit('ro-c2', 'community', ['ro-d1', 'ro-s1']),
  unit('ro-g1', 'grid', ['ro-d1', 'ro-s1', 'ro-c1']),
  unit('ro-g2', 'grid', ['ro-d1', 'ro-s1', 'ro-c1']),
  unit('ro-g3', 'grid', ['ro-d1', 'ro-s1', 'ro-c2']),
  unit('ro-d2', 'district', []),
  unit('ro-s2', 'subdistrict', ['ro-d2']),
  unit('ro-c3', 'community', ['ro-d2', 'ro-s2']),
  unit('ro-g4', 'grid', ['ro-d2', 'ro-s2', 'ro-c3']),
];
const GRIDS = ORGANISATION.filter((u) => u.kind === 'grid');
const MONTH = '2026-03';
const { from: MONTH_START } = monthBounds(MONTH);
/** The moment the figures are taken: the month's last day; everything later in a story does not happen. */
const END = hoursAfter(MONTH_START, 30 * 24);

let organised: Promise<Category[]> | undefined;
/** The organisation and three categories (1 h, 4 h and 24 h to accept), once per file. */
function organise(): Promise<Category[]> {
  organised ??= (async () => {
    for (const orgUnit of ORGANISATION) await createOrgUnit(orgUnit, []);
    const categories = defaultCategories.slice(0, 3).map(({ id, ...input }, index) =>
      planCategory(cityAdmin, id, { ...input, acceptWithinHours: [1, 4, 24][index]!, resolveWithinHours: [24, 48, 72][index]! }, new Date('2026-01-01T00:00:00.000Z')),
    );
    for (const category of categories) await createCategory(category, { ifAbsent: true });
    return categories;
  })();
  return organised;
}

/** A bus delivery of a published entry; `replayOf` gives it a new event id, as if its first handling had been forgotten. */
const delivery = (entry: PutEventsRequestEntry, busId: string, replayOf?: string): EventBridgeEvent<string, unknown> => {
  const detail = JSON.parse(entry.Detail!) as { meta: { id: string } };
  if (replayOf) detail.meta.id = `${detail.meta.id}-${replayOf}`;
  return {
    version: '0',
    id: busId,
    'detail-type': entry.DetailType!,
    source: entry.Source!,
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'local',
    resources: [],
    detail,
  };
};

/** Every entry published to the (accepting) bus since the test began. */
const published = () => bus.commandCalls(PutEventsCommand).flatMap((call) => call.args[0].input.Entries ?? []);
const consumed = (entry: PutEventsRequestEntry) => ['request.submitted', 'request.status-changed', 'request.overdue', 'request.reassigned'].includes(entry.DetailType!);

/** What one step of a story does, decided on the request as it is then. */
type Move = { at: Date; requestId: string; input: (current: Request) => Promise<TransitionInput> | TransitionInput; by: 'staff' | 'resident' };

/** Tells the month's stories: submissions, moves, the deadlines schedule every day; returns the requests' ids. */
async function tellStories(options: { seed: number; count: number; deliver: (entries: PutEventsRequestEntry[]) => Promise<void> }): Promise<string[]> {
  const categories = await organise();
  const random = randomFrom(options.seed);
  const submissions: { at: Date; request: Request }[] = [];
  const moves: Move[] = [];
  for (let index = 0; index < options.count; index += 1) {
    const category = random.pick(categories);
    const grid = index === 0 ? GRIDS[0]! : random.pick(GRIDS);
    const at = hoursAfter(MONTH_START, random.next() * 29 * 24);
    const request = planSubmission({
      id: `ro-${options.seed}-${String(index).padStart(3, '0')}`,
      identity: resident,
      input: { categoryId: category.id, description: `第${index}条`, photos: [], attributes: {} },
      category: { ...category, attributes: [] },
      grid: { id: grid.id, ancestors: grid.ancestors },
      routedBy: 'location',
      assigneeId: null,
      now: at,
    });
    submissions.push({ at, request });
    const step = (hours: number, by: Move['by'], input: Move['input']) => moves.push({ at: hoursAfter(at, hours), requestId: request.id, input, by });
    const late = random.chance(0.3);
    const hours = { accept: late ? category.acceptWithinHours + 1 : category.acceptWithinHours / 2, resolve: late ? category.resolveWithinHours + 5 : 3 };
    // The first story crosses districts: reassigned from d1 to d2.
    if (index === 0 || random.chance(0.1)) {
      const to = index === 0 ? GRIDS[3]! : random.pick(GRIDS);
      step(0.2, 'staff', () => ({ action: 'reassign', grid: { id: to.id, ancestors: to.ancestors }, assigneeId: 'it-worker' }));
    }
    if (random.chance(0.1)) continue; // left waiting
    if (random.chance(0.1)) {
      step(0.3, 'staff', () => ({ action: 'reject', reason: '不属于受理范围' }));
      continue;
    }
    step(hours.accept, 'staff', () => ({ action: 'accept' }));
    if (random.chance(0.2)) {
      step(hours.accept + 0.5, 'staff', () => ({ action: 'escalate', department: 'police' }));
      step(hours.accept + 1, 'staff', () => ({ action: 'return', result: '已处理' }));
    }
    if (index > 5 && random.chance(0.1)) {
      const originalId = submissions[0]!.request.id;
      step(hours.accept + 1.5, 'staff', async () => {
        const original = await getRequest(originalId);
        if (!original) throw new ProblemError('not_found', 'not submitted yet');
        return { action: 'mark-duplicate', original };
      });
      continue;
    }
    const resolveAt = hours.accept + hours.resolve + random.next() * 100;
    step(resolveAt, 'staff', () => ({ action: 'resolve', note: '已处理' }));
    if (random.chance(0.25)) {
      step(resolveAt + 2, 'resident', () => ({ action: 'reopen', note: '没解决' }));
      step(resolveAt + 10, 'staff', () => ({ action: 'resolve', note: '再次处理' }));
    }
    // Otherwise left for the resident, whom the schedule closes unrated after a week.
    if (random.chance(0.7)) step(resolveAt + 12, 'resident', () => ({ action: 'confirm', rating: 1 + Math.floor(random.next() * 5) }));
  }

  // One timeline: submissions and moves in order, the deadlines schedule at each day's end.
  type Happening = { at: Date; run: () => Promise<void> };
  const happenings: Happening[] = [
    ...submissions.map(({ at, request }) => ({ at, run: () => createRequest(request, announceSubmission(request)) })),
    ...moves.map((move) => ({
      at: move.at,
      run: async () => {
        const current = (await getRequest(move.requestId))!;
        const identity = move.by === 'staff' ? cityAdmin : resident;
        try {
          const change = planTransition(current, await move.input(current), identity, move.at);
          await applyChange(current, change, announceTransition(current, change, identity));
        } catch (error) {
          // The schedule or an earlier move got there first (closed it, say): the move is no longer possible.
          if (!(error instanceof ProblemError)) throw error;
        }
      },
    })),
    ...Array.from({ length: 31 }, (_, day) => ({ at: hoursAfter(MONTH_START, 24 * (day + 1) - 0.001), run: () => sweep(hoursAfter(MONTH_START, 24 * (day + 1) - 0.001)) })),
  ].filter((happening) => happening.at <= END);
  happenings.sort((a, b) => a.at.getTime() - b.at.getTime());
  let seen = 0;
  for (const happening of happenings) {
    await happening.run();
    const entries = published().filter(consumed);
    await options.deliver(entries.slice(seen));
    seen = entries.length;
  }
  await sweep(END);
  await options.deliver(published().filter(consumed).slice(seen));
  return submissions.map(({ request }) => request.id);
}

/** The deadlines schedule run at `now` until it has nothing more to do. */
async function sweep(now: Date): Promise<void> {
  for (;;) {
    const run = await actOnDueRequests(now);
    if (run.escalated + run.closed === 0) return;
  }
}

/** Every request of the month in the test's organisation, as the report rows the oracle reads. */
async function monthRows(): Promise<AreaReportRow[]> {
  return [...(await reportRows({ subdistrictId: 'ro-s1' }, MONTH)), ...(await reportRows({ subdistrictId: 'ro-s2' }, MONTH))];
}

/** Every rollup item of the month in the test's organisation, as stored. */
async function rollupItems(): Promise<Record<string, unknown>[]> {
  const ids = ORGANISATION.map((u) => u.id);
  const items = await Promise.all(ids.map((id) => storedItem(keys.requestRollup(id, MONTH))));
  return items.filter((item): item is Record<string, unknown> => item !== undefined);
}

/** Every item of the `ROLLUP#city` partition, whatever its month. */
async function cityItems(): Promise<Record<string, unknown>[]> {
  const output = await documents().send(
    new QueryCommand({ TableName: config().tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.requestRollup('city', MONTH).pk }, ConsistentRead: true }),
  );
  return output.Items ?? [];
}

/** A report's figures that add up across units (counts, never rates or medians), by name. */
function countsOf(figures: Figures): Record<string, number> {
  const rates = (['acceptedOnTime', 'resolvedOnTime', 'reopened', 'satisfied'] as const).flatMap((rate) => [
    [rate, figures[rate].count],
    [`${rate} of`, figures[rate].of],
  ]);
  return { total: figures.total, ...Object.fromEntries(Object.entries(figures.byStatus).map(([status, n]) => [`status ${status}`, n])), ...Object.fromEntries(rates) };
}

/** Counts added up, name by name (a name one side lacks counts 0 there). */
function addedUp(counts: readonly Record<string, number>[]): Record<string, number> {
  const names = [...new Set(counts.flatMap((each) => Object.keys(each)))].sort();
  return Object.fromEntries(names.map((name) => [name, counts.reduce((sum, each) => sum + (each[name] ?? 0), 0)]));
}

/** A report's counts, overall and by category. */
const reportCounts = (report: MonthlyReport) => ({
  overall: countsOf(report.overall),
  byCategory: Object.fromEntries(report.byCategory.map((entry) => [entry.categoryId, countsOf(entry.figures)])),
});

/** Figures without the median, which the rollups give to its bucket only. */
const withoutMedian = ({ medianHoursToResolve: _median, medianHoursToResolveBucket: _bucket, ...figures }: Figures) => figures;
const oracleWithoutMedian = ({ medianHoursToResolve: _median, ...figures }: ReturnType<typeof monthlyFiguresFromRequests>['overall']) => figures;

/** The median is the requests' middle resolution (the lower middle when even), to its bucket. */
function expectMedianInBucket(figures: Figures, rows: readonly AreaReportRow[], oracleMedian: number | null, label: string): void {
  const hours = hoursToResolveOf(rows).sort((a, b) => a - b);
  if (hours.length === 0) {
    expect(figures.medianHoursToResolveBucket, label).toBeNull();
    return;
  }
  const middle = hours[Math.ceil(hours.length / 2) - 1]!;
  expect(figures.medianHoursToResolveBucket, label).toEqual(hoursBucketBounds(hoursBucketOf(middle)));
  if (hours.length % 2 === 1) expect(oracleMedian, label).toBeCloseTo(middle, 2);
}

describe('the request-rollups consumer', () => {
  it('keeps exact rollups however events are duplicated, delayed, reordered and replayed, equal to the rebuild and to the figures from the requests', async () => {
    // Prepare: a month of stories; the events are delivered as a bus might — some at once, some
    // late and out of order, some twice, in parallel with each other, and some replayed under a new
    // event id (as if their first handling had been forgotten).
    type PendingDelivery = { entry: PutEventsRequestEntry; twice: boolean; replayed: boolean };
    const random = randomFrom(7);
    const held: PutEventsRequestEntry[] = [];
    let deliveries = 0;
    const deliver = async (entry: PutEventsRequestEntry, replay = false) => {
      deliveries += 1;
      await requestRollups(delivery(entry, `bus-${deliveries}`, replay ? `replay-${deliveries}` : undefined), lambdaContext('request-rollups'));
    };
    const deliverSome = (entries: readonly PendingDelivery[]) =>
      Promise.all(
        entries.map(async ({ entry, twice, replayed }) => {
          await deliver(entry);
          if (twice) await deliver(entry);
          if (replayed) await deliver(entry, true);
        }),
      );
    const plan = (entry: PutEventsRequestEntry): PendingDelivery => ({ entry, twice: random.chance(0.2), replayed: random.chance(0.1) });

    // Act
    await tellStories({
      seed: 11,
      count: 60,
      deliver: async (entries) => {
        const now = entries.filter(() => random.chance(0.6));
        held.push(...entries.filter((entry) => !now.includes(entry)));
        if (held.length > 0 && random.chance(0.3)) now.push(held.splice(Math.floor(random.next() * held.length), 1)[0]!);
        await deliverSome(now.map(plan));
      },
    });
    held.sort(() => random.next() - 0.5);
    while (held.length > 0) await deliverSome(held.splice(0, 4).map(plan));
    const everything = published().filter(consumed);
    await deliverSome(everything.filter(() => random.chance(0.2)).map((entry) => ({ entry, twice: false, replayed: true })));
    const rebuild = await rebuildRollups({ month: MONTH });
    const rows = await monthRows();

    // Assess: the rebuild finds nothing to mend, and every scope's report is the oracle's.
    expect(rebuild.differences).toEqual([]);
    expect(rebuild.requests).toBe(60);
    expect(rebuild.units).toEqual({ grid: 4, community: 3, subdistrict: 2, district: 2 });
    expect(rows.find((row) => row.id === 'ro-11-000')).toMatchObject({ gridId: 'ro-g4', districtId: 'ro-d2' });
    expect(deliveries).toBeGreaterThan(everything.length);
    const scopes: [string, (row: AreaReportRow) => boolean][] = [
      ['city', () => true],
      ...ORGANISATION.map((u): [string, (row: AreaReportRow) => boolean] => [u.id, (row) => [row.gridId, row.communityId, row.subdistrictId, row.districtId].includes(u.id)]),
    ];
    for (const [scope, inScope] of scopes) {
      const report = await monthlyReportOf(cityAdmin, scope, MONTH, END);
      const mine = rows.filter(inScope);
      const oracle = monthlyFiguresFromRequests(mine, END);
      expect(withoutMedian(report.overall), scope).toEqual(oracleWithoutMedian(oracle.overall));
      expectMedianInBucket(report.overall, mine, oracle.overall.medianHoursToResolve, scope);
      expect(report.byCategory.map((entry) => entry.categoryId), scope).toEqual(oracle.byCategory.map((entry) => entry.categoryId));
      for (const [index, entry] of report.byCategory.entries()) {
        const expected = oracle.byCategory[index]!;
        expect(entry.categoryName).toBe(expected.categoryName);
        expect(withoutMedian(entry.figures), `${scope} ${entry.categoryId}`).toEqual(oracleWithoutMedian(expected.figures));
        expectMedianInBucket(entry.figures, expected.rows as AreaReportRow[], expected.figures.medianHoursToResolve, `${scope} ${entry.categoryId}`);
      }
    }
  });

  it('writes nothing when every event is delivered again, newest first', async () => {
    // Prepare: more stories, each event delivered once as it happens.
    let first = 0;
    await tellStories({
      seed: 12,
      count: 12,
      deliver: async (entries) => {
        for (const entry of entries) await requestRollups(delivery(entry, `first-${(first += 1)}`), lambdaContext('request-rollups'));
      },
    });
    const settled = await rollupItems();

    // Act
    const again = published().filter(consumed).reverse();
    for (const [index, entry] of again.entries()) await requestRollups(delivery(entry, `again-${index}`, `again-${index}`), lambdaContext('request-rollups'));
    const after = await rollupItems();

    // Assess
    expect(again.length).toBeGreaterThan(12);
    expect(after).toEqual(settled);
    expect((await rebuildRollups({ month: MONTH })).differences).toEqual([]);
  });

  it('gives the ten-category table per grid from the community items below a scope, with the requests’ counts', async () => {
    // Prepare
    const rows = await monthRows();

    // Act
    const city = await monthlyGridTableOf(cityAdmin, 'city', MONTH, END);
    const community = await monthlyGridTableOf(cityAdmin, 'ro-c1', MONTH, END);
    const grid = await monthlyGridTableOf(cityAdmin, 'ro-g4', MONTH, END);

    // Assess
    const expected = GRIDS.map((g) => ({
      gridId: g.id,
      gridName: g.name,
      communityId: g.parentId,
      counts: city.categories.map((category) => rows.filter((row) => row.gridId === g.id && row.categoryId === category.id).length),
    })).filter((row) => row.counts.some((n) => n > 0));
    expect(city.categories.slice(0, 3).map((category) => category.id)).toEqual(defaultCategories.slice(0, 3).map((category) => category.id));
    expect(city.rows.map(({ gridId, gridName, communityId, counts }) => ({ gridId, gridName, communityId, counts }))).toEqual(expected);
    expect(city.total).toBe(rows.length);
    expect(community.rows.map((row) => row.gridId)).toEqual(expected.filter((row) => row.communityId === 'ro-c1').map((row) => row.gridId));
    expect(grid.rows).toEqual([expect.objectContaining({ gridId: 'ro-g4', communityId: 'ro-c3', communityName: 'ro-c3 名' })]);
  });

  it('rolls requests up no further than their districts, and gives the city their sum from one BatchGetItem of the district items', async () => {
    // Prepare: more stories, each event delivered once as it happens.
    let delivered = 0;
    await tellStories({
      seed: 13,
      count: 12,
      deliver: async (entries) => {
        for (const entry of entries) await requestRollups(delivery(entry, `city-${(delivered += 1)}`), lambdaContext('request-rollups'));
      },
    });
    const send = vi.spyOn(documents(), 'send');

    // Act
    const city = await monthlyReportOf(cityAdmin, 'city', MONTH, END);
    const cityCalls = send.mock.calls.map(([command]) => command);
    send.mockRestore();
    const districts = [await monthlyReportOf(cityAdmin, 'ro-d1', MONTH, END), await monthlyReportOf(cityAdmin, 'ro-d2', MONTH, END)];

    // Assess: no item for the city, in any month; the city's counts are the two districts' added up,
    // read from the organisation's districts (one Query) and their items (one BatchGetItem).
    expect(await cityItems()).toEqual([]);
    expect(city.overall.total).toBe((await monthRows()).length);
    expect(reportCounts(city).overall).toEqual(addedUp(districts.map((district) => reportCounts(district).overall)));
    const categoryIds = [...new Set(districts.flatMap((district) => district.byCategory.map((entry) => entry.categoryId)))];
    for (const categoryId of categoryIds) {
      expect(reportCounts(city).byCategory[categoryId], categoryId).toEqual(addedUp(districts.map((district) => reportCounts(district).byCategory[categoryId] ?? {})));
    }
    const rollupReads = cityCalls.filter((command) => command instanceof BatchGetCommand || command instanceof GetCommand);
    expect(rollupReads).toHaveLength(1);
    expect(Object.values((rollupReads[0] as BatchGetCommand).input.RequestItems!)[0]!.Keys!.map((key) => key.pk).sort()).toEqual(['ROLLUP#ro-d1', 'ROLLUP#ro-d2']);
    expect(cityCalls.filter((command) => command instanceof QueryCommand && Object.values(command.input.ExpressionAttributeValues ?? {}).includes('CHILDREN#ROOT'))).toHaveLength(1);
  });

  it('ignores a city item an older version left: the city’s report, its table and the rebuild read the districts', async () => {
    // Prepare: what the figures are, then a stale city item (its snapshots of the districts far from them).
    const before = { report: await monthlyReportOf(cityAdmin, 'city', MONTH, END), table: await monthlyGridTableOf(cityAdmin, 'city', MONTH, END) };
    const stale = { entity: 'request-rollup', unitId: 'city', kind: 'city', name: '全市', parentId: null, month: MONTH, version: 99, children: { 'ro-d1': { v: 99, n: '旧', t: { sanitation: '999' } } } };
    await documents().send(new PutCommand({ TableName: config().tableName, Item: { ...keys.requestRollup('city', MONTH), ...stale } }));

    // Act
    const report = await monthlyReportOf(cityAdmin, 'city', MONTH, END);
    const table = await monthlyGridTableOf(cityAdmin, 'city', MONTH, END);
    const rebuild = await rebuildRollups({ month: MONTH, fix: true });
    const left = await storedItem(keys.requestRollup('city', MONTH));
    await documents().send(new DeleteCommand({ TableName: config().tableName, Key: keys.requestRollup('city', MONTH) }));

    // Assess: the stale item changed nothing, and nothing rewrote it.
    expect(report.overall).toEqual(before.report.overall);
    expect(report.byCategory).toEqual(before.report.byCategory);
    expect(table.rows).toEqual(before.table.rows);
    expect(rebuild.differences).toEqual([]);
    expect(rebuild.fixed).toBe(0);
    expect(left).toMatchObject({ version: 99 });
  });
});

describe('requests written without events', () => {
  it('get their rollups from the rebuild, and a grid’s month of 1,000 requests stays far below 400 KB', async () => {
    // Prepare: 1,000 requests in one grid and, in another community, ten categories in each of 50 grids.
    const month = '2026-05';
    const at = hoursAfter(monthBounds(month).from, 24);
    const big = [unit('rs-d', 'district', []), unit('rs-s', 'subdistrict', ['rs-d']), unit('rs-c1', 'community', ['rs-d', 'rs-s']), unit('rs-c2', 'community', ['rs-d', 'rs-s'])];
    const grids = [unit('rs-g0', 'grid', ['rs-d', 'rs-s', 'rs-c1']), ...Array.from({ length: 50 }, (_, i) => unit(`rs-g${i + 1}`, 'grid', ['rs-d', 'rs-s', 'rs-c2']))];
    for (const orgUnit of [...big, ...grids]) await createOrgUnit(orgUnit, []);
    const categories = defaultCategories.map(({ id, ...input }) => planCategory(cityAdmin, id, input, new Date('2026-01-01T00:00:00.000Z')));
    const requests: Request[] = [];
    for (let index = 0; index < 1_500; index += 1) {
      const grid = index < 1_000 ? grids[0]! : grids[1 + ((index - 1_000) % 50)]!;
      const category = categories[index < 1_000 ? index % 10 : Math.floor((index - 1_000) / 50)]!;
      let request = planSubmission({
        id: `${index.toString(36).padStart(4, '0')}mzq7x${'k'.repeat(7)}`,
        identity: resident,
        input: { categoryId: category.id, description: '楼道灯不亮', photos: [], attributes: {} },
        category: { ...category, attributes: [] },
        grid: { id: grid.id, ancestors: grid.ancestors },
        routedBy: 'location',
        assigneeId: null,
        now: at,
      });
      request = planTransition(request, { action: 'accept' }, cityAdmin, hoursAfter(at, 0.5)).request;
      request = planTransition(request, { action: 'resolve', note: '已处理' }, cityAdmin, hoursAfter(at, 3 + (index % 200))).request;
      request = planTransition(request, { action: 'confirm', rating: 1 + (index % 5) }, resident, hoursAfter(at, 300)).request;
      requests.push(request);
    }
    for (let start = 0; start < requests.length; start += 50) await Promise.all(requests.slice(start, start + 50).map((request) => createRequest(request, [])));

    // Act
    const before = await rebuildRollups({ month, scopeId: 'rs-s' });
    const fixed = await rebuildRollups({ month, scopeId: 'rs-s', fix: true });
    const after = await rebuildRollups({ month, scopeId: 'rs-s' });
    const grid = (await storedItem(keys.requestRollup('rs-g0', month)))!;
    const community = (await storedItem(keys.requestRollup('rs-c2', month)))!;
    const report = await monthlyReportOf(cityAdmin, 'city', month, END);

    // Assess
    expect(before.differences.length).toBeGreaterThan(0);
    expect(fixed.changedMeanwhile).toEqual([]);
    expect(after.differences).toEqual([]);
    expect(report.overall.total).toBe(1_500);
    const gridBytes = itemBytes(grid);
    const communityBytes = itemBytes(community);
    console.info(`rollup sizes: grid of 1,000 requests ${gridBytes} B (${Math.round(gridBytes / 1000)} B a request); community of 50 grids × 10 categories ${communityBytes} B`);
    expect(gridBytes).toBeLessThan(150 * 1024);
    expect((gridBytes / 1_000) * MAX_CONTRIBUTIONS).toBeLessThan(DYNAMODB_ITEM_LIMIT_BYTES);
    expect(communityBytes).toBeLessThan(100 * 1024);
  });
});
