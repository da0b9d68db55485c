import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { LAMBDA_PLATFORM, esbuildOptions, nativeBundlingOf, nativeModules } from '../../../infra/bundling';
import { lambdaFunctions } from '../../../infra/functions';
import { halvesJpeg } from '../../support/photos';

const root = resolve(import.meta.dirname, '../../..');

/** package-lock.json's entries, by path (`node_modules/<name>`). */
const locked = (): Record<string, { version: string; os?: string[]; cpu?: string[]; libc?: string[] }> =>
  JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages;

describe('the native modules a function is deployed with', () => {
  it('has CDK install sharp for photo-processing, for Linux on arm64 with glibc', () => {
    // Act
    const bundling = nativeBundlingOf('photo-processing');

    // Assess
    expect(bundling).toEqual({
      nodeModules: ['sharp'],
      environment: { npm_config_os: 'linux', npm_config_cpu: 'arm64', npm_config_libc: 'glibc' },
    });
  });

  it('gives sharp to no other function', () => {
    // Prepare
    const names = lambdaFunctions().map((fn) => fn.name);

    // Act
    const withNativeModules = names.filter((name) => nativeBundlingOf(name) !== undefined);

    // Assess
    expect(withNativeModules).toEqual(['photo-processing']);
    expect(Object.keys(nativeModules)).toEqual(['photo-processing']);
  });

  it('finds in package-lock.json the linux-arm64 packages of sharp that npm ci installs for Lambda', () => {
    // Prepare
    const packages = locked();
    const sharp = packages['node_modules/sharp']!;

    // Act
    const binary = packages['node_modules/@img/sharp-linux-arm64'];
    const libvips = packages['node_modules/@img/sharp-libvips-linux-arm64'];

    // Assess: the platform npm is told matches what the lock says those packages are for.
    expect(binary).toMatchObject({ version: sharp.version, os: [LAMBDA_PLATFORM.npm_config_os], cpu: [LAMBDA_PLATFORM.npm_config_cpu] });
    expect(binary!.libc).toEqual([LAMBDA_PLATFORM.npm_config_libc]);
    expect(libvips).toMatchObject({ os: ['linux'], cpu: ['arm64'], libc: ['glibc'] });
  });
});

/**
 * What `processImage` of the bundle at `bundle` makes of `jpeg`, run in a worker thread as the local
 * runtime runs bundles (infra/local/function-worker.mjs): plain Node, no test transform between.
 */
function processInWorker(bundle: string, jpeg: Buffer): Promise<{ width: number; height: number }> {
  const code = `
    import { parentPort, workerData } from 'node:worker_threads';
    const { processImage } = await import(workerData.bundle);
    const { width, height } = await processImage(Buffer.from(workerData.jpeg));
    parentPort.postMessage({ width, height });`;
  const worker = new Worker(code, { eval: true, workerData: { bundle: pathToFileURL(bundle).href, jpeg } });
  return new Promise((resolve, reject) => {
    worker.once('message', (processed) => void worker.terminate().then(() => resolve(processed)));
    worker.once('error', reject);
  });
}

describe('a local bundle of the photo processing', () => {
  it('leaves sharp out, and loads this machine’s sharp from the repository though written elsewhere', async () => {
    // Prepare: built with the house settings the local runtime's bundles use, into a temporary folder.
    const folder = mkdtempSync(join(tmpdir(), 'native-bundle-'));
    const outfile = join(folder, 'index.mjs');
    try {
      const { metafile, outputFiles } = await build({
        ...esbuildOptions(join(root, 'shared/photos/images.ts'), outfile, undefined, root),
        metafile: true,
        write: false,
        logLevel: 'silent',
      });
      for (const file of outputFiles) writeFileSync(file.path, file.contents);
      const code = outputFiles.find((file) => file.path === outfile)!.text;

      // Act
      const processed = await processInWorker(outfile, await halvesJpeg({ width: 64, height: 32 }));

      // Assess
      expect(Object.keys(metafile.inputs).filter((path) => path.includes('node_modules/sharp'))).toEqual([]);
      expect(code).toContain(`${pathToFileURL(join(root, 'node_modules/sharp')).href}/`);
      expect(processed).toMatchObject({ width: 64, height: 32 });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
