import { beforeAll, describe, expect, it } from 'vitest';
import { type UnitWalkOptions, type WalkRoot, unitsUnder } from '../../../shared/organisation/unit-walk';
import { useEngine } from '../../support/engine';
import { type SmallCity, buildSmallCity } from '../../support/small-city';

useEngine();

let city: SmallCity;
beforeAll(async () => {
  city = await buildSmallCity({ prefix: 'walk', districts: 2, subdistricts: 2, communities: 3, grids: 4, secondWorkerEvery: 5, sharedWorkers: 0, sharedAcross: 1 });
});

const CITY: WalkRoot = { id: 'city', kind: 'city' };

/** Walks to the end, page by page; returns the grids in walk order and the pages it took. */
async function walkAll(root: WalkRoot, options: Omit<UnitWalkOptions, 'cursor'>): Promise<{ grids: string[]; pages: number }> {
  const grids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await unitsUnder(root, 'grid', { ...options, cursor });
    grids.push(...page.units.map((unit) => unit.id));
    cursor = page.next;
    pages += 1;
  } while (cursor);
  return { grids, pages };
}

describe('the walk of the units under a unit', () => {
  it('visits every grid of the city once, page after page, however small the pages and few the reads', async () => {
    // Act
    const large = await walkAll(CITY, { limit: 100, maxReads: 1000 });
    const small = await walkAll(CITY, { limit: 5, maxReads: 3 });
    // Assess
    expect([...large.grids].sort()).toEqual([...city.grids].sort());
    expect(large.grids).toHaveLength(city.grids.length);
    expect(small.grids).toEqual(large.grids);
    expect(small.pages).toBeGreaterThan(city.grids.length / 5);
  });

  it('goes on from the position right after any grid of a page, missing and repeating nothing', async () => {
    // Prepare
    const whole = (await walkAll(CITY, { limit: 100, maxReads: 1000 })).grids;
    const first = await unitsUnder(CITY, 'grid', { limit: 10, maxReads: 100 });
    // Act: stop after the third grid of the page, as a batch cut short does.
    const rest: string[] = [];
    for (let cursor = first.units[2]!.next; cursor; ) {
      const page = await unitsUnder(CITY, 'grid', { limit: 10, maxReads: 100, cursor });
      rest.push(...page.units.map((unit) => unit.id));
      cursor = page.next;
    }
    // Assess
    expect([...first.units.slice(0, 3).map((unit) => unit.id), ...rest]).toEqual(whole);
  });

  it("walks a district's grids only; a grid is its own only grid, and a micro-grid has none", async () => {
    // Prepare
    const district = city.districts[1]!;
    const grid = city.grids[0]!;
    // Act
    const ofDistrict = await walkAll({ id: district, kind: 'district' }, { limit: 4, maxReads: 10 });
    const ofGrid = await unitsUnder({ id: grid, kind: 'grid' }, 'grid', { limit: 4, maxReads: 10 });
    const ofMicroGrid = await unitsUnder({ id: `${grid}-m1`, kind: 'micro_grid' }, 'grid', { limit: 4, maxReads: 10 });
    // Assess
    expect([...ofDistrict.grids].sort()).toEqual(city.grids.filter((id) => id.startsWith(`${district}-`)).sort());
    expect(ofGrid).toEqual({ units: [{ id: grid, next: undefined }] });
    expect(ofMicroGrid).toEqual({ units: [] });
  });
});
