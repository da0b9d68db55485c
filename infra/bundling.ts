import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BuildOptions, Plugin } from 'esbuild';
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
 * The packages each function loads that hold a native binary (a `.node` file and the shared
 * libraries it links), by function name. esbuild cannot bundle those: CDK leaves them out of the
 * bundle and installs them into the asset's `node_modules`, next to `index.mjs`, at the version
 * package-lock.json holds (see {@link nativeBundlingOf}). Functions not named here carry none.
 * - `photo-processing`: sharp (libvips), for shared/photos/images.ts.
 */
export const nativeModules: Readonly<Record<string, readonly string[]>> = {
  'photo-processing': ['sharp'],
};

/**
 * The platform Lambda runs the functions on, as npm names it: Linux, arm64 (the house's
 * architecture, infra/house-function.ts) and glibc (Amazon Linux 2023, the nodejs24.x runtime).
 * npm installs the optional package of each native module that matches the platform it is told
 * (sharp's `@img/sharp-linux-arm64` and `@img/sharp-libvips-linux-arm64`), rather than the one of the
 * machine running it, which would be x64 here and in CI; npm reads `--os`, `--cpu` and `--libc`
 * from these variables.
 */
export const LAMBDA_PLATFORM: Readonly<Record<string, string>> = {
  npm_config_os: 'linux',
  npm_config_cpu: 'arm64',
  npm_config_libc: 'glibc',
};

/** How a function with native modules is bundled by CDK: NodejsFunction's `bundling` props. */
export interface NativeBundling {
  /** `bundling.nodeModules`: left out of the bundle (external) and installed next to it by `npm ci`. */
  nodeModules: string[];
  /**
   * `bundling.environment`: the environment CDK runs esbuild and that `npm ci` in, locally or in
   * its Docker image alike; it tells npm the Lambda platform ({@link LAMBDA_PLATFORM}).
   */
  environment: Record<string, string>;
}

/**
 * The `nodeModules` and `environment` a function's NodejsFunction needs for its native modules, or
 * undefined when it has none ({@link nativeModules}). Proven by `npx tsx scripts/check-arm64-sharp.ts`,
 * which builds such a function as CDK does and finds the arm64 binaries in its asset.
 */
export function nativeBundlingOf(functionName: string): NativeBundling | undefined {
  const modules = nativeModules[functionName];
  return modules ? { nodeModules: [...modules], environment: { ...LAMBDA_PLATFORM } } : undefined;
}

/**
 * For builds outside CDK, which run on this machine (the local runtime's bundles, the benchmark):
 * each native module stays out of the bundle, as CDK leaves it, and is imported from the
 * repository's own `node_modules` by its absolute location, since the bundles are written outside
 * the repository (a temporary folder) where a bare `sharp` would resolve to nothing. The binary
 * loaded is then this machine's, as it must be.
 */
function nativeModulesFrom(root: string): Plugin {
  const modules = [...new Set(Object.values(nativeModules).flat())];
  const escaped = modules.map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  const resolveFromRoot = createRequire(join(root, 'package.json'));
  return {
    name: 'native-modules-from-repository',
    setup(build) {
      build.onResolve({ filter: new RegExp(`^(${escaped.join('|')})$`) }, ({ path }) => ({
        path: pathToFileURL(resolveFromRoot.resolve(path)).href,
        external: true,
      }));
    },
  };
}

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
    plugins: [nativeModulesFrom(root)],
    absWorkingDir: root,
    logLevel: 'warning',
  };
}
