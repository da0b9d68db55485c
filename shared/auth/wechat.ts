import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod/mini';
import { config } from '../config';
import { ProblemError } from '../http/errors';
import { type OutboundRequest, requestText } from '../http/outbound';
import { logger } from '../logger';
import { type Annotate, inSubsegment, traced } from '../observability/tracing';

/**
 * The WeChat mini-program login: `wx.login` gives the client a one-time code (valid 5 minutes) and
 * we exchange it at `jscode2session` for the user's openid. The response also carries the
 * `session_key`, which we never keep, return or log: the client gets our own token instead.
 */

export interface WeChatSession {
  openId: string;
  unionId?: string;
}

const DEFAULT_TIMEOUT_MS = 3_000;
/** WeChat limits sign-ins to 100 a minute per user: a minute is always enough to wait. */
const RATE_LIMIT_RETRY_AFTER_SECONDS = 60;

// Only what we use is read; everything else in the answer (session_key above all) is dropped here.
const sessionResponseSchema = z.object({
  openid: z.optional(z.string()),
  unionid: z.optional(z.string()),
  errcode: z.optional(z.number()),
  errmsg: z.optional(z.string()),
});

/** The errors a caller can act on; every other errcode is WeChat's problem, a 502. */
const knownErrors: Record<number, () => ProblemError> = {
  // 40029 invalid code; 40163 code already used: either way the client must call wx.login again.
  40029: () => new ProblemError('wechat_code_invalid'),
  40163: () => new ProblemError('wechat_code_invalid'),
  45011: () =>
    new ProblemError('wechat_rate_limited', undefined, [], {
      'retry-after': String(RATE_LIMIT_RETRY_AFTER_SECONDS),
    }),
  40226: () => new ProblemError('wechat_user_blocked'),
};

// No `cause`: a network error could quote the request URL, which carries the app secret.
const upstreamUnavailable = () => new ProblemError('upstream_unavailable', 'WeChat sign-in is unavailable');

/**
 * Exchanges a `wx.login` code for the user's openid (and unionid, when the app is bound to an
 * open-platform account). Throws a ProblemError: 400 invalid code, 429 rate limited, 403 blocked
 * user, 502 for anything else WeChat or the network does.
 */
export async function exchangeCode(code: string, options: { timeoutMs?: number } = {}): Promise<WeChatSession> {
  const { wechatBaseUrl, wechatAppId } = config();
  const query = new URLSearchParams({
    appid: wechatAppId,
    secret: await appSecret(),
    js_code: code,
    grant_type: 'authorization_code',
  });
  // The URL holds the app secret: it is never logged, and neither are errors that might quote it.
  const url = `${wechatBaseUrl.replace(/\/+$/, '')}/sns/jscode2session?${query}`;
  const { openid, unionid, errcode, errmsg } = await askWeChat(
    { api: 'jscode2session', url, init: { headers: { accept: 'application/json' } }, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS },
    sessionResponseSchema,
    upstreamUnavailable,
  );
  throwIfRefused('jscode2session', { errcode, errmsg }, knownErrors, upstreamUnavailable);
  if (!openid) {
    logger.error('WeChat jscode2session answered without an openid');
    throw upstreamUnavailable();
  }
  return { openId: openid, ...(unionid ? { unionId: unionid } : {}) };
}

/** One call to a WeChat server API: which one (for the log), where, how, and under what deadline. */
export interface WeChatCall {
  api: string;
  url: string;
  init: OutboundRequest;
  timeoutMs: number;
}

/**
 * Makes one call to a WeChat server API and answers its JSON document, read with `schema` (only
 * what the caller uses). A network failure, a missed deadline, an HTTP error status or a document
 * of another shape is logged by kind (never the URL, which holds a secret, nor the body) and thrown
 * as `unavailable()`. WeChat's own refusals (`errcode`) are the caller's: see {@link throwIfRefused}.
 */
export function askWeChat<T>(call: WeChatCall, schema: z.ZodMiniType<T>, unavailable: () => ProblemError): Promise<T> {
  // Traced (with -c traceSdkCalls=true) by the API's name and how it went: never the URL or the answer.
  return inSubsegment(`WeChat ${call.api}`, { api: call.api }, (annotate) => ask(call, schema, unavailable, annotate));
}

