import { type Contribution, RESOLVE_HOURS_BUCKETS, type Tally, emptyTally } from '../figures';
import type { RequestStatus } from '../model';
import { requestStatuses } from '../terms';
import type { Snapshot, StoredContribution } from './rollups';

/*
 * How the monthly rollup items (./rollups.ts) store what they hold: a contribution and a tally as one
 * short string each, a parent's snapshot of a child, a grid's stored contribution. Compact because a
 * grid's item holds up to MAX_CONTRIBUTIONS of them and a parent's a snapshot per child; equal
 * values encode equally, so an encoding is also what a write and the rebuild compare.
 */

const flag = (value: boolean | undefined) => (value === undefined ? '' : value ? '1' : '0');
const unflag = (text: string | undefined) => (text === '' || text === undefined ? undefined : text === '1');
const optionalNumber = (text: string | undefined) => (text === '' || text === undefined ? undefined : Number(text));

/**
 * A contribution as stored: `categoryId,status,acceptedOnTime,resolvedOnTime,reopened,rating,hoursBucket`,
 * flags as 1/0 and absent values empty, e.g. `sanitation,closed,1,1,0,5,3`. Equal contributions
 * encode equally, so the encoding is also what a write compares.
 */
export function encodeContribution(contribution: Contribution): string {
  return [
    contribution.categoryId,
    contribution.status,
    flag(contribution.acceptedOnTime),
    flag(contribution.resolvedOnTime),
    flag(contribution.reopened),
    contribution.rating ?? '',
    contribution.hoursBucket ?? '',
  ].join(',');
}

export function decodeContribution(text: string): Contribution {
  const [categoryId, status, accepted, resolved, reopened, rating, bucket] = text.split(',');
  const contribution: Contribution = { categoryId: categoryId!, status: status as RequestStatus };
  const fields = { acceptedOnTime: unflag(accepted), resolvedOnTime: unflag(resolved), reopened: unflag(reopened), rating: optionalNumber(rating), hoursBucket: optionalNumber(bucket) };
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) Object.assign(contribution, { [name]: value });
  return contribution;
}

/** The order a tally's sums are stored in; new sums are appended (a shorter stored tally reads them as 0). */
const TALLY_SUMS = ['total', 'acceptedOnTime', 'acceptDecided', 'resolvedOnTime', 'resolveDecided', 'everResolved', 'reopened', 'rated', 'satisfied', 'ratingSum'] as const;

/**
 * A tally as stored: its numbers joined by commas — the sums of {@link TALLY_SUMS}, the count of
 * each status (in `requestStatuses` order), the hours-to-resolve buckets — trailing zeros dropped.
 */
export function encodeTally(tally: Tally): string {
  const numbers = [...TALLY_SUMS.map((sum) => tally[sum]), ...requestStatuses.map((status) => tally.byStatus[status]), ...tally.hoursToResolve];
  let end = numbers.length;
  while (end > 0 && numbers[end - 1] === 0) end -= 1;
  return numbers.slice(0, end).join(',');
}

export function decodeTally(text: string): Tally {
  const numbers = text === '' ? [] : text.split(',').map(Number);
  const at = (index: number) => numbers[index] ?? 0;
  const tally = emptyTally();
  TALLY_SUMS.forEach((sum, index) => (tally[sum] = at(index)));
  requestStatuses.forEach((status, index) => (tally.byStatus[status] = at(TALLY_SUMS.length + index)));
  tally.hoursToResolve = Array.from({ length: RESOLVE_HOURS_BUCKETS }, (_, bucket) => at(TALLY_SUMS.length + requestStatuses.length + bucket));
  return tally;
}

export type StoredSnapshot = { v: number; n: string; t: Record<string, string> };

export const encodeSnapshot = (snapshot: Snapshot): StoredSnapshot => ({
  v: snapshot.version,
  n: snapshot.name,
  t: Object.fromEntries([...snapshot.tallies].filter(([, tally]) => tally.total > 0).map(([categoryId, tally]) => [categoryId, encodeTally(tally)])),
});

export const decodeSnapshot = (stored: StoredSnapshot): Snapshot => ({
  version: stored.v,
  name: stored.n,
  tallies: new Map(Object.entries(stored.t ?? {}).map(([categoryId, text]) => [categoryId, decodeTally(text)])),
});

export const encodeStored = (stored: StoredContribution) => ({ v: stored.version, ...(stored.contribution ? { k: encodeContribution(stored.contribution) } : {}) });
