/**
 * Regenerates the typed client's generated files (client/schema.ts, client/operations.ts) from the
 * route catalogue's OpenAPI document: `npm run client`. test/unit/client/generated.test.ts fails when
 * the committed files differ from what this would write.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GENERATED_FILES, generateClientFiles } from '../client/generate';
import { apiDocs } from '../shared/api-docs';
import { buildOpenApiDocument } from '../shared/http/openapi';
import { routeCatalogue } from '../shared/routes';

const clientFolder = resolve(import.meta.dirname, '../client');
const files = await generateClientFiles(buildOpenApiDocument(routeCatalogue, apiDocs));
for (const name of GENERATED_FILES) {
  writeFileSync(join(clientFolder, name), files[name]);
  console.log(`wrote client/${name}`);
}
