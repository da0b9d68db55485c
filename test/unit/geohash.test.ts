import ngeohash from 'ngeohash';
import { describe, expect, it } from 'vitest';
import { cellSizeOf, cellsOfBox, decodeBox, encode } from '../../shared/geo/geohash';

/** A repeatable stream of numbers in [0, 1), so a failure names the same points every run. */
function numbers(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('geohashes, as the ngeohash package makes them', () => {
  it('encodes every point the same, at every precision the service uses and more', () => {
    // Prepare: points worldwide, around Nanjing, on cell edges and at the limits.
    const next = numbers(7);
    const points: [number, number][] = [
      ...Array.from({ length: 400 }, (): [number, number] => [next() * 180 - 90, next() * 360 - 180]),
      ...Array.from({ length: 400 }, (): [number, number] => [31.9 + next() * 0.3, 118.6 + next() * 0.3]),
      [0, 0], [90, 180], [-90, -180], [32, 118.75], [45, 90], [-45, -90],
    ];
    // Act
    const differing = points.flatMap(([lat, lng]) =>
      [1, 4, 5, 6, 7, 9, 12].filter((precision) => encode(lat, lng, precision) !== ngeohash.encode(lat, lng, precision)).map((precision) => `${lat},${lng}@${precision}`),
    );
    // Assess
    expect(differing).toEqual([]);
  });

  it("gives every cell the package's box and size", () => {
    // Prepare
    const next = numbers(11);
    const hashes = Array.from({ length: 300 }, (_, index) => ngeohash.encode(next() * 180 - 90, next() * 360 - 180, 1 + (index % 9)));
    // Act
    const boxes = hashes.map(decodeBox);
    const sizes = hashes.map(cellSizeOf);
    // Assess
    expect(boxes).toEqual(hashes.map((hash) => ngeohash.decode_bbox(hash)));
    expect(sizes).toEqual(hashes.map((hash) => ({ latitude: ngeohash.decode(hash).error.latitude * 2, longitude: ngeohash.decode(hash).error.longitude * 2 })));
  });

  it('lists the cells covering a box in the same order, across the antimeridian and near the poles too', () => {
    // Prepare: boxes of searches and boundaries around Nanjing, and awkward ones.
    const next = numbers(13);
    const boxes: [number, number, number, number, number][] = [
      ...Array.from({ length: 60 }, (): [number, number, number, number, number] => {
        const [lat, lng] = [31.9 + next() * 0.3, 118.6 + next() * 0.3];
        return [lat, lng, lat + next() * 0.1, lng + next() * 0.1, 5 + Math.floor(next() * 2)];
      }),
      [-10, 179.9, -9.9, 180, 5],
      [89.9, 10, 90, 10.2, 4],
      [-90, -180, -89.95, -179.9, 4],
      [0, 0, 0, 0, 6],
    ];
    // Act
    const differing = boxes.filter(([a, b, c, d, precision]) => JSON.stringify(cellsOfBox(a, b, c, d, precision)) !== JSON.stringify(ngeohash.bboxes(a, b, c, d, precision)));
    // Assess
    expect(differing).toEqual([]);
  });
});
