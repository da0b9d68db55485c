import * as z from 'zod/mini';

/** A GeoJSON position (RFC 7946): [lng, lat] in degrees. */
const position = z.tuple([
  z.number().check(z.gte(-180), z.lte(180)),
  z.number().check(z.gte(-90), z.lte(90)),
]);

/**
 * Whether a ring ends where it starts. zod runs this refinement even when the ring or its positions
 * have already failed their own checks (an empty ring, a position that is not a pair), which report
 * those faults: such a ring passes here rather than throwing, so hostile input is a 400, never a 500.
 */
function isClosed(ring: unknown): boolean {
  if (!Array.isArray(ring)) return true;
  const [first, last] = [ring[0], ring[ring.length - 1]];
  if (!Array.isArray(first) || !Array.isArray(last)) return true;
  return first[0] === last[0] && first[1] === last[1];
}

/** A GeoJSON Polygon (RFC 7946): rings of [lng, lat], each closed (first = last), ≥ 4 positions. */
export const polygonSchema = z
  .object({
    type: z.literal('Polygon'),
    coordinates: z.array(z.array(position).check(z.minLength(4), z.maxLength(2000))).check(z.minLength(1), z.maxLength(20)),
  })
  .check(
    z.refine((polygon) => polygon.coordinates.every(isClosed), {
      message: 'every ring must be closed: its first and last positions must be equal',
    }),
  );
export type Polygon = z.infer<typeof polygonSchema>;
