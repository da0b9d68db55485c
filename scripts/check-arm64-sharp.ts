/**
 * `npx tsx scripts/check-arm64-sharp.ts [--entry PATH] [--keep]`: proves that the `photo-processing`
 * function's CDK asset carries sharp's Linux arm64 binaries, though it is built on an x64 machine.
 *
 * It builds the function exactly as the stack does: a HouseFunction (infra/house-function.ts: the
 * house bundling, arm64, nodejs24.x) with the function's `nativeBundlingOf(…)` props, in a CDK app
 * of its own, synthesised into a temporary folder. CDK bundles with esbuild, then writes a
 * package.json naming sharp and the repository's package-lock.json next to the bundle and runs
 * `npm ci` there, in the environment the props give. The script then reads the asset: the bundle
 * imports `sharp` by name, `node_modules` holds sharp at the locked version with its linux-arm64
 * binary and libvips, both ELF files for AArch64, and no binary for any other platform.
 *
 * Needs the npm registry (npm ci downloads about 10 MB); not part of `npm test`. Exit code 0 when
 * every check holds, 1 otherwise. `--keep` leaves the synthesised folder for a look.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { App, Stack } from 'aws-cdk-lib';
import { nativeBundlingOf } from '../infra/bundling';
import { HouseFunction } from '../infra/house-function';

const FUNCTION_NAME = 'photo-processing';
const root = resolve(import.meta.dirname, '..');

/** ELF `e_machine` values: what CPU a binary is for. */
const MACHINES: Record<number, string> = { 0x3e: 'x86-64', 0xb7: 'AArch64', 0x28: 'ARM', 0x03: 'x86' };

/** The CPU an ELF file is built for, or undefined when it is no ELF file. */
function elfMachine(path: string): string | undefined {
  const header = readFileSync(path).subarray(0, 20);
  if (header.length < 20 || header.toString('latin1', 0, 4) !== '\x7fELF') return undefined;
  // e_machine: 2 bytes at offset 18, in the byte order EI_DATA (offset 5) says; 1 is little-endian.
  const machine = header[5] === 1 ? header.readUInt16LE(18) : header.readUInt16BE(18);
  return MACHINES[machine] ?? `machine 0x${machine.toString(16)}`;
}

/** Every file under `folder`, as paths from it. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)));
}

/** The version package-lock.json holds for a package installed at the top of node_modules. */
const lockedVersion = (name: string): string =>
  (JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> }).packages[
    `node_modules/${name}`
  ]!.version;

function main(): number {
  const { values } = parseArgs({ options: { entry: { type: 'string' }, keep: { type: 'boolean', default: false } } });
  const entry =
    values.entry ?? [`functions/consumers/${FUNCTION_NAME}.ts`, 'shared/photos/images.ts'].find((candidate) => existsSync(join(root, candidate)))!;
  const native = nativeBundlingOf(FUNCTION_NAME);
  if (!native) throw new Error(`${FUNCTION_NAME} declares no native modules in infra/bundling.ts`);

  const outdir = mkdtempSync(join(tmpdir(), 'check-arm64-sharp-'));
  const started = Date.now();
  try {
    // The function as the stack builds it (infra/grid-stack.ts): a HouseFunction with its native props.
    const stack = new Stack(new App({ outdir }), 'CheckArm64Sharp');
    new HouseFunction(stack, 'PhotoProcessing', { entry, description: FUNCTION_NAME, native });
    const asset = readdirSync(outdir)
      .map((name) => join(outdir, name))
      .find((path) => statSync(path).isDirectory() && existsSync(join(path, 'index.mjs')));
    if (!asset) throw new Error(`no bundled asset in ${outdir}`);

    const files = filesUnder(asset);
    const binaries = files
      .filter((path) => /\.node$|\.so(\.\d+)*$/.test(path))
      .map((path) => ({ path, machine: elfMachine(join(asset, path)) }));
    const version = lockedVersion('sharp');
    const libvipsVersion = lockedVersion('@img/sharp-libvips-linux-arm64');
    const sharpBinary = `node_modules/@img/sharp-linux-arm64/lib/sharp-linux-arm64-${version}.node`;
    const installedImg = readdirSync(join(asset, 'node_modules/@img')).sort();
    const glibc = (JSON.parse(readFileSync(join(asset, 'node_modules/@img/sharp-linux-arm64/package.json'), 'utf8')) as { config?: { glibc?: string } }).config?.glibc;
    const bundle = readFileSync(join(asset, 'index.mjs'), 'utf8');

    const checks: [string, boolean][] = [
      ['the bundle imports sharp by name, from the node_modules beside it', /from\s*"sharp"/.test(bundle) && !bundle.includes('file://')],
      [`sharp ${version} (the locked version) is installed`, (JSON.parse(readFileSync(join(asset, 'node_modules/sharp/package.json'), 'utf8')) as { version: string }).version === version],
      [`${sharpBinary} is an AArch64 binary`, binaries.some(({ path, machine }) => path === sharpBinary && machine === 'AArch64')],
      [
        `@img/sharp-libvips-linux-arm64 ${libvipsVersion}'s libvips-cpp.so is an AArch64 binary`,
        binaries.some(({ path, machine }) => /^node_modules\/@img\/sharp-libvips-linux-arm64\/lib\/libvips-cpp\.so/.test(path) && machine === 'AArch64'),
      ],
      ['every native binary in the asset is for AArch64', binaries.length > 0 && binaries.every(({ machine }) => machine === 'AArch64')],
      [
        'no other platform’s package is installed (only @img/colour and the two linux-arm64 ones)',
        JSON.stringify(installedImg) === JSON.stringify(['colour', 'sharp-libvips-linux-arm64', 'sharp-linux-arm64']),
      ],
    ];

    const megabytes = files.reduce((sum, path) => sum + statSync(join(asset, path)).size, 0) / 1024 / 1024;
    console.log(`Built ${entry} as the ${FUNCTION_NAME} function's asset (CDK local bundling, npm ci) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(`  bundling.nodeModules: ${JSON.stringify(native.nodeModules)}`);
    console.log(`  bundling.environment: ${JSON.stringify(native.environment)}`);
    console.log(`  asset: ${megabytes.toFixed(1)} MB unzipped, ${files.length} files; @img: ${installedImg.join(', ')}`);
    console.log(`  sharp-linux-arm64 needs glibc ${glibc ?? '(not stated)'}; the nodejs24.x runtime (Amazon Linux 2023) has 2.34`);
    for (const { path, machine } of binaries) console.log(`  ${machine ?? 'not ELF'}  ${path}`);
    for (const [check, holds] of checks) console.log(`${holds ? 'ok  ' : 'FAIL'} ${check}`);
    if (values.keep) console.log(`kept: ${asset}`);
    return checks.every(([, holds]) => holds) ? 0 : 1;
  } finally {
    if (!values.keep) rmSync(outdir, { recursive: true, force: true });
  }
}

process.exitCode = main();
