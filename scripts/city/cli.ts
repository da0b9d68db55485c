/**
 * `npm run city -- <command>`: a city's files into a table and back.
 *
 *   validate DIR [--encoding utf-8|gbk]          check a city folder; print every problem
 *   import DIR [--dry-run] [--encoding …] [target] check, then write what differs (nothing on a problem)
 *   export DIR [target]                           write the table's city as a city folder
 *   grant-admin --phone P --unit U [--name N] [target]   the first admin (U: a unit id, or city)
 *   generate --scale demo|district|nanjing --out DIR [--seed N]   a made-up city folder
 *
 * Target: the local data folder `npm start` uses (`--data-dir`, else DATA_DIR, else .data), or a
 * deployed table (`--table NAME --region R`, with the default AWS credentials).
 *
 * Exit codes: 0 done; 1 problems found, or the work failed; 2 the command line was wrong.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { exportCity } from './export';
import { readCityFolder, writeCityFolder } from './formats/folder';
import { type CityScale, DEFAULT_CITY_SEED, generateCity } from './generate';
import { GrantAdminError, grantAdmin } from './grant-admin';
import { ENTITIES, type ImportReport, importCity } from './import';
import { type CityData, type CityProblem, formatProblem } from './model';
import { Progress, type ProgressStream, formatDuration } from './progress';
import { type Target, TargetError, type TargetOptions, openTarget } from './target';
import { validateCity } from './validate';

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export interface CliIo {
  out: { write(text: string): unknown };
  err: ProgressStream;
}

export const HELP = `npm run city -- <command>

Commands:
  validate DIR [--encoding utf-8|gbk]
      Reads the city folder DIR and prints every problem of its files as file:line: message,
      then a count per file. Exit 1 when there is any.
  import DIR [--dry-run] [--encoding utf-8|gbk] [target]
      Checks DIR (as validate) and against the table (a unit whose parent differs from the
      table's is a move, refused), then writes what differs: units, staff accounts with their
      memberships, stations, donors, facilities, categories. Nothing is written if anything is
      wrong; rows in the table but not in the files are reported, never deleted. Running it
      again changes nothing, and finishes an import that was cut short.
      --dry-run   say what would change, write nothing
  export DIR [target]
      Writes the city the table holds to DIR as a city folder (an import of it changes nothing).
  grant-admin --phone P --unit U [--name N] [target]
      Makes the staff account of phone P an admin of unit U (a unit id, or city for the whole
      city): the first admin of an imported city. P then signs in with WeChat and confirms the number.
  generate --scale demo|district|nanjing --out DIR [--seed N]
      Writes a made-up city of that size to DIR (the same scale and seed give the same city).

Target (import, export, grant-admin):
  --data-dir DIR            the local data folder npm start uses (default: DATA_DIR, else .data);
                            refused while npm start runs on it
  --table NAME --region R   a deployed table, with your AWS credentials (the default chain)

Other options:
  --concurrency N           table writes in flight at once (default 16)
  --quiet                   no progress lines
  -h, --help                this text

Exit codes: 0 done, 1 problems found or failed, 2 usage.
`;

class UsageError extends Error {}

const options = {
  encoding: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'data-dir': { type: 'string' },
  table: { type: 'string' },
  region: { type: 'string' },
  phone: { type: 'string' },
  unit: { type: 'string' },
  name: { type: 'string' },
  scale: { type: 'string' },
  out: { type: 'string' },
  seed: { type: 'string' },
  concurrency: { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

/** Which options each command takes (the target's and the common ones besides). */
const commandOptions: Record<string, readonly (keyof typeof options)[]> = {
  validate: ['encoding'],
  import: ['dry-run', 'encoding', 'data-dir', 'table', 'region', 'concurrency'],
  export: ['data-dir', 'table', 'region', 'concurrency'],
  'grant-admin': ['phone', 'unit', 'name', 'data-dir', 'table', 'region'],
  generate: ['scale', 'out', 'seed'],
};

const count = (value: number) => value.toLocaleString('en-US');

