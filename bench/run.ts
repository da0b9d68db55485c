/**
 * `npm run bench [name…]`: runs the benchmark modules (`bench/<name>.ts` exporting `bench`), prints
 * one table and writes bench/results/latest.json with the machine it ran on. Never part of npm test.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import type { Bench, BenchRow } from './types';

process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
const here = resolve(import.meta.dirname);
const wanted = process.argv.slice(2);
const modules = readdirSync(here)
  .filter((file) => file.endsWith('.ts') && !['run.ts', 'types.ts', 'floor.ts'].includes(file))
  .map((file) => file.replace(/\.ts$/, ''))
  .filter((name) => wanted.length === 0 || wanted.includes(name));

const results: Record<string, BenchRow[]> = {};
for (const name of modules) {
  console.error(`running bench/${name}…`);
  const { bench } = (await import(join(here, `${name}.ts`))) as { bench: Bench };
  results[name] = await bench();
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
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'latest.json'), `${JSON.stringify({ machine, results }, null, 2)}\n`);
process.exit(0);
