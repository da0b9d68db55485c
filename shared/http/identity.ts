import * as z from 'zod/mini';

/**
 * Who is calling, as the HTTP kernel hands it to every operation. The authorizer (shared/auth) makes
 * it; the kernel only carries and checks it, so it is declared here and re-exported by
 * shared/auth/identity.ts.
 */

/** Everyone the service knows has exactly one of these roles. */
export const roles = ['resident', 'outdoor_worker', 'grid_worker', 'volunteer', 'station_manager', 'admin'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

/** The languages the service speaks to people: Chinese (the default) and English. */
export const languageSchema = z.enum(['zh', 'en']);

/**
 * Who is calling, as the authorizer hands it to every handler: read from the user's item when the
 * token is checked (not from the token), so a role or scope change reaches tokens already issued.
 * `units` are the org units (district, subdistrict, community, grid or micro-grid ids) the role
 * reaches: an admin's administered units, a grid worker's grids. Which stations a station manager
 * runs is the station's own `managers` list, read with the station: it is not part of the identity.
 */
export const identitySchema = z.object({
  userId: z.string().check(z.minLength(1)),
  role: roleSchema,
  units: z.array(z.string()),
  /**
   * The language the person chose on their profile (`PUT /me/language`), read with their role: what
   * a request without `Accept-Language` is answered in. Absent: they never chose (Chinese).
   */
  language: z.optional(languageSchema),
});
export type Identity = z.infer<typeof identitySchema>;

/**
 * Authorizer context values must be flat; the identity travels as one JSON string under this key
 * and is parsed again on the handler side.
 */
export const IDENTITY_CONTEXT_KEY = 'identity';