/** Runs a command line (without `node` and the script); returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo = { out: process.stdout, err: process.stderr }): Promise<number> {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    io.err.write(`${(error as Error).message}\n\n${HELP}`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === 'help') {
    io.out.write(HELP);
    return EXIT.ok;
  }
  try {
    if (!command) throw new UsageError('name a command');
    const allowed = commandOptions[command];
    if (!allowed) throw new UsageError(`unknown command ${command}`);
    const given = (Object.keys(values) as (keyof typeof options)[]).filter((name) => values[name] !== undefined);
    const foreign = given.filter((name) => !allowed.includes(name) && name !== 'quiet' && name !== 'help');
    if (foreign.length > 0) throw new UsageError(`${command} takes no ${foreign.map((name) => `--${name}`).join(', ')}`);
    const progress = new Progress(io.err, { quiet: values.quiet === true });
    switch (command) {
      case 'validate':
        return await validateCommand(folderArgument(rest, command), encodingOf(values), io);
      case 'import':
        return await importCommand(folderArgument(rest, command), values, io, progress);
      case 'export':
        return await exportCommand(folderArgument(rest, command), values, io, progress);
      case 'grant-admin':
        noPositionals(rest, command);
        return await grantAdminCommand(values, io);
      case 'generate':
        noPositionals(rest, command);
        return await generateCommand(values, io);
    }
    throw new UsageError(`unknown command ${command}`);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err.write(`${error.message}\n\n${HELP}`);
      return EXIT.usage;
    }
    if (error instanceof TargetError || error instanceof GrantAdminError) {
      io.err.write(`${error.message}\n`);
      return EXIT.failed;
    }
    io.err.write(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.failed;
  }
}

function folderArgument(rest: readonly string[], command: string): string {
  if (rest.length !== 1) throw new UsageError(`${command} takes one folder (DIR)${rest.length > 1 ? `, not ${rest.join(' ')}` : ''}`);
  return rest[0]!;
}

function noPositionals(rest: readonly string[], command: string): void {
  if (rest.length > 0) throw new UsageError(`${command} takes no ${rest.join(' ')}: every value goes with its option`);
}

function encodingOf(values: Values): 'utf-8' | 'gbk' | undefined {
  const encoding = values.encoding?.toLowerCase();
  if (encoding === undefined) return undefined;
  if (encoding === 'utf-8' || encoding === 'utf8') return 'utf-8';
  if (encoding === 'gbk' || encoding === 'gb18030' || encoding === 'gb2312') return 'gbk';
  throw new UsageError(`--encoding is utf-8 or gbk, not ${values.encoding}`);
}

function targetOf(values: Values): TargetOptions {
  if (values.table !== undefined && values['data-dir'] !== undefined) throw new UsageError('give either --data-dir or --table, not both');
  if (values.table !== undefined && values.region === undefined) throw new UsageError('--table needs --region');
  if (values.region !== undefined && values.table === undefined) throw new UsageError('--region goes with --table');
  return { dataDir: values['data-dir'], table: values.table, region: values.region };
}

function concurrencyOf(values: Values): number {
  if (values.concurrency === undefined) return 16;
  const value = Number(values.concurrency);
  if (!Number.isInteger(value) || value < 1 || value > 256) throw new UsageError('--concurrency is a whole number from 1 to 256');
  return value;
}

/** Problems one a line, then how many in each file. */
function printProblems(problems: readonly CityProblem[], io: CliIo): void {
  for (const problem of problems) io.out.write(`${formatProblem(problem)}\n`);
  const perFile = new Map<string, number>();
  problems.forEach((problem) => perFile.set(problem.file, (perFile.get(problem.file) ?? 0) + 1));
  io.out.write(
    `\n${count(problems.length)} problem${problems.length === 1 ? '' : 's'}: ${[...perFile].map(([file, n]) => `${file} ${count(n)}`).join(', ')}\n`,
  );
}

const cityCounts = (city: CityData) =>
  (Object.keys(city) as (keyof CityData)[]).map((entity) => `${count(city[entity].length)} ${entity}`).join(', ');

