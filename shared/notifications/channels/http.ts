import { type OutboundRequest, requestText } from '../../http/outbound';
import type { Annotate } from '../../observability/tracing';
import type { Delivery, FailedDelivery } from '../retries';

/**
 * The HTTP both channels speak: JSON over node:http(s) (`requestText`, not global fetch, whose first
 * call loads undici: 30–40 ms of a cold start), one deadline for headers and body, and
 * WeChat's and WeCom's shared `{ errcode, errmsg }` answer. URLs carry secrets (the webhook key, the
 * access token, the app secret): they are never logged and never end up in a failure reason.
 */

export const DEFAULT_TIMEOUT_MS = 5_000;

export const trimSlash = (url: string): string => url.replace(/\/+$/, '');

/** Upstream messages go into stored reasons: short, one line. */
export const brief = (text: unknown): string => String(text ?? '').replace(/\s+/g, ' ').slice(0, 120);

export type HttpAnswer = { status: number; json: unknown } | { failure: string };

/** A JSON request under one deadline (headers and body alike); transport problems come back as a reason. */
export async function requestJson(url: string, init: OutboundRequest, timeoutMs: number): Promise<HttpAnswer> {
  try {
    const { status, text } = await requestText(url, init, timeoutMs);
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status, json };
  } catch (error) {
    // Only the error's name: its message may quote the URL, which holds a secret.
    const name = (error as Error).name;
    return { failure: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network error' };
  }
}

/** POSTs a JSON document under one deadline. */
export const postJson = (url: string, document: unknown, timeoutMs: number): Promise<HttpAnswer> =>
  requestJson(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(document) }, timeoutMs);

/** What WeCom and WeChat answer: `errcode` 0 is success. */
export interface WeChatAnswer {
  errcode?: number;
  errmsg?: string;
}

export const answerOf = (json: unknown): WeChatAnswer | undefined =>
  typeof json === 'object' && json !== null ? (json as WeChatAnswer) : undefined;

/**
 * How a send went, from WeCom's or WeChat's answer: errcode 0 is delivered; a transport problem, an
 * HTTP error or an answer without an errcode is a failure worth retrying; any other errcode is the
 * channel's to classify (`refusal`, given the errcode and a reason fit to store).
 */
export function deliveryOf(answer: HttpAnswer, refusal: (errcode: number, reason: string) => FailedDelivery): Delivery {
  if ('failure' in answer) return { ok: false, reason: answer.failure };
  if (answer.status < 200 || answer.status >= 300) return { ok: false, reason: `HTTP ${answer.status}` };
  const body = answerOf(answer.json);
  if (body?.errcode === 0) return { ok: true };
  if (body?.errcode === undefined) return { ok: false, reason: 'unexpected answer' };
  return refusal(body.errcode, `errcode ${body.errcode}: ${brief(body.errmsg)}`);
}

/**
 * What a send's trace subsegment may keep (with -c traceSdkCalls=true): whether it was delivered,
 * the transport failure or the HTTP status, and the channel's errcode. Never the URL (it holds a
 * webhook key or an access token), the recipient or the text.
 */
export function annotateDelivery(annotate: Annotate, answer: HttpAnswer, delivery: Delivery): void {
  annotate('delivered', delivery.ok);
  if ('failure' in answer) {
    annotate('outcome', answer.failure);
    return;
  }
  annotate('status', answer.status);
  const errcode = answerOf(answer.json)?.errcode;
  if (typeof errcode === 'number') annotate('errcode', errcode);
}
