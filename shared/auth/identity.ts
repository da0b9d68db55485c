// Roles and the caller's identity are the HTTP kernel's (shared/http/identity.ts): every handler
// receives one. Re-exported here for the auth feature and its callers.
export { IDENTITY_CONTEXT_KEY, type Identity, type Role, roleSchema, roles } from '../http/identity';

/** The org unit id that stands for the whole city: an admin scoped to it reaches everything. */
export const CITY_SCOPE = 'city';

/**
 * How long the gateway may reuse an authorizer's "allow" for the same Authorization header, in AWS
 * (API Gateway's authorizer cache) and locally alike. It spares a Lambda invocation, a signature
 * check and a read of the user on every request; the price is that a change of role, scope or
 * sign-in state (and a token's expiry) reaches a token in use at most this long later.
 */
export const AUTHORIZER_CACHE_SECONDS = 60;
