import { describe, expect, it } from 'vitest';
import { boundsOfCircle, cellsCovering, containsPoint, distanceMetres, geohashOf } from '../../shared/geo/geo';
import { box } from '../../infra/local/seed';

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
