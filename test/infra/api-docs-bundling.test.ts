import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prebuiltApiDocs, prebuiltBundlingOf } from '../../infra/bundling';
import { lambdaFunctions } from '../../infra/functions';
import { HouseFunction, repoRoot } from '../../infra/house-function';
import { apiDocs } from '../../shared/api-docs';
import { renderDocsPage } from '../../shared/http/docs-page';
import { buildOpenApiDocument } from '../../shared/http/openapi';
import { routeCatalogue } from '../../shared/routes';

/**
 * The api-docs function as CDK bundles it (locally, as `npm run synth` does: esbuild is installed,
 * so no Docker): its asset holds the document and the page beside the bundle. The other infra tests
 * skip bundling; this one bundles two functions for real.
 */
const outdir = mkdtempSync(join(tmpdir(), 'grid-api-docs-asset-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** The files of each function's asset, by function name. */
let assets: Map<string, string>;

beforeAll(() => {
  const app = new App({ outdir });
  const stack = new Stack(app, 'Scratch');
  const functions = ['api-docs', 'meta'].map((name) => {
    const { entry } = lambdaFunctions().find((fn) => fn.name === name)!;
    return [name, new HouseFunction(stack, `${name}Fn`, { entry, description: name })] as const;
  });
  const assembly = app.synth();
  const resources = Template.fromStack(stack).toJSON().Resources as Record<string, { Properties: { Code?: { S3Key?: string } } }>;
  assets = new Map(
    functions.map(([name, fn]) => {
      const key = resources[stack.resolve((fn.node.defaultChild as CfnResource).logicalId) as string]!.Properties.Code!.S3Key!;
      return [name, join(assembly.directory, `asset.${key.replace(/\.zip$/, '')}`)];
    }),
  );
}, 120_000);

describe('bundling the api-docs function with CDK', () => {
  it('writes the OpenAPI document and the page beside its bundle, as the route catalogue and the words build them', () => {
    // Prepare
    const document = buildOpenApiDocument(routeCatalogue, apiDocs);
    const asset = assets.get('api-docs')!;
    // Act
    const files = readdirSync(asset).sort();
    // Assess
    expect(files).toEqual(['docs.html', 'index.mjs', 'index.mjs.map', 'openapi.json']);
    expect(readFileSync(join(asset, 'openapi.json'), 'utf8')).toBe(JSON.stringify(document));
    expect(readFileSync(join(asset, 'docs.html'), 'utf8')).toBe(renderDocsPage(JSON.parse(JSON.stringify(document))));
    expect(readFileSync(join(asset, 'index.mjs'), 'utf8')).not.toContain('api-docs-document');
  });

  it('bundles every other function as before: no hook, no define, nothing beside the bundle', () => {
    // Act
    const withExtras = lambdaFunctions().filter(({ entry }) => prebuiltBundlingOf(entry, repoRoot) !== undefined);
    // Assess
    expect(withExtras.map(({ entry }) => entry)).toEqual([prebuiltApiDocs.entry]);
    expect(readdirSync(assets.get('meta')!).sort()).toEqual(['index.mjs', 'index.mjs.map']);
  });
});
