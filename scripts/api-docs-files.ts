/**
 * Writes what the `api-docs` function serves into a folder, beside its bundle:
 * `tsx scripts/api-docs-files.ts <folder>`. CDK runs it after bundling the function (an
 * `afterBundling` command hook, infra/bundling.ts), and the builds outside CDK (the local runtime's
 * bundles, the benchmark) call {@link writeApiDocsFiles} from their esbuild plugin, so every bundle
 * of the function has the same files beside it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { apiDocsFiles } from '../functions/http/api-docs-document';

/** Writes `openapi.json` and `docs.html` into `folder`; answers the paths written. */
export function writeApiDocsFiles(folder: string): string[] {
  mkdirSync(folder, { recursive: true });
  return Object.entries(apiDocsFiles()).map(([name, text]) => {
    const path = join(folder, name);
    writeFileSync(path, text);
    return path;
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const folder = process.argv[2];
  if (!folder) {
    console.error('usage: tsx scripts/api-docs-files.ts <folder>');
    process.exit(2);
  }
  writeApiDocsFiles(folder);
}
