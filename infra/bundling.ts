import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BuildOptions, Plugin } from 'esbuild';
import type { Charset, ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * The Lambda runtime every function is deployed on (infra/house-function.ts). esbuild targets its
 * Node (`node24`), as CDK does, and the cold-start bench runs the bundles on that major version
 * (bench/lambda-node.ts).
 */
export const LAMBDA_RUNTIME = 'nodejs24.x';

/** The esbuild target of {@link LAMBDA_RUNTIME}, as CDK derives it: `nodejs24.x` → `node24`. */
export const LAMBDA_TARGET = LAMBDA_RUNTIME.replace(/^nodejs(\d+)\.x$/, 'node$1');

/**
 * Node's built-in modules the bundles use, each taken through a CommonJS shim of one line
 * (`infra/builtins/<name>.cjs`: `process.getBuiltinModule`) instead of an ES module import. Importing
 * a built-in from an ES module builds its facade, which reads every export once, lazy ones included:
 * on Node 24 that loads undici for `node:http` (its fetch classes), WebCrypto for `node:crypto`,
 * `fs.promises` for `node:fs`. Measured on Node 24 (2026-12-02, bench/COLD-START.md): the cold-start
 * floor loads in 91 ms instead of 116, a function like users in 122 instead of 146. A `require`
 * reads only what the code uses. test/unit/bundling.test.ts fails on a bundle that imports a
 * built-in not listed here.
 */
export const requiredBuiltins = [
  'async_hooks',
  'child_process',
  'crypto',
  'diagnostics_channel',
  'fs',
  'fs/promises',
  'http',
  'https',
  'os',
  'path',
  'process',
  'stream',
  'stream/promises',
  'stream/web',
  'timers',
  'url',
  'util',
  'zlib',
] as const;

/** Each of {@link requiredBuiltins}, with and without its `node:` prefix, aliased to its shim. */
function builtinAliases(): Record<string, string> {
  return Object.fromEntries(
    requiredBuiltins.flatMap((name) => {
      const shim = `./infra/builtins/${name.replace('/', '-')}.cjs`;
      return [
        [name, shim],
        [`node:${name}`, shim],
      ];
    }),
  );
}

/**
 * What the bundles take from elsewhere than its name says, resolved from the repository root:
 * packages they get a smaller stand-in for (each does all the house asks of the package and throws
 * on anything else; a test holds it to the real one), and Node's built-in modules.
 * - `@aws-lambda-powertools/metrics`: shared/observability/metrics.ts prints its EMF documents
 *   through Powertools Metrics, and uses six of its methods; the stand-in writes the same documents
 *   and lines (12 KiB of Powertools in every bundle, under 2 of ours). See
 *   shared/aws/powertools-metrics/index.ts and test/unit/bundling.test.ts.
 * - `@aws-lambda-powertools/logger` (and `/middleware`, which esbuild maps with the package to
 *   `./shared/aws/powertools-logger/middleware`): shared/logger.ts's logger and the middy middleware
 *   write the same JSON lines, but to the descriptors rather than through a `Console` over
 *   `process.stdout`, whose streams Node builds when the logger is made (about 5 ms of every cold
 *   start), and read the date in `TZ` from `Date` rather than an Intl formatter (ICU's set-up, over
 *   20 ms on a function's first line). 18 KiB of Powertools in every bundle, and 2 to 3.5 of its
 *   commons, for under 7 of ours. Sampling, buffering, persistent keys, child loggers and
 *   custom formatters are left out. See shared/aws/powertools-logger/index.ts and
 *   test/unit/bundling.test.ts.
 * - `@aws-lambda-powertools/idempotency` (and `/dynamodb`, which esbuild maps with the package to
 *   `./shared/aws/powertools-idempotency/dynamodb`): shared/idempotency.ts's `makeIdempotent` over
 *   the DynamoDB layer, the consumers' and the Idempotency-Key guard's configurations and errors
 *   write the same items with the same conditional put and answer a repeat the same way. 15 KiB of
 *   Powertools and 4 of its commons in every consumer's bundle and every HTTP function's with an
 *   Idempotency-Key route, for under 8 of ours: 11 KiB less of each (request-rollups, stations).
 *   The local cache, the decorator, the middy middleware, the other persistence layers and a client
 *   of the layer's own are left out. See shared/aws/powertools-idempotency/index.ts and
 *   test/integration/idempotency-stand-in.test.ts.
 * - Node's built-in modules ({@link requiredBuiltins}): a CommonJS shim each, so that no ES module
 *   facade is built for them.
 */
export const bundleAliases: Readonly<Record<string, string>> = {
  '@aws-lambda-powertools/idempotency': './shared/aws/powertools-idempotency',
  '@aws-lambda-powertools/logger': './shared/aws/powertools-logger',
  '@aws-lambda-powertools/metrics': './shared/aws/powertools-metrics',
  ...builtinAliases(),
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
 * The `api-docs` function serves a document generated when it is bundled, not built on its first
 * call: the OpenAPI document and the reference page are written beside its bundle (`openapi.json`,
 * `docs.html`, by scripts/api-docs-files.ts), so its bundle carries neither the route catalogue nor
 * every feature's words (367 KiB and 2.9× the floor's cold start before; bench/COLD-START.md,
 * issues 14 and 15). Its bundle alone is built with `process.env.API_DOCS_PREBUILT` defined as
 * `"true"`, which is what makes the handler read the files and leaves the code that builds them out
 * (functions/http/api-docs.ts says how); nothing ever sets the variable, so in process (`npm start`,
 * the tests) the handler builds them itself.
 */
export const prebuiltApiDocs = {
  /** The function's entry, from the repository root. */
  entry: 'functions/http/api-docs.ts',
  define: { 'process.env.API_DOCS_PREBUILT': '"true"' } as Readonly<Record<string, string>>,
  /** Writes the files into the folder it is given: `tsx scripts/api-docs-files.ts <folder>`. */
  script: 'scripts/api-docs-files.ts',
} as const;

/** What a function's NodejsFunction adds to the house's `bundling` props to be built with its files beside it. */
export interface PrebuiltBundling {
  /** Merged into `bundling.define`. */
  define: Record<string, string>;
  /** `bundling.commandHooks`: writes the files into the asset once esbuild has written the bundle. */
  commandHooks: ICommandHooks;
}

/**
 * The extra bundling props of the function whose entry is `entry` (from `root`, the repository
 * root), or undefined for every function but `api-docs`, whose props stay the house's exactly. CDK
 * runs the hook's command where it runs esbuild: on this machine (esbuild is installed, so no
 * Docker), from the project root, which is `inputDir` there; it needs no network, so synth stays
 * offline. The asset's hash is of its output, files included, so a change to the words is a change
 * to the asset.
 */
export function prebuiltBundlingOf(entry: string, root: string): PrebuiltBundling | undefined {
  if (resolve(root, entry) !== resolve(root, prebuiltApiDocs.entry)) return undefined;
  return {
    define: { ...prebuiltApiDocs.define },
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (inputDir, outputDir) => [`cd "${inputDir}" && node_modules/.bin/tsx ${prebuiltApiDocs.script} "${outputDir}"`],
    },
  };
}

