import type { FieldDoc } from '../../http/api-docs';
import { microGridId } from '../api-examples';

/** Words several of the shifts feature's schema files share. */

/** A micro-grid's id; spread with a `description` of its own where it means one in particular. */
export const microGrid = { description: 'The micro-grid (微网格): an org unit id.', example: microGridId } satisfies FieldDoc;
/** The shift a person's other one overlaps. */
export const overlapsShiftId = 'The other shift of theirs at the same time, for `overlaps`; absent otherwise.';
