/**
 * The one error model. Domain and HTTP code throw these; the one `onError` turns them into
 * RFC 9457 problem+json. Anything else is a fault: logged with the request id, answered 500.
 */

/** A field-level problem, as listed in `errors[]`. */
export interface FieldError {
  /** Where the problem is, e.g. `body.name` or `query.limit`. */
  field: string;
  code: string;
  message: string;
}

export type Language = 'zh' | 'en';

/**
 * Every machine code the API answers with, and its HTTP status (each code has exactly one): callers
 * name the code; the status follows from it. Its readable titles, in each language, are in
 * ./problem-titles.ts, which only the functions that render problem+json carry (a consumer throws
 * these errors but never renders one: 3 KiB of titles less in its bundle); the type there holds it
 * to exactly these codes.
 */
export const problems = {
  validation_failed: 400,
  malformed_json: 400,
  unsupported_media_type: 415,
  payload_too_large: 413,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  route_not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  shift_not_eligible: 409,
  idempotency_key_reused: 422,
  idempotency_in_progress: 409,
  invalid_transition: 409,
  precondition_failed: 412,
  station_closed: 409,
  station_full: 409,
  already_checked_in: 409,
  slot_full: 409,
  already_reserved: 409,
  reservation_limit_reached: 409,
  booking_window: 409,
  not_at_station: 403,
  facility_transition: 409,
  wechat_code_invalid: 400,
  wechat_phone_code_invalid: 400,
  wechat_rate_limited: 429,
  wechat_user_blocked: 403,
  too_many_requests: 429,
  outside_service_area: 400,
  search_too_broad: 400,
  unsupported_image_type: 415,
  upload_not_found: 404,
  upload_not_ready: 409,
  upload_rejected: 422,
  upload_expired: 410,
  upload_already_attached: 409,
  photo_limit_reached: 409,
  signature_invalid: 401,
  signature_expired: 401,
  case_not_with_department: 409,
  upstream_unavailable: 502,
  internal_error: 500,
} as const satisfies Record<string, number>;

export type ProblemCode = keyof typeof problems;

/** An error the API answers with a problem+json document. */
export class ProblemError extends Error {
  /** The HTTP status, declared with the code in {@link problems}. */
  readonly status: number;

  constructor(
    readonly code: ProblemCode,
    readonly detail?: string,
    readonly errors: FieldError[] = [],
    readonly headers: Record<string, string> = {},
    options?: { cause?: unknown },
  ) {
    super(detail ?? code, options);
    this.name = 'ProblemError';
    this.status = problems[code];
  }
}

export const validationFailed = (errors: FieldError[]) => new ProblemError('validation_failed', undefined, errors);
export const unauthorized = (detail?: string) => new ProblemError('unauthorized', detail);
export const forbidden = (detail?: string) => new ProblemError('forbidden', detail);
export const notFound = (detail?: string) => new ProblemError('not_found', detail);
export const conflict = (detail?: string) => new ProblemError('conflict', detail);
/** A 400 about one field: `errors[]` names it, with a machine `code` and the message. */
export const fieldProblem = (field: string, message: string, code = 'invalid') =>
  new ProblemError('validation_failed', message, [{ field, code, message }]);
export const preconditionFailed = (detail?: string) => new ProblemError('precondition_failed', detail);
