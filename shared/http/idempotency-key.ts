import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
} from '@aws-lambda-powertools/idempotency';
import type { Context } from 'aws-lambda';
import { idempotentOnce } from '../idempotency';
import { ProblemError } from './errors';

/** Keys are client-made (a UUID is typical); bounded so they make sane table keys. */
const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;

/** How long a key is remembered: a mini-program retries within seconds, a person within a day. */
const KEY_TTL_SECONDS = 24 * 3600;

interface KeyedRequest<R> {
  key: string;
  body: unknown;
  produce: () => Promise<R>;
}

/**
 * Runs an operation at most once per `Idempotency-Key` and caller (Stripe's rules): a retry with the
 * same key and body gets the saved response, marked `idempotent-replayed: true`; the same key with a
 * different body is a 422; a retry while the first is still running is a 409 to retry shortly.
 * Built on Powertools idempotency over the single table.
 */
export function idempotencyKeyGuard<R extends { headers?: Record<string, string | number | boolean> }>(operationId: string) {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'key',
    payloadValidationJmesPath: 'body',
    expiresAfterSeconds: KEY_TTL_SECONDS,
    responseHook: (response) => {
      const saved = response as R;
      return { ...saved, headers: { ...saved.headers, 'idempotent-replayed': 'true' } };
    },
  });
  const once = idempotentOnce(
    `http#${operationId}`,
    async (request: KeyedRequest<R>, _context: Context) => request.produce(),
    config,
  );

  return async (
    callerId: string,
    key: string | undefined,
    body: unknown,
    context: Context,
    produce: () => Promise<R>,
  ): Promise<R> => {
    if (key === undefined) return produce();
    if (!KEY_PATTERN.test(key)) {
      throw new ProblemError(400, 'validation_failed', undefined, [
        { field: 'header.Idempotency-Key', code: 'invalid_format', message: '8–128 characters: letters, digits, . _ : -' },
      ]);
    }
    config.registerLambdaContext(context);
    try {
      return await once({ key: `${callerId}#${key}`, body: body ?? null, produce }, context);
    } catch (error) {
      if (error instanceof IdempotencyValidationError) throw new ProblemError(422, 'idempotency_key_reused');
      if (error instanceof IdempotencyAlreadyInProgressError) {
        throw new ProblemError(409, 'idempotency_in_progress', undefined, [], { 'retry-after': '1' });
      }
      throw error;
    }
  };
}
