import { describe, expect, it } from 'vitest';
import { distanceMetres, geohashOf } from '../../../shared/geo/geo';
import { CELL_PRECISION, rangesAround } from '../../../shared/stations/cells';

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
}

describe('the parts of the station index a nearby search reads', () => {
  it('covers every point within the radius, across cell edges, for many circles', () => {
    // Prepare
    const next = random(42);
    const missed: string[] = [];
    let checked = 0;
    // Act
    for (let circle = 0; circle < 200; circle += 1) {
      const centre = { lat: 31.2 + next() * 1.4, lng: 118.3 + next() * 0.9 };
      const radius = [500, 2000, 5000][circle % 3]!;
      const ranges = rangesAround(centre, radius);
      for (let point = 0; point < 100; point += 1) {
        const candidate = { lat: centre.lat + (next() - 0.5) * 0.1, lng: centre.lng + (next() - 0.5) * 0.12 };
        if (distanceMetres(centre, candidate) > radius) continue;
        checked += 1;
        const sortKey = `${geohashOf(candidate, 9)}#station`;
        const cell = geohashOf(candidate, CELL_PRECISION);
        const found = ranges.some((range) => range.cell === cell && range.from <= sortKey && sortKey <= range.to);
        if (!found) missed.push(`${JSON.stringify(centre)} r=${radius}: ${JSON.stringify(candidate)}`);
      }
    }
    // Assess
    expect(checked).toBeGreaterThan(2000);
    expect(missed).toEqual([]);
  });

  it('asks at most two ranges of each cell, and reads less than whole cells for a small circle', () => {
    // Act
    const ranges = rangesAround({ lat: 32.0036, lng: 118.7426 }, 2000);
    const perCell = new Map<string, number>();
    for (const range of ranges) perCell.set(range.cell, (perCell.get(range.cell) ?? 0) + 1);
    // Assess
    expect([...perCell.values()].every((count) => count <= 2)).toBe(true);
    expect(ranges.some((range) => range.from !== `${range.cell}0` || !range.to.startsWith(`${range.cell}z`))).toBe(true);
  });
});
