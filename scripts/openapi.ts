/** Writes the OpenAPI document generated from the route catalogue: `npm run openapi [file]`. */
import { writeFileSync } from 'node:fs';
import { apiDocs } from '../shared/api-docs';
import { buildOpenApiDocument } from '../shared/http/openapi';
import { routeCatalogue } from '../shared/routes';

const file = process.argv[2] ?? 'openapi.json';
writeFileSync(file, `${JSON.stringify(buildOpenApiDocument(routeCatalogue, apiDocs), null, 2)}\n`);
console.log(`wrote ${file}`);
