import { describe, expect, it } from 'vitest';
import { type Contribution, emptyTally, talliesOf } from '../../../shared/requests/figures';
import { decodeContribution, decodeTally, encodeContribution, encodeTally } from '../../../shared/requests/repository/rollup-codec';

describe('the rollups’ stored form', () => {
  it('reads back every contribution and tally it writes, dropping only trailing zeros', () => {
    // Prepare
    const contributions: Contribution[] = [
      { categoryId: 'sanitation', status: 'submitted' },
      { categoryId: 'sanitation', status: 'closed', acceptedOnTime: true, resolvedOnTime: false, reopened: true, rating: 2, hoursBucket: 12 },
      { categoryId: 'street-order', status: 'in_progress', acceptedOnTime: false, reopened: false },
    ];
    const tally = talliesOf(contributions).get('sanitation')!;

    // Act
    const contributionsAgain = contributions.map((contribution) => decodeContribution(encodeContribution(contribution)));
    const tallyText = encodeTally(tally);

    // Assess
    expect(contributionsAgain).toEqual(contributions);
    expect(encodeContribution(contributions[1]!)).toBe('sanitation,closed,1,0,1,2,12');
    expect(decodeTally(tallyText)).toEqual(tally);
    expect(tallyText.endsWith(',0')).toBe(false);
    expect(decodeTally('')).toEqual(emptyTally());
  });
});
