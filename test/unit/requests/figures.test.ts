import { describe, expect, it } from 'vitest';
import { CONFIRM_WITHIN_HOURS, planAutoClose } from '../../../shared/requests/confirmation';
import { planOverdue } from '../../../shared/requests/deadlines';
import {
  type Contribution,
  type ReportRow,
  RESOLVE_HOURS_EDGES,
  addTallies,
  contributionOf,
  emptyTally,
  figuresOfTally,
  hoursBucketOf,
  medianBucketOf,
  monthlyFigures,
  sameTally,
  sumByCategory,
  talliesOf,
} from '../../../shared/requests/figures';
import { planTransition } from '../../../shared/requests/lifecycle';
import { localMonthOf, monthBounds } from '../../../shared/time/local';
import { NOW, after, resident, submitted, worker } from './fixtures';

const row = (fields: Partial<ReportRow>): ReportRow => ({
  categoryId: 'c',
  categoryName: 'C',
  status: 'submitted',
  createdAt: '2026-08-01T00:00:00.000Z',
  acceptDueAt: '2026-08-01T04:00:00.000Z',
  reopenCount: 0,
  acceptOverdueLevel: 0,
  resolveOverdueLevel: 0,
  ...fields,
});

const tallyOf = (...rows: ReportRow[]) => talliesOf(rows.map(contributionOf)).get('c') ?? emptyTally();

describe('months', () => {
  it('puts an instant in its Beijing month and gives a month’s UTC bounds', () => {
    expect(localMonthOf(new Date('2026-07-31T16:00:00.000Z'))).toBe('2026-08');
    expect(localMonthOf(new Date('2026-07-31T15:59:59.999Z'))).toBe('2026-07');
    expect(monthBounds('2026-12')).toEqual({ from: new Date('2026-11-30T16:00:00.000Z'), to: new Date('2026-12-31T16:00:00.000Z') });
  });
});

describe('a request’s contribution', () => {
  it('follows the request through its closed loop, from its state alone', () => {
    // Prepare: accepted and resolved on time, then reopened, resolved again and rated.
    const accepted = planTransition(submitted(), { action: 'accept' }, worker, after(1)).request;
    const resolved = planTransition(accepted, { action: 'resolve', note: '已修' }, worker, after(10)).request;
    const reopened = planTransition(resolved, { action: 'reopen', note: '没修好' }, resident, after(20)).request;
    const again = planTransition(reopened, { action: 'resolve', note: '再修' }, worker, after(30)).request;
    const rated = planTransition(again, { action: 'confirm', rating: 4 }, resident, after(31)).request;

    // Act
    const steps = [submitted(), accepted, resolved, reopened, again, rated].map(contributionOf);

    // Assess
    expect(steps).toEqual<Contribution[]>([
      { categoryId: 'facility-repair', status: 'submitted' },
      { categoryId: 'facility-repair', status: 'accepted', acceptedOnTime: true },
      { categoryId: 'facility-repair', status: 'resolved', acceptedOnTime: true, resolvedOnTime: true, reopened: false, hoursBucket: 4 },
      { categoryId: 'facility-repair', status: 'in_progress', acceptedOnTime: true, reopened: true },
      { categoryId: 'facility-repair', status: 'resolved', acceptedOnTime: true, resolvedOnTime: true, reopened: true, hoursBucket: 6 },
      { categoryId: 'facility-repair', status: 'closed', acceptedOnTime: true, resolvedOnTime: true, reopened: true, rating: 4, hoursBucket: 6 },
    ]);
  });

  it('counts a request still waiting as late once the deadlines schedule marked it overdue, not before', () => {
    // Prepare
    const waiting = submitted();
    const marked = planOverdue(waiting, after(5))!.request;
    const accepted = planTransition(marked, { action: 'accept' }, worker, after(6)).request;
    const resolveLate = planOverdue(accepted, after(6 + 73))!.request;

    // Act
    const contributions = [waiting, marked, accepted, resolveLate].map(contributionOf);

    // Assess
    expect(contributions.map((c) => [c.acceptedOnTime, c.resolvedOnTime])).toEqual([
      [undefined, undefined],
      [false, undefined],
      [false, undefined],
      [false, false],
    ]);
  });

  it('counts rejected and duplicate requests for neither deadline, unless accepted before', () => {
    // Prepare
    const overdue = planOverdue(submitted(), after(5))!.request;
    const rejected = planTransition(overdue, { action: 'reject', reason: '不归我们管' }, worker, after(6)).request;
    const accepted = planTransition(submitted(), { action: 'accept' }, worker, after(1)).request;
    const duplicate = planTransition(accepted, { action: 'mark-duplicate', original: { ...submitted(), id: 'req-0' } }, worker, after(2)).request;

    // Act
    const [fromRejected, fromDuplicate] = [rejected, duplicate].map(contributionOf);

    // Assess
    expect(fromRejected).toEqual({ categoryId: 'facility-repair', status: 'rejected' });
    expect(fromDuplicate).toEqual({ categoryId: 'facility-repair', status: 'duplicate', acceptedOnTime: true });
  });
});

