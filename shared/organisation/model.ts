import * as z from 'zod/mini';
import { polygonSchema } from '../geo/polygon';
import { orgUnitKindSchema } from './terms';

/** A kind of unit in the hierarchy (terms.ts). */
export type OrgUnitKind = z.infer<typeof orgUnitKindSchema>;

// The geometry is the geo kernel's (shared/geo/polygon.ts); a unit's boundary is one.
export { type Polygon, polygonSchema } from '../geo/polygon';

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

/** A code residents join a micro-grid with, made by its grid worker. */
export const invitationSchema = z.object({
  code: z.string(),
  microGridId: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  validUntil: z.string(),
});
export type Invitation = z.infer<typeof invitationSchema>;
