/**
 * `npm run bench [name[:part]…]`: runs the benchmark modules (`bench/<name>.ts` exporting `bench`,
 * every one of them when none is named: a new module is picked up by its file alone), prints one
 * table and writes bench/results/latest.json with the machine it ran on. Never part of npm test.
 * `npm run bench city` runs one module and replaces only its figures in latest.json (each module's
 * machine and time are kept under `machines`). `name:part` runs one part of a module: `npm run
 * bench foundation:cold-start` measures only the cold starts (and `BENCH_COLD_ONLY=shifts,notifications`
 * narrows them to a few functions beside the floor).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import type { Bench, BenchRow } from './types';

process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
const here = resolve(import.meta.dirname);
const wanted = process.argv.slice(2).map((arg) => {
  const [name, ...parts] = arg.split(':');
  return { name: name!, parts };
});
const modules = readdirSync(here)
  .filter((file) => file.endsWith('.ts') && !['run.ts', 'types.ts', 'floor.ts'].includes(file))
  .map((file) => file.replace(/\.ts$/, ''))
  .filter((name) => wanted.length === 0 || wanted.some((w) => w.name === name));
const unknown = wanted.filter((w) => !modules.includes(w.name));
if (unknown.length > 0) throw new Error(`no bench module ${unknown.map((w) => w.name).join(', ')}: pick from bench/*.ts`);

const results: Record<string, BenchRow[]> = {};
for (const name of modules) {
  const parts = wanted.filter((w) => w.name === name).flatMap((w) => w.parts);
  console.error(`running bench/${name}${parts.length ? `:${parts.join(':')}` : ''}…`);
  const { bench } = (await import(join(here, `${name}.ts`))) as { bench: Bench };
  results[name] = await bench(parts);
}

const machine = {
  node: process.version,
  cpu: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  at: new Date().toISOString(),
};
const rows = Object.entries(results).flatMap(([module, list]) => list.map((row) => ({ module, ...row })));
const width = Math.max(...rows.map((row) => row.name.length), 10);
console.log(`\n${'benchmark'.padEnd(width)}  ${'value'.padStart(10)}  unit   note`);
for (const row of rows) {
  console.log(`${row.name.padEnd(width)}  ${String(row.value).padStart(10)}  ${row.unit.padEnd(5)}  ${row.note ?? ''}`);
}
console.log(`\nmachine: ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}`);
// A run of parts (or of a few cold starts) is a probe, not the figures of record: it stays out of latest.json.
const partial = wanted.some((w) => w.parts.length > 0) || process.env.BENCH_COLD_ONLY !== undefined;
const folder = partial ? join(here, '..', '.bench') : join(here, 'results');
mkdirSync(folder, { recursive: true });
const file = join(folder, partial ? 'partial.json' : 'latest.json');
/** What latest.json holds. */
type Figures = { machine: typeof machine; results: Record<string, BenchRow[]>; machines?: Record<string, typeof machine> };
// Some modules of record: the others' figures stay as their own runs left them.
const earlier: Figures | undefined = !partial && wanted.length > 0 && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Figures) : undefined;
const machines = {
  ...Object.fromEntries(Object.keys(earlier?.results ?? {}).map((name) => [name, earlier?.machines?.[name] ?? earlier!.machine])),
  ...Object.fromEntries(Object.keys(results).map((name) => [name, machine])),
};
const record: Figures = { machine, results: { ...earlier?.results, ...results }, ...(partial ? {} : { machines }) };
writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
if (partial) console.error(`partial run: written to ${file}, bench/results/latest.json left as it was`);
process.exit(0);
