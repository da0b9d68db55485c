import * as z from 'zod/mini';

/** A GeoJSON position (RFC 7946): [lng, lat] in degrees. */
const position = z.tuple([
  z.number().check(z.gte(-180), z.lte(180)),
  z.number().check(z.gte(-90), z.lte(90)),
]);

/** A GeoJSON Polygon (RFC 7946): rings of [lng, lat], each closed (first = last), ≥ 4 positions. */
export const polygonSchema = z
  .object({
    type: z.literal('Polygon'),
    coordinates: z.array(z.array(position).check(z.minLength(4), z.maxLength(2000))).check(z.minLength(1), z.maxLength(20)),
  })
  .check(
    z.refine(
      (polygon) =>
        polygon.coordinates.every((ring) => {
          const first = ring[0]!;
          const last = ring[ring.length - 1]!;
          return first[0] === last[0] && first[1] === last[1];
        }),
      { message: 'every ring must be closed: its first and last positions must be equal' },
    ),
  );
export type Polygon = z.infer<typeof polygonSchema>;
