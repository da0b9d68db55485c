import { apiDocsOf } from '../http/api-docs';
import { apiDocsRoutes, metaRoutes } from './routes';

/**
 * The words of the service’s own routes. `getOpenApi` and `getDocs` answer without a schema (the
 * document and the page describe themselves), so only the health check has fields to describe.
 */
export const metaDocs = apiDocsOf(metaRoutes, {
  operations: {
    getHealth: {
      response: {
        description: 'The service answers: it is up. Nothing else is checked (no database read), so it is cheap to poll.',
        fields: { status: 'Always `ok`; any other answer, or none, means the service is down.' },
        example: { status: 'ok' },
      },
    },
  },
});

/** The words of the documentation's own routes: the document's example is its first lines. */
export const apiDocsDocs = apiDocsOf(apiDocsRoutes, {
  operations: {
    getOpenApi: {
      response: {
        example: { openapi: '3.1.0', info: { title: 'Grid service API (南京网格化社会治理)', version: '0.1.0' }, servers: [{ url: '/' }], paths: {} },
      },
    },
  },
});
