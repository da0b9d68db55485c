import * as z from 'zod/mini';

/**
 * The organisation feature's plain values: the kinds of unit, and their enum, which the events
 * share with the routes. Their own module: what needs only these (the unit walk, the events) does
 * not build model.ts's schemas, nor the boundary's, when its Lambda loads (the enum is built only
 * where it is used).
 */

/** The hierarchy, top to bottom. Each kind's parent is the kind before it. */
export const orgUnitKinds = ['district', 'subdistrict', 'community', 'grid', 'micro_grid'] as const;
export const orgUnitKindSchema = z.enum(orgUnitKinds);
