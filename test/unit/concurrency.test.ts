import { describe, expect, it } from 'vitest';
import { mapLimit } from '../../shared/concurrency';

/** A call that waits until the test lets it finish, counting how many wait at once. */
function gate() {
  let inFlight = 0;
  let most = 0;
  const waiting: (() => void)[] = [];
  const call = async (value: number) => {
    inFlight += 1;
    most = Math.max(most, inFlight);
    await new Promise<void>((resolve) => waiting.push(resolve));
    inFlight -= 1;
    return value * 2;
  };
  const releaseAll = async () => {
    while (waiting.length > 0 || inFlight > 0) {
      waiting.splice(0).forEach((resolve) => resolve());
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { call, releaseAll, most: () => most };
}

describe('mapping with a bound on calls in flight', () => {
  it('never has more than the limit in flight, and keeps the order of the items', async () => {
    // Prepare
    const { call, releaseAll, most } = gate();
    const items = Array.from({ length: 25 }, (_, index) => index);
    // Act
    const mapped = mapLimit(items, 4, call);
    await releaseAll();
    // Assess
    expect(await mapped).toEqual(items.map((item) => item * 2));
    expect(most()).toBe(4);
  });

  it('starts no further call after one fails', async () => {
    // Prepare
    const started: number[] = [];
    // Act
    const mapped = mapLimit([0, 1, 2, 3, 4, 5], 2, async (item) => {
      started.push(item);
      if (item === 1) throw new Error('engine down');
      return item;
    });
    // Assess: item 2 was taken before the failure settled; 3 to 5 never start.
    await expect(mapped).rejects.toThrow('engine down');
    expect(started).toEqual([0, 1, 2]);
  });
});
