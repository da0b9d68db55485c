import { config } from '../config';
import { requestText } from '../http/outbound';
import { appSecret } from './wechat';

/**
 * The mini-program's access token (`cgi-bin/token`), which WeChat's server APIs take as
 * `access_token=`: subscribe messages (shared/notifications/channels/wechat-subscribe.ts) and the
 * phone-number exchange (shared/auth/wechat-phone.ts). Fetched with the app secret and cached for
 * the life of the execution environment (concurrent callers share one fetch) until shortly before
 * it expires. A caller whose call WeChat answers with one of {@link ACCESS_TOKEN_ERRORS} asks again
 * with `forceNew` once.
 *
 * The fetch URL holds the app secret and a token is itself a secret: neither is logged nor quoted
 * in an error.
 */

/** The access token is invalid (40001, 40014) or expired (42001): fetch a new one and try once more. */
export const ACCESS_TOKEN_ERRORS: ReadonlySet<number> = new Set([40001, 40014, 42001]);

/** Refresh a little before WeChat's expiry (tokens last 7200 s). */
const TOKEN_MARGIN_MS = 5 * 60_000;
const DEFAULT_TIMEOUT_MS = 5_000;

/** Where the token comes from: the WeChat API base URL, the app id and its secret. */
export interface AccessTokenSource {
  baseUrl: () => string;
  appId: () => string;
  secret: () => Promise<string>;
  timeoutMs?: number;
  /** The clock the token's expiry is read against (tests step it). */
  now?: () => Date;
}

/** The source as configured for this environment (base URL and app id from config, the secret from auth). */
export const configuredTokenSource = (options: { timeoutMs?: number } = {}): AccessTokenSource => ({
  baseUrl: () => config().wechatBaseUrl,
  appId: () => config().wechatAppId,
  secret: appSecret,
  ...options,
});

/**
 * No token could be had: WeChat or the network failed (`message` says how, fit to store: no secret),
 * or the app secret could not be read (the error is then another one).
 */
export class AccessTokenUnavailable extends Error {
  override name = 'AccessTokenUnavailable';
}

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

const trimSlash = (url: string): string => url.replace(/\/+$/, '');
/** Upstream messages go into stored reasons: short, one line. */
const brief = (text: unknown): string => String(text ?? '').replace(/\s+/g, ' ').slice(0, 120);

/** The cached token, or a new one (`forceNew`: WeChat called the cached one invalid). */
export async function weChatAccessToken(source: AccessTokenSource, forceNew = false): Promise<string> {
  const now = source.now ?? (() => new Date());
  const cacheKey = `${trimSlash(source.baseUrl())}|${source.appId()}`;
  const cached = tokens.get(cacheKey);
  if (cached && !forceNew) {
    const token = await cached.catch(() => undefined);
    if (token && token.expiresAt.getTime() > now().getTime()) return token.token;
  }
  const fetching = fetchToken(source, now);
  tokens.set(cacheKey, fetching);
  // A failed fetch is not cached: the next caller asks again.
  fetching.catch(() => {
    if (tokens.get(cacheKey) === fetching) tokens.delete(cacheKey);
  });
  return (await fetching).token;
}

async function fetchToken(source: AccessTokenSource, now: () => Date): Promise<CachedToken> {
  const query = new URLSearchParams({ grant_type: 'client_credential', appid: source.appId(), secret: await source.secret() });
  let status: number;
  let text: string;
  try {
    ({ status, text } = await requestText(`${trimSlash(source.baseUrl())}/cgi-bin/token?${query}`, { method: 'GET' }, source.timeoutMs ?? DEFAULT_TIMEOUT_MS));
  } catch (error) {
    // Only the error's name: its message may quote the URL, which holds the app secret.
    const name = (error as Error).name;
    throw new AccessTokenUnavailable(`access token: ${name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network error'}`);
  }
  let body: { access_token?: unknown; expires_in?: unknown; errcode?: number; errmsg?: string } | undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (status !== 200 || typeof body?.access_token !== 'string') {
    throw new AccessTokenUnavailable(
      `access token: ${body?.errcode !== undefined ? `errcode ${body.errcode}: ${brief(body.errmsg)}` : `HTTP ${status}`}`,
    );
  }
  const lifetimeMs = (typeof body.expires_in === 'number' ? body.expires_in : 7200) * 1000;
  return { token: body.access_token, expiresAt: new Date(now().getTime() + Math.max(60_000, lifetimeMs - TOKEN_MARGIN_MS)) };
}
