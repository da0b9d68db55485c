import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
} from '@aws-lambda-powertools/idempotency';
import type { Context } from 'aws-lambda';
import { idempotentOnce } from '../idempotency';
import { REPLAYED_HEADER } from './creation';
import { ProblemError } from './errors';

/** Keys are client-made (a UUID is typical); bounded so they make sane table keys. */
const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;

/** How long a key is remembered: a mini-program retries within seconds, a person within a day. */
const KEY_TTL_SECONDS = 24 * 3600;

/**
 * What a key stands for: the operation, its target and its input. The same key with anything else
 * in here is a different request, refused with 422 rather than run or answered with another's reply.
 */
export interface RequestFingerprint {
  /** The route key (`POST /stations/{stationId}/reservations`). */
  route: string;
  /** The parsed path parameters: which station, which request. */
  params: unknown;
  query: unknown;
  body: unknown;
}

interface KeyedRequest<R> {
  key: string;
  request: RequestFingerprint;
  produce: () => Promise<R>;
}

/**
 * Runs an operation at most once per `Idempotency-Key` and caller (Stripe's rules): a retry of the
 * same request gets the saved response, marked `idempotent-replayed: true`; the same key with a
 * different request — another body, another target (path parameters), another query or another
 * route — is a 422 `idempotency_key_reused`; a retry while the first is still running is a 409 to
 * retry shortly.
 *
 * A key names one request of one caller: the record is found by caller and key alone (one key space
 * for every route), and the whole request is its fingerprint. So a key reused for something else is
 * refused, never silently run a second time or answered with the first target's response.
 * Built on Powertools idempotency over the single table.
 */
export function idempotencyKeyGuard<R extends { headers?: Record<string, string | number | boolean> }>(operationId: string) {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'key',
    payloadValidationJmesPath: 'request',
    expiresAfterSeconds: KEY_TTL_SECONDS,
    responseHook: (response) => {
      const saved = response as R;
      return { ...saved, headers: { ...saved.headers, [REPLAYED_HEADER]: 'true' } };
    },
  });
  // One store per operation (a store keeps its first configuration), one key space for all of them.
  const once = idempotentOnce(
    `http#${operationId}`,
    async (request: KeyedRequest<R>, _context: Context) => request.produce(),
    config,
    'http',
  );

  return async (
    callerId: string,
    key: string | undefined,
    request: RequestFingerprint,
    context: Context,
    produce: () => Promise<R>,
  ): Promise<R> => {
    if (key === undefined) return produce();
    if (!KEY_PATTERN.test(key)) {
      throw new ProblemError('validation_failed', undefined, [
        { field: 'header.Idempotency-Key', code: 'invalid_format', message: '8–128 characters: letters, digits, . _ : -' },
      ]);
    }
    config.registerLambdaContext(context);
    const fingerprint: RequestFingerprint = {
      route: request.route,
      params: request.params ?? null,
      query: request.query ?? null,
      body: request.body ?? null,
    };
    try {
      return await once({ key: `${callerId}#${key}`, request: fingerprint, produce }, context);
    } catch (error) {
      if (error instanceof IdempotencyValidationError) throw new ProblemError('idempotency_key_reused');
      if (error instanceof IdempotencyAlreadyInProgressError) {
        throw new ProblemError('idempotency_in_progress', undefined, [], { 'retry-after': '1' });
      }
      throw error;
    }
  };
}
