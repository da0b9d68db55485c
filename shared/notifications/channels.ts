import { appSecret } from '../auth/wechat';
import { config } from '../config';
import type { Delivery } from './domain';

/**
 * Where pushes go, behind one interface: `send(batch)` answers a {@link Delivery} and never throws,
 * so the dispatcher decides retries and dead letters the same way for every channel.
 *
 * - WeCom (企业微信) group robot: one POST to the robot's webhook per batch (several notices joined).
 * - WeChat subscribe message: one POST per person, with an access token cached until it expires.
 *
 * Both are real HTTP clients (global fetch, a timeout on every call) with a configurable base URL.
 * URLs carry secrets (the webhook key, the access token, the app secret): they are never logged and
 * never end up in a failure reason.
 */

/** One WeCom robot message: the webhook key of the robot and the text. */
export interface WeComBatch {
  channel: 'wecom';
  webhookKey: string;
  content: string;
}

/** One WeChat subscribe message to one person. */
export interface WeChatBatch {
  channel: 'wechat';
  openId: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
}

export type PushBatch = WeComBatch | WeChatBatch;

export interface PushChannel<B extends PushBatch = PushBatch> {
  readonly name: B['channel'];
  /** Sends one batch; resolves with how it went, never rejects. */
  send(batch: B): Promise<Delivery>;
}

export interface PushChannels {
  wecom: PushChannel<WeComBatch>;
  wechat: PushChannel<WeChatBatch>;
}

const DEFAULT_TIMEOUT_MS = 5_000;
const trimSlash = (url: string) => url.replace(/\/+$/, '');
/** Upstream messages go into stored reasons: short, one line. */
const brief = (text: unknown) => String(text ?? '').replace(/\s+/g, ' ').slice(0, 120);

type HttpAnswer = { status: number; json: unknown } | { failure: string };

/** A JSON request under one deadline (headers and body alike); transport problems come back as a reason. */
async function requestJson(url: string, init: RequestInit, timeoutMs: number): Promise<HttpAnswer> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, json };
  } catch (error) {
    // Only the error's name: its message may quote the URL, which holds a secret.
    const name = (error as Error).name;
    return { failure: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network error' };
  }
}

interface WeChatAnswer {
  errcode?: number;
  errmsg?: string;
}
const answerOf = (json: unknown): WeChatAnswer | undefined =>
  typeof json === 'object' && json !== null ? (json as WeChatAnswer) : undefined;

// ---------------------------------------------------------------------------------------------
// WeCom group robots

/** WeCom errcodes that retrying cannot fix: invalid webhook (a wrong or deleted robot), a malformed message. */
const WECOM_PERMANENT = new Set([93000, 40008, 44004]);
/** 45009: over the robot's limit; WeCom's window is a minute. */
const WECOM_OVER_LIMIT = 45009;

export function weComRobotChannel(options: { baseUrl: () => string; timeoutMs?: number }): PushChannel<WeComBatch> {
  return {
    name: 'wecom',
    async send(batch) {
      const url = `${trimSlash(options.baseUrl())}/cgi-bin/webhook/send?key=${encodeURIComponent(batch.webhookKey)}`;
      const answer = await requestJson(
        url,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ msgtype: 'text', text: { content: batch.content } }),
        },
        options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      );
      if ('failure' in answer) return { ok: false, reason: answer.failure };
      if (answer.status < 200 || answer.status >= 300) return { ok: false, reason: `HTTP ${answer.status}` };
      const body = answerOf(answer.json);
      if (body?.errcode === 0) return { ok: true };
      if (body?.errcode === undefined) return { ok: false, reason: 'unexpected answer' };
      const reason = `errcode ${body.errcode}: ${brief(body.errmsg)}`;
      if (body.errcode === WECOM_OVER_LIMIT) return { ok: false, reason, retryAfterMs: 60_000 };
      return { ok: false, reason, permanent: WECOM_PERMANENT.has(body.errcode) };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// WeChat subscribe messages

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
  expiresAt: number;
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
  now?: () => number;
}

export function weChatSubscribeChannel(options: WeChatChannelOptions): PushChannel<WeChatBatch> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const now = options.now ?? Date.now;

  /** The cached token, or a new one: concurrent sends share one fetch. */
  async function accessToken(forceNew: boolean): Promise<string> {
    const cacheKey = `${trimSlash(options.baseUrl())}|${options.appId()}`;
    const cached = tokens.get(cacheKey);
    if (cached && !forceNew) {
      const token = await cached.catch(() => undefined);
      if (token && token.expiresAt > now()) return token.token;
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
    return { token: body.access_token, expiresAt: now() + Math.max(60_000, lifetimeMs - TOKEN_MARGIN_MS) };
  }

  async function post(batch: WeChatBatch, token: string): Promise<HttpAnswer> {
    return requestJson(
      `${trimSlash(options.baseUrl())}/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          touser: batch.openId,
          template_id: batch.templateId,
          page: batch.page,
          data: batch.data,
          lang: 'zh_CN',
        }),
      },
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
        if ('failure' in answer) return { ok: false, reason: answer.failure };
        if (answer.status < 200 || answer.status >= 300) return { ok: false, reason: `HTTP ${answer.status}` };
        const body = answerOf(answer.json);
        if (body?.errcode === 0) return { ok: true };
        if (body?.errcode === undefined) return { ok: false, reason: 'unexpected answer' };
        const reason = `errcode ${body.errcode}: ${brief(body.errmsg)}`;
        if (body.errcode === NO_SUBSCRIPTION) return { ok: false, reason, permanent: true, subscriptionGone: true };
        return { ok: false, reason, permanent: WECHAT_PERMANENT.has(body.errcode) };
      } catch (error) {
        if (error instanceof TokenUnavailable) return { ok: false, reason: error.message };
        // The app secret could not be read (Secrets Manager): a retry may well succeed.
        return { ok: false, reason: 'app secret unavailable' };
      }
    },
  };
}

/** The channels as configured for this environment. */
export function defaultChannels(): PushChannels {
  return {
    wecom: weComRobotChannel({ baseUrl: () => config().wecomBaseUrl }),
    wechat: weChatSubscribeChannel({
      baseUrl: () => config().wechatBaseUrl,
      appId: () => config().wechatAppId,
      secret: appSecret,
    }),
  };
}
