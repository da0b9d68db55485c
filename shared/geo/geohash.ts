/**
 * Geohashes: what the service asks of the `ngeohash` package (encode, a cell's box, the cells
 * covering a box), with the same arithmetic step by step, so every hash, box and list is the same
 * (test/unit/geohash.test.ts holds it to the package). Its own few lines because the package is one
 * CommonJS object that a bundle carries whole (3.3 KiB of every function that reads a location).
 */

const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz';

/** The geohash of a point with `length` characters. */
export function encode(latitude: number, longitude: number, length: number): string {
  let hash = '';
  let value = 0;
  let bits = 0;
  let even = true;
  let [minLat, maxLat, minLon, maxLon] = [-90, 90, -180, 180];
  while (hash.length < length) {
    if (even) {
      const mid = (maxLon + minLon) / 2;
      if (longitude > mid) [value, minLon] = [value * 2 + 1, mid];
      else [value, maxLon] = [value * 2, mid];
    } else {
      const mid = (maxLat + minLat) / 2;
      if (latitude > mid) [value, minLat] = [value * 2 + 1, mid];
      else [value, maxLat] = [value * 2, mid];
    }
    even = !even;
    bits += 1;
    if (bits === 5) {
      hash += BASE32[value];
      [bits, value] = [0, 0];
    }
  }
  return hash;
}

/** A geohash cell's box: [minLat, minLng, maxLat, maxLng]. */
export function decodeBox(hash: string): [number, number, number, number] {
  let even = true;
  let [minLat, maxLat, minLon, maxLon] = [-90, 90, -180, 180];
  for (const char of hash.toLowerCase()) {
    // As the package: a character outside the alphabet counts as 0.
    const value = Math.max(0, BASE32.indexOf(char));
    for (let bit = 4; bit >= 0; bit -= 1) {
      const set = ((value >> bit) & 1) === 1;
      if (even) {
        const mid = (maxLon + minLon) / 2;
        if (set) minLon = mid;
        else maxLon = mid;
      } else {
        const mid = (maxLat + minLat) / 2;
        if (set) minLat = mid;
        else maxLat = mid;
      }
      even = !even;
    }
  }
  return [minLat, minLon, maxLat, maxLon];
}

/** A cell's centre and its half-sizes in degrees (ngeohash's `decode`). */
function centreOf(hash: string) {
  const [minLat, minLon, maxLat, maxLon] = decodeBox(hash);
  const latitude = (minLat + maxLat) / 2;
  const longitude = (minLon + maxLon) / 2;
  return { latitude, longitude, error: { latitude: maxLat - latitude, longitude: maxLon - longitude } };
}

/** A cell's height and width in degrees at `hash`'s length. */
export function cellSizeOf(hash: string): { latitude: number; longitude: number } {
  const { error } = centreOf(hash);
  return { latitude: error.latitude * 2, longitude: error.longitude * 2 };
}

/** The cell `rows` north and `columns` east of `hash` (longitudes wrap, latitudes stop at the poles). */
function neighbour(hash: string, rows: number, columns: number): string {
  const { latitude, longitude, error } = centreOf(hash);
  let lat = latitude + rows * error.latitude * 2;
  let lon = longitude + columns * error.longitude * 2;
  if (lon > 180) lon = -180 + (lon % 180);
  else if (lon < -180) lon = 180 + (lon % 180);
  lat = Math.min(90, Math.max(-90, lat));
  return encode(lat, lon, hash.length);
}

/**
 * The grid of cells of `length` characters covering a box: its south-west cell, and how many rows and
 * columns lie beyond it (ngeohash's `bboxes` corners and steps). Negative for a box upside down.
 */
export function gridOfBox(minLat: number, minLon: number, maxLat: number, maxLon: number, length: number): { southWest: string; rows: number; columns: number } {
  const southWest = encode(minLat, minLon, length);
  const size = cellSizeOf(southWest);
  const [south, west] = decodeBox(southWest);
  const [north, east] = decodeBox(encode(maxLat, maxLon, length));
  return { southWest, rows: Math.round((north - south) / size.latitude), columns: Math.round((east - west) / size.longitude) };
}

/** The cells of `length` characters covering a box, row by row from the south-west (ngeohash's `bboxes`). */
export function cellsOfBox(minLat: number, minLon: number, maxLat: number, maxLon: number, length: number): string[] {
  const { southWest, rows, columns } = gridOfBox(minLat, minLon, maxLat, maxLon, length);
  const cells: string[] = [];
  for (let row = 0; row <= rows; row += 1) {
    for (let column = 0; column <= columns; column += 1) cells.push(neighbour(southWest, row, column));
  }
  return cells;
}
