import { ACCESS_TOKEN_ERRORS, AccessTokenUnavailable, weChatAccessToken } from '../../auth/wechat-access-token';
import type { PushChannel, WeChatBatch } from './channel';
import { inSubsegment } from '../../observability/tracing';
import { DEFAULT_TIMEOUT_MS, type HttpAnswer, annotateDelivery, answerOf, deliveryOf, postJson, trimSlash } from './http';

/** The access token's cache is the auth kernel's (shared/auth/wechat-access-token.ts); tests reset it here as before. */
export { resetAccessTokens } from '../../auth/wechat-access-token';

/** 43101: the person has no subscription for this template (refused, or used up on WeChat's side). */
const NO_SUBSCRIPTION = 43101;
/** Invalid openid, template id, data or page: retrying cannot fix them. */
const WECHAT_PERMANENT = new Set([40003, 40037, 47003, 41030]);

export interface WeChatChannelOptions {
  baseUrl: () => string;
  appId: () => string;
  secret: () => Promise<string>;
  timeoutMs?: number;
  /** The clock the access token's expiry is read against (tests step it). */
  now?: () => Date;
}

/**
 * WeChat subscribe messages: one POST per person, under an access token fetched with the app
 * secret and cached (shared by concurrent sends) until shortly before it expires. A token WeChat
 * calls invalid is fetched again once; 43101 (no subscription left) dead-letters and tells the
 * dispatcher to zero the person's count.
 */
export function weChatSubscribeChannel(options: WeChatChannelOptions): PushChannel<WeChatBatch> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const now = options.now ?? (() => new Date());

  /** The cached token, or a new one: concurrent sends share one fetch (shared/auth/wechat-access-token.ts). */
  const accessToken = (forceNew: boolean): Promise<string> =>
    weChatAccessToken({ baseUrl: options.baseUrl, appId: options.appId, secret: options.secret, timeoutMs, now }, forceNew);

  async function post(batch: WeChatBatch, token: string): Promise<HttpAnswer> {
    return postJson(
      `${trimSlash(options.baseUrl())}/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`,
      { touser: batch.openId, template_id: batch.templateId, page: batch.page, data: batch.data, lang: 'zh_CN' },
      timeoutMs,
    );
  }

  return {
    name: 'wechat',
    send(batch) {
      return inSubsegment('WeChat subscribe message', { channel: 'wechat' }, async (annotate) => {
        try {
          let answer = await post(batch, await accessToken(false));
          if (!('failure' in answer) && ACCESS_TOKEN_ERRORS.has(answerOf(answer.json)?.errcode ?? 0)) {
            answer = await post(batch, await accessToken(true));
          }
          const delivery = deliveryOf(answer, (errcode, reason) =>
            errcode === NO_SUBSCRIPTION
              ? { ok: false, reason, permanent: true, subscriptionGone: true }
              : { ok: false, reason, permanent: WECHAT_PERMANENT.has(errcode) },
          );
          annotateDelivery(annotate, answer, delivery);
          return delivery;
        } catch (error) {
          annotate('delivered', false);
          if (error instanceof AccessTokenUnavailable) {
            annotate('outcome', 'access token unavailable');
            return { ok: false, reason: error.message };
          }
          // The app secret could not be read (Secrets Manager): a retry may well succeed.
          annotate('outcome', 'app secret unavailable');
          return { ok: false, reason: 'app secret unavailable' };
        }
      });
    },
  };
}
