import { describe, expect, it } from 'vitest';
import { CONFIRM_WITHIN_HOURS, planAutoClose } from '../../../shared/requests/confirmation';
import { type ReportRow, figuresOf } from '../../../shared/requests/figures';
import { planTransition } from '../../../shared/requests/lifecycle';
import { localMonthOf, monthBounds } from '../../../shared/time/local';
import { NOW, after, resident, submitted, worker } from './fixtures';

describe('months', () => {
  it('puts an instant in its Beijing month and gives a month’s UTC bounds', () => {
    expect(localMonthOf(new Date('2026-07-31T16:00:00.000Z'))).toBe('2026-08');
    expect(localMonthOf(new Date('2026-07-31T15:59:59.999Z'))).toBe('2026-07');
    expect(monthBounds('2026-12')).toEqual({ from: new Date('2026-11-30T16:00:00.000Z'), to: new Date('2026-12-31T16:00:00.000Z') });
  });
});

describe('monthly figures', () => {
  const row = (fields: Partial<ReportRow>): ReportRow => ({
    categoryId: 'c',
    categoryName: 'C',
    status: 'submitted',
    createdAt: '2026-08-01T00:00:00.000Z',
    acceptDueAt: '2026-08-01T04:00:00.000Z',
    reopenCount: 0,
    ...fields,
  });

  it('computes on-time, reopen and satisfaction rates and the median time to resolve from the requests themselves', () => {
    // Prepare
    const rows = [
      // Accepted and resolved on time, rated 5: 2 h to resolve.
      row({ status: 'closed', acceptedAt: '2026-08-01T01:00:00.000Z', resolveDueAt: '2026-08-04T01:00:00.000Z', resolvedAt: '2026-08-01T02:00:00.000Z', rating: 5 }),
      // Accepted late, resolved late after a reopen, rated 2: 100 h to resolve.
      row({ status: 'closed', acceptedAt: '2026-08-01T05:00:00.000Z', resolveDueAt: '2026-08-04T05:00:00.000Z', resolvedAt: '2026-08-05T04:00:00.000Z', rating: 2, reopenCount: 1 }),
      // Waiting past its accept deadline: late.
      row({ status: 'submitted' }),
      // Waiting, not yet due: undecided.
      row({ status: 'submitted', acceptDueAt: '2026-08-30T00:00:00.000Z' }),
      // Rejected before acceptance: neither.
      row({ status: 'rejected' }),
      // Resolved on time, not rated yet: 10 h.
      row({ status: 'resolved', acceptedAt: '2026-08-01T00:30:00.000Z', resolveDueAt: '2026-08-04T00:30:00.000Z', resolvedAt: '2026-08-01T10:00:00.000Z' }),
    ];
    // Act
    const figures = figuresOf(rows, new Date('2026-08-20T00:00:00.000Z'));
    // Assess
    expect(figures).toEqual({
      total: 6,
      byStatus: { closed: 2, submitted: 2, rejected: 1, resolved: 1 },
      acceptedOnTime: { count: 2, of: 4, rate: 0.5 },
      resolvedOnTime: { count: 2, of: 3, rate: 0.6667 },
      reopened: { count: 1, of: 3, rate: 0.3333 },
      satisfied: { count: 1, of: 2, rate: 0.5 },
      averageRating: 3.5,
      medianHoursToResolve: 10,
    });
  });

  it('counts a request closed automatically as closed and resolved, but not as rated, so satisfaction stays among ratings', () => {
    // Prepare: one rated 5, one rated 2, and one the schedule closed because nobody confirmed it.
    const accepted = planTransition(submitted(), { action: 'accept' }, worker, NOW).request;
    const resolved = planTransition(accepted, { action: 'resolve', note: '已修' }, worker, after(1)).request;
    const rated = (rating: number) => planTransition(resolved, { action: 'confirm', rating }, resident, after(2)).request;
    const autoClosed = planAutoClose(resolved, after(1 + CONFIRM_WITHIN_HOURS))!.request;
    // Act
    const figures = figuresOf([rated(5), rated(2), autoClosed], after(1000));
    // Assess
    expect(figures.byStatus).toEqual({ closed: 3 });
    expect(figures.satisfied).toEqual({ count: 1, of: 2, rate: 0.5 });
    expect(figures.averageRating).toBe(3.5);
    expect(figures.resolvedOnTime).toEqual({ count: 3, of: 3, rate: 1 });
  });

  it('gives null rates, not zero, when nothing was decided', () => {
    const figures = figuresOf([], new Date('2026-08-20T00:00:00.000Z'));
    expect(figures.acceptedOnTime).toEqual({ count: 0, of: 0, rate: null });
    expect(figures.medianHoursToResolve).toBeNull();
  });
});
