import * as z from 'zod/mini';
import { defineEvent } from '../shared/events/define';
import { orgUnitKindSchema } from '../shared/organisation/terms';
import { roleSchema } from '../shared/auth/identity';

const source = 'grid.organisation';

export const unitCreated = defineEvent({
  source,
  detailType: 'organisation.unit-created',
  version: 1,
  description: 'An org unit (district, subdistrict, community, grid or micro-grid) was created.',
  data: z.object({
    unitId: z.string(),
    kind: orgUnitKindSchema,
    name: z.string(),
    parentId: z.nullable(z.string()),
    ancestors: z.array(z.string()),
    createdBy: z.string(),
  }),
});

export const memberAdded = defineEvent({
  source,
  detailType: 'organisation.member-added',
  version: 1,
  description: 'A person joined a grid or micro-grid, with the role they hold there.',
  data: z.object({ unitId: z.string(), userId: z.string(), memberRole: roleSchema, addedBy: z.string() }),
});

export const memberRemoved = defineEvent({
  source,
  detailType: 'organisation.member-removed',
  version: 1,
  description: 'A person left a grid or micro-grid.',
  data: z.object({ unitId: z.string(), userId: z.string(), removedBy: z.string() }),
});
