import { apiDocsOf } from '../http/api-docs';
import { memberSchema, orgUnitSchema, polygonSchema } from './model';
import { orgUnitKindSchema } from './terms';
import { activitySchema, organisationRoutes } from './routes';

// ─── Example data ──────────────────────────────────────────────────────────────────────────────
// Gulou district (鼓楼区) → Hunan Road subdistrict (湖南路街道) → its community `gulou-hunan` → grid
// `gulou-hunan-g1` → micro-grid `gulou-hunan-g1-m1`: the ids the common words use (shared/api-docs.ts).
// Boundaries are boxes nested inside each other in WGS-84, a few hundred metres across, as the
// service area and each kind's extent limit require; user ids are shaped like `newId()`'s.

/** A lng/lat box as a closed GeoJSON polygon (first position repeated last). */
const box = (west: number, south: number, east: number, north: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [west, south],
      [east, south],
      [east, north],
      [west, north],
      [west, south],
    ],
  ],
});

const ADMIN = '0mnq2v8c0Ad4MiNs';
const GRID_WORKER = '0mpa7r1w0Gw6KlXe';
const VOLUNTEER = '0mqt5e3j0Vo2LnTr';
const ANCESTORS = ['gulou', 'gulou-hunanlu', 'gulou-hunan'];
const gridBoundary = box(118.776, 32.058, 118.784, 32.065);

const grid = {
  id: 'gulou-hunan-g1',
  kind: 'grid',
  name: '湖南路社区第1网格',
  parentId: 'gulou-hunan',
  ancestors: ANCESTORS,
  boundary: gridBoundary,
  households: 420,
  createdAt: '2026-03-02T01:30:00.000Z',
  createdBy: ADMIN,
};
const microGrid = {
  id: 'gulou-hunan-g1-m1',
  kind: 'micro_grid',
  name: '第1网格第1微网格',
  parentId: grid.id,
  ancestors: [...ANCESTORS, grid.id],
  boundary: box(118.776, 32.058, 118.78, 32.0615),
  households: 110,
  createdAt: '2026-03-02T01:40:00.000Z',
  createdBy: ADMIN,
};
const membership = { unitId: microGrid.id, userId: VOLUNTEER, memberRole: 'volunteer', joinedAt: '2026-07-15T02:30:00.000Z', addedBy: GRID_WORKER };

/**
 * The words of a page's own fields, exactly as the document builder gives a page that has none. A
 * page shared by two operations (`OrgUnitPage`, `MembershipPage`) must carry them from the start:
 * the builder writes them into the first operation's page once it is named, so the second one's,
 * still without them, no longer equals it and would be named `ListChildUnitsResponse` instead.
 */
const pageWords = {
  fields: { items: 'This page’s items.', nextCursor: 'Send as `cursor` to get the next page; absent on the last page.' },
} as const;

const unitId = { description: 'The org unit: its `id`. One outside your scope is a 404, as if it did not exist.', example: grid.id };
const memberUnitId = { description: 'The grid or micro-grid: its `id`. Other kinds have no members (400); one outside your scope is a 404.', example: microGrid.id };

/**
 * The words of the organisation feature: org units and their boundaries, members and activity.
 * `Invitation` (organisation/model.ts) is named by the shifts feature's words, beside the routes
 * that make and use the codes (shared/shifts/api-docs.ts): a schema is named once.
 */
