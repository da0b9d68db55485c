import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esbuildOptions, prebuiltApiDocs } from '../../../infra/bundling';
import { lambdaFunctions } from '../../../infra/functions';
import { BundledLambdas } from '../../../infra/local/bundled-lambdas';
import { bundleOf, buildBundles } from '../../../infra/local/bundles';
import { functionEnvironment } from '../../../infra/local/environment';
import { apiDocs } from '../../../shared/api-docs';
import { renderDocsPage } from '../../../shared/http/docs-page';
import { buildOpenApiDocument } from '../../../shared/http/openapi';
import { routeCatalogue } from '../../../shared/routes';
import { httpEvent } from '../../support/http-events';

/**
 * The api-docs function as the local runtime's bundle mode builds it (the settings CDK deploys
 * with): its document generated at bundling, written beside the bundle, and served from there.
 */
const root = resolve(import.meta.dirname, '../../..');
const folder = mkdtempSync(join(tmpdir(), 'grid-api-docs-bundle-'));
const apiDocsFunction = lambdaFunctions().find((fn) => fn.name === 'api-docs')!;
const runtimeEnvironment = { TABLE_NAME: 'grid-service', DYNAMODB_ENDPOINT: 'http://127.0.0.1:1', SERVICE_AREA: '1,2,3,4' };

beforeAll(() => buildBundles(root, folder, [apiDocsFunction, lambdaFunctions().find((fn) => fn.name === 'meta')!]));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('the api-docs function, bundled', () => {
  it('serves the OpenAPI document and the page generated at bundling, identical to what the route catalogue and the words build', async () => {
    // Prepare
    const lambdas = new BundledLambdas(folder, (fn) => functionEnvironment(fn, runtimeEnvironment));
    const document = buildOpenApiDocument(routeCatalogue, apiDocs);
    // Act
    const openApi = (await lambdas.invoke('api-docs', httpEvent({ routeKey: 'GET /openapi.json' }))) as { statusCode: number; headers: Record<string, string>; body: string };
    const docs = (await lambdas.invoke('api-docs', httpEvent({ routeKey: 'GET /docs' }))) as { statusCode: number; headers: Record<string, string>; body: string };
    await lambdas.close();
    // Assess
    expect(openApi.statusCode).toBe(200);
    expect(openApi.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(openApi.body)).toEqual(document);
    expect(openApi.body).toBe(JSON.stringify(document));
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/^text\/html/);
    expect(docs.body).toBe(renderDocsPage(JSON.parse(JSON.stringify(document))));
  });

  it('has the files beside its own bundle only, and serves what they hold', async () => {
    // Prepare: what the function serves is what the files hold, not something it built.
    const beside = (name: string) => join(dirname(bundleOf(folder, 'api-docs')), name);
    // Act
    const written = ['openapi.json', 'docs.html'].filter((name) => existsSync(beside(name)));
    const elsewhere = ['openapi.json', 'docs.html'].filter((name) => existsSync(join(dirname(bundleOf(folder, 'meta')), name)));
    // Assess
    expect(written).toEqual(['openapi.json', 'docs.html']);
    expect(elsewhere).toEqual([]);
    expect(readFileSync(beside('openapi.json'), 'utf8')).toBe(JSON.stringify(buildOpenApiDocument(routeCatalogue, apiDocs)));
  });

  it('carries neither the route catalogue, the words nor the document builder', async () => {
    // Act
    const { metafile } = await build({
      ...esbuildOptions(resolve(root, prebuiltApiDocs.entry), join(folder, 'probe', 'index.mjs'), undefined, root),
      metafile: true,
      write: false,
      logLevel: 'silent',
    });
    const carried = Object.entries(Object.values(metafile.outputs).find((output) => output.entryPoint)!.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path);
    // Assess
    const builders = ['functions/http/api-docs-document.ts', 'shared/routes.ts', 'shared/api-docs.ts', 'shared/http/openapi.ts', 'shared/http/docs-page.ts'];
    expect(carried.filter((path) => builders.includes(path))).toEqual([]);
    expect(carried).toContain(prebuiltApiDocs.entry);
    // A build that writes nothing writes no files either.
    expect(existsSync(join(folder, 'probe'))).toBe(false);
  });
});
