import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type Language, ProblemError } from './errors';
import { problemTitles } from './problem-titles';

/** Picks the response language: Chinese unless the client prefers English. */
export function languageOf(headers: Record<string, string | undefined> | undefined): Language {
  const accept = headers?.['accept-language'] ?? headers?.['Accept-Language'] ?? '';
  const first = accept.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh';
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
