import type { Language, ProblemCode } from './errors';

/**
 * The readable title of every problem code (shared/http/errors.ts), in each language: the `title` of
 * a problem+json answer. Apart from the codes so that only what renders answers carries them; the
 * type requires a title for each code, and no other.
 */
export const problemTitles: { readonly [Code in ProblemCode]: Readonly<Record<Language, string>> } = {
  validation_failed: { zh: '请求内容有误，请检查标出的字段', en: 'The request has invalid fields' },
  malformed_json: { zh: '请求体不是合法的 JSON', en: 'The request body is not valid JSON' },
  unsupported_media_type: { zh: '请求体的格式不受支持（见 detail）', en: "The request body's media type is not supported (see detail)" },
  payload_too_large: { zh: '请求体过大', en: 'The request body is too large' },
  unauthorized: { zh: '请先登录', en: 'Sign in first' },
  forbidden: { zh: '无权执行此操作', en: 'You are not allowed to do this' },
  not_found: { zh: '未找到', en: 'Not found' },
  route_not_found: { zh: '没有这个接口', en: 'No such endpoint' },
  method_not_allowed: { zh: '此接口不支持该请求方法', en: 'This endpoint does not support that method' },
  conflict: { zh: '与现有数据冲突', en: 'This conflicts with existing data' },
  shift_not_eligible: { zh: '不能报名该班次（原因见 errors）', en: 'You cannot sign up for this shift (see errors for why)' },
  idempotency_key_reused: { zh: '该幂等键已用于另一个不同的请求', en: 'This Idempotency-Key was already used for a different request' },
  idempotency_in_progress: { zh: '相同的请求正在处理中，请稍后重试', en: 'The same request is still being processed; retry shortly' },
  invalid_transition: { zh: '诉求当前状态不允许此操作', en: 'The request is not in a state that allows this' },
  precondition_failed: { zh: '数据已被他人修改，请刷新后重试', en: 'Someone changed this first; reload and try again' },
  station_closed: { zh: '驿站当前未开放', en: 'The station is not open now' },
  station_full: { zh: '驿站暂无空余座位，请稍后再来或预约', en: 'No free seat at the station now; come back later or reserve' },
  already_checked_in: { zh: '您已在另一驿站签到，请先签退', en: 'You are checked in at another station; check out first' },
  slot_full: { zh: '该时段座位已约满', en: 'Every reservable seat of this slot is taken' },
  already_reserved: { zh: '您已预约或正在排队该时段', en: 'You already hold or wait for a seat in this slot' },
  reservation_limit_reached: { zh: '您的有效预约已达上限', en: 'You hold as many active reservations as allowed' },
  booking_window: { zh: '不在可预约或可取消的时间范围内', en: 'Outside the time you can reserve or cancel' },
  not_at_station: { zh: '仅在驿站现场（已签到或今日有预约）的人可以报修', en: 'Only people at the station (checked in, or reserved today) can report a fault' },
  facility_transition: { zh: '设施当前状态不允许此操作', en: 'The facility is not in a state that allows this' },
  wechat_code_invalid: { zh: '微信登录凭证无效或已过期，请重新登录', en: 'The WeChat login code is invalid or expired' },
  wechat_phone_code_invalid: { zh: '手机号授权凭证无效或已过期，请重新授权', en: 'The WeChat phone-number code is invalid or expired; ask for the number again' },
  wechat_rate_limited: { zh: '登录过于频繁，请稍后再试', en: 'Too many sign-ins; try again in a minute' },
  wechat_user_blocked: { zh: '该微信账号存在风险，暂不能登录', en: 'WeChat flagged this account as high-risk' },
  too_many_requests: { zh: '操作过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  outside_service_area: { zh: '该位置不在服务范围内', en: 'This location is outside the service area' },
  search_too_broad: { zh: '查询范围过大，请缩小范围', en: 'The search covers too much; narrow it' },
  unsupported_image_type: { zh: '仅支持 JPEG、PNG、WebP 图片（按文件内容判断）', en: 'Only JPEG, PNG and WebP images are accepted (judged by the content)' },
  upload_not_found: { zh: '没有这张上传的图片（或不是您上传的）', en: 'No such upload of yours' },
  upload_not_ready: { zh: '图片仍在处理中，请稍后重试', en: 'The photo is still being processed; retry in a moment' },
  upload_rejected: { zh: '图片无法处理，请换一张', en: 'The photo could not be processed; choose another' },
  upload_expired: { zh: '图片上传已超过一天未使用，请重新上传', en: 'The upload is over a day old and unused; upload it again' },
  upload_already_attached: { zh: '该图片已用于其他事项', en: 'This photo is already attached to something else' },
  photo_limit_reached: { zh: '图片数量已达上限', en: 'No more photos can be attached here' },
  upstream_unavailable: { zh: '依赖的服务暂不可用，请稍后再试', en: 'A service we depend on is unavailable; try again later' },
  internal_error: { zh: '服务器内部错误，请稍后再试', en: 'Something went wrong on our side; try again later' },
};
