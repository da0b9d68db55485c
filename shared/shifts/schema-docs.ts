import type { ApiDocs } from '../http/api-docs';
import { hoursSchemaDocs } from './schema-docs/hours';
import { planSchemaDocs } from './schema-docs/plan';
import { seatSchemaDocs } from './schema-docs/seats';
import { viewSchemaDocs } from './schema-docs/views';

/**
 * The named schemas of the shifts feature and the words of their fields, by what they are about:
 * the plan (`schema-docs/plan.ts`: duties, availability, generation, invitations), shifts and their
 * seats (`schema-docs/seats.ts`: sign-ups, suggestions, swaps), volunteer hours
 * (`schema-docs/hours.ts`), and what the plan shows (`schema-docs/views.ts`: roster, station duty,
 * calendar feed); words they share are in `schema-docs/common.ts`. The operations' words are in
 * ./api-docs.ts.
 */
export const shiftSchemaDocs: NonNullable<ApiDocs['schemas']> = [...planSchemaDocs, ...seatSchemaDocs, ...hoursSchemaDocs, ...viewSchemaDocs];
