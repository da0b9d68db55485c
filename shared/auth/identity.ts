import * as z from 'zod/mini';

/** Everyone the service knows has exactly one of these roles. */
export const roles = ['resident', 'outdoor_worker', 'grid_worker', 'volunteer', 'station_manager', 'admin'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

/**
 * What a signed token says about its bearer, and what the authorizer hands to every handler.
 * `units` are the org units (district, subdistrict, community, grid or micro-grid ids) the role
 * reaches: an admin's administered units, a grid worker's grids. `stations` are a manager's stations.
 */
export const identitySchema = z.object({
  userId: z.string().check(z.minLength(1)),
  role: roleSchema,
  units: z.array(z.string()),
  stations: z.array(z.string()),
});
export type Identity = z.infer<typeof identitySchema>;

/** The org unit id that stands for the whole city: an admin scoped to it reaches everything. */
export const CITY_SCOPE = 'city';

/**
 * Authorizer context values must be flat; the identity travels as one JSON string under this key
 * and is parsed again on the handler side.
 */
export const IDENTITY_CONTEXT_KEY = 'identity';

/**
 * How long the gateway may reuse an authorizer's "allow" for the same Authorization header, in AWS
 * (API Gateway's authorizer cache) and locally alike. It spares a Lambda invocation and a signature
 * check on every request; the price is that a token may keep working up to this long past its
 * expiry if it was used just before. Role and scope checks happen in the handlers, from the token.
 */
export const AUTHORIZER_CACHE_SECONDS = 60;
