import * as z from 'zod/mini';
import { roleSchema } from '../auth/identity';

/** A person as the API shows them. The WeChat openid and session key are never shown. */
export const userSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  role: roleSchema,
  /** Org units the role reaches (an admin's administered units, a grid worker's grids). */
  units: z.array(z.string()),
  /** Stations a station manager runs. */
  stations: z.array(z.string()),
  /** The grid a resident lives in, for requests sent without a location. */
  homeGridId: z.optional(z.string()),
  createdAt: z.string(),
});
export type User = z.infer<typeof userSchema>;
