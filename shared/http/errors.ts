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
 * Every machine code the API answers with: its HTTP status (each code has exactly one) and its readable
 * title in each language. Callers name the code; the status follows from it.
 */
export const problems = {
  validation_failed: { status: 400, zh: '请求内容有误，请检查标出的字段', en: 'The request has invalid fields' },
  malformed_json: { status: 400, zh: '请求体不是合法的 JSON', en: 'The request body is not valid JSON' },
  unsupported_media_type: { status: 415, zh: '请求体须为 application/json', en: 'The request body must be application/json' },
  payload_too_large: { status: 413, zh: '请求体过大', en: 'The request body is too large' },
  unauthorized: { status: 401, zh: '请先登录', en: 'Sign in first' },
  forbidden: { status: 403, zh: '无权执行此操作', en: 'You are not allowed to do this' },
  not_found: { status: 404, zh: '未找到', en: 'Not found' },
  route_not_found: { status: 404, zh: '没有这个接口', en: 'No such endpoint' },
  method_not_allowed: { status: 405, zh: '此接口不支持该请求方法', en: 'This endpoint does not support that method' },
  conflict: { status: 409, zh: '与现有数据冲突', en: 'This conflicts with existing data' },
  shift_not_eligible: { status: 409, zh: '不能报名该班次（原因见 errors）', en: 'You cannot sign up for this shift (see errors for why)' },
  idempotency_key_reused: {
    status: 422,
    zh: '该幂等键已用于另一个不同的请求',
    en: 'This Idempotency-Key was already used for a different request',
  },
  idempotency_in_progress: { status: 409, zh: '相同的请求正在处理中，请稍后重试', en: 'The same request is still being processed; retry shortly' },
  invalid_transition: { status: 409, zh: '诉求当前状态不允许此操作', en: 'The request is not in a state that allows this' },
  precondition_failed: { status: 412, zh: '数据已被他人修改，请刷新后重试', en: 'Someone changed this first; reload and try again' },
  station_closed: { status: 409, zh: '驿站当前未开放', en: 'The station is not open now' },
  station_full: { status: 409, zh: '驿站暂无空余座位，请稍后再来或预约', en: 'No free seat at the station now; come back later or reserve' },
  already_checked_in: { status: 409, zh: '您已在另一驿站签到，请先签退', en: 'You are checked in at another station; check out first' },
  slot_full: { status: 409, zh: '该时段座位已约满', en: 'Every reservable seat of this slot is taken' },
  already_reserved: { status: 409, zh: '您已预约或正在排队该时段', en: 'You already hold or wait for a seat in this slot' },
  reservation_limit_reached: { status: 409, zh: '您的有效预约已达上限', en: 'You hold as many active reservations as allowed' },
  booking_window: { status: 409, zh: '不在可预约或可取消的时间范围内', en: 'Outside the time you can reserve or cancel' },
  not_at_station: { status: 403, zh: '仅在驿站现场（已签到或今日有预约）的人可以报修', en: 'Only people at the station (checked in, or reserved today) can report a fault' },
  facility_transition: { status: 409, zh: '设施当前状态不允许此操作', en: 'The facility is not in a state that allows this' },
  wechat_code_invalid: { status: 400, zh: '微信登录凭证无效或已过期，请重新登录', en: 'The WeChat login code is invalid or expired' },
  wechat_phone_code_invalid: {
    status: 400,
    zh: '手机号授权凭证无效或已过期，请重新授权',
    en: 'The WeChat phone-number code is invalid or expired; ask for the number again',
  },
  wechat_rate_limited: { status: 429, zh: '登录过于频繁，请稍后再试', en: 'Too many sign-ins; try again in a minute' },
  wechat_user_blocked: { status: 403, zh: '该微信账号存在风险，暂不能登录', en: 'WeChat flagged this account as high-risk' },
  too_many_requests: { status: 429, zh: '操作过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  outside_service_area: { status: 400, zh: '该位置不在服务范围内', en: 'This location is outside the service area' },
  search_too_broad: { status: 400, zh: '查询范围过大，请缩小范围', en: 'The search covers too much; narrow it' },
  upstream_unavailable: { status: 502, zh: '依赖的服务暂不可用，请稍后再试', en: 'A service we depend on is unavailable; try again later' },
  internal_error: { status: 500, zh: '服务器内部错误，请稍后再试', en: 'Something went wrong on our side; try again later' },
} as const satisfies Record<string, { status: number } & Record<Language, string>>;

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
    this.status = problems[code].status;
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