/** Reads and checks a folder: its rows and every problem of the files. */
async function checkedFolder(dir: string, encoding: 'utf-8' | 'gbk' | undefined): Promise<{ city: CityData; problems: CityProblem[]; files: string[] }> {
  const read = await readCityFolder(dir, encoding ? { encoding } : {});
  // Rows that could not be read are already problems; the rest are checked together.
  return { city: read.city, problems: [...read.problems, ...validateCity(read.city)], files: read.files };
}

async function validateCommand(dir: string, encoding: 'utf-8' | 'gbk' | undefined, io: CliIo): Promise<number> {
  const { city, problems, files } = await checkedFolder(dir, encoding);
  if (problems.length > 0) {
    printProblems(problems, io);
    return EXIT.failed;
  }
  io.out.write(`${dir}: no problems (${files.join(', ')}): ${cityCounts(city)}\n`);
  return EXIT.ok;
}

async function withTarget<T>(values: Values, work: (target: Target) => Promise<T>): Promise<T> {
  const target = await openTarget(targetOf(values));
  try {
    return await work(target);
  } finally {
    await target.close();
  }
}

async function importCommand(dir: string, values: Values, io: CliIo, progress: Progress): Promise<number> {
  const encoding = encodingOf(values);
  const concurrency = concurrencyOf(values);
  targetOf(values); // a mistake in the target is said before the folder is read
  progress.note(`Reading ${dir}…`);
  const { city, problems } = await checkedFolder(dir, encoding);
  if (problems.length > 0) {
    printProblems(problems, io);
    io.out.write('Nothing was written: mend the files and import again.\n');
    return EXIT.failed;
  }
  const dryRun = values['dry-run'] === true;
  return withTarget(values, async (target) => {
    let report: ImportReport;
    try {
      report = await importCity(city, { dryRun, concurrency, progress, localDataFolder: target.kind === 'local' });
    } catch (error) {
      io.err.write(
        `\nThe import into ${target.description} stopped: ${(error as Error).message}\n` +
          'What was written stays; run the same import again to finish it (it writes only what is still missing).\n',
      );
      throw error;
    }
    if (report.problems.length > 0) {
      printProblems(report.problems, io);
      io.out.write(`Nothing was written to ${target.description}.\n`);
      return EXIT.failed;
    }
    io.out.write(importSummary(dir, target, report));
    return EXIT.ok;
  });
}

