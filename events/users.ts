import * as z from 'zod/mini';
import { defineEvent } from '../shared/events/define';
import { roleSchema } from '../shared/auth/identity';

export const roleAssigned = defineEvent({
  source: 'grid.users',
  detailType: 'users.role-assigned',
  version: 1,
  description: "An admin changed a user's role or scope; it takes effect at their next sign-in.",
  data: z.object({
    userId: z.string(),
    role: roleSchema,
    units: z.array(z.string()),
    stations: z.array(z.string()),
    assignedBy: z.string(),
  }),
});
