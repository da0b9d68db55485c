import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED_FILES, generateClientFiles, idempotentOperationsOf } from '../../../client/generate';
import { apiDocs } from '../../../shared/api-docs';
import { buildOpenApiDocument } from '../../../shared/http/openapi';
import { routeCatalogue } from '../../../shared/routes';

const clientFolder = resolve(import.meta.dirname, '../../../client');

describe('the generated client', () => {
  it('is what the routes give now (run `npm run client` when this fails)', async () => {
    // Prepare
    const document = buildOpenApiDocument(routeCatalogue, apiDocs);
    // Act
    const generated = await generateClientFiles(document);
    // Assess: file by file, so the failure names the stale one.
    for (const name of GENERATED_FILES) {
      const committed = readFileSync(join(clientFolder, name), 'utf8');
      expect(committed === generated[name], `client/${name} is out of date with the routes: run \`npm run client\` and commit it`).toBe(true);
    }
  });

  it('comes out the same every time from the same routes', async () => {
    // Act: the document built afresh each time, as `npm run client` and this test each build it.
    const first = await generateClientFiles(buildOpenApiDocument(routeCatalogue, apiDocs));
    const second = await generateClientFiles(buildOpenApiDocument(routeCatalogue, apiDocs));
    // Assess
    expect(second).toEqual(first);
  });

  it('names every route that takes an Idempotency-Key as one the client sends a key on', () => {
    // Prepare
    const expected = Object.values(routeCatalogue)
      .filter((route) => route.idempotencyKey)
      .map((route) => `${route.method.toLowerCase()} ${route.path}`)
      .sort();
    // Act
    const found = idempotentOperationsOf(buildOpenApiDocument(routeCatalogue, apiDocs));
    // Assess
    expect(found).toEqual(expected);
    expect(found).toContain('post /stations/{stationId}/reservations');
  });

  it('finds an Idempotency-Key declared through $ref components, on the operation or on its path', () => {
    // Prepare: the header as a shared parameter component, and an operation kept in components too.
    const document = {
      openapi: '3.1.0',
      paths: {
        '/things': {
          post: { parameters: [{ $ref: '#/components/parameters/IdempotencyKey' }], responses: {} },
          get: { parameters: [{ name: 'limit', in: 'query', schema: { $ref: '#/components/schemas/Limit' } }], responses: {} },
        },
        '/things/{id}/copies': { parameters: [{ $ref: '#/components/parameters/IdempotencyKey' }], put: { responses: {} } },
        '/other': { $ref: '#/components/pathItems/Other' },
      },
      components: {
        schemas: { Limit: { type: 'integer' } },
        parameters: { IdempotencyKey: { name: 'Idempotency-Key', in: 'header', schema: { type: 'string' } } },
        pathItems: { Other: { patch: { parameters: [{ name: 'idempotency-key', in: 'header' }], responses: {} } } },
      },
    };
    // Act
    const found = idempotentOperationsOf(document);
    // Assess
    expect(found).toEqual(['patch /other', 'post /things', 'put /things/{id}/copies']);
  });
});
