/**
 * Powertools idempotency's errors, with the same names and messages: callers tell them apart with
 * `instanceof` (shared/http/idempotency-key.ts) or by `name` (infra/local/bus-deliveries.ts reads
 * `IdempotencyAlreadyInProgressError`), and both must hold in the bundles as in process. Each is
 * made by one factory, which is all they differ in; the package writes nine classes out.
 */

import { refusalOf } from '../powertools-commons';
import type { IdempotencyRecord } from './dynamodb';

/** The base of every idempotency error, and what a non-`Error` throw is wrapped in. */
export class IdempotencyUnknownError extends Error {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'IdempotencyUnknownError';
  }
}

/** An idempotency error that is only its name. */
const named = (name: string) =>
  class extends IdempotencyUnknownError {
    constructor(message?: string, options?: ErrorOptions) {
      super(message, options);
      this.name = name;
    }
  };

/** An idempotency error that carries the record it is about, as the package's do. */
const aboutRecord = (name: string) =>
  class extends IdempotencyUnknownError {
    existingRecord?: IdempotencyRecord;
    constructor(message?: string, existingRecord?: IdempotencyRecord, options?: ErrorOptions) {
      super(message, options);
      this.name = name;
      this.existingRecord = existingRecord;
    }
  };

/** The conditional put found a live record under the key. */
export const IdempotencyItemAlreadyExistsError = /* @__PURE__ */ aboutRecord('IdempotencyItemAlreadyExistsError');
export type IdempotencyItemAlreadyExistsError = InstanceType<typeof IdempotencyItemAlreadyExistsError>;
/** Another run holds the key and has not finished. */
export const IdempotencyAlreadyInProgressError = /* @__PURE__ */ aboutRecord('IdempotencyAlreadyInProgressError');
export type IdempotencyAlreadyInProgressError = InstanceType<typeof IdempotencyAlreadyInProgressError>;
/** The key's record was made for another payload (its validation hash differs). */
export const IdempotencyValidationError = /* @__PURE__ */ aboutRecord('IdempotencyValidationError');
export type IdempotencyValidationError = InstanceType<typeof IdempotencyValidationError>;
/** The record the failed put pointed at is gone by the time it is read. */
export const IdempotencyItemNotFoundError = /* @__PURE__ */ named('IdempotencyItemNotFoundError');
export type IdempotencyItemNotFoundError = InstanceType<typeof IdempotencyItemNotFoundError>;
/** A stored record's status is none of INPROGRESS, COMPLETED, EXPIRED. */
export const IdempotencyInvalidStatusError = /* @__PURE__ */ named('IdempotencyInvalidStatusError');
export type IdempotencyInvalidStatusError = InstanceType<typeof IdempotencyInvalidStatusError>;
/** The record expired between the failed put and its read; the handler tries again on it. */
export const IdempotencyInconsistentStateError = /* @__PURE__ */ named('IdempotencyInconsistentStateError');
export type IdempotencyInconsistentStateError = InstanceType<typeof IdempotencyInconsistentStateError>;
/** A read or write of the record failed; the store's error is its `cause`. */
export const IdempotencyPersistenceLayerError = /* @__PURE__ */ named('IdempotencyPersistenceLayerError');
export type IdempotencyPersistenceLayerError = InstanceType<typeof IdempotencyPersistenceLayerError>;
/** The key path found nothing, under `throwOnNoIdempotencyKey`. */
export const IdempotencyKeyError = /* @__PURE__ */ named('IdempotencyKeyError');
export type IdempotencyKeyError = InstanceType<typeof IdempotencyKeyError>;

/** Where a Powertools feature the bundles leave out is asked for: loudly, rather than behaving otherwise. */
export const unavailable: (what: string) => never = refusalOf('Powertools idempotency', 'shared/aws/powertools-idempotency');
