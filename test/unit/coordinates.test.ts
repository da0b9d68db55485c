import gcoord from 'gcoord';
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { demoStation } from '../../infra/local/seeds/stations';
import { type Located, fromWgs84, locatedIn, pointInWgs84, sentLocationSchema, toWgs84 } from '../../shared/geo/coordinates';
import { distanceMetres } from '../../shared/geo/geo';
import { inServiceArea } from '../../shared/geo/service-area';
import { ProblemError } from '../../shared/http/errors';
import { parseOrThrow } from '../../shared/http/validation';

/** Xinjiekou, in WGS-84. */
const xinjiekou = { lat: 32.0415, lng: 118.784 };

const body = z.strictObject({ location: z.optional(sentLocationSchema.check(inServiceArea())) });

/** The problem a body gets, or the parsed body. */
function check(value: unknown) {
  try {
    return { body: parseOrThrow(body, value, 'body', 'en') };
  } catch (error) {
    if (error instanceof ProblemError) return { status: error.status, code: error.code, errors: error.errors };
    throw error;
  }
}

describe('coordinates: WGS-84 and GCJ-02', () => {
  it('shifts a Nanjing point by roughly 500 m into GCJ-02, and brings it back within a metre', () => {
    // Act
    const shown = fromWgs84(xinjiekou, 'gcj02');
    const back = toWgs84(shown, 'gcj02');
    // Assess
    expect(shown.coordSystem).toBe('gcj02');
    expect(distanceMetres(xinjiekou, shown)).toBeGreaterThan(300);
    expect(distanceMetres(xinjiekou, shown)).toBeLessThan(700);
    expect(distanceMetres(xinjiekou, back)).toBeLessThan(1);
  });

  it('converts as gcoord.transform does, both ways, to six decimals', () => {
    // Prepare: points across the service area (its corners and the seeded station).
    const points = [xinjiekou, demoStation.location, { lat: 31.18, lng: 118.31 }, { lat: 32.67, lng: 119.29 }];
    for (const point of points) {
      // Act
      const [gcjLng, gcjLat] = gcoord.transform([point.lng, point.lat], gcoord.WGS84, gcoord.GCJ02);
      const [wgsLng, wgsLat] = gcoord.transform([point.lng, point.lat], gcoord.GCJ02, gcoord.WGS84);
      // Assess
      expect(fromWgs84(point, 'gcj02')).toEqual({ lat: round(gcjLat), lng: round(gcjLng), coordSystem: 'gcj02' });
      expect(toWgs84(point, 'gcj02')).toEqual({ lat: round(wgsLat), lng: round(wgsLng) });
    }
  });

  it('leaves a WGS-84 point exactly as it is, only saying which system it is in', () => {
    // Act
    const shown = fromWgs84(demoStation.location, 'wgs84');
    const sent = toWgs84(demoStation.location, 'wgs84');
    // Assess
    expect(shown).toEqual({ ...demoStation.location, coordSystem: 'wgs84' });
    expect(sent).toEqual(demoStation.location);
  });

  it('shows a view’s location in the system asked for, and leaves a view without one alone', () => {
    // Prepare
    const view = { id: 's1', location: fromWgs84(xinjiekou, 'wgs84') };
    const unplaced: { id: string; location?: Located } = { id: 'r1' };
    // Act
    const gcj = locatedIn(view, 'gcj02');
    const again = locatedIn(gcj, 'wgs84');
    // Assess
    expect(gcj).toEqual({ id: 's1', location: fromWgs84(xinjiekou, 'gcj02') });
    expect(distanceMetres(again.location, xinjiekou)).toBeLessThan(1);
    expect(again.location.coordSystem).toBe('wgs84');
    expect(locatedIn(view, 'wgs84')).toBe(view);
    expect(locatedIn(unplaced, 'gcj02')).toBe(unplaced);
  });

  it('moves a query’s point to WGS-84 and keeps the system to answer in', () => {
    // Act
    const query = pointInWgs84({ ...fromWgs84(xinjiekou, 'gcj02'), radius: 500 });
    // Assess
    expect(query).toMatchObject({ coordSystem: 'gcj02', radius: 500 });
    expect(distanceMetres(query, xinjiekou)).toBeLessThan(1);
  });
});

describe('a location a client sends', () => {
  it('is WGS-84 when it does not say, as before, and stored without its system', () => {
    // Act
    const parsed = check({ location: { lat: 32.0036, lng: 118.7426 } });
    // Assess
    expect(parsed).toEqual({ body: { location: { lat: 32.0036, lng: 118.7426 } } });
  });

  it('is converted from GCJ-02 to WGS-84 when it says gcj02', () => {
    // Prepare
    const gcj = fromWgs84(xinjiekou, 'gcj02');
    // Act
    const parsed = check({ location: { lat: gcj.lat, lng: gcj.lng, coordSystem: 'gcj02' } });
    // Assess
    const location = (parsed as { body: { location: { lat: number; lng: number } } }).body.location;
    expect(Object.keys(location).sort()).toEqual(['lat', 'lng']);
    expect(distanceMetres(location, xinjiekou)).toBeLessThan(1);
  });

  it('answers a system it does not know with a 400 naming the field and the systems it knows', () => {
    // Act
    const bd09 = check({ location: { lat: 32.0415, lng: 118.784, coordSystem: 'bd09' } });
    // Assess
    expect(bd09).toMatchObject({ status: 400, code: 'validation_failed', errors: [{ field: 'body.location.coordSystem' }] });
    expect(bd09.errors?.[0]?.message).toMatch(/wgs84.*gcj02/);
  });

  it('is checked against the service area after conversion', () => {
    // Act: Shanghai, sent as GCJ-02.
    const shanghai = check({ location: { lat: 31.2304, lng: 121.4737, coordSystem: 'gcj02' } });
    // Assess
    expect(shanghai).toMatchObject({ status: 400, code: 'outside_service_area', errors: [{ field: 'body.location.lng' }] });
  });
});

function round(degrees: number): number {
  return Math.round(degrees * 1e6) / 1e6;
}
