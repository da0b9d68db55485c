import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import type { Identity } from '../../../shared/auth/identity';
import { httpFunction } from '../../../shared/http/function';
import { acceptedLanguageOf, requestLanguageOf } from '../../../shared/http/problem';
import { defineRoute } from '../../../shared/http/route';
import { httpEvent, lambdaContext } from '../../support/http-events';

const routes = {
  whichLanguage: defineRoute({
    method: 'GET',
    path: '/language',
    function: 'things',
    tag: 'things',
    summary: 'Says which language the operation was given',
    access: ['resident'],
    success: { status: 200, description: 'the language', schema: z.object({ language: z.string() }) },
  }),
};
const handler = httpFunction(routes, { async whichLanguage({ language }) { return { language }; } });

const resident: Identity = { userId: 'r1', role: 'resident', units: [] };
const ask = async (identity: Identity, headers: Record<string, string> = {}) => {
  const result = await handler(httpEvent({ routeKey: 'GET /language', identity, headers }), lambdaContext('things') as Context);
  return (JSON.parse(result.body!) as { language: string }).language;
};

describe('the language of a request', () => {
  it('is the Accept-Language when it names Chinese or English, else the choice on the profile, else Chinese', () => {
    // Act
    const languages = [
      requestLanguageOf({ 'accept-language': 'en-GB,en;q=0.9' }, 'zh'),
      requestLanguageOf({ 'accept-language': 'zh-CN' }, 'en'),
      requestLanguageOf({ 'accept-language': 'fr-FR' }, 'en'),
      requestLanguageOf({}, 'en'),
      requestLanguageOf({ 'accept-language': '*' }, undefined),
      requestLanguageOf(undefined, undefined),
    ];
    // Assess
    expect(languages).toEqual(['en', 'zh', 'en', 'en', 'zh', 'zh']);
    expect(acceptedLanguageOf({ 'Accept-Language': 'EN' })).toBe('en');
  });

  it('reaches the operation with the profile’s choice the authorizer read, unless the request asks for another', async () => {
    // Act
    const chosen = await ask({ ...resident, language: 'en' });
    const overridden = await ask({ ...resident, language: 'en' }, { 'accept-language': 'zh-CN,zh;q=0.9' });
    const never = await ask(resident);
    // Assess
    expect([chosen, overridden, never]).toEqual(['en', 'zh', 'zh']);
  });

  it('titles an error in the profile’s language when the request names none', async () => {
    // Act
    const result = await handler(
      httpEvent({ routeKey: 'GET /language', identity: { userId: 'v1', role: 'volunteer', units: [], language: 'en' } }),
      lambdaContext('things') as Context,
    );
    // Assess
    expect(result.statusCode).toBe(403);
    expect(result.headers?.['content-language']).toBe('en');
  });
});
