import { apiDocs } from '../../shared/api-docs';
import { renderDocsPage } from '../../shared/http/docs-page';
import { buildOpenApiDocument } from '../../shared/http/openapi';
import { routeCatalogue } from '../../shared/routes';

/**
 * What the `api-docs` function serves, by the name of the file it is written to beside the
 * function's bundle: the OpenAPI document (compact: it is served, not read) and the reference page
 * rendered from it. Built from every route and every feature's words, which is why no bundle
 * carries this module: `scripts/api-docs-files.ts` runs it when the function is bundled, and the
 * handler imports it only when it runs in process, where there is no bundle (api-docs.ts).
 */
export function apiDocsFiles(): { 'openapi.json': string; 'docs.html': string } {
  const openApiJson = JSON.stringify(buildOpenApiDocument(routeCatalogue, apiDocs));
  return { 'openapi.json': openApiJson, 'docs.html': renderDocsPage(JSON.parse(openApiJson)) };
}