export const organisationDocs = apiDocsOf(organisationRoutes, {
  schemas: [
    [
      orgUnitKindSchema,
      {
        name: 'OrgUnitKind',
        description:
          'A level of the city’s hierarchy, top to bottom: `district` (区), `subdistrict` (街道), `community` (社区), `grid` (网格), `micro_grid` (微网格). Each sits under one of the level above; a district under nothing.',
        example: 'grid',
      },
    ],
    [
      polygonSchema,
      {
        name: 'Polygon',
        description:
          'An area as a GeoJSON Polygon (RFC 7946), in WGS-84 (GPS) degrees: not GCJ-02, so convert it before drawing it on a map of China (the mini-program’s `map` component).',
        fields: {
          type: 'Always `Polygon`.',
          coordinates:
            'Its rings of `[lng, lat]` positions: the first is the outline, any further ones holes. Each ring is closed (its last position repeats its first) and has 4 to 2000 positions; at most 20 rings.',
        },
        example: gridBoundary,
      },
    ],
    [
      orgUnitSchema,
      {
        name: 'OrgUnit',
        description:
          'A unit of the city’s grid governance: a district (区), subdistrict (街道), community (社区), grid (网格) or micro-grid (微网格). Admins see the units their scope reaches; grid workers their own grids and what lies under them.',
        fields: {
          id: { description: 'The unit’s id: readable, chosen when it was created (like `gulou-hunan-g1`), or generated.', example: grid.id },
          kind: 'Its level in the hierarchy.',
          name: { description: 'Its name as the city uses it.', example: grid.name },
          parentId: { description: 'The unit directly above it; `null` for a district.', example: grid.parentId },
          ancestors: { description: 'The ids of the units above it, from the district down to its parent; empty for a district.', example: ANCESTORS },
          boundary: 'Its area, kept for communities, grids and micro-grids: residents’ requests are routed to the grid whose boundary holds them. Absent when none is drawn.',
          households: { description: 'How many households it holds, as the city counts them. Absent when unknown.', example: grid.households },
          createdAt: { description: 'When the unit was created (ISO 8601, UTC).', example: grid.createdAt },
          createdBy: { description: 'The user id of the admin who created it (or the mark of the city’s data import).', example: ADMIN },
        },
        example: grid,
      },
    ],
    [
      memberSchema.shape.memberRole,
      {
        name: 'MemberRole',
        description:
          'What a member is to a grid or micro-grid: `grid_worker` (网格员: runs it; only admins appoint one), `volunteer` (微网格志愿者: takes shifts in a micro-grid), `resident` (居民: lives there and receives its notices).',
        example: 'volunteer',
      },
    ],
    [
      memberSchema,
      {
        name: 'Membership',
        description: 'Someone’s membership of a grid or micro-grid: who, in which role, since when, added by whom.',
        fields: {
          unitId: { description: 'The grid or micro-grid they belong to.', example: microGrid.id },
          userId: { description: 'The member’s user id.', example: VOLUNTEER },
          memberRole: 'Their role in the unit.',
          displayName: { description: 'The member’s name, when the membership carries one; otherwise absent (look the person up by `userId`).', example: '张阿姨' },
          joinedAt: { description: 'When they joined (ISO 8601, UTC).', example: membership.joinedAt },
          addedBy: {
            description: 'The user id of whoever added them: an admin or grid worker, the member themself when they joined with an invitation code, or `import` for the city’s data import.',
            example: GRID_WORKER,
          },
        },
        example: membership,
      },
    ],
    [
      activitySchema,
      {
        name: 'OrgUnitActivity',
        description: 'One entry of a unit’s activity log: a unit created under it, a member added or removed, a role assigned there. Kept for about 400 days.',
        fields: {
          unitId: { description: 'The unit whose log it is in.', example: grid.id },
          eventId: { description: 'The id of the event it records; unique, so the same event is never logged twice.', example: '0mrlh2c40Ev9PqZa' },
          type: { description: 'What happened: `unit-created`, `member-added`, `member-removed` or `role-assigned`; more may come, so show unknown ones by their `summary`.', example: 'member-added' },
          occurredAt: { description: 'When it happened (ISO 8601, UTC).', example: '2026-07-15T02:30:00.000Z' },
          summary: { description: 'What happened in words (English, with ids), for people to read; do not parse it.', example: `${VOLUNTEER} joined as volunteer (added by ${GRID_WORKER})` },
        },
        example: {
          unitId: microGrid.id,
          eventId: '0mrlh2c40Ev9PqZa',
          type: 'member-added',
          occurredAt: '2026-07-15T02:30:00.000Z',
          summary: `${VOLUNTEER} joined as volunteer (added by ${GRID_WORKER})`,
        },
      },
    ],
  ],
  operations: {
    createOrgUnit: {
      request: {
        description: 'A unit to create under a parent you administer (a district: city-wide admins only).',
        fields: {
          kind: 'Its level: it must sit directly under a unit of the level above.',
          name: { description: 'Its name as the city uses it (at most 100 characters).', example: grid.name },
          parentId: { description: 'The unit directly above it: required, except for a district, which has none.', example: grid.parentId },
          id: {
            description: 'A readable id of your choosing (letters, digits, `_`, `-`; at most 64), e.g. `gulou-hunan-g1`; generated when absent. One already taken is a 409 `conflict`.',
            example: grid.id,
          },
          boundary:
            'Its area, for a community, grid or micro-grid only. Every position inside the service area (else 400 `outside_service_area`); at most 10 km across for a community, 5 km for a grid, 2 km for a micro-grid; a grid’s or micro-grid’s inside its parent’s; none overlapping a neighbour’s (a sliver of 0.5 % of the smaller area, plus 50 m², is tolerated). Draw the parent’s first.',
          households: { description: 'How many households it holds (a whole number up to 100,000).', example: grid.households },
        },
        example: { kind: grid.kind, name: grid.name, parentId: grid.parentId, id: grid.id, boundary: grid.boundary, households: grid.households },
      },
      errors: ['conflict', 'outside_service_area'],
    },
    listOrgUnits: {
      parameters: { limit: 'How many units a page holds at most.' },
      response: { ...pageWords, example: { items: [grid], nextCursor: 'eyJsaXN0Ijoic2NvcGUiLCJvZmZzZXQiOjF9' } },
    },
    getOrgUnit: { parameters: { unitId } },
    listChildUnits: {
      parameters: { unitId, limit: 'How many units a page holds at most.' },
      response: { ...pageWords, example: { items: [microGrid] } },
    },
    addMember: {
      parameters: {
        unitId: memberUnitId,
        userId: { description: 'The person to add: their user id. Adding someone already a member sets their role.', example: VOLUNTEER },
      },
      request: {
        description: 'The role to give the new member.',
        fields: { memberRole: 'Their role in the unit; only admins may add a `grid_worker`.' },
        example: { memberRole: 'volunteer' },
      },
    },
    removeMember: {
      parameters: {
        unitId: memberUnitId,
        userId: { description: 'The member to remove: their user id. Someone who is not a member is answered 204 all the same.', example: VOLUNTEER },
      },
    },
    listMembers: {
      parameters: {
        unitId: { description: 'The grid or micro-grid: its `id` (other kinds have no members: their page is empty). One outside your scope is a 404.', example: microGrid.id },
        limit: 'How many members a page holds at most.',
      },
      response: pageWords,
    },
    listUnitActivity: { parameters: { unitId, limit: 'How many entries a page holds at most.' } },
    listMyUnits: { parameters: { limit: 'How many memberships a page holds at most.' }, response: pageWords },
  },
});
