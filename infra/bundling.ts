import type { BuildOptions } from 'esbuild';

/**
 * How every function is bundled, declared once: the CDK house function and the cold-start
 * benchmark both build from this, so the benchmark measures what is deployed.
 */
export const houseBundling = {
  format: 'esm',
  // Dependencies still written as CommonJS call `require`, which an ES module does not have.
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  // Stack traces only need file and line; leaving the sources out keeps the bundle small.
  sourcesContent: false,
  // The runtime's SDK changes under us between deployments; ours is the version we tested.
  bundleAwsSDK: true,
} as const;

/** The same settings as esbuild options, for builds outside CDK (the benchmark). */
export function esbuildOptions(entry: string, outfile: string, target = 'node20'): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target,
    format: houseBundling.format,
    banner: { js: houseBundling.banner },
    mainFields: [...houseBundling.mainFields],
    minify: houseBundling.minify,
    sourcemap: houseBundling.sourceMap,
    sourcesContent: houseBundling.sourcesContent,
    logLevel: 'warning',
  };
}
