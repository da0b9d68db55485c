import * as z from 'zod/mini';
import { config } from '../config';
import { ProblemError } from '../http/errors';
import { logger } from '../logger';
import { askWeChat, throwIfRefused } from './wechat';
import { ACCESS_TOKEN_ERRORS, AccessTokenUnavailable, configuredTokenSource, weChatAccessToken } from './wechat-access-token';

/**
 * WeChat's phone-number button (`<button open-type="getPhoneNumber">`): the mini-program gets a
 * one-time code (valid 5 minutes) and we exchange it at `wxa/business/getuserphonenumber`, under the
 * app's access token, for the number the person confirmed in WeChat. The number is personal data:
 * it is returned to the caller and never logged; errors never quote the URL (it holds the token).
 */

const DEFAULT_TIMEOUT_MS = 3_000;
/** WeChat limits the exchange per user; a minute is always enough to wait. */
const RATE_LIMIT_RETRY_AFTER_SECONDS = 60;
/** A mainland mobile number, as `purePhoneNumber` writes it (no country code). */
const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

// Only what we use is read.
const phoneResponseSchema = z.object({
  errcode: z.optional(z.number()),
  errmsg: z.optional(z.string()),
  phone_info: z.optional(
    z.object({
      purePhoneNumber: z.optional(z.string()),
      countryCode: z.optional(z.union([z.string(), z.number()])),
      watermark: z.optional(z.object({ appid: z.optional(z.string()) })),
    }),
  ),
});

/** The errors the person can act on; every other errcode is WeChat's problem, a 502. */
const knownErrors: Record<number, () => ProblemError> = {
  // 40029 invalid code; 40163 code already used: either way the client asks for the number again.
  40029: () => new ProblemError('wechat_phone_code_invalid'),
  40163: () => new ProblemError('wechat_phone_code_invalid'),
  45011: () =>
    new ProblemError('wechat_rate_limited', undefined, [], {
      'retry-after': String(RATE_LIMIT_RETRY_AFTER_SECONDS),
    }),
};

// No `cause`: a network error could quote the request URL, which carries the access token.
const upstreamUnavailable = () => new ProblemError('upstream_unavailable', 'WeChat phone-number service is unavailable');

/** One call under `token`; WeChat's answer, whatever its errcode. */
function ask(code: string, token: string, timeoutMs: number): Promise<z.infer<typeof phoneResponseSchema>> {
  const url = `${config().wechatBaseUrl.replace(/\/+$/, '')}/wxa/business/getuserphonenumber?access_token=${encodeURIComponent(token)}`;
  const init = { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ code }) };
  return askWeChat({ api: 'getuserphonenumber', url, init, timeoutMs }, phoneResponseSchema, upstreamUnavailable);
}

/** The access token, or a 502 when WeChat or the secret store cannot give one. */
async function accessToken(forceNew: boolean, timeoutMs: number): Promise<string> {
  try {
    return await weChatAccessToken(configuredTokenSource({ timeoutMs }), forceNew);
  } catch (error) {
    if (error instanceof AccessTokenUnavailable) logger.error('WeChat access token unavailable', { reason: error.message });
    else logger.error('WeChat app secret unavailable', { errorName: (error as Error).name });
    throw upstreamUnavailable();
  }
}

/**
 * Exchanges a phone-number code for the mainland mobile number the person confirmed in WeChat
 * (`purePhoneNumber`, 11 digits). Throws a ProblemError: 400 `wechat_phone_code_invalid` for a bad
 * or used code, 429 when WeChat rate-limits, 502 for anything else WeChat or the network does —
 * including an answer for another app (its watermark) or a number outside mainland China (+86). An
 * access token WeChat calls invalid or expired is fetched again once.
 */
export async function exchangePhoneCode(code: string, options: { timeoutMs?: number } = {}): Promise<string> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let answer = await ask(code, await accessToken(false, timeoutMs), timeoutMs);
  if (answer.errcode !== undefined && ACCESS_TOKEN_ERRORS.has(answer.errcode)) {
    answer = await ask(code, await accessToken(true, timeoutMs), timeoutMs);
  }
  throwIfRefused('getuserphonenumber', answer, knownErrors, upstreamUnavailable);
  const info = answer.phone_info;
  if (info?.watermark?.appid !== config().wechatAppId) {
    logger.error('WeChat getuserphonenumber answered for another app');
    throw upstreamUnavailable();
  }
  if (String(info.countryCode) !== '86' || !MAINLAND_MOBILE.test(info.purePhoneNumber ?? '')) {
    // What the number is stays out of the log: only that it is not a mainland mobile.
    logger.error('WeChat getuserphonenumber answered a number that is not a mainland mobile');
    throw upstreamUnavailable();
  }
  return info.purePhoneNumber!;
}
