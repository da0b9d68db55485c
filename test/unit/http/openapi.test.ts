import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { apiDocs } from '../../../shared/api-docs';
import { apiDocsOf } from '../../../shared/http/api-docs';
import { buildOpenApiDocument } from '../../../shared/http/openapi';
import { routeCatalogue } from '../../../shared/routes';
import { stationRoutes } from '../../../shared/stations/routes';
import { missingWords } from '../../support/api-words';

describe('the OpenAPI document', () => {
  const document = buildOpenApiDocument(routeCatalogue, apiDocs) as {
    paths: Record<string, Record<string, any>>;
    components: { schemas: Record<string, any>; responses: Record<string, any> };
    openapi: string;
    servers: { url: string }[];
  };

  it('describes every component, field and parameter, and gives every operation an example of what it takes and answers', () => {
    // Act
    const missing = missingWords(document);
    // Assess: `npm run api-words` lists the same, all of them
    expect(missing).toEqual([]);
  });

  it('names the schemas a client refers to, so generated types have names', () => {
    // Act
    const reserve = document.paths['/stations/{stationId}/reservations']!.post;
    // Assess
    expect(reserve.requestBody.content['application/json'].schema.$ref).toMatch(/^#\/components\/schemas\/\w+$/);
    expect(reserve.responses['201'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Reservation' });
    expect(document.paths['/me/reservations']!.get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ReservationPage' });
  });

  it('lists the problem codes of an operation under their status, with an example', () => {
    // Act
    const conflict = document.paths['/stations/{stationId}/reservations']!.post.responses['409'];
    // Assess
    expect(conflict.description).toContain('`slot_full`');
    expect(conflict.content['application/problem+json'].example).toMatchObject({ status: 409 });
  });

  it('documents the errors of the Open311 routes as Open311’s list, and every other route’s as problem+json', () => {
    // Act
    const answer = (path: string, status: string) => {
      const response = document.paths[path]!.get.responses[status];
      return response.$ref ? document.components.responses[response.$ref.split('/').pop()] : response;
    };
    const refused = answer('/open311/v2/requests.json', '400');
    const problem = answer('/requests/nearby', '400');
    // Assess
    expect(refused.content).toEqual({ 'application/json': { schema: { $ref: '#/components/schemas/Open311Errors' }, example: [{ code: 400, description: expect.any(String) }] } });
    expect(document.components.schemas.Open311Errors).toMatchObject({ type: 'array', items: { required: ['code', 'description'] } });
    expect(Object.keys(problem.content)).toEqual(['application/problem+json']);
  });

  it('keeps an error answer that many operations share once, and refers to it', () => {
    // Act
    const throttled = Object.values(document.paths).flatMap((operations) => Object.values(operations).map((operation) => operation.responses['429']));
    const shared = throttled.filter((response) => response.$ref === '#/components/responses/TooManyRequests');
    // Assess: all but the few with codes of their own (sign-in's `wechat_rate_limited`) or Open311's shape
    expect(shared.length).toBeGreaterThan(100);
    expect(document.components.responses.TooManyRequests.description).toContain('`too_many_requests`');
  });

  it('says the server is the host that serves the document, whatever its port', () => {
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
  });

  it('refuses words for a field that no longer exists, so none go stale', () => {
    // Prepare
    const stale = apiDocsOf(stationRoutes, { operations: { createStation: { request: { fields: { colour: 'The colour of the roof.' } } } } });
    // Act
    const build = () => buildOpenApiDocument(routeCatalogue, stale);
    // Assess
    expect(build).toThrow('createStation request: no field "colour" to describe');
  });

  it('lints clean with Redocly’s recommended rules', async () => {
    // Prepare
    const config = await createConfig({ extends: ['recommended'] });
    // Act
    const problems = await lintFromString({ source: JSON.stringify(document), absoluteRef: 'openapi.json', config });
    // Assess
    expect(problems.map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)).toEqual([]);
  });

  it('is OpenAPI 3.1 and documents every route of the catalogue, secured unless public', () => {
    expect(document.openapi).toBe('3.1.0');
    for (const [operationId, route] of Object.entries(routeCatalogue)) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation?.operationId, `${route.method} ${route.path}`).toBe(operationId);
      if (route.access === 'public') expect(operation.security).toEqual([]);
      else expect(operation.responses['401']).toBeDefined();
    }
  });

  it('documents a second content type beside the JSON one where a route answers in another on request', () => {
    // Act
    const table = document.paths['/reports/monthly/grids']!.get.responses['200'].content;
    // Assess
    expect(Object.keys(table)).toEqual(['application/json', 'text/csv']);
    expect(table['text/csv'].schema).toEqual({ type: 'string' });
  });
});