/** The end of an import: what changed per entity, what the files lack, what was mended, how long it took. */
export function importSummary(dir: string, target: Pick<Target, 'description'>, report: ImportReport): string {
  const lines: string[] = [];
  lines.push(
    report.dryRun
      ? `Dry run of ${dir} against ${target.description} (${formatDuration(report.elapsedMs)}): nothing written; an import would do this.`
      : `Imported ${dir} into ${target.description} in ${formatDuration(report.elapsedMs)}.`,
  );
  const changed = ENTITIES.some((entity) => report.counts[entity].created + report.counts[entity].updated > 0);
  const mended = report.memberships.added + report.memberships.removed + report.adminEntries.added + report.adminEntries.removed + report.repaired.gridCells;
  if (!changed && mended === 0) lines.push(`  No changes: the ${report.dryRun ? 'table already holds' : 'table already held'} everything these files say.`);
  const header = ['', 'created', 'updated', 'unchanged', 'not in files'];
  const rows = ENTITIES.map((entity) => {
    const c = report.counts[entity];
    return [entity, count(c.created), count(c.updated), count(c.unchanged), count(c.missing)];
  });
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column]!.length)));
  for (const row of [header, ...rows]) lines.push(`  ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')}`);
  lines.push(`  departments: ${count(report.departments)} in the files, checked; nothing to store (the set is fixed in code)`);
  if (report.defaultCategories) lines.push('  categories: the files have none and the table had none: the default catalogue was ' + (report.dryRun ? 'to be created' : 'created'));
  lines.push(
    `  memberships: ${count(report.memberships.added)} added, ${count(report.memberships.removed)} removed; ` +
      `admin index: ${count(report.adminEntries.added)} added, ${count(report.adminEntries.removed)} removed`,
  );
  const { gridCells, memberships, adminEntries } = report.repaired;
  if (gridCells + memberships + adminEntries > 0) {
    lines.push(
      `  finished what an earlier import left undone: ${count(gridCells)} grids' routing cells, ${count(memberships)} memberships, ${count(adminEntries)} admin index entries`,
    );
  }
  const missing = ENTITIES.filter((entity) => report.counts[entity].missing > 0);
  if (missing.length > 0) {
    lines.push('  In the table but not in the files (kept, never deleted):');
    for (const entity of missing) {
      const named = report.missing[entity];
      const more = report.counts[entity].missing - named.length;
      lines.push(`    ${entity}: ${named.join(', ')}${more > 0 ? ` …and ${count(more)} more` : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

async function exportCommand(dir: string, values: Values, io: CliIo, progress: Progress): Promise<number> {
  const concurrency = concurrencyOf(values);
  return withTarget(values, async (target) => {
    const report = await exportCity(dir, { progress, concurrency });
    const counts = (Object.keys(report.counts) as (keyof typeof report.counts)[]).map((entity) => `${count(report.counts[entity])} ${entity}`);
    io.out.write(`Exported ${target.description} to ${dir} in ${formatDuration(report.elapsedMs)}: ${report.files.join(', ')}\n  ${counts.join(', ')}\n`);
    if (report.notes.notStaff > 0) io.out.write(`  ${count(report.notes.notStaff)} account(s) imported as staff hold no staff role any more: left out of staff.csv\n`);
    if (report.notes.managersWithoutPhone > 0) {
      io.out.write(`  ${count(report.notes.managersWithoutPhone)} station manager(s) known by no phone (made managers through the API): left out of managerPhones\n`);
    }
    return EXIT.ok;
  });
}

async function grantAdminCommand(values: Values, io: CliIo): Promise<number> {
  if (!values.phone) throw new UsageError('grant-admin needs --phone');
  if (!values.unit) throw new UsageError('grant-admin needs --unit (a unit id, or city)');
  const { phone, unit, name } = values;
  return withTarget(values, async (target) => {
    const result = await grantAdmin({ phone, unit, name }, new Date());
    const what = { created: 'created a staff account', updated: 'updated the staff account', unchanged: 'the staff account was already so' }[result.change];
    io.out.write(
      `${target.description}: ${what}: admin of ${result.units.join(', ')} (${result.unitName}), user ${result.userId}` +
        `${result.indexed ? '; added to the escalation index' : ''}.\n` +
        (result.bound
          ? '  Their WeChat is already bound to this account: the change reaches them within a minute.\n'
          : '  Not yet bound to a WeChat account: they sign in to the mini-program and confirm this phone number.\n'),
    );
    return EXIT.ok;
  });
}

async function generateCommand(values: Values, io: CliIo): Promise<number> {
  const scale = values.scale;
  if (scale !== 'demo' && scale !== 'district' && scale !== 'nanjing') throw new UsageError('generate needs --scale demo, district or nanjing');
  if (!values.out) throw new UsageError('generate needs --out DIR');
  const seed = values.seed === undefined ? DEFAULT_CITY_SEED : Number(values.seed);
  if (!Number.isSafeInteger(seed)) throw new UsageError('--seed is a whole number');
  const started = Date.now();
  const city = generateCity({ scale: scale as CityScale, seed });
  const files = await writeCityFolder(values.out, city);
  const kinds = new Map<string, number>();
  city.units.forEach((unit) => kinds.set(unit.kind, (kinds.get(unit.kind) ?? 0) + 1));
  io.out.write(
    `Generated a ${scale} city (seed ${seed}) in ${values.out} in ${formatDuration(Date.now() - started)}: ${files.join(', ')}\n` +
      `  units: ${[...kinds].map(([kind, n]) => `${count(n)} ${kind === 'community' ? 'communities' : `${kind.replace('_', '-')}s`}`).join(', ')}\n` +
      `  ${cityCounts({ ...city, units: [] }).replace(/^0 units, /, '')}\n`,
  );
  return EXIT.ok;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runCli(process.argv.slice(2));
}
