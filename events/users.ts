import * as z from 'zod/mini';
import { defineEvent } from '../shared/events/define';
import { roleSchema } from '../shared/auth/identity';

export const roleAssigned = defineEvent({
  source: 'grid.users',
  detailType: 'users.role-assigned',
  version: 1,
  description: "An admin changed a user's role or scope; it reaches their tokens within the authorizer's cache (60 s).",
  data: z.object({
    userId: z.string(),
    role: roleSchema,
    units: z.array(z.string()),
    /** Written before station managers were kept on the stations alone; never read. */
    stations: z.optional(z.array(z.string())),
    assignedBy: z.string(),
  }),
});
