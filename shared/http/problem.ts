import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type Language, ProblemError } from './errors';
import { problemTitles } from './problem-titles';

/**
 * The language a request's `Accept-Language` asks for, by its first tag: `en…` English, `zh…`
 * Chinese; undefined when there is no header or its first tag is neither (`*`, `fr`).
 */
export function acceptedLanguageOf(headers: Record<string, string | undefined> | undefined): Language | undefined {
  const accept = headers?.['accept-language'] ?? headers?.['Accept-Language'] ?? '';
  const first = accept.split(',')[0]?.trim().toLowerCase() ?? '';
  if (first.startsWith('en')) return 'en';
  if (first.startsWith('zh')) return 'zh';
  return undefined;
}

/** Picks the response language from the headers alone: Chinese unless the client prefers English. */
export function languageOf(headers: Record<string, string | undefined> | undefined): Language {
  return acceptedLanguageOf(headers) ?? 'zh';
}

/**
 * The language a request is answered in, the one rule for everything a person reads (error titles,
 * notices, timeline notes, category labels): the request's `Accept-Language` if it names zh or en,
 * else the language the caller chose on their profile (the authorizer reads it with their role, so
 * it costs no table call), else Chinese.
 */
export function requestLanguageOf(headers: Record<string, string | undefined> | undefined, chosen: Language | undefined): Language {
  return acceptedLanguageOf(headers) ?? chosen ?? 'zh';
}

/** Renders an error as an RFC 9457 problem+json response. Never includes a stack trace. */
export function problemResponse(
  error: ProblemError,
  language: Language,
  instance?: string,
): APIGatewayProxyStructuredResultV2 {
  const body = {
    type: `https://grid.nanjing.example/problems/${error.code.replaceAll('_', '-')}`,
    title: problemTitles[error.code][language],
    status: error.status,
    code: error.code,
    ...(error.detail ? { detail: error.detail } : {}),
    ...(instance ? { instance } : {}),
    ...(error.errors.length ? { errors: error.errors } : {}),
  };
  return {
    statusCode: error.status,
    headers: { 'content-type': 'application/problem+json', 'content-language': language, ...error.headers },
    body: JSON.stringify(body),
  };
}

/**
 * Renders an error as Open311 GeoReport v2 does (http://wiki.open311.org/GeoReport_v2/#errors): a
 * JSON list of `{ code, description }`, `code` the HTTP status. A 400 about fields lists each one,
 * named as the client sent it (`service_code`, not `body.service_code`); anything else is one entry,
 * its detail or else its title in the caller's language. For routes declaring `errorFormat: 'open311'`.
 */
export function open311ErrorResponse(error: ProblemError, language: Language): APIGatewayProxyStructuredResultV2 {
  const said = error.detail ?? problemTitles[error.code][language];
  const entries = error.errors.length
    ? error.errors.map((field) => ({ code: error.status, description: `${field.field.replace(/^(body|query|path)\./, '')}: ${field.message}` }))
    : [{ code: error.status, description: said }];
  return {
    statusCode: error.status,
    headers: { 'content-type': 'application/json', 'content-language': language, ...error.headers },
    body: JSON.stringify(entries),
  };
}