/**
 * {@link prebuiltBundlingOf} for builds outside CDK (the local runtime's bundles, the benchmark):
 * when a build has the `api-docs` entry among its entries, it defines the variable and, once the
 * bundles are written, writes the files into the folder of that entry's bundle, whatever the
 * bundle's name (`<folder>/api-docs/index.mjs` as CDK names it, `.bench/bundles/api-docs.mjs`);
 * the function reads them from its own folder. A define holds for the whole build, but only the
 * api-docs function reads this variable, so the other entries of a build of many come out the same.
 * Nothing is written for a build that writes nothing (`write: false`) or failed.
 */
function apiDocsBesideBundle(root: string): Plugin {
  const entry = resolve(root, prebuiltApiDocs.entry);
  return {
    name: 'api-docs-beside-bundle',
    setup(build) {
      const options = build.initialOptions;
      const entries = Array.isArray(options.entryPoints)
        ? options.entryPoints.map((point) => (typeof point === 'string' ? point : point.in))
        : Object.values(options.entryPoints ?? {});
      if (!entries.some((point) => resolve(root, point) === entry)) return;
      options.define = { ...options.define, ...prebuiltApiDocs.define };
      // The metafile says where each entry's bundle went.
      options.metafile = true;
      build.onEnd(async (result) => {
        if (result.errors.length > 0 || options.write === false || !result.metafile) return;
        const workingDir = options.absWorkingDir ?? root;
        const folders = Object.entries(result.metafile.outputs)
          .filter(([, output]) => output.entryPoint !== undefined && resolve(workingDir, output.entryPoint) === entry)
          .map(([path]) => dirname(resolve(workingDir, path)));
        if (folders.length === 0) return;
        // Loaded only here: it imports every route and every feature's words.
        const { writeApiDocsFiles } = await import('../scripts/api-docs-files');
        for (const folder of new Set(folders)) writeApiDocsFiles(folder);
      });
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
  target: string = LAMBDA_TARGET,
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
    plugins: [nativeModulesFrom(root), apiDocsBesideBundle(root)],
    absWorkingDir: root,
    logLevel: 'warning',
  };
}
