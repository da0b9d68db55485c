import * as z from 'zod/mini';

/** The hierarchy, top to bottom. Each kind's parent is the kind before it. */
export const orgUnitKinds = ['district', 'subdistrict', 'community', 'grid', 'micro_grid'] as const;
export const orgUnitKindSchema = z.enum(orgUnitKinds);
export type OrgUnitKind = z.infer<typeof orgUnitKindSchema>;

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

/** An org unit as the API shows it. */
export const orgUnitSchema = z.object({
  id: z.string(),
  kind: orgUnitKindSchema,
  name: z.string(),
  parentId: z.nullable(z.string()),
  /** Ids from the district down to the parent: what scope checks walk. */
  ancestors: z.array(z.string()),
  boundary: z.optional(polygonSchema),
  households: z.optional(z.number()),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type OrgUnit = z.infer<typeof orgUnitSchema>;

export const memberSchema = z.object({
  unitId: z.string(),
  userId: z.string(),
  memberRole: z.enum(['grid_worker', 'volunteer', 'resident']),
  displayName: z.optional(z.string()),
  joinedAt: z.string(),
  addedBy: z.string(),
});
export type Member = z.infer<typeof memberSchema>;
