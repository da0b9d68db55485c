import type { Request } from '../../../shared/requests/model';
import type { Rate } from '../../../shared/requests/report-model';

/**
 * The monthly figures as the report computed them before the rollups (from every request of the
 * month, on every call, at a given instant), kept as the oracle the rollups are held to: for the same
 * requests, with the deadlines schedule run up to that instant, every figure must agree, and the
 * median must fall in the rollups' median bucket.
 */

export type OracleRow = Pick<
  Request,
  'categoryId' | 'categoryName' | 'status' | 'createdAt' | 'acceptDueAt' | 'acceptedAt' | 'resolveDueAt' | 'resolvedAt' | 'rating' | 'reopenCount'
>;

const rate = (count: number, of: number): Rate => ({ count, of, rate: of === 0 ? null : Math.round((count / of) * 10_000) / 10_000 });

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Hours from submission to resolution of the resolved and closed requests. */
export const hoursToResolveOf = (rows: readonly OracleRow[]): number[] =>
  rows
    .filter((row) => (row.status === 'resolved' || row.status === 'closed') && row.resolvedAt)
    .map((row) => (Date.parse(row.resolvedAt!) - Date.parse(row.createdAt)) / 3_600_000);

export function figuresFromRequests(rows: readonly OracleRow[], now: Date) {
  const at = now.toISOString();
  const byStatus: Record<string, number> = {};
  let acceptedOnTime = 0;
  let acceptDecided = 0;
  let resolvedOnTime = 0;
  let resolveDecided = 0;
  let everResolved = 0;
  let reopened = 0;
  let rated = 0;
  let satisfied = 0;
  let ratingSum = 0;
  for (const row of rows) {
    byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;
    const dismissed = row.status === 'rejected' || row.status === 'duplicate';
    if (row.acceptedAt) {
      acceptDecided += 1;
      if (row.acceptedAt <= row.acceptDueAt) acceptedOnTime += 1;
    } else if (!dismissed && at > row.acceptDueAt) {
      acceptDecided += 1;
    }
    const done = row.status === 'resolved' || row.status === 'closed';
    if (done && row.resolvedAt) {
      resolveDecided += 1;
      if (row.resolveDueAt && row.resolvedAt <= row.resolveDueAt) resolvedOnTime += 1;
    } else if (!dismissed && row.resolveDueAt && at > row.resolveDueAt) {
      resolveDecided += 1;
    }
    if (row.resolvedAt) {
      everResolved += 1;
      if (row.reopenCount > 0) reopened += 1;
    }
    if (typeof row.rating === 'number') {
      rated += 1;
      ratingSum += row.rating;
      if (row.rating >= 4) satisfied += 1;
    }
  }
  const middle = median(hoursToResolveOf(rows));
  return {
    total: rows.length,
    byStatus,
    acceptedOnTime: rate(acceptedOnTime, acceptDecided),
    resolvedOnTime: rate(resolvedOnTime, resolveDecided),
    reopened: rate(reopened, everResolved),
    satisfied: rate(satisfied, rated),
    averageRating: rated === 0 ? null : Math.round((ratingSum / rated) * 100) / 100,
    medianHoursToResolve: middle === null ? null : Math.round(middle * 100) / 100,
  };
}

/** Figures overall and per category (categories in order of volume, then id). */
export function monthlyFiguresFromRequests(rows: readonly OracleRow[], now: Date) {
  const byCategory = new Map<string, OracleRow[]>();
  for (const row of rows) {
    const list = byCategory.get(row.categoryId);
    if (list) list.push(row);
    else byCategory.set(row.categoryId, [row]);
  }
  return {
    overall: figuresFromRequests(rows, now),
    byCategory: [...byCategory.entries()]
      .map(([categoryId, list]) => ({ categoryId, categoryName: list[0]!.categoryName, figures: figuresFromRequests(list, now), rows: list }))
      .sort((a, b) => b.figures.total - a.figures.total || a.categoryId.localeCompare(b.categoryId)),
  };
}