async function ask<T>(call: WeChatCall, schema: z.ZodMiniType<T>, unavailable: () => ProblemError, annotate: Annotate): Promise<T> {
  let text: string;
  try {
    // node:http(s), not global fetch (whose first call loads undici: 30–40 ms of a cold start). The
    // body is read under the same deadline: a server that sends headers and then stalls is a timeout too.
    const response = await requestText(call.url, call.init, call.timeoutMs);
    text = response.text;
    annotate('status', response.status);
    if (response.status < 200 || response.status > 299) {
      logger.error(`WeChat ${call.api} answered an HTTP error`, { status: response.status });
      throw unavailable();
    }
  } catch (error) {
    if (error instanceof ProblemError) throw error;
    const reason = (error as Error).name === 'TimeoutError' ? 'timeout' : 'network';
    annotate('outcome', reason);
    logger.error(`WeChat ${call.api} unreachable`, { reason, errorName: (error as Error).name });
    throw unavailable();
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    annotate('outcome', 'not-json');
    logger.error(`WeChat ${call.api} answered something other than JSON`);
    throw unavailable();
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    annotate('outcome', 'unexpected-document');
    logger.error(`WeChat ${call.api} answered an unexpected document`);
    throw unavailable();
  }
  // WeChat's own refusal (errcode) is the caller's to judge; the number alone is safe to keep.
  const errcode = (parsed.data as { errcode?: unknown } | null)?.errcode;
  annotate('outcome', typeof errcode === 'number' && errcode !== 0 ? `errcode ${errcode}` : 'answered');
  return parsed.data;
}

/**
 * Throws what a WeChat `errcode` means, if it is not 0: the problem `known` names for it (the ones a
 * caller can act on: a warning), else `unavailable()` (WeChat's problem: an error).
 */
export function throwIfRefused(
  api: string,
  answer: { errcode?: number | undefined; errmsg?: string | undefined },
  known: Readonly<Record<number, () => ProblemError>>,
  unavailable: () => ProblemError,
): void {
  const { errcode, errmsg } = answer;
  if (errcode === undefined || errcode === 0) return;
  const problem = known[errcode];
  if (problem) {
    logger.warn(`WeChat refused the ${api} call`, { errcode, errmsg });
    throw problem();
  }
  logger.error(`WeChat ${api} failed`, { errcode, errmsg });
  throw unavailable();
}

// ---------------------------------------------------------------------------------------------
// The app secret: from the environment locally, from Secrets Manager in AWS (read once per cold start).

let secretsClient: SecretsManagerClient | undefined;
const secretCache = new Map<string, Promise<string>>();

/** The mini-program's app secret (also used for the access token of subscribe messages). */
export async function appSecret(): Promise<string> {
  const { wechatSecret, wechatSecretName } = config();
  if (wechatSecret) return wechatSecret;
  if (!wechatSecretName) throw new Error('no WeChat app secret: set WECHAT_SECRET or WECHAT_SECRET_NAME');
  let secret = secretCache.get(wechatSecretName);
  if (!secret) {
    secret = readSecret(wechatSecretName);
    secretCache.set(wechatSecretName, secret);
    // A failed read is not cached: the next sign-in tries again.
    secret.catch(() => secretCache.delete(wechatSecretName));
  }
  return secret;
}

/**
 * The secret is stored either as the plain app secret or as JSON `{ "secret": "…" }`. A value that
 * merely starts with `{` (a generated placeholder may) is taken as plain.
 */
async function readSecret(secretName: string): Promise<string> {
  secretsClient ??= traced(new SecretsManagerClient({}));
  const output = await secretsClient.send(new GetSecretValueCommand({ SecretId: secretName }));
  const value = output.SecretString?.trim();
  if (!value) throw new Error(`secret ${secretName} has no string value`);
  return secretField(value) ?? value;
}

function secretField(value: string): string | undefined {
  if (!value.startsWith('{')) return undefined;
  try {
    const secret = (JSON.parse(value) as { secret?: unknown }).secret;
    return typeof secret === 'string' && secret !== '' ? secret : undefined;
  } catch {
    return undefined;
  }
}

/** Forgets the cached app secret and client; for tests. */
export function resetWeChatSecret(): void {
  secretCache.clear();
  secretsClient = undefined;
}
