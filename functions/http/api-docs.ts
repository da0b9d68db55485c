import { apiDocs } from '../../shared/api-docs';
import { renderDocsPage } from '../../shared/http/docs-page';
import { httpFunction } from '../../shared/http/function';
import { buildOpenApiDocument } from '../../shared/http/openapi';
import { apiDocsRoutes } from '../../shared/meta/routes';
import { routeCatalogue } from '../../shared/routes';

/**
 * `/openapi.json` and `/docs`. A function of their own: they carry every feature's schemas and words,
 * which the function monitors poll (`/health`, in meta.ts) has no use for. Built on the first request
 * and kept: the document only changes with a deploy.
 */
let openApiJson: string | undefined;
let docsHtml: string | undefined;
const openApi = () => (openApiJson ??= JSON.stringify(buildOpenApiDocument(routeCatalogue, apiDocs)));

export const handler = httpFunction(apiDocsRoutes, {
  async getOpenApi() {
    return openApi();
  },
  async getDocs() {
    docsHtml ??= renderDocsPage(JSON.parse(openApi()));
    return docsHtml;
  },
});
