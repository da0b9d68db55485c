import * as z from 'zod/mini';
// gcoord's GCJ-02 module alone, not its entry (7.5 KiB that every bundle reading a location
// would carry): see gcj02.d.ts.
import { GCJ02ToWGS84, WGS84ToGCJ02 } from './gcj02';
import { queryNumber } from '../http/common';
import type { LatLng } from './geo';

/**
 * Coordinate systems. The service stores and computes in WGS-84 (GPS): the service area, geohash
 * cells and grid boundaries are WGS-84. Maps in China, the WeChat mini-program's `map` component,
 * `wx.getLocation({ type: 'gcj02' })` and `wx.openLocation` among them, use GCJ-02, which lies
 * 300–600 m off WGS-84 in Nanjing. A client says which system a location it sends is in, and may ask
 * for the locations it is shown in either: they are converted here, at the boundary, and nowhere else.
 */

/** The systems a client may speak: `wgs84` (GPS, what the service stores) and `gcj02` (maps in China). */
export const coordSystems = ['wgs84', 'gcj02'] as const;
/** `wgs84` or `gcj02`. */
export type CoordSystem = (typeof coordSystems)[number];
/** One of {@link coordSystems}; anything else (`bd09`, `GCJ02`) is a 400 naming the field. */
export const coordSystemSchema = z.enum(coordSystems);

/** A point together with the system its coordinates are in: how every location is shown. */
export interface Located extends LatLng {
  coordSystem: CoordSystem;
}

/**
 * Six decimals (about 0.1 m): gcoord's GCJ-02 → WGS-84 iteration stops within 1e-6°, so further
 * digits are noise, and a map needs none of them.
 */
const rounded = (degrees: number) => Math.round(degrees * 1e6) / 1e6;

/** A point in `system`, in WGS-84. A WGS-84 point is returned as it is. Note gcoord's [lng, lat] order. */
export function toWgs84(point: LatLng, system: CoordSystem): LatLng {
  if (system === 'wgs84') return { lat: point.lat, lng: point.lng };
  const [lng, lat] = GCJ02ToWGS84([point.lng, point.lat]);
  return { lat: rounded(lat), lng: rounded(lng) };
}

/** A WGS-84 point in `system`, saying which. */
export function fromWgs84(point: LatLng, system: CoordSystem): Located {
  if (system === 'wgs84') return { lat: point.lat, lng: point.lng, coordSystem: 'wgs84' };
  const [lng, lat] = WGS84ToGCJ02([point.lng, point.lat]);
  return { lat: rounded(lat), lng: rounded(lng), coordSystem: system };
}

/** A view with its location (if it has one) in `system`: what a route answers when asked for one. */
export function locatedIn<T extends { location?: Located | undefined }>(view: T, system: CoordSystem): T {
  const location = view.location;
  if (!location || location.coordSystem === system) return view;
  return { ...view, location: fromWgs84(toWgs84(location, location.coordSystem), system) };
}

/**
 * For a parsed query holding a point and the system it is in (a search's centre): the point in
 * WGS-84. `coordSystem` stays, as the system to answer in.
 */
export const pointInWgs84 = <T extends LatLng & { coordSystem: CoordSystem }>(query: T): T => ({ ...query, ...toWgs84(query, query.coordSystem) });

const MINI_PROGRAM = "`gcj02` for a WeChat mini-program (`wx.getLocation({ type: 'gcj02' })`, `wx.chooseLocation`, the `map` component, `wx.openLocation`)";

/** What the `coordSystem` query parameter of a route that shows locations says. */
export const coordSystemQueryDescription = `The coordinate system of the locations in the answer: ${MINI_PROGRAM}; \`wgs84\` (GPS) by default. Each location says which it is in.`;

/** The `coordSystem` query parameter: the system a client wants locations in (WGS-84 by default). */
export const coordSystemQuery = (description = coordSystemQueryDescription) =>
  z._default(coordSystemSchema, 'wgs84').check(z.describe(description));

/**
 * The centre of a search as query fields: `lat`, `lng` and the `coordSystem` they are in, which is
 * also the system `answered` (the locations in the answer) are shown in. Convert with
 * {@link pointInWgs84} and check `inServiceArea()` after.
 */
export const searchCentreQuery = (answered: string) => ({
  /** Inside the service area (400 `outside_service_area` otherwise). */
  lat: queryNumber({ min: -90, max: 90 }),
  lng: queryNumber({ min: -180, max: 180 }),
  coordSystem: coordSystemQuery(`The coordinate system of \`lat\` and \`lng\`, and of ${answered} in the answer: ${MINI_PROGRAM}; \`wgs84\` (GPS) by default.`),
});

const latitude = z.number().check(z.gte(-90), z.lte(90), z.describe('Latitude in degrees, in `coordSystem`.'));
const longitude = z.number().check(z.gte(-180), z.lte(180), z.describe('Longitude in degrees, in `coordSystem`.'));

/**
 * A location as a client sends it, `coordSystem` inside it (so a location copied from an answer
 * goes back as it is): parsed to a WGS-84 point, before any other check (the service area) or use.
 */
export const sentLocationSchema = z.pipe(
  z
    .strictObject({
      lat: latitude,
      lng: longitude,
      coordSystem: z._default(coordSystemSchema, 'wgs84').check(
        z.describe(`The coordinate system of \`lat\` and \`lng\`: ${MINI_PROGRAM}; \`wgs84\` (GPS) by default. Stored in WGS-84 either way.`),
      ),
    })
    .check(z.describe('A point, in degrees, and the coordinate system it is in.')),
  z.transform(({ coordSystem, ...point }): LatLng => toWgs84(point, coordSystem)),
);

/** A location as the API shows it: in WGS-84 unless the route was asked for GCJ-02, and saying which. */
export const locatedSchema = z
  .object({
    lat: z.number(),
    lng: z.number(),
    coordSystem: coordSystemSchema.check(
      z.describe('The coordinate system of `lat` and `lng`: `wgs84` unless the route was asked for `gcj02` (its `coordSystem` query parameter).'),
    ),
  })
  .check(z.describe('A point, in degrees, and the coordinate system it is in.'));
