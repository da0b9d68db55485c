import * as z from 'zod/mini';
import { afterEach, describe, expect, it } from 'vitest';
import { box, demoUnits } from '../../infra/local/seeds/organisation';
import { DEFAULT_SERVICE_AREA, config, formatServiceArea, parseServiceArea } from '../../shared/config';
import { boundaryInServiceArea, inServiceArea, isInServiceArea } from '../../shared/geo/service-area';
import { ProblemError } from '../../shared/http/errors';
import { parseOrThrow } from '../../shared/http/validation';
import { polygonSchema } from '../../shared/organisation/model';
import { demoStation } from '../../infra/local/seeds/stations';

const body = z.strictObject({
  location: z.optional(z.strictObject({ lat: z.number(), lng: z.number() }).check(inServiceArea())),
  boundary: z.optional(polygonSchema.check(boundaryInServiceArea())),
});

/** The problem a body gets, or the parsed body. */
function check(value: unknown) {
  try {
    return { body: parseOrThrow(body, value, 'body', 'en') };
  } catch (error) {
    if (error instanceof ProblemError) return { status: error.status, code: error.code, errors: error.errors };
    throw error;
  }
}

const original = process.env.SERVICE_AREA;
afterEach(() => {
  if (original === undefined) delete process.env.SERVICE_AREA;
  else process.env.SERVICE_AREA = original;
});

describe('the service area', () => {
  it('reads minLat,minLng,maxLat,maxLng and writes it back the same way', () => {
    // Act
    const area = parseServiceArea('31.18, 118.31,32.67,119.29');
    // Assess
    expect(area).toEqual({ minLat: 31.18, minLng: 118.31, maxLat: 32.67, maxLng: 119.29 });
    expect(formatServiceArea(area)).toBe('31.18,118.31,32.67,119.29');
  });

  it.each(['', '31,118,32', '31,118,32,119,5', 'a,b,c,d', '32,118,31,119', '31,119,32,118', '-91,0,0,1', '0,-181,1,0', '31,118,32,0x77', '3e1,118,32,119'])(
    'refuses %j',
    (text) => {
      // Act
      const read = () => parseServiceArea(text);
      // Assess
      expect(read).toThrow(/service area/);
    },
  );

  it('is Nanjing by default: the city’s extremes, every seeded boundary and the seeded station inside; neighbouring cities out', () => {
    // Prepare: 31°14′–32°37′ N, 118°22′–119°14′ E (南京概况), and Xinjiekou, Gaochun, Liuhe, Lishui.
    const extremes = [
      { lat: 31 + 14 / 60, lng: 118 + 22 / 60 },
      { lat: 32 + 37 / 60, lng: 119 + 14 / 60 },
    ];
    const nanjing = [{ lat: 32.0415, lng: 118.784 }, { lat: 31.327, lng: 118.875 }, { lat: 32.342, lng: 118.836 }, { lat: 31.651, lng: 119.028 }];
    const seeded = [demoStation.location, ...demoUnits.flatMap((unit) => unit.boundary?.coordinates.flat().map(([lng, lat]) => ({ lat: lat!, lng: lng! })) ?? [])];
    const elsewhere = [{ lat: 31.2304, lng: 121.4737 }, { lat: 31.8206, lng: 117.2272 }, { lat: 32.1878, lng: 119.4250 }, { lat: 39.9087, lng: 116.3975 }];
    // Act
    const area = config().serviceArea;
    // Assess
    expect(area).toEqual(DEFAULT_SERVICE_AREA);
    expect([...extremes, ...nanjing, ...seeded].filter((point) => !isInServiceArea(point, area))).toEqual([]);
    expect(seeded.length).toBeGreaterThan(10);
    expect(elsewhere.filter((point) => isInServiceArea(point, area))).toEqual([]);
  });

  it('takes SERVICE_AREA from the environment, and a malformed one stops config() rather than widening the area', () => {
    // Act
    process.env.SERVICE_AREA = '-90,-180,90,180';
    const world = config().serviceArea;
    process.env.SERVICE_AREA = 'everywhere';
    const malformed = () => config();
    // Assess
    expect(world).toEqual({ minLat: -90, minLng: -180, maxLat: 90, maxLng: 180 });
    expect(malformed).toThrow(/service area 'everywhere'/);
  });
});

describe('locations a client sends, checked against the service area', () => {
  it('accepts a location in Lushan and answers one in Beijing with outside_service_area on each coordinate', () => {
    // Act
    const lushan = check({ location: { lat: 32.0036, lng: 118.7426 } });
    const beijing = check({ location: { lat: 39.9087, lng: 116.3975 } });
    const northOnly = check({ location: { lat: 33, lng: 118.7426 } });
    // Assess
    expect(lushan).toEqual({ body: { location: { lat: 32.0036, lng: 118.7426 } } });
    expect(beijing).toMatchObject({ status: 400, code: 'outside_service_area' });
    expect(beijing.errors?.map((error) => [error.field, error.code])).toEqual([
      ['body.location.lat', 'outside_service_area'],
      ['body.location.lng', 'outside_service_area'],
    ]);
    expect(northOnly.errors?.map((error) => error.field)).toEqual(['body.location.lat']);
  });

  it('answers a location outside the area alongside another fault as validation_failed, listing both', () => {
    // Act
    const mixed = check({ location: { lat: 39.9, lng: 118.7 }, extra: true });
    // Assess
    expect(mixed).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(mixed.errors?.map((error) => error.code).sort()).toEqual(['outside_service_area', 'unknown_field']);
  });

  it('refuses a boundary with one vertex outside the area, naming the boundary', () => {
    // Prepare: a box whose east edge runs past 119.29° E.
    const straddling = box(119.28, 32.0, 119.3, 32.01);
    // Act
    const refused = check({ boundary: straddling });
    const inside = check({ boundary: box(118.74, 31.998, 118.744, 32.008) });
    // Assess
    expect(refused).toMatchObject({ status: 400, code: 'outside_service_area', errors: [{ field: 'body.boundary' }] });
    expect(inside).toHaveProperty('body');
  });

  it('follows the configured area, not only the default', () => {
    // Prepare
    process.env.SERVICE_AREA = '39,116,41,118';
    // Act
    const beijing = check({ location: { lat: 39.9087, lng: 116.3975 } });
    const lushan = check({ location: { lat: 32.0036, lng: 118.7426 } });
    // Assess
    expect(beijing).toHaveProperty('body');
    expect(lushan).toMatchObject({ code: 'outside_service_area' });
  });
});
