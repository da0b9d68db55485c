import type { PushChannel, WeChatBatch } from './channel';
import { DEFAULT_TIMEOUT_MS, type HttpAnswer, answerOf, brief, deliveryOf, postJson, requestJson, trimSlash } from './http';

/** The access token is invalid or expired: fetch a new one and try once more. */
const TOKEN_ERRORS = new Set([40001, 40014, 42001]);
/** 43101: the person has no subscription for this template (refused, or used up on WeChat's side). */
const NO_SUBSCRIPTION = 43101;
/** Invalid openid, template id, data or page: retrying cannot fix them. */
const WECHAT_PERMANENT = new Set([40003, 40037, 47003, 41030]);
/** Refresh a little before WeChat's expiry (tokens last 7200 s). */
const TOKEN_MARGIN_MS = 5 * 60_000;

interface CachedToken {
  token: string;
  expiresAt: Date;
}
/** Access tokens by base URL and app id, for the life of the execution environment. */
const tokens = new Map<string, Promise<CachedToken>>();

/** Forgets cached access tokens (tests). */
export function resetAccessTokens(): void {
  tokens.clear();
}

class TokenUnavailable extends Error {}

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

  /** The cached token, or a new one: concurrent sends share one fetch. */
  async function accessToken(forceNew: boolean): Promise<string> {
    const cacheKey = `${trimSlash(options.baseUrl())}|${options.appId()}`;
    const cached = tokens.get(cacheKey);
    if (cached && !forceNew) {
      const token = await cached.catch(() => undefined);
      if (token && token.expiresAt.getTime() > now().getTime()) return token.token;
    }
    const fetching = fetchToken();
    tokens.set(cacheKey, fetching);
    // A failed fetch is not cached: the next send asks again.
    fetching.catch(() => {
      if (tokens.get(cacheKey) === fetching) tokens.delete(cacheKey);
    });
    return (await fetching).token;
  }

  async function fetchToken(): Promise<CachedToken> {
    const query = new URLSearchParams({
      grant_type: 'client_credential',
      appid: options.appId(),
      secret: await options.secret(),
    });
    const answer = await requestJson(`${trimSlash(options.baseUrl())}/cgi-bin/token?${query}`, { method: 'GET' }, timeoutMs);
    if ('failure' in answer) throw new TokenUnavailable(`access token: ${answer.failure}`);
    const body = answer.json as { access_token?: unknown; expires_in?: unknown; errcode?: number; errmsg?: string } | undefined;
    if (answer.status !== 200 || typeof body?.access_token !== 'string') {
      throw new TokenUnavailable(
        `access token: ${body?.errcode !== undefined ? `errcode ${body.errcode}: ${brief(body.errmsg)}` : `HTTP ${answer.status}`}`,
      );
    }
    const lifetimeMs = (typeof body.expires_in === 'number' ? body.expires_in : 7200) * 1000;
    return { token: body.access_token, expiresAt: new Date(now().getTime() + Math.max(60_000, lifetimeMs - TOKEN_MARGIN_MS)) };
  }

  async function post(batch: WeChatBatch, token: string): Promise<HttpAnswer> {
    return postJson(
      `${trimSlash(options.baseUrl())}/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`,
      { touser: batch.openId, template_id: batch.templateId, page: batch.page, data: batch.data, lang: 'zh_CN' },
      timeoutMs,
    );
  }

  return {
    name: 'wechat',
    async send(batch) {
      try {
        let answer = await post(batch, await accessToken(false));
        if (!('failure' in answer) && TOKEN_ERRORS.has(answerOf(answer.json)?.errcode ?? 0)) {
          answer = await post(batch, await accessToken(true));
        }
        return deliveryOf(answer, (errcode, reason) =>
          errcode === NO_SUBSCRIPTION
            ? { ok: false, reason, permanent: true, subscriptionGone: true }
            : { ok: false, reason, permanent: WECHAT_PERMANENT.has(errcode) },
        );
      } catch (error) {
        if (error instanceof TokenUnavailable) return { ok: false, reason: error.message };
        // The app secret could not be read (Secrets Manager): a retry may well succeed.
        return { ok: false, reason: 'app secret unavailable' };
      }
    },
  };
}
