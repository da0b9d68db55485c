import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../../shared/http/openapi';
import { routeCatalogue } from '../../../shared/routes';

describe('the OpenAPI document', () => {
  const document = buildOpenApiDocument(routeCatalogue) as { paths: Record<string, Record<string, any>>; openapi: string };

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
