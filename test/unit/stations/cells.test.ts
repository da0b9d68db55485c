import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVICE_AREA } from '../../../shared/config';
import { distanceMetres, geohashOf } from '../../../shared/geo/geo';
import { ProblemError } from '../../../shared/http/errors';
import { CELL_PRECISION, MAX_RADIUS_METRES, MAX_SEARCH_RANGES, rangesAround } from '../../../shared/stations/cells';

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

describe('the cost budget of one search', () => {
  /** The most ranges any of `count` circles of `radius` inside the default service area needs (its corners included). */
  function worstInServiceArea(radius: number, count: number): number {
    const next = random(7);
    const { minLat, minLng, maxLat, maxLng } = DEFAULT_SERVICE_AREA;
    const corners = [
      { lat: minLat, lng: minLng },
      { lat: minLat, lng: maxLng },
      { lat: maxLat, lng: minLng },
      { lat: maxLat, lng: maxLng },
    ];
    const centres = [...corners, ...Array.from({ length: count }, () => ({ lat: minLat + next() * (maxLat - minLat), lng: minLng + next() * (maxLng - minLng) }))];
    return Math.max(...centres.map((centre) => rangesAround(centre, radius).length));
  }

  it('keeps every 5 km search in the service area well inside the budget, and a 2 km one smaller still', () => {
    // Act
    const fiveKm = worstInServiceArea(MAX_RADIUS_METRES, 3000);
    const twoKm = worstInServiceArea(2000, 3000);
    // Assess: measured 21 and 8; the cap leaves a third again as margin.
    expect(fiveKm).toBeLessThanOrEqual(Math.floor(MAX_SEARCH_RANGES * 0.75));
    expect(twoKm).toBeLessThanOrEqual(fiveKm / 2);
  });

  it('refuses a 5 km circle at the North Pole as too broad, before listing its cells', () => {
    // Act
    let refusal: unknown;
    try {
      rangesAround({ lat: 90, lng: 0 }, 5000);
    } catch (error) {
      refusal = error;
    }
    // Assess
    expect(refusal).toBeInstanceOf(ProblemError);
    expect(refusal).toMatchObject({ status: 400, code: 'search_too_broad' });
    expect((refusal as ProblemError).detail).toContain('16384 index cells');
  });

  it('refuses a circle that only the ranges, not its cells, would take over the budget', () => {
    // Prepare: at 75° N a 5 km circle's box covers 24 cells, but it needs 37 ranges.
    const centre = { lat: 75, lng: 0 };
    // Act
    const attempt = () => rangesAround(centre, 5000);
    // Assess
    expect(attempt).toThrow(/needs 37 index ranges/);
  });
});
