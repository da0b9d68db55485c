import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * vitest's global set-up. With `LOCAL_FUNCTIONS=bundles` (`npm run test:bundles`), it bundles every
 * function once for the whole run, with the settings CDK deploys with, and hands the folder to every
 * runtime the tests start (`LOCAL_BUNDLES_DIR`, which test processes and the `npm start` processes
 * they spawn inherit). Otherwise it does nothing: functions run in process.
 */
export default async function setup(): Promise<(() => void) | undefined> {
  if (process.env.LOCAL_FUNCTIONS !== 'bundles' || process.env.LOCAL_BUNDLES_DIR) return undefined;
  // Loaded only now: a run in process needs none of it.
  const [{ buildBundles }, { lambdaFunctions }] = await Promise.all([import('../../infra/local/bundles'), import('../../infra/functions')]);
  const folder = mkdtempSync(join(tmpdir(), 'grid-bundles-'));
  const started = Date.now();
  await buildBundles(resolve(import.meta.dirname, '../..'), folder, lambdaFunctions());
  console.log(`[bundles] ${lambdaFunctions().length} functions bundled in ${Date.now() - started} ms into ${folder}`);
  process.env.LOCAL_BUNDLES_DIR = folder;
  return () => rmSync(folder, { recursive: true, force: true });
}
