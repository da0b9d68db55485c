import { join, resolve } from 'node:path';
import { esbuildOptions } from '../bundling';
import type { LambdaFunction } from '../functions';

/** Where a function's bundle is in a folder `buildBundles` wrote: `<name>/index.mjs`, as CDK names it. */
export const bundleOf = (folder: string, functionName: string): string => join(folder, functionName, 'index.mjs');

/**
 * Bundles every function into `folder` with the house settings CDK deploys with (infra/bundling.ts):
 * one esbuild run for them all, each entry its own self-contained bundle, as each CDK asset is.
 * esbuild is loaded only here, so the in-process runtime never loads it.
 */
export async function buildBundles(root: string, folder: string, functions: readonly Pick<LambdaFunction, 'name' | 'entry'>[]): Promise<void> {
  const { build } = await import('esbuild');
  // The house settings (aliases resolve from `root`, as CDK runs esbuild there), for many entries at once.
  const { entryPoints: _entry, outfile: _outfile, ...house } = esbuildOptions('', '', undefined, root);
  await build({
    ...house,
    entryPoints: functions.map((fn) => ({ in: resolve(root, fn.entry), out: `${fn.name}/index` })),
    outdir: folder,
    outExtension: { '.js': '.mjs' },
  });
}
