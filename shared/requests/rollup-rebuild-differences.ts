import { type Tally, type TallyByCategory, emptyTally, hoursBucketBounds, sumByCategory, talliesOf } from './figures';
import { requestStatuses } from './terms';
import { decodeTally, encodeContribution, encodeTally } from './repository/rollup-codec';
import type { GridRollup, ParentRollup, RollupKind, StoredContribution } from './repository/rollups';

/**
 * What a rollup rebuild (rollup-rebuild.ts) reports: the differences between the rollups the
 * consumer maintained and the ones recomputed from the requests, contribution by contribution in
 * the grids, tally by tally in each level above.
 */

/** The levels with items of their own, bottom-up; the city, above the districts, has none. */
export const LEVELS = ['grid', 'community', 'subdistrict', 'district'] as const;
export type StoredKind = (typeof LEVELS)[number];
/** A scope's level: its kind's, or for the city the one above the districts (the city's place in `placementOf`, rollup-rebuild.ts). */
export const levelOf = (kind: RollupKind): number => (kind === 'city' ? LEVELS.length : LEVELS.indexOf(kind));

const none = '(none)';
/** A stored contribution as compared: its encoding, or `(none)`. */
export const encoded = (stored: StoredContribution | undefined) => (stored?.contribution ? encodeContribution(stored.contribution) : none);

/** The lines of every difference, grids first, then each level up. */
export function compare(
  idsAt: readonly string[][],
  recomputed: ReadonlyMap<string, ReadonlyMap<string, StoredContribution>>,
  childrenOf: ReadonlyMap<string, ReadonlySet<string>>,
  grids: ReadonlyMap<string, GridRollup>,
  parents: ReadonlyMap<string, ParentRollup>,
): string[] {
  const lines: string[] = [];
  for (const gridId of idsAt[0]!) {
    const expected = recomputed.get(gridId) ?? new Map<string, StoredContribution>();
    const held = grids.get(gridId)?.contributions ?? new Map<string, StoredContribution>();
    const requestIds = new Set([...expected.keys(), ...[...held].filter(([, stored]) => stored.contribution).map(([id]) => id)]);
    for (const requestId of [...requestIds].sort()) {
      const want = expected.get(requestId);
      const have = held.get(requestId);
      // A request that changed after it was read: the rollup is newer than this rebuild.
      if (want && have && have.version > want.version) continue;
      if (encoded(want) !== encoded(have)) lines.push(`grid ${gridId}: request ${requestId}: maintained ${encoded(have)}, recomputed ${encoded(want)}`);
    }
  }
  const expectedTallies = new Map<string, TallyByCategory>();
  for (const gridId of idsAt[0]!) {
    expectedTallies.set(gridId, talliesOf([...(recomputed.get(gridId)?.values() ?? [])].flatMap((stored) => (stored.contribution ? [stored.contribution] : []))));
  }
  for (let level = 1; level < LEVELS.length; level += 1) {
    for (const parentId of idsAt[level]!) {
      const held = parents.get(parentId);
      const children = new Set([...(childrenOf.get(parentId) ?? []), ...(held?.children.keys() ?? [])]);
      const sums: TallyByCategory[] = [];
      for (const childId of [...children].sort()) {
        const want = expectedTallies.get(childId) ?? new Map<string, Tally>();
        sums.push(want);
        const have = held?.children.get(childId)?.tallies ?? new Map<string, Tally>();
        for (const categoryId of [...new Set([...want.keys(), ...have.keys()])].sort()) {
          const changes = tallyChanges(have.get(categoryId) ?? emptyTally(), want.get(categoryId) ?? emptyTally());
          if (changes) lines.push(`${LEVELS[level]} ${parentId}: ${LEVELS[level - 1]} ${childId}, ${categoryId}: ${changes}`);
        }
      }
      expectedTallies.set(parentId, sumByCategory(sums));
    }
  }
  return lines;
}

/** What differs between a maintained tally and a recomputed one, as `name maintained → recomputed`; '' when nothing. */
function tallyChanges(have: Tally, want: Tally): string {
  const a = decodeTally(encodeTally(have));
  const b = decodeTally(encodeTally(want));
  const pairs: [string, number, number][] = [
    ...(['total', 'acceptedOnTime', 'acceptDecided', 'resolvedOnTime', 'resolveDecided', 'everResolved', 'reopened', 'rated', 'satisfied', 'ratingSum'] as const).map(
      (sum): [string, number, number] => [sum, a[sum], b[sum]],
    ),
    ...requestStatuses.map((status): [string, number, number] => [status, a.byStatus[status], b.byStatus[status]]),
    ...a.hoursToResolve.map((count, bucket): [string, number, number] => {
      const { from, to } = hoursBucketBounds(bucket);
      return [`resolved in [${from}, ${to ?? '∞'}) h`, count, b.hoursToResolve[bucket]!];
    }),
  ];
  return pairs
    .filter(([, x, y]) => x !== y)
    .map(([name, x, y]) => `${name} ${x} → ${y}`)
    .join(', ');
}
