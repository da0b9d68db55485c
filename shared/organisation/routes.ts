import * as z from 'zod/mini';
import { boundsOfPolygon, extentMetres } from '../geo/geo';
import { boundaryInServiceArea } from '../geo/service-area';
import { idSchema, text } from '../http/common';
import { pageOf, pageQuery } from '../http/pagination';
import { defineRoute } from '../http/route';
import { type OrgUnitKind, type Polygon, memberSchema, orgUnitSchema, polygonSchema } from './model';
import { orgUnitKindSchema } from './terms';

const unitParams = z.strictObject({ unitId: idSchema });

/**
 * The largest north–south or east–west extent of a unit's boundary, in metres. Nanjing's grids are a
 * few hundred households, well under 1 km across in the city and a few km in the countryside;
 * communities and villages are a few km; micro-grids are a block or two. District and subdistrict
 * keep no boundary (the domain refuses one); theirs is held to the community's so nothing larger
 * is ever looked at. Checked on the request, before any geohash cell is computed from a boundary.
 */
export const MAX_BOUNDARY_EXTENT_METRES: Record<OrgUnitKind, number> = {
  district: 10_000,
  subdistrict: 10_000,
  community: 10_000,
  grid: 5_000,
  micro_grid: 2_000,
};

/** A new unit's boundary spans no more than its kind allows (a field error on `boundary`). */
const boundaryFitsItsKind = z.superRefine<{ kind: OrgUnitKind; boundary?: Polygon | undefined }>((unit, context) => {
  if (!unit.boundary) return;
  const max = MAX_BOUNDARY_EXTENT_METRES[unit.kind];
  const { northSouth, eastWest } = extentMetres(boundsOfPolygon(unit.boundary));
  if (northSouth <= max && eastWest <= max) return;
  context.issues.push({
    code: 'custom',
    path: ['boundary'],
    input: unit.boundary,
    params: { code: 'too_large' },
    message: `a ${unit.kind} boundary spans at most ${max / 1000} km each way; this one spans ${(northSouth / 1000).toFixed(1)} km north–south and ${(eastWest / 1000).toFixed(1)} km east–west`,
  });
});
const staff = ['admin', 'grid_worker'] as const;

export const activitySchema = z.object({
  unitId: z.string(),
  eventId: z.string(),
  type: z.string(),
  occurredAt: z.string(),
  summary: z.string(),
});

export const organisationRoutes = {
  createOrgUnit: defineRoute({
    method: 'POST',
    path: '/org-units',
    function: 'organisation',
    tag: 'organisation',
    summary: 'Create a district, subdistrict, community, grid or micro-grid (admins, within scope)',
    access: ['admin'],
    body: z.strictObject({
      kind: orgUnitKindSchema,
      name: text(100),
      parentId: z.optional(idSchema),
      /** Optional readable id (e.g. `lushan`); generated when absent. */
      id: z.optional(idSchema),
      /** Inside the service area, and at most a few km across (see MAX_BOUNDARY_EXTENT_METRES). */
      boundary: z.optional(polygonSchema.check(boundaryInServiceArea())),
      households: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(100_000))),
    }).check(boundaryFitsItsKind),
    success: { status: 201, description: 'The new unit', schema: orgUnitSchema },
    errors: [403, 404, 409],
  }),
  listOrgUnits: defineRoute({
    method: 'GET',
    path: '/org-units',
    function: 'organisation',
    tag: 'organisation',
    summary: 'The top units of my scope (admins: what they administer; grid workers: their grids)',
    access: staff,
    query: z.strictObject(pageQuery),
    success: { status: 200, description: 'A page of units', schema: pageOf(orgUnitSchema) },
  }),
  getOrgUnit: defineRoute({
    method: 'GET',
    path: '/org-units/{unitId}',
    function: 'organisation',
    tag: 'organisation',
    summary: 'One unit, with its boundary',
    access: staff,
    params: unitParams,
    success: { status: 200, description: 'The unit', schema: orgUnitSchema },
    errors: [404],
  }),
  listChildUnits: defineRoute({
    method: 'GET',
    path: '/org-units/{unitId}/children',
    function: 'organisation',
    tag: 'organisation',
    summary: 'The units directly under a unit, by name',
    access: staff,
    params: unitParams,
    query: z.strictObject(pageQuery),
    success: { status: 200, description: 'A page of units', schema: pageOf(orgUnitSchema) },
    errors: [404],
  }),
  addMember: defineRoute({
    method: 'PUT',
    path: '/org-units/{unitId}/members/{userId}',
    function: 'organisation',
    tag: 'organisation',
    summary: 'Add a person to a grid or micro-grid (admins; grid workers for their own grids)',
    access: staff,
    params: z.strictObject({ unitId: idSchema, userId: idSchema }),
    body: z.strictObject({ memberRole: memberSchema.shape.memberRole }),
    success: { status: 200, description: 'The membership', schema: memberSchema },
    errors: [403, 404, 409],
  }),
  removeMember: defineRoute({
    method: 'DELETE',
    path: '/org-units/{unitId}/members/{userId}',
    function: 'organisation',
    tag: 'organisation',
    summary: 'Remove a person from a grid or micro-grid',
    access: staff,
    params: z.strictObject({ unitId: idSchema, userId: idSchema }),
    success: { status: 204, description: 'Removed (or was not a member)' },
    errors: [403, 404],
  }),
  listMembers: defineRoute({
    method: 'GET',
    path: '/org-units/{unitId}/members',
    function: 'organisation',
    tag: 'organisation',
    summary: 'The members of a grid or micro-grid',
    access: staff,
    params: unitParams,
    query: z.strictObject(pageQuery),
    success: { status: 200, description: 'A page of members', schema: pageOf(memberSchema) },
    errors: [404],
  }),
  listUnitActivity: defineRoute({
    method: 'GET',
    path: '/org-units/{unitId}/activity',
    function: 'organisation',
    tag: 'organisation',
    summary: "A unit's activity log, newest first",
    access: staff,
    params: unitParams,
    query: z.strictObject(pageQuery),
    success: { status: 200, description: 'A page of activity', schema: pageOf(activitySchema) },
    errors: [404],
  }),
  listMyUnits: defineRoute({
    method: 'GET',
    path: '/me/units',
    function: 'organisation',
    tag: 'organisation',
    summary: 'The grids and micro-grids I belong to',
    access: ['grid_worker', 'volunteer', 'resident', 'admin'],
    query: z.strictObject(pageQuery),
    success: { status: 200, description: 'A page of memberships', schema: pageOf(memberSchema) },
  }),
};
