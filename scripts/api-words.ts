import { apiDocs } from '../shared/api-docs';
import { buildOpenApiDocument } from '../shared/http/openapi';
import { routeCatalogue } from '../shared/routes';
import { missingWords } from '../test/support/api-words';

/**
 * Lists what the API's words leave out (`npm run api-words [filter]`), e.g. `npm run api-words Station`:
 * the same findings the OpenAPI unit test fails on, all of them, one per line.
 */
const filter = process.argv[2] ?? '';
const missing = missingWords(buildOpenApiDocument(routeCatalogue, apiDocs) as never).filter((line) => line.includes(filter));
console.log(missing.join('\n'));
console.log(`${missing.length} missing`);
