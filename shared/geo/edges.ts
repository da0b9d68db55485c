import type { Polygon } from './polygon';

/**
 * How far a point lies from a polygon's nearest edge, in metres (a local flat projection: fine at
 * city scale). Among boundaries that all hold a point, the one it lies deepest in is the one it
 * belongs to: a shared edge's sliver never decides by anything as arbitrary as an id.
 */
export function distanceToEdgeMetres(polygon: Polygon, point: { lat: number; lng: number }): number {
  const metresPerDegreeLat = 111_320;
  const metresPerDegreeLng = metresPerDegreeLat * Math.cos((point.lat * Math.PI) / 180);
  const project = ([lng, lat]: readonly number[]) => [(lng! - point.lng) * metresPerDegreeLng, (lat! - point.lat) * metresPerDegreeLat] as const;
  let nearest = Infinity;
  for (const ring of polygon.coordinates) {
    for (let index = 1; index < ring.length; index += 1) {
      const [ax, ay] = project(ring[index - 1]!);
      const [bx, by] = project(ring[index]!);
      const [dx, dy] = [bx - ax, by - ay];
      const lengthSquared = dx * dx + dy * dy;
      const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / lengthSquared));
      nearest = Math.min(nearest, Math.hypot(ax + t * dx, ay + t * dy));
    }
  }
  return nearest;
}
