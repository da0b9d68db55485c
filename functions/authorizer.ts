import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import { IDENTITY_CONTEXT_KEY, type Identity } from '../shared/auth/identity';
import { InvalidTokenError, verifyToken } from '../shared/auth/tokens';
import { logger } from '../shared/logger';
import { accessOf } from '../shared/users/access';

/**
 * The HTTP API's Lambda authorizer (payload 2.0, simple responses). It verifies our bearer token,
 * then reads the user's current role, scope and sign-in state (one GetItem): a token names its
 * bearer, the user's item says what they may do. So a demotion, a deactivation or signing out
 * everywhere reaches tokens already issued within the gateway's authorizer cache (60 s).
 * A missing, bad or revoked token throws `Unauthorized`, which API Gateway (and the local gateway)
 * answer with 401. The identity goes to the route's function as one JSON string in the context.
 */

type AuthorizerResult = APIGatewaySimpleAuthorizerWithContextResult<{ [IDENTITY_CONTEXT_KEY]: string }>;

const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

/** The bearer token from the Authorization header (or the configured identity source). */
function bearerToken(event: APIGatewayRequestAuthorizerEventV2): string | undefined {
  const header =
    event.headers?.authorization ??
    Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === 'authorization')?.[1] ??
    event.identitySource?.[0];
  return header ? BEARER.exec(header)?.[1] : undefined;
}

/** Refuses the request with 401, logging why (never the token). */
function unauthorized(event: APIGatewayRequestAuthorizerEventV2, reason: string, userId?: string): never {
  logger.info('token refused', { routeKey: event.routeKey, reason, ...(userId ? { userId } : {}) });
  throw new Error('Unauthorized');
}

export async function handler(event: APIGatewayRequestAuthorizerEventV2): Promise<AuthorizerResult> {
  const token = bearerToken(event);
  if (!token) unauthorized(event, 'no bearer token');
  let subject;
  try {
    subject = await verifyToken(token);
  } catch (error) {
    if (error instanceof InvalidTokenError) unauthorized(event, error.message);
    // A verification key that cannot be loaded is our fault: API Gateway answers 500, not 401.
    logger.error('token verification failed', { error });
    throw error;
  }
  const access = await accessOf(subject.userId);
  if (!access) unauthorized(event, 'no such user', subject.userId);
  if (!access.active) unauthorized(event, 'deactivated', subject.userId);
  if (access.tokenVersion !== subject.tokenVersion) unauthorized(event, 'signed out everywhere', subject.userId);
  const identity: Identity = {
    userId: subject.userId,
    role: access.role,
    units: access.units,
    // Read in the same GetItem: the language answers are in when a request sends no Accept-Language.
    ...(access.language ? { language: access.language } : {}),
  };
  return { isAuthorized: true, context: { [IDENTITY_CONTEXT_KEY]: JSON.stringify(identity) } };
}
