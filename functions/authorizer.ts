import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import { IDENTITY_CONTEXT_KEY } from '../shared/auth/identity';
import { InvalidTokenError, verifyToken } from '../shared/auth/tokens';
import { logger } from '../shared/logger';

/**
 * The HTTP API's Lambda authorizer (payload 2.0, simple responses). It verifies our bearer token
 * and hands the identity to the route's function as one JSON string in the authorizer context.
 * A missing or bad token throws `Unauthorized`, which API Gateway (and the local gateway) answer
 * with 401. Kept light on purpose: it runs before every protected request.
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

export async function handler(event: APIGatewayRequestAuthorizerEventV2): Promise<AuthorizerResult> {
  const token = bearerToken(event);
  if (!token) {
    logger.info('no bearer token', { routeKey: event.routeKey });
    throw new Error('Unauthorized');
  }
  try {
    const identity = await verifyToken(token);
    return { isAuthorized: true, context: { [IDENTITY_CONTEXT_KEY]: JSON.stringify(identity) } };
  } catch (error) {
    if (error instanceof InvalidTokenError) {
      logger.info('token refused', { routeKey: event.routeKey, reason: error.message });
      throw new Error('Unauthorized');
    }
    // A verification key that cannot be loaded is our fault: API Gateway answers 500, not 401.
    logger.error('token verification failed', { error });
    throw error;
  }
}
