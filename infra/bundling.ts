import type { BuildOptions } from 'esbuild';
import type { Charset } from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * Packages the bundles get a smaller stand-in for, resolved from the repository root. Each stand-in
 * does all the house asks of the package and throws on anything else; a test holds it to the real one.
 * - `@aws-lambda-powertools/jmespath`: Powertools idempotency reads the record key and the payload
 *   fingerprint with JMESPath; ours are plain field paths (`detail.meta.id`), so the bundles carry a
 *   field lookup instead of the whole interpreter (23 KiB, about 5 % of each bundle with idempotency).
 *   See shared/aws/jmespath/index.ts and test/unit/bundling.test.ts.
 * - `@aws-lambda-powertools/metrics`: shared/observability/metrics.ts prints its EMF documents
 *   through Powertools Metrics, and uses six of its methods; the stand-in writes the same documents
 *   and lines (12 KiB of Powertools in every bundle, under 2 of ours). See
 *   shared/aws/powertools-metrics/index.ts and test/unit/bundling.test.ts.
 */
export const bundleAliases: Readonly<Record<string, string>> = {
  '@aws-lambda-powertools/jmespath': './shared/aws/jmespath',
  '@aws-lambda-powertools/metrics': './shared/aws/powertools-metrics',
};

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
  // Chinese titles and templates as UTF-8 (3 bytes a character) rather than \uXXXX escapes (6).
  charset: 'utf8' as Charset,
  esbuildArgs: { '--alias': Object.entries(bundleAliases).map(([name, path]) => `${name}=${path}`) },
  // The runtime's SDK changes under us between deployments; ours is the version we tested.
  bundleAwsSDK: true,
} as const;

/**
 * What esbuild replaces at build time, by whether the bundle traces SDK calls (the
 * `-c traceSdkCalls=true` deployment option, shared/observability/tracing.ts). Without it,
 * `process.env.TRACE_SDK_CALLS` is the empty string in the code, so the branch that loads Powertools
 * Tracer is dead and esbuild leaves it, and aws-xray-sdk-core with it, out of the bundle. With it,
 * the variable is read when the function starts, from the environment CDK gives it.
 */
export function houseDefine(traceSdkCalls: boolean): Record<string, string> {
  return traceSdkCalls ? {} : { 'process.env.TRACE_SDK_CALLS': '""' };
}

/**
 * The same settings as esbuild options, for builds outside CDK (the benchmark, the local runtime's
 * bundles). `root` is the repository root, where CDK runs esbuild too: the aliases resolve from it.
 * `traceSdkCalls` builds what `-c traceSdkCalls=true` deploys.
 */
export function esbuildOptions(
  entry: string,
  outfile: string,
  target = 'node20',
  root = process.cwd(),
  { traceSdkCalls = false }: { traceSdkCalls?: boolean } = {},
): BuildOptions {
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
    charset: houseBundling.charset,
    alias: { ...bundleAliases },
    define: houseDefine(traceSdkCalls),
    absWorkingDir: root,
    logLevel: 'warning',
  };
}
