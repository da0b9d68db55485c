import { describe, expect, it } from 'vitest';
import {
  TooManyCells,
  boundsOfCircle,
  cellsCovering,
  containsPoint,
  countCellsCovering,
  distanceMetres,
  extentMetres,
  geohashOf,
} from '../../shared/geo/geo';
import { box } from '../../infra/local/seeds/organisation';

describe('geo', () => {
  it('measures the distance between two Nanjing landmarks within a few metres', () => {
    // Xinjiekou to the Drum Tower is about 1.9 km.
    const metres = distanceMetres({ lat: 32.0415, lng: 118.7840 }, { lat: 32.0589, lng: 118.7786 });
    expect(metres).toBeGreaterThan(1_900);
    expect(metres).toBeLessThan(2_050);
  });

  it('covers a 5 km circle with a handful of precision-5 cells that include the centre’s cell', () => {
    const centre = { lat: 32.003, lng: 118.746 };
    const cells = cellsCovering(boundsOfCircle(centre, 5_000), 5);
    expect(cells).toContain(geohashOf(centre, 5));
    expect(cells.length).toBeLessThanOrEqual(16);
  });

  it('tells a point inside a grid boundary from one outside it', () => {
    const grid = box(118.74, 31.998, 118.744, 32.008);
    expect(containsPoint(grid, { lat: 32.0, lng: 118.742 })).toBe(true);
    expect(containsPoint(grid, { lat: 32.0, lng: 118.746 })).toBe(false);
  });
});

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
}

describe('counting and bounding geohash cells', () => {
  it('counts exactly the cells it would list, for boxes all over the globe, without listing them', () => {
    // Prepare
    const next = random(11);
    const boxes = Array.from({ length: 2000 }, () => {
      const lat = -89 + next() * 178;
      const lng = -179 + next() * 358;
      return [lat, lng, Math.min(90, lat + next() * 0.3), Math.min(180, lng + next() * 0.3)] as [number, number, number, number];
    });
    // Act
    const mismatches = boxes.filter((box, index) => {
      const precision = 5 + (index % 2);
      return countCellsCovering(box, precision) !== cellsCovering(box, precision, Number.POSITIVE_INFINITY).length;
    });
    // Assess
    expect(mismatches).toEqual([]);
  });

  it('refuses to list the 16,384 cells of a 5 km circle’s box at the North Pole, naming the count', () => {
    // Prepare
    const polar = boundsOfCircle({ lat: 90, lng: 0 }, 5_000);
    // Act
    const attempt = () => cellsCovering(polar, 5, 100);
    // Assess
    expect(attempt).toThrow(TooManyCells);
    expect(attempt).toThrow(/16384 geohash cells, more than 100/);
  });

  it('counts a box that is not finite as needing infinitely many cells', () => {
    // Act
    const count = countCellsCovering([0, Number.NEGATIVE_INFINITY, 1, Number.POSITIVE_INFINITY], 5);
    // Assess
    expect(count).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('how far a box reaches', () => {
  it('measures the Lushan community box at about 1.1 km each way', () => {
    // Prepare: lng 118.740–118.752, lat 31.998–32.008 (the seeded community).
    const bounds: [number, number, number, number] = [31.998, 118.74, 32.008, 118.752];
    // Act
    const { northSouth, eastWest } = extentMetres(bounds);
    // Assess: 0.010° of latitude ≈ 1,112 m; 0.012° of longitude at 32° N ≈ 1,132 m.
    expect(northSouth).toBeGreaterThan(1_100);
    expect(northSouth).toBeLessThan(1_125);
    expect(eastWest).toBeGreaterThan(1_120);
    expect(eastWest).toBeLessThan(1_145);
  });

  it('measures east–west along the parallel nearest the equator, where the box is widest', () => {
    // Act
    const northern = extentMetres([60, 0, 70, 1]).eastWest;
    const acrossTheEquator = extentMetres([-10, 0, 10, 1]).eastWest;
    // Assess
    expect(northern).toBeCloseTo(extentMetres([60, 0, 60, 1]).eastWest, 6);
    expect(acrossTheEquator).toBeCloseTo(extentMetres([0, 0, 0, 1]).eastWest, 6);
  });
});