describe('monthly figures from summed contributions', () => {
  it('computes on-time, reopen and satisfaction rates and the median’s bucket', () => {
    // Prepare
    const rows = [
      // Accepted and resolved on time, rated 5: 2 h to resolve.
      row({ status: 'closed', acceptedAt: '2026-08-01T01:00:00.000Z', resolveDueAt: '2026-08-04T01:00:00.000Z', resolvedAt: '2026-08-01T02:00:00.000Z', rating: 5 }),
      // Accepted late, resolved late after a reopen, rated 2: 100 h to resolve.
      row({ status: 'closed', acceptedAt: '2026-08-01T05:00:00.000Z', resolveDueAt: '2026-08-04T05:00:00.000Z', resolvedAt: '2026-08-05T04:00:00.000Z', rating: 2, reopenCount: 1 }),
      // Waiting past its accept deadline (the schedule marked it): late.
      row({ status: 'submitted', acceptOverdueLevel: 1 }),
      // Waiting, not yet due: undecided.
      row({ status: 'submitted', acceptDueAt: '2026-08-30T00:00:00.000Z' }),
      // Rejected before acceptance: neither.
      row({ status: 'rejected' }),
      // Resolved on time, not rated yet: 10 h.
      row({ status: 'resolved', acceptedAt: '2026-08-01T00:30:00.000Z', resolveDueAt: '2026-08-04T00:30:00.000Z', resolvedAt: '2026-08-01T10:00:00.000Z' }),
    ];

    // Act
    const figures = figuresOfTally(tallyOf(...rows));

    // Assess
    expect(figures).toEqual({
      total: 6,
      byStatus: { submitted: 2, closed: 2, rejected: 1, resolved: 1 },
      acceptedOnTime: { count: 2, of: 4, rate: 0.5 },
      resolvedOnTime: { count: 2, of: 3, rate: 0.6667 },
      reopened: { count: 1, of: 3, rate: 0.3333 },
      satisfied: { count: 1, of: 2, rate: 0.5 },
      averageRating: 3.5,
      // 2 h, 10 h and 100 h: the middle one, 10 h, is in [8, 12).
      medianHoursToResolve: 12,
      medianHoursToResolveBucket: { from: 8, to: 12 },
    });
  });

  it('counts a request closed automatically as closed and resolved, but not as rated, so satisfaction stays among ratings', () => {
    // Prepare: one rated 5, one rated 2, and one the schedule closed because nobody confirmed it.
    const accepted = planTransition(submitted(), { action: 'accept' }, worker, NOW).request;
    const resolved = planTransition(accepted, { action: 'resolve', note: '已修' }, worker, after(1)).request;
    const rated = (rating: number) => planTransition(resolved, { action: 'confirm', rating }, resident, after(2)).request;
    const autoClosed = planAutoClose(resolved, after(1 + CONFIRM_WITHIN_HOURS))!.request;

    // Act
    const figures = figuresOfTally(talliesOf([rated(5), rated(2), autoClosed].map(contributionOf)).get('facility-repair')!);

    // Assess
    expect(figures.byStatus).toEqual({ closed: 3 });
    expect(figures.satisfied).toEqual({ count: 1, of: 2, rate: 0.5 });
    expect(figures.averageRating).toBe(3.5);
    expect(figures.resolvedOnTime).toEqual({ count: 3, of: 3, rate: 1 });
  });

  it('gives null rates and no median, not zero, when nothing was decided', () => {
    // Act
    const figures = figuresOfTally(emptyTally());

    // Assess
    expect(figures.acceptedOnTime).toEqual({ count: 0, of: 0, rate: null });
    expect(figures.medianHoursToResolve).toBeNull();
    expect(figures.medianHoursToResolveBucket).toBeNull();
  });

  it('finds the median’s bucket: the middle resolution, or the lower middle one when their number is even', () => {
    // Prepare: [1, 2) holds 2, [4, 8) holds 1, [720, ∞) holds 2.
    const histogram = Array.from({ length: RESOLVE_HOURS_EDGES.length + 1 }, () => 0);
    histogram[1] = 2;
    histogram[3] = 1;
    histogram[12] = 2;

    // Act
    const odd = medianBucketOf(histogram);
    const even = medianBucketOf(histogram.map((n, bucket) => (bucket === 12 ? 3 : n)));
    const last = figuresOfTally({ ...emptyTally(), hoursToResolve: histogram.map((n, bucket) => (bucket === 12 ? 9 : n)) });

    // Assess
    expect(odd).toBe(3);
    expect(even).toBe(3);
    expect(last.medianHoursToResolveBucket).toEqual({ from: 720, to: null });
    expect(last.medianHoursToResolve).toBe(720);
    expect([0, 0.99, 1, 23.9, 24, 719.9, 720, 10_000].map(hoursBucketOf)).toEqual([0, 0, 1, 5, 6, 11, 12, 12]);
  });

  it('adds tallies part by part to the same sums as all at once, per category', () => {
    // Prepare
    const rows = [
      row({ status: 'closed', categoryId: 'a', acceptedAt: '2026-08-01T01:00:00.000Z', resolveDueAt: '2026-08-02T00:00:00.000Z', resolvedAt: '2026-08-01T05:00:00.000Z', rating: 5 }),
      row({ status: 'submitted', categoryId: 'b', acceptOverdueLevel: 2 }),
      row({ status: 'resolved', categoryId: 'a', acceptedAt: '2026-08-01T06:00:00.000Z', resolveDueAt: '2026-08-02T00:00:00.000Z', resolvedAt: '2026-08-03T00:00:00.000Z', reopenCount: 2 }),
      row({ status: 'duplicate', categoryId: 'b' }),
    ];
    const contributions = rows.map(contributionOf);

    // Act
    const whole = talliesOf(contributions);
    const parts = sumByCategory([talliesOf(contributions.slice(0, 1)), talliesOf(contributions.slice(1, 3)), talliesOf(contributions.slice(3))]);

    // Assess
    expect([...parts.keys()].sort()).toEqual(['a', 'b']);
    expect(sameTally(parts.get('a')!, whole.get('a')!)).toBe(true);
    expect(sameTally(parts.get('b')!, whole.get('b')!)).toBe(true);
    expect(addTallies(whole.get('a')!, whole.get('b')!).total).toBe(4);
  });

  it('names the categories, largest first, and leaves out empty ones', () => {
    // Prepare
    const tallies = talliesOf([contributionOf(row({ categoryId: 'b' })), contributionOf(row({ categoryId: 'a' })), contributionOf(row({ categoryId: 'b' }))]);
    tallies.set('empty', emptyTally());

    // Act
    const figures = monthlyFigures(tallies, (id) => id.toUpperCase());

    // Assess
    expect(figures.byCategory.map((entry) => [entry.categoryId, entry.categoryName, entry.figures.total])).toEqual([
      ['b', 'B', 2],
      ['a', 'A', 1],
    ]);
    expect(figures.overall.total).toBe(3);
  });
});
