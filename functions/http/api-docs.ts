import { readFile } from 'node:fs/promises';
import { httpFunction } from '../../shared/http/function';
import { apiDocsRoutes } from '../../shared/meta/routes';

/**
 * `/openapi.json` and `/docs`. A function of their own: the document describes every feature's
 * schemas in their words, which the function monitors poll (`/health`, in meta.ts) has no use for.
 *
 * Both are generated when the function is bundled and written beside its bundle (`openapi.json`,
 * `docs.html`: infra/bundling.ts, scripts/api-docs-files.ts): the document only changes with a
 * deploy, so the function reads the file a request asks for on its first call and keeps it, and
 * carries neither the route catalogue nor the words (bench/COLD-START.md, issues 14 and 15).
 *
 * Where it runs in process (`npm start`, `npm test`), there is no bundle and nothing beside it: it
 * builds them instead, from a module it imports only then. A dynamic `import()` alone would not keep
 * that module out of the bundle (esbuild inlines it into a single-file bundle), so the choice is made
 * at build time: the bundling defines `process.env.API_DOCS_PREBUILT` as `"true"` for this function
 * (and never sets it as a variable), the condition below is then constant, and esbuild drops the
 * other branch with its import, as it drops the tracer (shared/observability/tracing.ts).
 */
type FileName = 'openapi.json' | 'docs.html';

/** In process: both files, built once (the page is rendered from the document). */
let built: Promise<Record<FileName, string>> | undefined;

const read: (name: FileName) => Promise<string> =
  process.env.API_DOCS_PREBUILT === 'true'
    ? (name) => readFile(new URL(`./${name}`, import.meta.url), 'utf8')
    : async (name) => (await (built ??= import('./api-docs-document').then((module) => module.apiDocsFiles())))[name];

const kept = new Map<FileName, Promise<string>>();

/** The file, read (or built) on the first request for it; a failed read is not kept, so the next request tries again. */
function file(name: FileName): Promise<string> {
  let text = kept.get(name);
  if (!text) {
    text = read(name);
    kept.set(name, text);
    text.catch(() => kept.delete(name));
  }
  return text;
}

export const handler = httpFunction(apiDocsRoutes, {
  async getOpenApi() {
    return file('openapi.json');
  },
  async getDocs() {
    return file('docs.html');
  },
});
